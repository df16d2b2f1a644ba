"""Interrupted fleet runs against the lab: SIGKILL then ``--resume``, Ctrl-C (SIGINT) mid-run,
and two runs at once on overlapping hosts.

The runs under test are real ``pssc`` processes (killed, interrupted); what they did is read from
the lab's side (SSH logins per device), from their ``--json`` and from the run journal.
"""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from pssc.cli import main
from pssc.pins import PinStore

pytestmark = pytest.mark.xdist_group("fleet-interrupt-e2e")

PSSC = Path(sys.executable).with_name("pssc")
SLOW = ["slow-keygen 6", "latency 20"]
FLEET = {
    "defaults": {"personality": "ios15", "preset": "factory", "boot_seconds": 1.0},
    "devices": [
        {"hostname": "K1", "faults": ["latency 20"]},
        {"hostname": "K2", "faults": ["latency 30"]},
        {"hostname": "K3", "faults": SLOW},
        {"hostname": "K4", "faults": SLOW},
        {"hostname": "I1", "faults": ["slow-keygen 2"]},
        {"hostname": "I2", "faults": ["slow-keygen 2"]},
        {"hostname": "I3", "faults": ["slow-keygen 2"]},
        {"hostname": "C1", "faults": SLOW},
        {"hostname": "C2", "faults": SLOW},
        {"hostname": "C3", "faults": ["latency 20"]},
    ],
}


@pytest.fixture(scope="module")
def lab(lab_factory: Any) -> Any:
    return lab_factory(fleet_data=FLEET, boot_seconds=1.0)


def start(lab: Any, pins: Path, hosts: str, *options: str) -> subprocess.Popen[str]:
    args = [str(PSSC), "rollout", "-i", str(lab.inventory_dir), "--hosts", hosts]
    return subprocess.Popen(
        [*args, "--pins", str(pins), "--no-progress", *options],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for(query: str, journal: Path, count: int, proc: subprocess.Popen[str]) -> None:
    """Until the journal answers ``count`` rows to ``query`` (the run under test got there)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.communicate()
        if journal.exists():
            with sqlite3.connect(journal, timeout=30) as conn:
                try:
                    if conn.execute(query).fetchone()[0] >= count:
                        return
                except sqlite3.OperationalError:  # the tables are being made
                    pass
        time.sleep(0.1)
    raise AssertionError(f"the journal never answered {count} to {query}")


def records(path: Path) -> dict[str, Any]:
    return {r["host"]: r for r in json.loads(path.read_text(encoding="utf-8"))["hosts"]}


def test_resume_after_sigkill_skips_the_finished_hosts(lab: Any, tmp_path: Path) -> None:
    pins = tmp_path / "pins.sqlite"
    proc = start(lab, pins, "K1,K2,K3,K4")
    done = "SELECT count(*) FROM done WHERE host IN ('K1', 'K2')"
    wait_for(done, tmp_path / "journal.sqlite", 2, proc)
    proc.send_signal(signal.SIGKILL)
    proc.communicate()  # reaped: a zombie would still hold its host locks
    logins = {h: len(lab.server(h).login_times) for h in ("K1", "K2")}
    pinned = {p.host for p in PinStore(pins).list()}
    assert {"K1", "K2"} <= pinned  # pinned when each finished, not at the end of the run
    out = tmp_path / "resumed.json"
    code = main(["rollout", "-i", str(lab.inventory_dir), "--hosts", "K1,K2,K3,K4", "--pins",
                 str(pins), "--no-progress", "--resume", "--json", str(out)])  # fmt: skip
    assert code == 0
    result = records(out)
    for host in ("K1", "K2"):
        assert len(lab.server(host).login_times) == logins[host]  # not touched again
        assert result[host]["status"] == "changed"
        assert any("--resume" in reason for reason in result[host]["reasons"])
    for host in ("K3", "K4"):
        assert result[host]["status"] in ("changed", "unchanged"), result[host]
    assert {p.host for p in PinStore(pins).list()} == {"K1", "K2", "K3", "K4"}


def test_ctrl_c_finishes_the_hosts_in_progress_and_reports_the_rest(
    lab: Any, tmp_path: Path
) -> None:
    pins, out = tmp_path / "pins.sqlite", tmp_path / "rollout.json"
    proc = start(lab, pins, "I1,I2,I3", "--workers", "1", "--json", str(out))
    wait_for("SELECT count(*) FROM done", tmp_path / "journal.sqlite", 1, proc)
    proc.send_signal(signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr
    assert "interrupted: starting no more hosts" in stderr
    result = records(out)
    done = [h for h, r in result.items() if r["status"] == "changed"]
    left = [h for h, r in result.items() if r["status"] == "skipped"]
    assert done and left and sorted(done + left) == ["I1", "I2", "I3"]
    for host in left:
        assert result[host]["error"] == "not started: interrupted (Ctrl-C)"
        assert not lab.server(host).login_times
    assert {p.host for p in PinStore(pins).list()} == set(done)
    assert "I1" in stdout  # the table was printed


def test_two_runs_on_overlapping_hosts_do_not_interleave(lab: Any, tmp_path: Path) -> None:
    pins = tmp_path / "pins.sqlite"
    first = start(lab, pins, "C1,C2", "--json", str(tmp_path / "first.json"))
    wait_for("SELECT count(*) FROM locks", tmp_path / "journal.sqlite", 2, first)
    out = tmp_path / "second.json"
    code = main(["rollout", "-i", str(lab.inventory_dir), "--hosts", "C2,C3", "--pins",
                 str(pins), "--no-progress", "--json", str(out)])  # fmt: skip
    assert code == 1
    second = records(out)
    assert second["C2"]["status"] == "skipped" and "in use by run" in second["C2"]["error"]
    assert second["C3"]["status"] == "changed"
    first.communicate(timeout=60)
    assert first.returncode == 0
    assert records(tmp_path / "first.json")["C2"]["status"] == "changed"
    assert len(lab.server("C2").login_times) == 1  # only the first run's session
