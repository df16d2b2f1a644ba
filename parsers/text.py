"""Clean real-world CLI text before the line grammar sees it.

Captures carry CRLF or CR, trailing spaces, ``--More--`` remnants with backspaces, a leading
prompt + command echo, a trailing prompt and syslog messages interleaved with the output. The
cleaned text keeps a map back to the original line numbers, for error messages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from parsers import ios
from parsers.errors import ParseError

# The echo of a show command, with or without the prompt before it.
_ECHO = re.compile(rf"^(?:{ios.PROMPT}\s*)?(?:sh|sho|show|more|do\s+sh\w*)\s+\S")


@dataclass(frozen=True)
class CleanText:
    """Cleaned lines and, for each, its 1-based line number in the original text."""

    lines: list[str]
    numbers: list[int]

    @property
    def text(self) -> str:
        return "\n".join(self.lines) + "\n"

    def original_line(self, index: int) -> int:
        """1-based original line number of cleaned line ``index`` (0-based)."""
        return self.numbers[index] if 0 <= index < len(self.numbers) else index + 1


def overstrike(line: str) -> str:
    """The line as a terminal shows it: a backspace moves left, later characters overwrite.

    This removes the pager's ``--More--`` and its erasure (backspaces, spaces, backspaces).

    >>> overstrike(" --More-- " + "\x08" * 10 + " " * 10 + "\x08" * 10 + " certificate ca 01")
    ' certificate ca 01'
    """
    buffer: list[str] = []
    position = 0
    for char in line:
        if char == "\x08":
            position = max(0, position - 1)
            continue
        if position < len(buffer):
            buffer[position] = char
        else:
            buffer.append(char)
        position += 1
    return "".join(buffer)


def clean(text: str, *, command: str | None = None) -> CleanText:
    """Lines without CR, trailing spaces, pager remnants, syslog lines, echo and prompts.

    ``ParseError`` when the device rejected the command (``% Invalid input detected`` at the head
    of the output, where IOS prints it: a banner line further down is text, not an error).

    >>> clean("R1#show clock\\r\\n10:00\\r\\n --More-- x  \\r\\nR1#").lines
    ['10:00', 'x']
    """
    found = ios.find_rejection(text)
    if found:
        number, line = found
        raise ParseError(
            f"the device rejected the command: {line}", command=command, text=text, line=number
        )
    lines: list[str] = []
    numbers: list[int] = []
    for number, raw in enumerate(ios.lines(text), start=1):
        line = overstrike(raw) if "\x08" in raw else raw
        if "More" in line:
            line = ios.MORE.sub("", line)
        line = line.rstrip()
        if ios.is_syslog(line):
            continue
        lines.append(line)
        numbers.append(number)
    _drop_echo_and_prompts(lines, numbers)
    return CleanText(lines, numbers)


def _drop_echo_and_prompts(lines: list[str], numbers: list[int]) -> None:
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is not None and _ECHO.match(lines[first].strip()):
        del lines[first], numbers[first]
    while lines and (not lines[-1].strip() or ios.is_prompt(lines[-1])):
        lines.pop()
        numbers.pop()


def flat_lines(text: str, command: str) -> list[str]:
    """Cleaned lines without indentation (some captures lose it; the grammar does not need it)."""
    return [line.strip() for line in clean(text, command=command).lines]


def compact_hex(text: str | None) -> str | None:
    """Hex without spaces, upper case; None for nothing.

    >>> compact_hex("1e534c29 1DC463F6")
    '1E534C291DC463F6'
    """
    if not text:
        return None
    return "".join(text.split()).upper()
