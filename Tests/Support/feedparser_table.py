#!/usr/bin/env python3
"""Reads each feed file named on the command line with the real feedparser and prints, as
JSON, what digest's table test compares: the entries in order, each with its title (an HTML
title's tags stripped and entities decoded; whitespace collapsed, control characters removed
in any), its day (published, else updated, as feedparser parses it), or null when feedparser
has none, and whether it has a title or any text at all."""
import html
import json
import re
import sys
import time

import feedparser


def clean(title, kind="text/html"):
    if title is None:
        return None
    text = html.unescape(re.sub(r"<[^>]*>", "", title)) if "html" in kind else title
    text = "".join(c for c in text if c in "\t\n" or not (ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F))
    return re.sub(r"[ \t\n\r]+", " ", text).strip()


def day(entry):
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    return time.strftime("%Y-%m-%d", parsed) if parsed else None


def has_text(entry):
    contents = [c.get("value") or "" for c in entry.get("content", [])]
    return any(t.strip() for t in [entry.get("title") or "", entry.get("summary") or ""] + contents)


result = {}
for path in sys.argv[1:]:
    parsed = feedparser.parse(path)
    result[path] = {
        "version": parsed.get("version", ""),
        "bozo": bool(parsed.get("bozo")),
        "entries": [
            {
                "title": clean(e.get("title"), (e.get("title_detail") or {}).get("type", "text/html")),
                "day": day(e),
                "text": has_text(e),
            }
            for e in parsed.entries
        ],
    }
json.dump(result, sys.stdout, ensure_ascii=False)
