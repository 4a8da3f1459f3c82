"""An SMTP server that misbehaves on purpose, for the tests of digest's SMTP client.

usage: fault_server.py OUTDIR [QUIT_AFTER]

Listens on 127.0.0.1 (a free port, printed on the first line of stdout). The recipient's
local part decides what happens: defer… gets 451 to RCPT, once… gets 451 the first time this
server sees the address and 250 after, nouser… gets 550 5.1.1, drop…
has the connection closed after its data (no reply), silent… gets no reply at all after its
data. With QUIT_AFTER, each connection answers 421 to the MAIL after that many messages and
closes. Each accepted message is saved as OUTDIR/N.eml, its recipients in OUTDIR/N.rcpt,
and the SIZE its MAIL command declared (if any) in OUTDIR/N.size.
"""
import asyncio
import itertools
import os
import sys

out = sys.argv[1]
quit_after = int(sys.argv[2]) if len(sys.argv) > 2 else 0
numbers = itertools.count(1)
seen = set()


async def handle(reader, writer):
    def send(line):
        writer.write((line + "\r\n").encode())

    count = 0
    recipients = []
    declared = []
    send("220 fault.test ESMTP")
    while True:
        await writer.drain()
        line = await reader.readline()
        if not line:
            break
        command = line.decode("latin-1").rstrip("\r\n")
        upper = command.upper()
        if upper.startswith("EHLO"):
            for reply in ["250-fault.test", "250-PIPELINING", "250-8BITMIME", "250-ENHANCEDSTATUSCODES", "250 SIZE 10000000"]:
                send(reply)
        elif upper.startswith("MAIL"):
            if quit_after and count >= quit_after:
                send("421 4.3.2 fault.test: too many messages, closing")
                await writer.drain()
                writer.close()
                return
            recipients = []
            declared = [p[5:] for p in command.split() if p.upper().startswith("SIZE=")]
            send("250 2.1.0 Ok")
        elif upper.startswith("RCPT"):
            address = command[command.index("<") + 1 : command.index(">")]
            local = address.split("@")[0]
            if local.startswith("defer") or (local.startswith("once") and address not in seen):
                seen.add(address)
                send("451 4.3.0 <%s>: try again later" % address)
            elif local.startswith("nouser"):
                send("550 5.1.1 <%s>: no such user here" % address)
            else:
                recipients.append(address)
                send("250 2.1.5 Ok")
        elif upper == "DATA":
            if not recipients:
                send("554 5.5.1 no valid recipients")
                continue
            send("354 End data with <CR><LF>.<CR><LF>")
            await writer.drain()
            data = bytearray()
            while True:
                part = await reader.readline()
                if not part:
                    return
                if part == b".\r\n":
                    break
                data += part[1:] if part.startswith(b".") else part
            count += 1
            if any(r.startswith("drop") for r in recipients):
                writer.close()
                return
            if any(r.startswith("silent") for r in recipients):
                await asyncio.sleep(3600)
                return
            number = next(numbers)
            with open(os.path.join(out, "%d.eml" % number), "wb") as f:
                f.write(bytes(data))
            with open(os.path.join(out, "%d.rcpt" % number), "w") as f:
                f.write("\n".join(recipients))
            if declared:
                with open(os.path.join(out, "%d.size" % number), "w") as f:
                    f.write(declared[0])
            send("250 2.0.0 Ok: queued as F%d" % number)
        elif upper == "RSET":
            recipients = []
            send("250 2.0.0 Ok")
        elif upper == "NOOP":
            send("250 2.0.0 Ok")
        elif upper == "QUIT":
            send("221 2.0.0 Bye")
            await writer.drain()
            writer.close()
            return
        else:
            send("500 5.5.2 unknown command")


async def main():
    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    print(server.sockets[0].getsockname()[1], flush=True)
    async with server:
        await server.serve_forever()


asyncio.run(main())
