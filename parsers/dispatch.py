"""``parse(command, text)``: resolve the command (``parsers.commands``), run its parser.

The parsers are a plain table from the resolved key to a function; ``parse`` is typed per command,
so ``parse("show running-config", text)`` is a ``ConfigPki`` to the type checker (an abbreviation
or a command held in a plain ``str`` gets the union of all the shapes).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Literal, overload

from parsers.commands import Resolved, resolve_command
from parsers.config import parse_config
from parsers.errors import ParseError, UnsupportedCommand
from parsers.show_certificates import parse_certificates
from parsers.show_keys import parse_keys
from parsers.show_pem import parse_pem
from parsers.show_trustpoints import parse_trustpoints, parse_trustpoints_status
from parsers.types import (
    ConfigPki,
    KeyPair,
    PemCertificate,
    ShowCertificate,
    ShowTrustpoint,
    TrustpointStatus,
)

log = logging.getLogger(__name__)

Parsed = (
    ConfigPki
    | list[ShowCertificate]
    | list[PemCertificate]
    | list[ShowTrustpoint]
    | list[TrustpointStatus]
    | list[KeyPair]
)
Parser = Callable[[str, Resolved, str], Parsed]


def _config(text: str, resolved: Resolved, command: str) -> ConfigPki:
    return parse_config(text, command=command, template=resolved.template)


def _certificates(text: str, resolved: Resolved, command: str) -> list[ShowCertificate]:
    return parse_certificates(text, command=command, template=resolved.template)


def _pem(text: str, resolved: Resolved, command: str) -> list[PemCertificate]:
    return parse_pem(text, command=command)


def _trustpoints(text: str, resolved: Resolved, command: str) -> list[ShowTrustpoint]:
    return parse_trustpoints(text, command=command)


def _trustpoints_status(text: str, resolved: Resolved, command: str) -> list[TrustpointStatus]:
    return parse_trustpoints_status(text, command=command)


def _keys(text: str, resolved: Resolved, command: str) -> list[KeyPair]:
    return parse_keys(text, command=command, template=resolved.template)


PARSERS: dict[str, Parser] = {
    "show running-config": _config,
    "show startup-config": _config,
    "show crypto pki certificates": _certificates,
    "show crypto pki certificates verbose": _certificates,
    "show crypto pki certificates pem": _pem,
    "show crypto pki trustpoints": _trustpoints,
    "show crypto pki trustpoints status": _trustpoints_status,
    "show crypto key mypubkey rsa": _keys,
    "show crypto key mypubkey all": _keys,
}


@overload
def parse(
    command: Literal["show running-config", "show startup-config"], text: str
) -> ConfigPki: ...


@overload
def parse(
    command: Literal["show crypto pki certificates", "show crypto pki certificates verbose"],
    text: str,
) -> list[ShowCertificate]: ...


@overload
def parse(
    command: Literal["show crypto pki certificates pem"], text: str
) -> list[PemCertificate]: ...


@overload
def parse(command: Literal["show crypto pki trustpoints"], text: str) -> list[ShowTrustpoint]: ...


@overload
def parse(
    command: Literal["show crypto pki trustpoints status"], text: str
) -> list[TrustpointStatus]: ...


@overload
def parse(
    command: Literal["show crypto key mypubkey rsa", "show crypto key mypubkey all"], text: str
) -> list[KeyPair]: ...


@overload
def parse(command: str, text: str) -> Parsed: ...


def parse(command: str, text: str) -> Parsed:
    """Parse the output ``text`` of ``command`` into plain JSON-serialisable data.

    ``UnsupportedCommand`` for a command without a parser; ``ParseError`` for text that is not
    the output of that command.
    """
    resolved = resolve_command(command)
    parser = PARSERS.get(resolved.key)
    if parser is None:
        raise UnsupportedCommand(f"no parser for {resolved.key!r}", command=command)
    if not isinstance(text, str):
        raise ParseError("the output must be text", command=command)
    log.debug("parsing %d characters as %r (%s)", len(text), command, resolved.key)
    try:
        return parser(text, resolved, command)
    except ParseError as exc:
        if exc.command is not None:
            raise
        raise exc.located(command=command) from exc
