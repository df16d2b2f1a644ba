"""``make demo`` end to end (``pssc.demo.run_demo``) on the demo fleet, reports in a temp folder."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from pssc.demo import DEMO_FLEET, DemoResult, main, run_demo, summary_lines

pytestmark = [pytest.mark.xdist_group("demo"), pytest.mark.slow]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, DemoResult]:
    if not DEMO_FLEET.is_file():
        pytest.fail(f"{DEMO_FLEET} is missing: the demo cannot run")
    reports = tmp_path_factory.mktemp("reports")
    return reports, run_demo(reports=reports, boot_seconds=0.5)


def test_reports_before_and_after_are_written(demo: tuple[Path, DemoResult]) -> None:
    reports, result = demo
    for name in ("before.html", "before.json", "after.html", "after.json"):
        assert (reports / name).is_file(), name
    before = json.loads((reports / "before.json").read_text())
    after = json.loads((reports / "after.json").read_text())
    assert before["summary"]["hosts"] == after["summary"]["hosts"] > 0
    # the demo fleet is a mix of problems: the first audit must find them
    assert before["summary"]["findings"]["error"] > 0
    assert "<svg" in (reports / "before.html").read_text()
    print("\n".join(summary_lines(result)))


def test_every_step_ran_or_says_why_not(demo: tuple[Path, DemoResult]) -> None:
    _reports, result = demo
    steps = dict(result.steps)
    assert {"lab", "audit (before)", "rollout --fix", "verify --reload", "audit (after)"} <= set(
        steps
    )
    assert result.seconds > 0


def test_the_fix_lowers_the_errors(demo: tuple[Path, DemoResult]) -> None:
    reports, result = demo
    assert not dict(result.steps)["rollout --fix"].startswith("skipped")
    before = json.loads((reports / "before.json").read_text())["summary"]["findings"]
    after = json.loads((reports / "after.json").read_text())["summary"]["findings"]
    assert after["error"] < before["error"]
    assert after["critical"] == 0  # rotations by the rollout are accepted, not alarms


def test_main_rejects_a_missing_fleet(tmp_path: Path) -> None:
    assert main(["--fleet", str(tmp_path / "none.yaml")]) == 2


@pytest.mark.browser
def test_the_demo_reports_open_in_chromium(demo: tuple[Path, DemoResult]) -> None:
    from tests.browser.chromium import load_page, screenshot
    from tests.browser.pages import report_markers

    reports, result = demo
    assert result.after is not None and result.before is not None
    expect = report_markers(result.after)
    page = load_page((reports / "after.html").as_uri(), expect=expect)
    assert page.ok, page.why()
    hosts = re.findall(r'<tr data-host="([^"]+)"', page.dom)
    assert hosts == [h.host for h in result.after.hosts]
    for severity, count in result.after.counts().items():
        assert re.search(rf'id="count-{severity}"[^>]*>{count}<', page.dom), severity
    missing = load_page((reports / "never-written.html").as_uri(), expect=expect)
    assert not missing.ok and missing.error == "net::ERR_FILE_NOT_FOUND", missing.why()
    shot = ARTIFACTS / "demo-before-1366x768.png"
    before = screenshot(
        (reports / "before.html").as_uri(),
        shot,
        window_size=(1366, 768),
        expect=report_markers(result.before),
    )
    assert before.ok, before.why()
