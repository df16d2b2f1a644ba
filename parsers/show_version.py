"""``show version``: the uptime (the reload check reads it before and after).

>>> parse_uptime("R1 uptime is 1 week, 2 days, 3 hours, 4 minutes")
788640.0
>>> parse_uptime("Router uptime is 12 seconds"), parse_uptime("no uptime here")
(12.0, None)
"""

from __future__ import annotations

import re

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
