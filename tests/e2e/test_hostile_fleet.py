"""A fleet with hostile devices (issue 13): ``pssc rollout``, ``verify`` (no reload) and
``audit`` over 4 hostile and 5 healthy lab devices. The healthy ones finish as usual; each hostile
host fails or is reported, its cause in one line; every report format and the terminal output are
inert (no control character a terminal acts on, no formula cell, no raw markup).

The hostile devices (``lab/device/model/presets.py``, ``lab/device/cli/hostile.py``): trustpoint
names, certificate subject and banner with escape sequences, formulas and HTML (all four), and
show commands that answer with 32,000 blank lines and 32,000 ``[``, 50 MB, or output that never
ends. (The prompt that never comes back costs a whole read timeout: it is in
``bench/hostile_bench.py``.)
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.inert import (
    assert_csv_inert,
    assert_html_inert,
    assert_json_inert,
    assert_markdown_inert,
    assert_terminal_inert,
)
from tests.reliability.labproc import PSSC

pytestmark = [pytest.mark.xdist_group("hostile-e2e"), pytest.mark.slow]

HOSTILE = {
    "NAMES": [],
    "FLOODS": ["blank-lines", "bracket-flood"],
    "HUGE": ["huge-output"],
    "ENDLESS": ["endless-output"],
}
HEALTHY = ("OK1", "OK2", "OK3", "GOOD1", "GOOD2")
FLEET = {
    "defaults": {"personality": "ios15", "boot_seconds": 0.3},
    "devices": [
        *({"hostname": n, "preset": "hostile", "faults": f} for n, f in HOSTILE.items()),
        *({"hostname": n, "preset": "factory"} for n in HEALTHY[:3]),
        *({"hostname": n, "preset": "healthy"} for n in HEALTHY[3:]),
    ],
}


def pssc(*args: str) -> tuple[int, str]:
    """Run pssc; its exit code and everything it printed (stdout and stderr)."""
    proc = subprocess.run([str(PSSC), *args], capture_output=True, text=True, timeout=600)
    return proc.returncode, proc.stdout + proc.stderr


@pytest.fixture(scope="module")
def fleet(lab_factory: Any, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    lab = lab_factory(fleet_data=FLEET)
    folder = tmp_path_factory.mktemp("hostile")
    inv, pins = str(lab.inventory_dir), str(folder / "pins.sqlite")
    runs = {
        "rollout": pssc("rollout", "-i", inv, "--no-progress", "--pins", pins,
                        "--json", str(folder / "rollout.json")),
        "verify": pssc("-v", "verify", "-i", inv, "--pins", pins,
                       "--json", str(folder / "verify.json")),
        "audit": pssc("audit", "-i", inv, "--pins", pins, "--fail-on", "critical"),
    }  # fmt: skip
    for fmt in ("json", "csv", "md", "html"):
        runs[f"audit-{fmt}"] = pssc("audit", "-i", inv, "--pins", pins, "--fail-on", "critical",
                                    "--output", str(folder / f"audit.{fmt}"))  # fmt: skip
    for name, (_code, text) in runs.items():  # to read when a test fails
        (folder / f"{name}.out").write_text(text, encoding="utf-8")
    return {"folder": folder, "runs": runs}


def records(fleet: dict[str, Any], name: str) -> dict[str, dict[str, Any]]:
    data = json.loads((fleet["folder"] / name).read_text(encoding="utf-8"))
    if isinstance(data, dict):
        data = data["hosts"]
    return {r["host"]: r for r in data}


def test_the_terminal_output_of_every_run_is_inert(fleet: dict[str, Any]) -> None:
    for name, (code, text) in fleet["runs"].items():
        assert code in (0, 1), (name, text[-2000:])
        assert_terminal_inert(text, name)
        assert "Warning" not in text, (name, text[-2000:])  # a hostile subject is not news
    for name in ("audit", "verify"):
        assert "\\x1b" in fleet["runs"][name][1]  # the hostile name is shown, escaped


def test_every_report_format_is_inert(fleet: dict[str, Any]) -> None:
    folder: Path = fleet["folder"]
    for name in ("rollout.json", "verify.json", "audit.json"):
        assert_json_inert((folder / name).read_text(encoding="utf-8"))
    assert_csv_inert((folder / "audit.csv").read_text(encoding="utf-8"))
    assert_markdown_inert((folder / "audit.md").read_text(encoding="utf-8"))
    assert_html_inert((folder / "audit.html").read_text(encoding="utf-8"))
    assert "HYPERLINK" in (folder / "audit.csv").read_text(encoding="utf-8")  # there, as text


def test_healthy_hosts_finish_as_usual(fleet: dict[str, Any]) -> None:
    rollout = records(fleet, "rollout.json")
    verify = records(fleet, "verify.json")
    audit = records(fleet, "audit.json")
    for host in HEALTHY:
        assert rollout[host]["status"] in ("changed", "unchanged"), rollout[host]
        assert rollout[host]["saved"] is True
        assert verify[host]["verdict"] == "persistent", verify[host]
        assert audit[host]["facts"]["reachable"] is True


def test_each_hostile_host_fails_or_is_reported_in_one_line(fleet: dict[str, Any]) -> None:
    rollout = records(fleet, "rollout.json")
    verify = records(fleet, "verify.json")
    audit = records(fleet, "audit.json")
    for host in ("HUGE", "ENDLESS"):
        assert rollout[host]["status"] == "failed"
        assert "OutputOverflow" in rollout[host]["error"], rollout[host]
        assert verify[host]["verdict"] in ("failed", "unreachable"), verify[host]
        assert audit[host]["facts"]["reachable"] is False
        assert "more than" in audit[host]["facts"]["error"], audit[host]
    for host in HOSTILE:
        error = rollout[host]["error"] or ""
        assert "\n" not in error and len(error) < 2000, (host, error)
        assert rollout[host]["status"] in ("failed", "unchanged", "changed"), rollout[host]
