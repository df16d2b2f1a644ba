"""Checks that an output of pssc is inert whatever a device put in it (issue 13, item 4): no
control character a terminal acts on, no CSV cell a spreadsheet runs, no raw markup in Markdown or
HTML. Shared by the report unit tests and the hostile-fleet e2e test.
"""

from __future__ import annotations

import csv
import io
import json
import re

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# C0 but newline, DEL, C1, the bidi controls: what a terminal (or a bidi renderer) acts on
_ACTIVE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# what the hostile preset puts in names and subjects (see lab/device/model/presets_hostile.py)
HOSTILE_MARKUP = ("<img", "<script", "<b>", "](")


def assert_terminal_inert(text: str, where: str = "output") -> None:
    found = _ACTIVE.search(text)
    assert found is None, f"{where}: control character {found.group()!r} at {found.start()}"


def assert_csv_inert(text: str) -> None:
    assert_terminal_inert(text, "csv")
    for row in csv.reader(io.StringIO(text)):
        for cell in row:
            assert not cell.startswith(FORMULA_START), f"csv: formula cell {cell[:60]!r}"


def assert_markdown_inert(text: str) -> None:
    assert_terminal_inert(text, "markdown")
    for bad in HOSTILE_MARKUP:
        assert bad not in text, f"markdown: raw {bad!r}"


def assert_html_inert(text: str) -> None:
    assert_terminal_inert(text, "html")
    for bad in ("<img", "<b>"):
        assert bad not in text, f"html: raw {bad!r}"
    assert text.count("<script") == 1  # the report's own, inline


def assert_json_inert(text: str) -> None:
    assert_terminal_inert(text, "json")
    json.loads(text)
