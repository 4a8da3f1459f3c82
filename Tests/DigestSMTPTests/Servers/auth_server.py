"""aiosmtpd with STARTTLS required and AUTH PLAIN/LOGIN, for the tests of digest's SMTP client.

usage: auth_server.py OUTDIR CERT KEY USER PASSWORD

Listens on 127.0.0.1 (a free port, printed on the first line of stdout); each message taken
is saved as OUTDIR/N.eml.
"""
import asyncio
import os
import ssl
import sys

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

out, cert, key, user, password = sys.argv[1:6]


class Handler:
    def __init__(self):
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        with open(os.path.join(out, "%d.eml" % self.count), "wb") as f:
            f.write(envelope.original_content)
        return "250 2.0.0 Ok: queued as A%d" % self.count


def authenticator(server, session, envelope, mechanism, auth_data):
    good = (
        isinstance(auth_data, LoginPassword)
        and auth_data.login == user.encode()
        and auth_data.password == password.encode()
    )
    return AuthResult(success=good, handled=False)


async def main():
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    handler = Handler()
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: SMTP(
            handler,
            hostname="auth.test",
            tls_context=context,
            require_starttls=True,
            authenticator=authenticator,
            auth_required=True,
            auth_require_tls=True,
        ),
        "127.0.0.1",
        0,
    )
    print(server.sockets[0].getsockname()[1], flush=True)
    async with server:
        await server.serve_forever()


asyncio.run(main())
