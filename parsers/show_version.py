"""``show version``: the uptime (the reload check reads it before and after) and the release.

>>> parse_uptime("R1 uptime is 1 week, 2 days, 3 hours, 4 minutes")
788640.0
>>> parse_uptime("Router uptime is 12 seconds"), parse_uptime("no uptime here")
(12.0, None)
>>> parse_release("Cisco IOS Software, C2900 Software (C2900-UNIVERSALK9-M), Version 15.7(3)M8, ")
Release(text='15.7(3)M8', major=15, xe=False)
>>> parse_release("Cisco IOS XE Software, Version 17.12.04")
Release(text='17.12.04', major=17, xe=True)
"""

from __future__ import annotations

import re
from typing import NamedTuple

_UNITS = {
    "year": 365 * 86400.0,
    "week": 7 * 86400.0,
    "day": 86400.0,
    "hour": 3600.0,
    "minute": 60.0,
    "second": 1.0,
}
_UPTIME_LINE = re.compile(r"uptime is (?P<text>[^\r\n]+)")
_UPTIME_PART = re.compile(r"(\d+)\s+(year|week|day|hour|minute|second)s?")


def parse_uptime(text: str) -> float | None:
    """Seconds of uptime from ``show version`` (``... uptime is 1 day, 2 hours, 3 minutes``)."""
    line = _UPTIME_LINE.search(text)
    if not line:
        return None
    parts = _UPTIME_PART.findall(line.group("text"))
    if not parts:
        return None
    return sum(int(n) * _UNITS[unit] for n, unit in parts)


class Release(NamedTuple):
    """The software release ``show version`` names: ``12.3(14)T``, ``15.7(3)M8``, ``17.12.04``."""

    text: str
    major: int
    xe: bool  # IOS XE


_VERSION = re.compile(r"Cisco IOS(?P<xe>[ -]XE)? Software.*?Version (?P<v>(?P<major>\d+)\.[^\s,]+)")


def parse_release(text: str) -> Release | None:
    """The release in the first ``Cisco IOS ... Version X`` line; None if there is none."""
    found = _VERSION.search(text)
    if not found:
        return None
    return Release(found.group("v"), int(found.group("major")), bool(found.group("xe")))
