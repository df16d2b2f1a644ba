"""Device-controlled text made harmless before pssc shows or writes it (issue 13, item 4).

A device chooses its hostname, its trustpoint names, its certificates' subjects and what its
commands print; all of that reaches pssc's tables, error lines, logs and reports. Each output
has its own danger, and one function here:

- :func:`terminal`: a terminal obeys escape sequences (``ESC ] 52`` writes the clipboard, ``ESC
  [ 2 J`` clears the screen, OSC 8 makes links) and C1 controls (``\\x9b`` is a CSI on some
  terminals); Unicode bidirectional overrides reorder what is shown (CVE-2021-42574). Every such
  character is replaced by its visible escape (``\\x1b``), so the text stays readable and the
  attempt shows. Newlines are kept unless ``newlines=False`` (then a space: one line).
- :func:`one_line`: an error or log line: controls escaped, newlines and tabs as spaces.
- :func:`csv_cell`: a spreadsheet runs a cell that starts with ``= + - @``, TAB or CR as a
  formula (``=HYPERLINK(...)`` leaks the sheet); such a cell gets a leading ``'`` (the OWASP
  rule for CSV injection), and controls are escaped as for the terminal.
- :func:`markdown`: the characters that make markup inside a line backslash-escaped,
  ``< > &`` as HTML entities (raw HTML passes through Markdown), one line.
- :func:`html_value`: Jinja's ``finalize``: controls escaped (Jinja's autoescape then does the
  markup).

JSON needs nothing: :func:`json.dumps` writes every control and non-ASCII character as ``\\u``.

>>> terminal("R1\\x1b]52;c;aGk=\\x07")
'R1\\\\x1b]52;c;aGk=\\\\x07'
>>> csv_cell('=HYPERLINK("http://x","y")')
'\\'=HYPERLINK("http://x","y")'
>>> markdown("<img src=x> *b*")
'&lt;img src=x&gt; \\\\*b\\\\*'
"""

from __future__ import annotations

import logging
import re
import unicodedata

__all__ = [
    "SafeFormatter",
    "csv_cell",
    "html_value",
    "is_inert",
    "markdown",
    "one_line",
    "terminal",
]

# C0 (but newline, handled apart), DEL, C1, and the Unicode controls of direction and invisible
# formatting that reorder or hide text on screen (bidi embeddings/overrides/isolates, marks).
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_CONTROL = re.compile(f"[\\x00-\\x09\\x0b-\\x1f\\x7f-\\x9f{_BIDI}\\u2028\\u2029]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# what makes markup inside a line (emphasis, code, links, images, tables, strike, math); the
# text is always put inside a line (a cell, after a list marker or ``##``), never at its start
_MD_PUNCT = frozenset("\\`*_[]()!|~$")
_MD_ENTITIES = {"<": "&lt;", ">": "&gt;", "&": "&amp;"}


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal(value: object, *, newlines: bool = True) -> str:
    """``value`` as text no terminal acts on: every control character as a visible escape.

    >>> terminal("a\\tb\\x9b31m\\u202e")
    'a\\\\x09b\\\\x9b31m\\\\u202e'
    >>> terminal("two\\nlines"), terminal("two\\r\\nlines", newlines=False)
    ('two\\nlines', 'two\\\\x0d lines')
    """
    text = "" if value is None else str(value)
    if not newlines:
        text = text.replace("\n", " ")
    return _CONTROL.sub(_visible, text)


def one_line(value: object) -> str:
    """One line for an error message or a log record: no newline, no control character.

    >>> one_line("R1: % Invalid input\\n\\x1b[2J")
    'R1: % Invalid input \\\\x1b[2J'
    """
    text = "" if value is None else str(value)
    return terminal(text.replace("\r\n", " ").replace("\n", " ").replace("\t", " "))


def csv_cell(value: object) -> str:
    """A CSV cell a spreadsheet shows as text, never runs as a formula.

    >>> csv_cell("@SUM(1+1)"), csv_cell("\\t=1"), csv_cell("R1"), csv_cell(None)
    ("'@SUM(1+1)", "'\\\\x09=1", 'R1', '')
    """
    text = "" if value is None else str(value)
    safe = terminal(text)
    if text.startswith(_FORMULA_START) or safe.startswith(_FORMULA_START):
        return "'" + safe
    return safe


def markdown(value: object) -> str:
    """Text for a Markdown table cell or list item: inert (no markup, no link, no HTML), one line.

    >>> markdown("a|b [x](http://y)")
    'a\\\\|b \\\\[x\\\\]\\\\(http://y\\\\)'
    """
    out = []
    for char in one_line(value):
        if char in _MD_ENTITIES:
            out.append(_MD_ENTITIES[char])
        elif char in _MD_PUNCT:
            out.append("\\" + char)
        else:
            out.append(char)
    return "".join(out)


def html_value(value: object) -> object:
    """Jinja ``finalize``: text with its controls escaped; other values (numbers) untouched.

    >>> html_value("x\\x1b[31m"), html_value(3)
    ('x\\\\x1b[31m', 3)
    """
    if isinstance(value, str) and not hasattr(value, "__html__"):
        return terminal(value)
    return value


def is_inert(text: str) -> bool:
    """No control character a terminal acts on (tests and checks use it).

    >>> is_inert("ok\\n"), is_inert("\\x1b[2J")
    (True, False)
    """
    return not any(
        c != "\n" and (unicodedata.category(c) == "Cc" or _CONTROL.match(c)) for c in text
    )


class SafeFormatter(logging.Formatter):
    """A log formatter whose lines are inert: the record as ``base`` formats it, controls escaped
    (newlines kept, for tracebacks).

    >>> record = logging.makeLogRecord({"msg": "R1: %s", "args": ("\\x1b[2J",)})
    >>> SafeFormatter(logging.Formatter("%(message)s")).format(record)
    'R1: \\\\x1b[2J'
    """

    def __init__(self, base: logging.Formatter | None = None) -> None:
        super().__init__()
        self.base = base or logging.Formatter()

    def format(self, record: logging.LogRecord) -> str:
        return terminal(self.base.format(record))
