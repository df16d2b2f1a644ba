"""Errors of the parsers package: one base, ``ParseError``, carrying the command and text seen."""

from __future__ import annotations

from typing import Self


class ParseError(Exception):
    """The text is not output of the command, or part of it is damaged.

    ``line`` is 1-based within ``text`` when known; ``chain`` names the certificate chain of a
    damaged hex dump.
    """

    def __init__(
        self,
        message: str,
        *,
        command: str | None = None,
        text: str | None = None,
        line: int | None = None,
        chain: str | None = None,
        host: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.command = command
        self.text = text
        self.line = line
        self.chain = chain
        self.host = host

    def __str__(self) -> str:
        where = []
        if self.host:
            where.append(f"host {self.host}")
        if self.command:
            where.append(f"command {self.command!r}")
        if self.chain:
            where.append(f"chain {self.chain}")
        if self.line is not None:
            where.append(f"line {self.line}")
        prefix = ", ".join(where)
        return f"{prefix}: {self.message}" if prefix else self.message

    def located(
        self,
        *,
        command: str | None = None,
        host: str | None = None,
        text: str | None = None,
        line: int | None = None,
    ) -> Self:
        """A copy that says where the error is: each field given replaces this error's. Raise it
        ``from`` this one (an error is never changed once raised).

        >>> str(ParseError("bad", line=3).located(command="show x", host="R1"))
        "host R1, command 'show x', line 3: bad"
        """
        copy = type(self).__new__(type(self), self.message)
        copy.__dict__.update(self.__dict__)
        for name, value in (("command", command), ("host", host), ("text", text), ("line", line)):
            if value is not None:
                setattr(copy, name, value)
        return copy


class UnsupportedCommand(ParseError):
    """``parse()`` has no parser for this command."""
