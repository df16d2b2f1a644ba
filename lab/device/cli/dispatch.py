"""One line against a command tree: the match and its ``|`` filter, or IOS's parse error text.

>>> from lab.device.cli.cmdtree import CommandTree
>>> t = CommandTree()
>>> t.add("show clock", "clock", pipe=True)
>>> t.add("reload", "reload")
>>> m, flt = parse(t, "sh clock | i UTC", 0)
>>> m.handler, flt[0]
('clock', 'include')
>>> err, _ = parse(t, "reload | i x", 0)
>>> print(error_text(err, "R1#"), end="")  # the caret under the bar
          ^
% Invalid input detected at '^' marker.
<BLANKLINE>
"""

from __future__ import annotations

import re

from lab.device.cli.cmdtree import CommandTree, Match, ParseError
from lab.device.cli.filters import parse_filter

Filter = tuple[str, re.Pattern[str]]


def parse(tree: CommandTree, line: str, offset: int) -> tuple[Match | ParseError, Filter | None]:
    """Parse ``line[offset:]`` (after ``do``, offset > 0); error positions are in ``line``."""
    body = line[offset:]
    bar = body.find("|")
    cmd = body if bar < 0 else body[:bar]
    result = tree.parse(cmd)
    if isinstance(result, ParseError):
        if result.kind == "invalid":
            return ParseError("invalid", result.pos + offset, line), None
        if result.kind == "ambiguous":
            return ParseError("ambiguous", result.pos + offset, line), None
        if bar >= 0 and cmd.strip():
            return ParseError("incomplete", len(line), line), None
        return result, None
    if bar < 0:
        return result, None
    if not result.pipe:
        return ParseError("invalid", offset + bar, line), None
    kind, what = parse_filter(body[bar + 1 :])
    if isinstance(what, int):
        pos = len(line) if kind == "incomplete" else offset + bar + 1 + what
        return ParseError(kind, pos, line), None
    return Match(result.handler, {**result.args, "|": "1"}, True), (kind, what)


def error_text(err: ParseError, prompt: str) -> str:
    """What IOS prints for a parse error (the caret counts the prompt's width)."""
    if err.kind == "ambiguous":
        return f'% Ambiguous command:  "{err.text.strip()}"\n'
    if err.kind == "incomplete":
        return "% Incomplete command.\n\n"
    caret = " " * (len(prompt) + err.pos) + "^"
    return f"{caret}\n% Invalid input detected at '^' marker.\n\n"
