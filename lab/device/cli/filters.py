"""The output filters after ``|``: include, exclude, begin, section, count."""

from __future__ import annotations

import re


def apply_filter(kind: str, rx: re.Pattern[str], lines: list[str]) -> list[str]:
    """Filter output lines (each with its line end).

    >>> apply_filter("include", re.compile("b"), ["a\\n", "b\\n"])
    ['b\\n']
    >>> apply_filter("section", re.compile("crypto"), ["x\\n", "crypto a\\n", " sub\\n", "y\\n"])
    ['crypto a\\n', ' sub\\n']
    >>> apply_filter("count", re.compile("a"), ["a\\n", "b\\n", "ab\\n"])
    ['Number of lines which match regexp = 2\\n']
    """
    if kind == "include":
        return [ln for ln in lines if rx.search(ln.rstrip("\r\n"))]
    if kind == "exclude":
        return [ln for ln in lines if not rx.search(ln.rstrip("\r\n"))]
    if kind == "begin":
        for i, ln in enumerate(lines):
            if rx.search(ln.rstrip("\r\n")):
                return lines[i:]
        return []
    if kind == "count":
        n = sum(1 for ln in lines if rx.search(ln.rstrip("\r\n")))
        return [f"Number of lines which match regexp = {n}\n"]
    out: list[str] = []
    keep = False
    for ln in lines:
        body = ln.rstrip("\r\n")
        if body and not body[0].isspace():
            keep = bool(rx.search(body))
        elif keep and body:
            out.append(ln)
            continue
        if keep and body and not body[0].isspace():
            out.append(ln)
    return out


FILTERS = ("begin", "count", "exclude", "include", "section")


def parse_filter(text: str) -> tuple[str, re.Pattern[str]] | tuple[str, int]:
    """What follows ``|``: (filter, regex), or (``"incomplete"``/``"invalid"``, offset of error).

    >>> parse_filter(" i ^crypto")[0]
    'include'
    >>> parse_filter(" frob x")
    ('invalid', 1)
    >>> parse_filter(" include")
    ('incomplete', 8)
    """
    toks = [(m.group(0), m.start()) for m in re.finditer(r"\S+", text)]
    if not toks:
        return "incomplete", len(text)
    word, pos = toks[0]
    cands = [f for f in FILTERS if f.startswith(word.lower())]
    if len(cands) != 1:
        return "invalid", pos
    if cands[0] == "count" and len(toks) == 1:
        return "count", re.compile("")
    if len(toks) < 2:
        return "incomplete", len(text)
    try:
        return cands[0], re.compile(text[toks[1][1] :].strip())
    except re.error:
        return "invalid", toks[1][1]
