"""The parser of each supported command, registered with ``parsers.dispatch``."""

from __future__ import annotations

from typing import Any

from parsers.config import parse_config
from parsers.dispatch import Resolved, register
from parsers.show_certificates import parse_certificates
from parsers.show_keys import parse_keys
from parsers.show_pem import parse_pem
from parsers.show_trustpoints import parse_trustpoints, parse_trustpoints_status


@register("show running-config")
@register("show startup-config")
def _config(text: str, resolved: Resolved, command: str) -> Any:
    return parse_config(text, command=command, template=resolved.template)


@register("show crypto pki certificates")
@register("show crypto pki certificates verbose")
def _certificates(text: str, resolved: Resolved, command: str) -> Any:
    return parse_certificates(text, command=command, template=resolved.template)


@register("show crypto pki trustpoints")
def _trustpoints(text: str, resolved: Resolved, command: str) -> Any:
    return parse_trustpoints(text, command=command)


@register("show crypto pki trustpoints status")
def _trustpoints_status(text: str, resolved: Resolved, command: str) -> Any:
    return parse_trustpoints_status(text, command=command)


@register("show crypto key mypubkey rsa")
@register("show crypto key mypubkey all")
def _keys(text: str, resolved: Resolved, command: str) -> Any:
    return parse_keys(text, command=command, template=resolved.template)


@register("show crypto pki certificates pem")
def _pem(text: str, resolved: Resolved, command: str) -> Any:
    return parse_pem(text, command=command)
