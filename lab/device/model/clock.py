"""The device clock: real time shifted by an offset; ``clock_unset`` starts at 1993-03-01 at boot.

A clock that was never set is not authoritative: IOS prefixes its timestamps with ``*``.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

UNSET_EPOCH = datetime(1993, 3, 1, 0, 0, 0)
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


class DeviceClock:
    """``now()`` is naive UTC device time.

    >>> c = DeviceClock(unset=True)
    >>> c.now().year
    1993
    >>> c.syslog_stamp().startswith("*Mar  1 00:0")
    True
    """

    def __init__(self, *, unset: bool = False) -> None:
        self.unset = unset
        self.authoritative = not unset
        self._offset = 0.0
        self.reset()

    def reset(self) -> None:
        """Called at boot: an unset clock starts again at 1993-03-01 00:00:00."""
        if self.unset:
            self.authoritative = False
            self._offset = UNSET_EPOCH.replace(tzinfo=UTC).timestamp() - time.time()
        else:
            self._offset = 0.0

    def set(self, when: datetime) -> None:
        """``clock set``: the clock is now what the operator says (still not NTP)."""
        self._offset = when.replace(tzinfo=UTC).timestamp() - time.time()

    def now(self) -> datetime:
        ts = time.time() + self._offset
        return datetime.fromtimestamp(ts, UTC).replace(tzinfo=None)

    def _star(self) -> str:
        return "" if self.authoritative else "*"

    def syslog_stamp(self) -> str:
        """``*Mar  1 00:01:02.345`` (day padded to two characters, like IOS)."""
        n = self.now()
        ms = n.microsecond // 1000
        return f"{self._star()}{MONTHS[n.month - 1]} {n.day:2d} {n:%H:%M:%S}.{ms:03d}"

    def show_clock(self) -> str:
        """``*00:01:02.345 UTC Mon Mar 1 1993``."""
        n = self.now()
        ms = n.microsecond // 1000
        day = DAYS[n.weekday()]
        mon = MONTHS[n.month - 1]
        return f"{self._star()}{n:%H:%M:%S}.{ms:03d} UTC {day} {mon} {n.day} {n.year}"


def ios_date(when: datetime, zone: str = "UTC") -> str:
    """The date format of ``show crypto pki certificates``.

    >>> ios_date(datetime(2004, 12, 21, 19, 14, 14))
    '19:14:14 UTC Dec 21 2004'
    """
    return f"{when:%H:%M:%S} {zone} {MONTHS[when.month - 1]} {when.day} {when.year}"


def uptime_text(seconds: float) -> str:
    """``show version`` uptime.

    >>> uptime_text(3 * 86400 + 2 * 3600 + 5 * 60)
    '3 days, 2 hours, 5 minutes'
    >>> uptime_text(30)
    '0 minutes'
    """
    total_min = int(seconds // 60)
    weeks, rem = divmod(total_min, 7 * 24 * 60)
    days, rem = divmod(rem, 24 * 60)
    hours, minutes = divmod(rem, 60)
    parts = []
    for value, unit in ((weeks, "week"), (days, "day"), (hours, "hour")):
        if value:
            parts.append(f"{value} {unit}{'s' if value != 1 else ''}")
    parts.append(f"{minutes} minute{'s' if minutes != 1 else ''}")
    return ", ".join(parts)


def timedelta_hms(delta: timedelta) -> str:
    total = max(0, int(delta.total_seconds()))
    h, rem = divmod(total, 3600)
    m, s = divmod(rem, 60)
    return f"{h:02d}:{m:02d}:{s:02d}"
