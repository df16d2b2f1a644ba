"""parsers: IOS PKI show output and configuration to plain JSON-serialisable data.

``parse(command, text)`` is the entry point; see ``parsers.types`` for the shapes.
"""

from __future__ import annotations

from parsers.dispatch import parse, resolve_command
from parsers.errors import ParseError, UnsupportedCommand

__all__ = ["ParseError", "UnsupportedCommand", "parse", "resolve_command"]
