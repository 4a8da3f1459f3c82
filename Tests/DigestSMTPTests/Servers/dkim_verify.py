"""Verifies DKIM signatures with dkimpy, the DNS answered from the command line.

usage: dkim_verify.py RECORD_NAME RECORD_TEXT FILE...

Prints one line per file: "pass FILE" or "fail FILE". LF line endings are made CRLF first,
as an MTA would see the message.
"""
import sys

import dkim

name, record = sys.argv[1], sys.argv[2]


def dnsfunc(query, timeout=5):
    wanted = query.decode() if isinstance(query, bytes) else query
    return record.encode() if wanted.rstrip(".") == name.rstrip(".") else None


for path in sys.argv[3:]:
    with open(path, "rb") as f:
        message = f.read()
    message = message.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    ok = dkim.verify(message, dnsfunc=dnsfunc)
    print(("pass " if ok else "fail ") + path)
