"""Which certificates pssc refuses to keep: expired, FN70489, weak key, SHA-1/MD5, bad signature.

Pure functions over ``parsers.types.CertificateInfo``.

>>> from datetime import datetime, timezone
>>> cert = {"not_before": "2004-12-21T19:14:14Z", "not_after": "2020-01-01T00:00:00Z",
...         "key_size": 1024, "key_type": "RSA", "signature_hash": "md5", "signature_valid": True}
>>> for p in certificate_problems(cert, min_key_size=2048,
...                               now=datetime(2026, 1, 1, tzinfo=timezone.utc)):
...     print(p)
expired on 2020-01-01T00:00:00Z (FN70489 end date)
1024-bit key, under the minimum of 2048
signed with md5
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

FN70489_END = "2020-01-01T00:00:00Z"
WEAK_HASHES = frozenset({"md5", "sha1", "md2", "md4"})


def parse_iso(value: str) -> datetime:
    """``2020-01-01T00:00:00Z`` as an aware datetime.

    >>> parse_iso("2030-01-01T00:00:00Z").year
    2030
    """
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def certificate_problems(
    cert: Mapping[str, Any], *, min_key_size: int = 2048, now: datetime | None = None
) -> list[str]:
    """Reasons the policy rejects ``cert`` (empty when it is acceptable)."""
    now = now or datetime.now(UTC)
    problems: list[str] = []
    not_after = str(cert.get("not_after") or "")
    if not_after == FN70489_END:
        problems.append(f"expired on {not_after} (FN70489 end date)")
    elif not_after and parse_iso(not_after) <= now:
        problems.append(f"expired on {not_after}")
    not_before = str(cert.get("not_before") or "")
    if not_before and parse_iso(not_before) > now:
        problems.append(f"not valid before {not_before} (device clock ahead?)")
    size = cert.get("key_size")
    if cert.get("key_type", "RSA") == "RSA" and isinstance(size, int) and size < min_key_size:
        problems.append(f"{size}-bit key, under the minimum of {min_key_size}")
    digest = cert.get("signature_hash")
    if isinstance(digest, str) and digest.lower() in WEAK_HASHES:
        problems.append(f"signed with {digest.lower()}")
    if cert.get("signature_valid") is False:
        problems.append("its signature does not verify with its own key")
    return problems
