#!/usr/bin/env python3
"""Parses one message with Python's email package (strict policy) and prints what it found.

Usage: inspect_mail.py FILE  ->  JSON on stdout:
  {"defects": [...], "headers": [[name, decoded value], ...],
   "raw_headers": [[name, raw value], ...], "parts": [{"type", "charset", "cte", "params", "text"}],
   "longest_line": N, "longest_qp_line": N}
Any defect, header defect or parse error ends up in "defects"; the caller asserts it is empty.
"""
import email
import email.policy
import html
import json
import sys


def unflow(text):
    """RFC 3676 (format=flowed; delsp=no) decoding: unstuff, then join soft lines."""
    out, current, depth_of_current = [], None, None
    for line in text.split("\n"):
        depth = len(line) - len(line.lstrip(">"))
        body = line[depth:]
        if body.startswith(" "):
            body = body[1:]
        soft = body.endswith(" ") and body != "-- "
        if current is not None and depth == depth_of_current:
            current += body
        else:
            if current is not None:
                out.append(">" * depth_of_current + current)
            current, depth_of_current = body, depth
        if not soft:
            out.append(">" * depth + current)
            current = None
    if current is not None:
        out.append(">" * depth_of_current + current)
    return "\n".join(out)


def main(path):
    data = open(path, "rb").read()
    defects = []
    try:
        msg = email.message_from_bytes(data, policy=email.policy.strict)
    except Exception as error:  # strict policy raises on the first defect
        print(json.dumps({"defects": ["parse: %r" % error]}))
        return
    defects += [repr(d) for d in msg.defects]
    headers = []
    for name, value in msg.items():
        defects += ["%s: %r" % (name, d) for d in getattr(value, "defects", ())]
        headers.append([name, str(value)])
    raw_headers = [[n, v] for n, v in email.message_from_bytes(data, policy=email.policy.compat32).items()]
    parts = []
    for part in msg.walk():
        defects += [repr(d) for d in part.defects]
        if part.is_multipart():
            continue
        # Parsed from CRLF bytes, decoded content keeps CRLF: compare it as LF text.
        text = part.get_content().replace("\r\n", "\n")
        if part.get_content_subtype() == "html":
            text_unescaped = html.unescape(text)
        else:
            text_unescaped = text
        parts.append({
            "type": part.get_content_type(),
            "charset": part.get_content_charset(),
            "cte": part.get("Content-Transfer-Encoding", ""),
            "params": dict(part.get_params() or []),
            "text": text,
            "unescaped": text_unescaped,
            "unflowed": unflow(text) if part.get_param("format") == "flowed" else text,
        })
    lines = data.split(b"\r\n") if b"\r\n" in data else data.split(b"\n")
    longest = max(len(line) for line in lines)
    print(json.dumps({
        "defects": defects,
        "headers": headers,
        "raw_headers": raw_headers,
        "parts": parts,
        "longest_line": longest,
        "top_type": msg.get_content_type(),
    }))


if __name__ == "__main__":
    main(sys.argv[1])
