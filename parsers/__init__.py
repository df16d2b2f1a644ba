"""parsers: what a Cisco IOS device prints, turned into plain JSON-serialisable data.

Holds the IOS vocabulary (``parsers.ios``: prompts, error markers and where IOS prints them,
syslog lines, the pager), ``parse(command, text)`` for the PKI show commands and the two
configurations (``parsers.dispatch``, shapes in ``parsers.types``), ``parse_uptime``
(``parsers.show_version``) and certificate decoding (``parsers.certificate``).

Pure functions, no I/O. May import: the standard library, ``ttp``, ``cryptography``. Never
``tasks``, ``pssc`` or ``lab``: the parsers are built from real device output, not from our own
emulator, and each checks the other in tests.
"""

from __future__ import annotations

from parsers.commands import resolve_command
from parsers.dispatch import parse
from parsers.errors import ParseError, UnsupportedCommand

__all__ = ["ParseError", "UnsupportedCommand", "parse", "resolve_command"]
