"""The parser of each supported command, registered with ``parsers.dispatch``."""

from __future__ import annotations

from typing import Any

from parsers.config import parse_config
from parsers.dispatch import Resolved, register


@register("show running-config")
@register("show startup-config")
def _config(text: str, resolved: Resolved, command: str) -> Any:
    return parse_config(text, command=command)
