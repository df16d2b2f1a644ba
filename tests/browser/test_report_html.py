"""The HTML audit report in a real headless Chromium: DOM (every host, the counts, sorting) and a
laptop-sized screenshot saved under ``test-artifacts/`` for a human to look at."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from pssc.audit.model import (
    AuditReport,
    CertSummary,
    HostAudit,
    HostFacts,
    PinFacts,
    ServedFacts,
    TrustpointFacts,
)
from pssc.audit.report import write_report
from pssc.audit.rules import AuditOptions, evaluate

from .chromium import PageLoad, load_page, screenshot
from .pages import report_markers

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
OPTS = AuditOptions(now=datetime(2026, 6, 1, tzinfo=UTC), expiry_days=90)


def _cert(n: int, end: str, bits: int, hash_name: str) -> CertSummary:
    return {
        "subject": f"cn=IOS-Self-Signed-Certificate-{4000 + n}",
        "issuer": f"cn=IOS-Self-Signed-Certificate-{4000 + n}",
        "serial": "01",
        "not_before": "2018-04-23T21:37:27Z",
        "not_after": end,
        "key_type": "RSA",
        "key_size": bits,
        "signature_algorithm": f"{hash_name}WithRSAEncryption",
        "signature_hash": hash_name,
        "sha256": f"{n:02X}" * 32,
        "spki_sha256_b64": "c3BraQ==",
        "self_signed": True,
    }


KINDS = [  # end date, key bits, hash, saved, bound, pin
    ("2020-01-01T00:00:00Z", 1024, "sha1", True, False, "same"),
    ("2030-01-01T00:00:00Z", 1024, "sha1", False, False, "new"),
    ("2036-03-01T00:00:00Z", 2048, "sha256", True, True, "same"),
    ("2026-07-15T00:00:00Z", 2048, "sha256", True, True, "same"),
    ("2035-05-01T00:00:00Z", 2048, "sha256", True, True, "changed"),
]


def fleet_report(n_hosts: int) -> AuditReport:
    audits = []
    for i in range(n_hosts):
        name = f"edge-{i + 1:02d}"
        if i % 7 == 6:
            facts = HostFacts(name, reachable=False, error_kind="unreachable", error="timed out")
        else:
            end, bits, hash_name, saved, bound, pin = KINDS[i % len(KINDS)]
            tp_name = "PSSC" if bound else f"TP-self-signed-{4000 + i}"
            cert = _cert(i, end, bits, hash_name)
            facts = HostFacts(
                host=name,
                address="127.0.0.1",
                device_hostname=name,
                secure_server=True,
                secure_server_saved=True,
                secure_trustpoint=tp_name if bound else None,
                https_trustpoint=tp_name,
                trustpoints=(TrustpointFacts(tp_name, "selfsigned", True, cert, saved, saved),),
                served=ServedFacts(8443, cert),
                pin=PinFacts(tp_name, pin, "FF" * 32 if pin == "changed" else None, None),
            )
        audits.append(HostAudit(facts, tuple(evaluate(facts, OPTS))))
    return AuditReport("2026-06-01T00:00:00Z", tuple(audits), {"expiry_days": 90})


@dataclass(frozen=True)
class ReportFile:
    report: AuditReport
    path: Path
    expect: tuple[str, ...]

    @property
    def missing_uri(self) -> str:
        """A page that must not load: a report file that was never written."""
        return self.path.with_name("never-written.html").as_uri()


@pytest.fixture(scope="module")
def report_file(tmp_path_factory: pytest.TempPathFactory) -> ReportFile:
    report = fleet_report(24)
    path = tmp_path_factory.mktemp("html") / "audit.html"
    write_report(report, "html", path)
    return ReportFile(report, path, report_markers(report))


@pytest.fixture(scope="module")
def report_page(chromium: str, report_file: ReportFile) -> PageLoad:
    return load_page(report_file.path.as_uri(), expect=report_file.expect)


@pytest.fixture(scope="module")
def no_report(chromium: str, report_file: ReportFile) -> PageLoad:
    """Chromium's error page for a missing file: it has a <body>, and none of the report."""
    return load_page(report_file.missing_uri, expect=report_file.expect)


def _assert_no_report(page: PageLoad, expect: tuple[str, ...]) -> None:
    assert not page.ok and page.missing == expect, page.why()
    assert page.error == "net::ERR_FILE_NOT_FOUND", page.why()


def test_dom_has_every_host_and_the_counts(
    report_file: ReportFile, report_page: PageLoad, no_report: PageLoad
) -> None:
    _assert_no_report(no_report, report_file.expect)
    assert report_page.ok, report_page.why()
    report, dom = report_file.report, report_page.dom
    rows = re.findall(r'<tr data-host="([^"]+)"', dom)
    assert rows == [h.host for h in report.hosts]
    sections = re.findall(r'<section class="host" id="[^"]+" data-host="([^"]+)"', dom)
    assert sections == rows
    for sev, n in report.counts().items():
        assert re.search(rf'id="count-{sev}"[^>]*>{n}<', dom), sev
    assert re.search(rf'id="count-hosts"[^>]*>{len(report.hosts)}<', dom)
    assert "<svg" in dom and 'id="chart-enddates"' in dom


def _worst_column(dom: str) -> list[str]:
    return re.findall(r'<td data-label="worst" data-value="(\d)"><span class="sev', dom)


def test_the_host_table_sorts_in_the_browser(
    report_file: ReportFile, report_page: PageLoad, no_report: PageLoad
) -> None:
    _assert_no_report(no_report, report_file.expect)
    page = load_page(report_file.path.as_uri() + "#sort=7-desc", expect=report_file.expect)
    assert page.ok, page.why()  # "Worst", descending: run by the page's JS
    worst = _worst_column(page.dom)
    assert worst and worst == sorted(worst, reverse=True)
    assert worst[0] == "4"  # critical first
    assert re.search(r'aria-sort="descending"', page.dom)
    unsorted = _worst_column(report_page.dom)  # without the fragment: host order
    assert sorted(unsorted) == sorted(worst) and unsorted != worst


def test_screenshot_on_a_laptop_screen(
    chromium: str, report_file: ReportFile, tmp_path: Path
) -> None:
    expect = report_file.expect
    shot = ARTIFACTS / "audit-report-1366x768.png"
    result = screenshot(report_file.path.as_uri(), shot, window_size=(1366, 768), expect=expect)
    assert result.ok, result.why()
    assert shot.stat().st_size > 10_000
    # Chromium writes a PNG of its error page too: only the DOM of the same run tells them apart
    other = screenshot(report_file.missing_uri, tmp_path / "missing.png", expect=expect)
    _assert_no_report(other, expect)
