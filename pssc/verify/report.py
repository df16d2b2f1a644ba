"""What a verify reports: the table with the fingerprints side by side, a summary, the JSON file.

>>> summary([])
'verify: 0 hosts: '
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pssc.atomic import write_json
from pssc.output.table import Column, render_table
from pssc.verify.evidence import VERDICTS, CertEvidence, HostReport

SCHEMA = "pssc.verify/1"

__all__ = ["SCHEMA", "json_document", "render", "summary", "write_reports"]

SCHEMA = "pssc.verify/1"

STYLES = {
    "persistent": "green",
    "regenerated": "bold red",
    "lost": "red",
    "not-saved": "yellow",
    "unreachable": "magenta",
    "failed": "red",
    "skipped": "yellow",
}
COLUMNS = (
    Column("host", whole=True),
    Column("verdict", whole=True, styles=STYLES),
    Column("trustpoint"),
    Column("configured", shorten=True),
    Column("saved", shorten=True),
    Column("served before", shorten=True),
    Column("served after", shorten=True),
    Column("why", detail=True),
)
TITLE = "pssc verify (SHA-256, first 16 hex digits)"


def _fp(cert: CertEvidence | None) -> str:
    return cert.sha256[:16] if cert else "-"


def _no_after(r: HostReport) -> str:
    if r.reloaded:
        return "did not come back"
    return "not reloaded" if r.before else "-"


def _row(r: HostReport) -> list[str]:
    before, after = r.before, r.after
    return [
        r.host,
        r.verdict,
        r.trustpoint or "-",
        _fp(before.configured if before else None),
        _fp(before.saved if before else None),
        _fp(before.served if before else None),
        _fp(after.served) if after else _no_after(r),
        r.reason + (f" [pin {r.pin}]" if r.pin else ""),
    ]


def render(
    reports: Sequence[HostReport], *, width: int | None = None, color: bool | None = None
) -> str:
    """The per-host table with the fingerprints side by side, as text."""
    return render_table(TITLE, COLUMNS, [_row(r) for r in reports], width=width, color=color)


def summary(reports: Sequence[HostReport]) -> str:
    """One line: how many hosts, how many of each verdict."""
    counts = Counter(r.verdict for r in reports)
    parts = [f"{counts[v]} {v}" for v in VERDICTS if counts[v]]
    return f"verify: {len(reports)} hosts: " + ", ".join(parts)


def json_document(
    reports: Sequence[HostReport], *, generated_at: datetime | None = None
) -> dict[str, Any]:
    """The ``--json`` document, schema ``pssc.verify/1`` (documented in docs/json.md)::

        {"schema": "pssc.verify/1", "generated_at": "2026-06-01T12:00:00Z",
         "summary": {"hosts": 2, "reloaded": 1, "ok": false,
                     "verdicts": {"persistent": 1, "regenerated": 0, ...}},
         "hosts": [HostReport.to_json(), ...]}

    ``ok``: every host ``persistent`` (the exit code 0).
    """
    counts = Counter(r.verdict for r in reports)
    when = (generated_at or datetime.now(UTC)).astimezone(UTC)
    return {
        "schema": SCHEMA,
        "generated_at": when.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "summary": {
            "hosts": len(reports),
            "reloaded": sum(1 for r in reports if r.reloaded),
            "ok": bool(reports) and all(r.ok for r in reports),
            "verdicts": {v: counts[v] for v in VERDICTS},
        },
        "hosts": [r.to_json() for r in reports],
    }


def write_reports(reports: Sequence[HostReport], path: Path) -> Path:
    """The ``--json`` file (:func:`json_document`), written atomically."""
    return write_json(path, json_document(reports))
