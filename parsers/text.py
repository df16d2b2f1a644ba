"""Clean real-world CLI text before the line grammar sees it.

Captures carry CRLF or CR, trailing spaces, ``--More--`` remnants with backspaces, a leading
prompt + command echo, a trailing prompt and syslog messages interleaved with the output. The
cleaned text keeps a map back to the original line numbers, for error messages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from parsers.errors import ParseError

_NEWLINE = re.compile(r"\r\n|\r|\n")
_MORE = re.compile(r"^ ?-{2,} ?More ?-{2,} ?")
_PROMPT = r"[A-Za-z0-9][\w.\-/:@]*(?:\([\w\-]+\))?[#>]"
_PROMPT_ONLY = re.compile(rf"^{_PROMPT}\s*$")
_ECHO = re.compile(rf"^(?:{_PROMPT}\s*)?(?:sh|sho|show|more|do\s+sh\w*)\s+\S")
_SYSLOG = re.compile(
    r"^(?:\d+:\s*)?"  # sequence number
    r"(?:[*.]?[A-Z][a-z]{2}\s+\d+\s+(?:\d{4}\s+)?\d\d:\d\d:\d\d(?:\.\d+)?(?:\s+[A-Z]{2,5})?:\s*)?"
    r"%[A-Z][A-Z0-9_]*-\d-[A-Z0-9_]+:"
)
_REJECTED = re.compile(
    r"^\s*% ?(?:Invalid input detected|Incomplete command|Ambiguous command|Unknown command"
    r"|Unrecognized command|Bad IP address)"
)


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


def is_syslog(line: str) -> bool:
    """True for a syslog message line.

    >>> is_syslog("*Dec 21 19:14:15.421:%PKI-4-NOAUTOSAVE:Configuration was modified.")
    True
    >>> is_syslog("000123: Nov 29 20:51:13.067: %SSH-5-ENABLED: SSH 1.99 has been enabled")
    True
    >>> is_syslog(" certificate self-signed 01")
    False
    """
    return bool(_SYSLOG.match(line))


def is_prompt(line: str) -> bool:
    """True for a bare device prompt.

    >>> is_prompt("Router#")
    True
    >>> is_prompt("R1(config)#")
    True
    >>> is_prompt("Status: Available")
    False
    """
    return bool(_PROMPT_ONLY.match(line))


def clean(text: str, *, command: str | None = None) -> CleanText:
    """Lines without CR, trailing spaces, pager remnants, syslog lines, echo and prompts.

    ``ParseError`` when the device rejected the command (``% Invalid input detected``).

    >>> clean("R1#show clock\\r\\n10:00\\r\\n --More-- x  \\r\\nR1#").lines
    ['10:00', 'x']
    """
    lines: list[str] = []
    numbers: list[int] = []
    for number, raw in enumerate(_NEWLINE.split(text), start=1):
        line = overstrike(raw) if "\x08" in raw else raw
        if "More" in line:
            line = _MORE.sub("", line)
        line = line.rstrip()
        if _REJECTED.match(line):
            raise ParseError(
                f"the device rejected the command: {line.strip()}",
                command=command,
                text=text,
                line=number,
            )
        if _SYSLOG.match(line):
            continue
        lines.append(line)
        numbers.append(number)
    _drop_echo_and_prompts(lines, numbers)
    return CleanText(lines, numbers)


def _drop_echo_and_prompts(lines: list[str], numbers: list[int]) -> None:
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is not None and _ECHO.match(lines[first].strip()):
        del lines[first], numbers[first]
    while lines and (not lines[-1].strip() or is_prompt(lines[-1].strip())):
        lines.pop()
        numbers.pop()
