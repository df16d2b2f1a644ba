"""The HTML audit report laid out by a real headless Chromium at 1400 and 800 px: no sideways
scroll, no cell overflowing, names and dates never broken, fingerprints readable, remedies with
code, version and inventory named, and "no findings" said rather than an empty chart.

The layout is measured inside Chromium: a copy of the report gets a small script at the end of
its body that writes its measures into the DOM (``<pre id="layout-check">``), which
``--dump-dom`` returns. The screenshots of the report itself go to ``test-artifacts/``.
"""

from __future__ import annotations

import html
import json
import re
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest

from pssc.audit.model import AuditReport, HostAudit, HostFacts, ServedFacts, TrustpointFacts
from pssc.audit.report import render
from pssc.audit.rules import evaluate

from .chromium import load_page, screenshot
from .pages import report_markers
from .test_report_html import OPTS, _cert, fleet_report

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("report-layout")]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
WIDTHS = (1400, 800)
INVENTORY = "inventory/branch-offices"

PROBE = """
<script>
(function () {
  var out = {innerWidth: window.innerWidth,
             scrollWidth: document.documentElement.scrollWidth,
             overflowing: [], broken: [], fingerprints: [], codes: 0, backticks: 0};
  function lines(el) {  // line boxes of an inline element
    var range = document.createRange(); range.selectNodeContents(el);
    var tops = {};
    Array.prototype.forEach.call(range.getClientRects(), function (r) {
      if (r.width > 0) { tops[Math.round(r.top)] = true; }
    });
    return Object.keys(tops).length;
  }
  document.querySelectorAll("td, th, h3, header").forEach(function (el) {
    if (el.offsetParent !== null && el.scrollWidth > el.clientWidth + 1) {
      out.overflowing.push(el.tagName + ": " + el.textContent.trim().slice(0, 80));
    }
  });
  document.querySelectorAll(".nowrap").forEach(function (el) {
    if (el.offsetParent !== null && lines(el) > 1) { out.broken.push(el.textContent); }
  });
  document.querySelectorAll(".fp").forEach(function (el) {
    if (el.offsetParent === null) { return; }
    var tops = {};  // the two groups are inline blocks: one line each
    el.querySelectorAll("span").forEach(function (c) {
      tops[Math.round(c.getBoundingClientRect().top)] = true;
    });
    out.fingerprints.push([el.textContent.replace(/\\s/g, ""), Object.keys(tops).length]);
  });
  document.querySelectorAll(".remedy").forEach(function (el) {
    out.codes += el.querySelectorAll("code").length;
    if (el.textContent.indexOf("`") >= 0) { out.backticks += 1; }
  });
  var pre = document.createElement("pre"); pre.id = "layout-check";
  pre.textContent = JSON.stringify(out); document.body.appendChild(pre);
})();
</script>
"""


def demo_like_report() -> AuditReport:
    """The fleet of the HTML test plus hosts as the demo has them (long names, no HTTPS)."""
    base = fleet_report(12)
    cert = _cert(77, "2036-12-07T00:00:00Z", 2048, "sha256")  # SHA-256 "4D" * 32
    xe = HostFacts(
        host="R8-XE-branch-office-paris-0042",
        address="127.0.0.1",
        device_hostname="R8-XE-branch-office-paris-0042",
        secure_server=True,
        secure_trustpoint=None,
        https_trustpoint="TP-self-signed-3443708736",
        trustpoints=(
            TrustpointFacts("TP-self-signed-3443708736", "selfsigned", True, cert, False, False),
        ),
        served=ServedFacts(8443, cert),
    )
    factory = HostFacts("R1-FACTORY", address="127.0.0.1", device_hostname="R1-FACTORY")
    extra = tuple(HostAudit(h, tuple(evaluate(h, OPTS))) for h in (xe, factory))
    options = {"expiry_days": 90, "inventory": INVENTORY}
    return AuditReport(base.generated_at, base.hosts + extra, options)


def measure(tmp: Path, report: AuditReport, width: int) -> dict[str, Any]:
    page_text = render(report, "html")
    probe = tmp / f"probe-{width}.html"
    probe.write_text(page_text.replace("</body>", PROBE + "</body>"), encoding="utf-8")
    expect = (*report_markers(report), 'id="layout-check"')
    page = load_page(probe.as_uri(), expect=expect, extra_args=[f"--window-size={width},900"])
    assert page.ok, page.why()
    match = re.search(r'<pre id="layout-check">(.*?)</pre>', page.dom, re.S)
    assert match, page.why()
    data: dict[str, Any] = json.loads(html.unescape(match.group(1)))
    return data


@pytest.fixture(scope="module")
def report() -> AuditReport:
    return demo_like_report()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_report_fits_the_window_and_breaks_nothing(
    chromium: str, report: AuditReport, tmp_path: Path, width: int
) -> None:
    got = measure(tmp_path, report, width)
    assert got["innerWidth"] == width
    assert got["scrollWidth"] <= got["innerWidth"], got  # no sideways scroll
    assert got["overflowing"] == [], got["overflowing"]  # nothing sticks out of its cell
    assert got["broken"] == [], got["broken"]  # host names, dates, "RSA 2048" on one line
    sha = {fp: n for fp, n in got["fingerprints"]}
    assert len(sha) >= 10 and all(re.fullmatch(r"[0-9A-F]{64}", fp) for fp in sha), sha
    assert max(sha.values()) <= 2, sha  # whole, in two groups at most
    assert got["codes"] > 0 and got["backticks"] == 0  # `write memory` is code, no backticks
    # the screenshot of the report itself, for a human
    shot = ARTIFACTS / f"audit-report-{width}px.png"
    result = screenshot(render_path(tmp_path, report).as_uri(), shot,
                        window_size=(width, 1000), expect=report_markers(report))  # fmt: skip
    assert result.ok and shot.stat().st_size > 10_000, result.why()


def render_path(tmp: Path, report: AuditReport) -> Path:
    path = tmp / "audit.html"
    path.write_text(render(report, "html"), encoding="utf-8")
    return path


def test_the_report_names_pssc_and_the_inventory(chromium: str, report: AuditReport,
                                                 tmp_path: Path) -> None:  # fmt: skip
    page = load_page(render_path(tmp_path, report).as_uri(), expect=report_markers(report))
    assert page.ok, page.why()
    assert f"pssc {version('pssc')}" in page.dom
    assert f"inventory {INVENTORY}" in page.dom
    xe = "R8-XE-branch-office-paris-0042"
    header = re.search(rf'<section class="host"[^>]*data-host="{xe}">\s*<h3>(.*?)</h3>', page.dom,
                       re.S)  # fmt: skip
    assert header and "4D" * 32 in re.sub(r"<[^>]+>|\s", "", header.group(1))  # not cut


def test_zero_findings_says_so_instead_of_an_empty_chart(chromium: str, tmp_path: Path) -> None:
    healthy = fleet_report(3)
    clean = AuditReport(
        healthy.generated_at,
        tuple(HostAudit(h.facts, ()) for h in healthy.hosts),
        {"expiry_days": 90},
    )
    path = tmp_path / "clean.html"
    path.write_text(render(clean, "html"), encoding="utf-8")
    page = load_page(path.as_uri(), expect=report_markers(clean))
    assert page.ok, page.why()
    assert 'id="no-findings"' in page.dom and "No findings" in page.dom
    assert 'id="chart-severity"' not in page.dom
