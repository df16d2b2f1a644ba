"""Report writers on a hand-built audit: JSON schema, CSV rows, Markdown, table, HTML."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from pssc.audit.model import AuditReport, HostAudit, HostFacts, PinFacts
from pssc.audit.report import format_for, render, write_report
from pssc.audit.rules import evaluate
from tests.unit.pssc.audit.factories import OPTS, OTHER_SHA, cert, healthy, trustpoint

GENERATED = "2026-06-01T12:00:00Z"


def sample_report() -> AuditReport:
    hosts = [
        healthy("R1"),
        healthy("R2", pin=PinFacts("PSSC", "changed", OTHER_SHA, "2026-01-01T00:00:00Z")),
        healthy(
            "R3 <b>&",
            secure_trustpoint=None,
            https_trustpoint="TP-self-signed-1",
            trustpoints=(
                trustpoint(
                    "TP-self-signed-1",
                    saved=False,
                    certificate=cert(
                        not_after="2020-01-01T00:00:00Z", key_size=1024, signature_hash="sha1"
                    ),
                ),
            ),
        ),
        HostFacts("R4", reachable=False, error_kind="authentication", error="denied"),
    ]
    audits = tuple(HostAudit(h, tuple(evaluate(h, OPTS))) for h in hosts)
    return AuditReport(GENERATED, audits, {"expiry_days": 90, "fail_on": "error"})


def test_json_has_the_documented_schema() -> None:
    data = json.loads(render(sample_report(), "json"))
    assert data["schema"] == "pssc.audit/1"
    assert data["generated_at"] == GENERATED
    assert data["summary"]["hosts"] == 4 and data["summary"]["reachable"] == 3
    assert data["summary"]["findings"] == {"critical": 1, "error": 4, "warning": 2, "info": 0}
    assert data["summary"]["worst"] == "critical"
    r3 = data["hosts"][2]
    assert r3["host"] == "R3 <b>&" and r3["worst"] == "error"
    (tp,) = r3["facts"]["trustpoints"]
    assert tp["certificate"]["not_after"] == "2020-01-01T00:00:00Z"
    assert {f["rule"] for f in r3["findings"]} >= {"fn70489-end-date", "weak-rsa-key"}
    assert data["hosts"][3]["facts"]["reachable"] is False


def test_csv_has_one_row_per_finding() -> None:
    report = sample_report()
    rows = list(csv.DictReader(io.StringIO(render(report, "csv"))))
    assert len(rows) == len(report.findings) == 7
    assert rows[0]["host"] == "R2" and rows[0]["severity"] == "critical"
    assert all(r["generated_at"] == GENERATED for r in rows)


def test_markdown_and_table_list_every_host() -> None:
    report = sample_report()
    md = render(report, "md")
    table = render(report, "table")
    rows = [[c.strip() for c in line.strip("│").split("│")] for line in table.splitlines()]
    first_cells = [row[0] for row in rows if len(row) > 1]
    for host in ("R1", "R2", "R4"):
        assert f"| {host} |" in md
        assert host in first_cells
    assert "## R2" in md and "## R1" not in md  # sections only for hosts with findings
    assert "1 critical, 4 error, 2 warning, 0 info" in table
    findings = [row for row in rows if len(row) == 4 and row[1] in ("critical", "error")]
    assert len(findings) == 5 and {row[0] for row in findings} >= {"R2"}
    assert "\x1b[" not in table  # the same text goes to a file: no colour


def test_html_is_self_contained_and_escaped() -> None:
    html = render(sample_report(), "html")
    assert html.startswith("<!DOCTYPE html>")
    assert not re.search(r"""(src|href)=["'](https?:)?//""", html)  # no external assets
    assert "<link" not in html
    assert "R3 &lt;b&gt;&amp;" in html and "R3 <b>&" not in html
    assert html.count('<section class="host"') == 4
    assert 'id="count-critical"' in html and 'data-severity="error" data-count="4"' in html
    assert 'data-year="2020"' in html and 'data-year="2035"' in html


def test_reports_are_written_atomically(tmp_path: Path) -> None:
    out = tmp_path / "reports" / "audit.json"
    write_report(sample_report(), "json", out)
    assert json.loads(out.read_text())["summary"]["hosts"] == 4
    assert [p.name for p in out.parent.iterdir()] == ["audit.json"]  # no temporary left


def test_format_from_suffix_and_unknown_format() -> None:
    assert format_for(Path("a.md"), None) == "md"
    with pytest.raises(ValueError, match="unknown report format"):
        render(sample_report(), "pdf")
