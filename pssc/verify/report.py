"""What a verify reports: the table with the fingerprints side by side, a summary, the JSON file.

>>> summary([])
'verify: 0 hosts: '
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from pssc.atomic import write_json
from pssc.output.table import Column, render_table
from pssc.verify.evidence import VERDICTS, CertEvidence, HostReport

__all__ = ["render", "summary", "write_reports"]

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


def write_reports(reports: Sequence[HostReport], path: Path) -> Path:
    """The ``--json`` file: one object per host, written atomically."""
    return write_json(path, [r.to_json() for r in reports])
