"""``pssc verify --reload`` and ``pssc rollout`` in safe waves, against a small lab fleet with
device-like timing (latency, boots of a second or two).

Every claim is read from the JSON timeline (each host's reload requested / down / back times) and
from the lab's side (reload counters, SSH logins), never from durations.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from pssc.cli import main

pytestmark = pytest.mark.xdist_group("fleet-waves-e2e")

PAIRS = {"H1": "p1", "H2": "p1", "H3": "p2", "H4": "p2", "H5": "p3", "H6": "p3"}
FLEET = {
    "defaults": {"personality": "ios15", "preset": "healthy", "boot_seconds": 1.0},
    "devices": [
        {"hostname": "HANG1", "faults": ["reload-hangs"]},
        {"hostname": "HANG2", "faults": ["reload-hangs"]},
        *({"hostname": h, "faults": [f"latency {20 + 10 * i}"]} for i, h in enumerate(PAIRS)),
        {"hostname": "AUTHF", "faults": ["auth-fails"]},
        {"hostname": "F1", "preset": "factory"},
        {"hostname": "F2", "preset": "factory"},
    ],
}


@pytest.fixture(scope="module")
def lab(lab_factory: Any) -> Any:
    running = lab_factory(fleet_data=FLEET, boot_seconds=1.0)
    hosts_file = running.inventory_dir / "hosts.yaml"
    hosts = yaml.safe_load(hosts_file.read_text(encoding="utf-8"))
    for name, pair in PAIRS.items():
        hosts[name]["data"]["ha_pair"] = pair
    hosts_file.write_text(yaml.safe_dump(hosts, sort_keys=False), encoding="utf-8")
    return running


def verify(lab: Any, tmp_path: Path, hosts: str, *options: str) -> tuple[int, dict[str, Any]]:
    out = tmp_path / "verify.json"
    args = ["verify", "-i", str(lab.inventory_dir), "--hosts", hosts, "--reload", "--yes"]
    code = main([*args, "--no-pins", "--json", str(out), "--boot-timeout", "3", *options])
    return code, {r["host"]: r for r in json.loads(out.read_text(encoding="utf-8"))["hosts"]}


def test_canary_first_then_batches_of_the_asked_size(lab: Any, tmp_path: Path) -> None:
    code, reports = verify(lab, tmp_path, "H1,H2,H3,H4,H5,H6", "--canary", "1", "--batch", "2")
    assert code == 0
    waves: dict[str, list[str]] = {}
    for host, report in reports.items():
        assert report["verdict"] == "persistent", report
        waves.setdefault(report["wave"], []).append(host)
    assert waves == {
        "canary": ["H1"],
        "batch 1": ["H2", "H3"],
        "batch 2": ["H4", "H5"],
        "batch 3": ["H6"],
    }
    order = ["canary", "batch 1", "batch 2", "batch 3"]
    for earlier, later in itertools.pairwise(order):
        back = max(reports[h]["timeline"]["ssh_back"] for h in waves[earlier])
        requested = min(reports[h]["timeline"]["reload_requested"] for h in waves[later])
        assert back < requested, (earlier, later)  # a wave starts once the one before is back
    pair = [reports[h]["timeline"] for h in waves["batch 1"]]
    assert max(t["went_down"] for t in pair) < min(t["ssh_back"] for t in pair)  # together


def test_ha_pairs_are_never_down_together(lab: Any, tmp_path: Path) -> None:
    code, reports = verify(lab, tmp_path, ",".join(PAIRS), "--canary", "0", "--batch", "100%",
                           "--reload-group", "ha_pair")  # fmt: skip
    assert code == 0
    for pair in set(PAIRS.values()):
        a, b = (reports[h]["timeline"] for h in PAIRS if PAIRS[h] == pair)
        assert a["ssh_back"] < b["reload_requested"] or b["ssh_back"] < a["reload_requested"]
    # and without the groups the same batch would have taken them down together
    assert {reports[h]["wave"] for h in PAIRS} == {"batch 1", "batch 2"}


def test_a_failed_canary_stops_the_run(lab: Any, tmp_path: Path) -> None:
    before = {h: lab.server(h).reloads for h in ("H5", "H6")}
    code, reports = verify(lab, tmp_path, "HANG1,H5,H6", "--max-fail", "100%")
    assert code == 1
    hung = reports["HANG1"]
    assert hung["wave"] == "canary" and hung["verdict"] == "unreachable" and hung["reloaded"]
    assert hung["reason"] == "reloaded, did not come back within 3 s"
    for host in ("H5", "H6"):
        assert reports[host]["verdict"] == "skipped"
        assert reports[host]["reason"].startswith("not reloaded: canary HANG1 failed")
        assert lab.server(host).reloads == before[host]


def test_max_fail_stops_launching_batches(lab: Any, tmp_path: Path) -> None:
    before = lab.server("H4").reloads
    code, reports = verify(lab, tmp_path, "HANG2,H3,H4", "--canary", "0", "--batch", "1")
    assert code == 1
    assert reports["HANG2"]["verdict"] == "unreachable" and reports["HANG2"]["wave"] == "batch 1"
    for host in ("H3", "H4"):
        assert reports[host]["verdict"] == "skipped"
        assert "--max-fail 0 exceeded: 1 host failed (HANG2)" in reports[host]["reason"]
    assert lab.server("H4").reloads == before


def test_rollout_max_fail_skips_the_rest(lab: Any, tmp_path: Path) -> None:
    out = tmp_path / "rollout.json"
    code = main(["rollout", "-i", str(lab.inventory_dir), "--hosts", "AUTHF,F1,F2",
                 "--no-pins", "--no-progress", "--batch", "1", "--max-fail", "0",
                 "--json", str(out)])  # fmt: skip
    assert code == 1
    records = {r["host"]: r for r in json.loads(out.read_text(encoding="utf-8"))["hosts"]}
    assert records["AUTHF"]["status"] == "failed"
    assert records["F1"]["status"] == records["F2"]["status"] == "skipped"
    assert "--max-fail 0 exceeded" in records["F1"]["error"]
    assert not lab.server("F1").login_times and not lab.server("F2").login_times


@pytest.mark.parametrize(
    ("options", "words"),
    [
        (["--batch", "0"], "--batch 0:"),
        (["--batch", "150%"], "--batch 150%: a percentage is at most 100%"),
        (["--max-fail", "-1"], "--max-fail -1:"),
        (["--canary", "-2"], "--canary -2:"),
        (["--reload-group", "ha_pair"], "no 'ha_pair' in the inventory data of F1, F2"),
    ],
)
def test_bad_wave_options_are_refused_before_any_login(
    lab: Any, options: list[str], words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    logins = {h: len(lab.server(h).login_times) for h in ("H1", "F1", "F2")}
    code = main(["verify", "-i", str(lab.inventory_dir), "--hosts", "H1,F1,F2", "--reload",
                 "--yes", "--no-pins", *options])  # fmt: skip
    err = capsys.readouterr().err.strip()
    assert code == 2 and words in err and "\n" not in err
    assert {h: len(lab.server(h).login_times) for h in logins} == logins


def test_no_terminal_and_no_yes_is_refused_before_any_login(
    lab: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    logins = len(lab.server("H1").login_times)
    code = main(["verify", "-i", str(lab.inventory_dir), "--hosts", "H1", "--reload", "--no-pins"])
    err = capsys.readouterr().err.strip()
    assert code == 2 and "pass --yes" in err and "\n" not in err
    assert len(lab.server("H1").login_times) == logins
