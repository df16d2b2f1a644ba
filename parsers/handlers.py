"""The parser of each supported command, registered with ``parsers.dispatch``."""

from __future__ import annotations

from typing import Any

from parsers.config import parse_config
from parsers.dispatch import Resolved, register
from parsers.show_certificates import parse_certificates


@register("show running-config")
@register("show startup-config")
def _config(text: str, resolved: Resolved, command: str) -> Any:
    return parse_config(text, command=command)


@register("show crypto pki certificates")
@register("show crypto pki certificates verbose")
def _certificates(text: str, resolved: Resolved, command: str) -> Any:
    return parse_certificates(text, command=command)
