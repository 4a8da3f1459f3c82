#!/usr/bin/env python3
"""Reads each feed file named on the command line with the real feedparser and prints, as
JSON, what digest's table test compares: the entries in order, each with its title (tags
stripped, entities decoded, whitespace collapsed, control characters removed) and its day
(published, else updated, as feedparser parses it), or null when feedparser has none."""
import html
import json
import re
import sys
import time

import feedparser


def clean(title):
    if title is None:
        return None
    text = html.unescape(re.sub(r"<[^>]*>", "", title))
    text = "".join(c for c in text if c in "\t\n" or not (ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F))
    return re.sub(r"[ \t\n\r]+", " ", text).strip()


def day(entry):
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    return time.strftime("%Y-%m-%d", parsed) if parsed else None


result = {}
for path in sys.argv[1:]:
    parsed = feedparser.parse(path)
    result[path] = {
        "version": parsed.get("version", ""),
        "entries": [{"title": clean(e.get("title")), "day": day(e)} for e in parsed.entries],
    }
json.dump(result, sys.stdout, ensure_ascii=False)
