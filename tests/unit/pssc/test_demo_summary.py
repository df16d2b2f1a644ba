"""The demo's summary, from results built by hand (the demo itself runs in tests/e2e)."""

from __future__ import annotations

from pathlib import Path

from pssc.audit.model import AuditReport, HostAudit
from pssc.audit.rules import evaluate
from pssc.demo import DemoResult, summary_lines
from tests.unit.pssc.audit.factories import OPTS, healthy, trustpoint


def _report(*facts: object) -> AuditReport:
    audits = tuple(HostAudit(f, tuple(evaluate(f, OPTS))) for f in facts)  # type: ignore[arg-type]
    return AuditReport("2026-06-01T12:00:00Z", audits)


def test_the_summary_compares_before_and_after_per_severity_and_rule() -> None:
    unsaved = healthy("R2", trustpoints=(trustpoint(saved=False, in_startup=False),))
    result = DemoResult(
        before=_report(healthy("R1"), unsaved),
        after=_report(healthy("R1"), healthy("R2")),
        steps=[("lab", "2 devices up"), ("rollout --fix", "1 changed, 1 unchanged")],
        files=[Path("reports/after.html")],
        seconds=12.34,
    )
    lines = summary_lines(result, color=False)
    rows = {
        cells[0]: cells[1:]
        for cells in ([c.strip() for c in line.strip("│").split("│")] for line in lines)
        if len(cells) == 3
    }
    assert rows["error"] == ["1", "0"] and rows["critical"] == ["0", "0"]
    assert rows["https-not-persistent"] == ["1", "0"]
    assert lines[-2:] == ["report: reports/after.html", "took 12.3 s"]
    assert any("rollout --fix" in line and "1 changed, 1 unchanged" in line for line in lines)
