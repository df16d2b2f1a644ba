"""The ``--More--`` pager: output longer than ``terminal length`` waits for space, Enter or q."""

from __future__ import annotations

from lab.device.cli.out import crlf
from lab.protocol import Action, Write

MORE = " --More-- "
ERASE_MORE = "\b" * len(MORE) + " " * len(MORE) + "\b" * len(MORE)


class Pager:
    """Holds the rest of the output and what comes after it (prompt, syslog, actions).

    >>> p = Pager()
    >>> p.start([f"{i}\\n" for i in range(5)], length=3, tail=[Write("R1#")])[0].text
    '0\\r\\n1\\r\\n --More-- '
    >>> "".join(a.text for a in p.key("\\r")).endswith("2\\r\\n --More-- ")
    True
    >>> p.key("q")[-1].text, p.active
    ('R1#', False)
    """

    def __init__(self) -> None:
        self.rest: list[str] = []
        self.tail: list[Action] = []
        self.length = 24

    @property
    def active(self) -> bool:
        return bool(self.rest)

    def start(self, lines: list[str], *, length: int, tail: list[Action]) -> list[Action]:
        """The first page and ``--More--`` (or all of it and the tail when it fits)."""
        page = length - 1
        if length <= 0 or len(lines) <= page:
            return [Write(crlf("".join(lines))), *tail]
        self.length, self.rest, self.tail = length, lines[page:], tail
        return [Write(crlf("".join(lines[:page])) + MORE)]

    def key(self, key: str) -> list[Action]:
        """Space: a page; Enter: a line; anything else: stop."""
        if key == " ":
            n = max(1, self.length - 1)
        elif key in ("\r", "\n"):
            n = 1
        else:
            self.rest = []
            return [Write(ERASE_MORE), *self.tail]
        chunk, self.rest = self.rest[:n], self.rest[n:]
        acts: list[Action] = [Write(ERASE_MORE + crlf("".join(chunk)))]
        if self.rest:
            return [*acts, Write(MORE)]
        return acts + self.tail
