"""Every table pssc prints fits the terminal (``COLUMNS``), keeps host and status whole, keeps
the "why" of each row readable (never a column a few characters wide), and ends with a summary.
"""

from __future__ import annotations

import pytest

from pssc.audit.model import AuditReport, HostAudit, HostFacts
from pssc.audit.report.text import to_table
from pssc.audit.rules import evaluate
from pssc.rollout import render as rollout_table
from pssc.rollout import summary as rollout_summary
from pssc.verify.evidence import CertEvidence, Evidence, HostReport
from pssc.verify.report import render as verify_table
from pssc.verify.report import summary as verify_summary
from tasks.rollout import HostOutcome
from tests.unit.pssc.audit.factories import OPTS, cert, healthy, trustpoint

WIDTHS = (80, 100, 160)
LONG_ERROR = (
    "PolicyRejected: certificate of TP-self-signed-3392083801 is rejected by policy: expired on "
    "2020-01-01T00:00:00Z (FN70489 end date); 1024-bit key, under the minimum of 2048; signed "
    "with sha1; run with --fix to replace it"
)
OUTCOMES = [
    HostOutcome("R1-FACTORY", "changed", "PSSC-SELF-SIGNED", "01", "AB" * 32,
                "2036-01-01T00:00:00Z", True, reasons=["PSSC-SELF-SIGNED holds no certificate"]),
    HostOutcome("R2-LEGACY", "failed", "TP-self-signed-3392083801", "01", "CD" * 32,
                "2020-01-01T00:00:00Z", True, error=LONG_ERROR),
    HostOutcome("R5-HEALTHY", "unchanged", "PSSC-SELFSIGNED", "01", "EF" * 32,
                "2036-08-09T00:00:00Z", True),
    HostOutcome("R8-XE", "changed", "TP-self-signed-721092167", "01", "12" * 32,
                "2036-12-07T00:00:00Z", True,
                reasons=["HTTPS not bound to TP-self-signed-721092167"]),
]  # fmt: skip


def _cert(tag: str) -> CertEvidence:
    return CertEvidence(tag * 64, f"{tag}=", "", "01", f"cn={tag}", "2036-01-01T00:00:00Z")


def _ev(a: CertEvidence | None, b: CertEvidence | None, c: CertEvidence | None) -> Evidence:
    return Evidence("TP-self-signed-4146203551", a, b, c, https_saved=True)


A, B = _cert("A"), _cert("B")
REPORTS = [
    HostReport("R5-HEALTHY", "persistent", "configured, saved and served are the same "
               "certificate, before and after the reload", "TP-self-signed-4146203551",
               _ev(A, A, A), _ev(A, A, A)),
    HostReport("R3-UNSAVED", "not-saved", "the running certificate is not in the startup "
               "configuration: a reload would generate a new one (ip http secure-server)",
               "TP-self-signed-4146203551", _ev(A, None, A)),
    HostReport("R9-GONE", "regenerated", "HTTPS serves another certificate than the one "
               "configured", "TP-self-signed-4146203551", _ev(A, A, B), _ev(B, B, B)),
]  # fmt: skip


def audit_report() -> AuditReport:
    bad = healthy(
        "R2-LEGACY",
        trustpoints=(
            trustpoint(
                "PSSC",
                certificate=cert(
                    not_after="2020-01-01T00:00:00Z", key_size=1024, signature_hash="sha1"
                ),
            ),
        ),
    )
    hosts = [healthy("R1-FACTORY"), bad, HostFacts("R4-DOWN", reachable=False, error="refused")]
    audits = tuple(HostAudit(h, tuple(evaluate(h, OPTS))) for h in hosts)
    return AuditReport("2026-06-01T12:00:00Z", audits, {})


def body_rows(text: str) -> list[list[str]]:
    return [
        [c.strip() for c in line.strip("│").split("│")]
        for line in text.splitlines()
        if line.startswith("│")
    ]


def check_fits(text: str, width: int, hosts: list[tuple[str, str]]) -> None:
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= width, "\n" + text
    firsts = [row[:2] for row in body_rows(text) if row[0]]
    for host, status in hosts:  # host and status whole, on the host's first line
        assert [host, status] in firsts, (host, status, text)


@pytest.mark.parametrize("width", WIDTHS)
def test_rollout_table_fits_and_every_row_says_why(
    width: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    text = rollout_table(OUTCOMES, dry_run=False) + rollout_summary(OUTCOMES) + "\n"
    check_fits(text, width, [(o.host, o.status) for o in OUTCOMES])
    flat = " ".join(text.split())
    assert "run with --fix to replace it" in flat  # the whole error, not cut
    assert "HTTPS not bound to TP-self-signed-721092167" in flat
    # an error note is never a narrow column wrapped onto many lines
    rows = body_rows(text)
    start = [row[0] for row in rows].index("R2-LEGACY")
    height = next((i for i, row in enumerate(rows[start + 1 :], 1) if row[0]), len(rows) - start)
    assert height <= 3, text
    assert text.splitlines()[-1] == "rollout: 4 hosts: 2 changed, 1 unchanged, 1 failed"


@pytest.mark.parametrize("width", WIDTHS)
def test_verify_table_fits_keeps_the_verdict_and_the_why(
    width: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    text = verify_table(REPORTS, color=False) + verify_summary(REPORTS) + "\n"
    check_fits(text, width, [(r.host, r.verdict) for r in REPORTS])
    flat = " ".join(text.split())
    assert "a reload would generate a new one (ip http secure-server)" in flat
    assert text.splitlines()[-1].startswith("verify: 3 hosts: 1 persistent")


@pytest.mark.parametrize("width", WIDTHS)
def test_audit_tables_fit_and_end_with_a_summary(
    width: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    report = audit_report()
    text = to_table(report)
    check_fits(text, width, [("R1-FACTORY", "yes"), ("R4-DOWN", "no")])
    last = text.splitlines()[-1]
    assert last.startswith("audit: 3 hosts, 1 without findings; ")
    counts = report.counts()
    assert f"{counts['error']} error" in last
    words = set(text.replace("│", " ").split())
    for finding in report.findings:  # in the table (two lines at most) or under it, whole
        assert set(finding.message.split()) <= words, finding.message
