"""IOS dates (``19:14:14 GMT Dec 21 2004``) to ISO 8601."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

_DATE = re.compile(
    r"^\*?\.?(?P<time>\d{1,2}:\d\d:\d\d)(?:\.\d+)?\s+(?:(?P<tz>[A-Za-z][A-Za-z0-9+\-]*)\s+)?"
    r"(?P<mon>[A-Z][a-z]{2})\s+(?P<day>\d{1,2})\s+(?P<year>\d{4})$"
)
# Offsets of the zone names IOS captures use (IST: the Bangalore labs of the genie samples).
_ZONES = {
    "UTC": 0.0, "GMT": 0.0, "UCT": 0.0, "Z": 0.0, "EST": -5.0, "EDT": -4.0, "CST": -6.0,
    "CDT": -5.0, "MST": -7.0, "MDT": -6.0, "PST": -8.0, "PDT": -7.0, "CET": 1.0, "CEST": 2.0,
    "BST": 1.0, "IST": 5.5, "JST": 9.0, "AEST": 10.0, "AEDT": 11.0, "SGT": 8.0, "HKT": 8.0,
}  # fmt: skip


def ios_date_iso(text: str | None) -> str | None:
    """ISO 8601 of an IOS date; None when it is not one. UTC is written ``Z``.

    >>> ios_date_iso("19:14:14 GMT Dec 21 2004")
    '2004-12-21T19:14:14Z'
    >>> ios_date_iso("23:09:23 IST Nov 17 2021")
    '2021-11-17T23:09:23+05:30'
    >>> ios_date_iso("00:00:00 Jan 1 2020")
    '2020-01-01T00:00:00'
    >>> ios_date_iso("soon") is None
    True
    """
    if not text:
        return None
    match = _DATE.match(text.strip())
    if not match:
        return None
    try:
        naive = datetime.strptime(
            f"{match['year']} {match['mon']} {match['day']} {match['time']}", "%Y %b %d %H:%M:%S"
        )
    except ValueError:
        return None
    zone = match["tz"]
    if zone is None:
        return naive.isoformat()
    offset = _ZONES.get(zone.upper())
    if offset is None:
        return naive.isoformat()
    if offset == 0:
        return naive.isoformat() + "Z"
    return naive.replace(tzinfo=timezone(timedelta(hours=offset))).isoformat()
