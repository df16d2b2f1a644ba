"""``pssc verify`` against the lab: the proof of persistence across real (emulated) reloads.

One small fleet, verified once with ``--reload`` (module scope): two saved (healthy) devices, one
whose certificate is not saved, and one whose reload never ends. Then the unsaved one again with
``reload_anyway``. Every claim is checked from the device side too (the lab's reload counter and
its HTTPS endpoint), and parallelism from the recorded timestamps, never from durations.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pssc.cli import main
from pssc.inventory import load_nornir
from pssc.pins import PinStore
from pssc.verify.evidence import HostReport
from pssc.verify.runbook import run_verify
from tasks.tls_probe import probe_https

pytestmark = pytest.mark.xdist_group("verify-e2e")

BOOT_SECONDS = 1.0
BOOT_TIMEOUT = 6.0
FLEET = {
    "defaults": {"personality": "ios15", "boot_seconds": BOOT_SECONDS},
    "devices": [
        {"hostname": "R1", "preset": "healthy"},
        {"hostname": "R2", "preset": "unsaved"},
        {"hostname": "R3", "preset": "healthy", "faults": ["reload-hangs"]},
        {"hostname": "R4", "preset": "healthy"},
    ],
}


@pytest.fixture(scope="module")
def lab(lab_factory: Any) -> Any:
    return lab_factory(fleet_data=FLEET, boot_seconds=BOOT_SECONDS)


@pytest.fixture(scope="module")
def pins(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pins") / "pins.sqlite"


@pytest.fixture(scope="module")
def served_before(lab: Any) -> dict[str, str]:
    """What each device served before anything was done to it, read by the test itself."""
    return {name: probe_https("127.0.0.1", h.https_port).sha256 for name, h in lab.hosts.items()}


@pytest.fixture(scope="module")
def reloaded(lab: Any, pins: Path, served_before: dict[str, str]) -> dict[str, HostReport]:
    nr = load_nornir(lab.inventory_dir, workers=4)
    try:
        reports = run_verify(nr, reload=True, boot_timeout=BOOT_TIMEOUT, pins=pins)
    finally:
        nr.close_connections()
    return {r.host: r for r in reports}


def test_saved_certificate_survives_the_reload(
    lab: Any, reloaded: dict[str, HostReport], served_before: dict[str, str]
) -> None:
    for name in ("R1", "R4"):
        report = reloaded[name]
        assert report.verdict == "persistent", report.reason
        assert report.reloaded and lab.server(name).reloads == 1
        assert report.before is not None and report.after is not None
        before, after = report.before.fingerprints(), report.after.fingerprints()
        assert before == after == dict.fromkeys(before, served_before[name])
        # independently of pssc: the device serves the very same certificate now
        assert probe_https("127.0.0.1", lab.hosts[name].https_port).sha256 == served_before[name]


def test_reload_is_confirmed_by_uptime(reloaded: dict[str, HostReport]) -> None:
    """show version counts whole minutes: the uptime after must not have grown."""
    report = reloaded["R1"]
    assert report.before is not None and report.after is not None
    assert report.before.uptime_seconds is not None and report.after.uptime_seconds is not None
    assert report.after.uptime_seconds <= report.before.uptime_seconds
    timeline = report.timeline
    assert timeline["reload_requested"] <= timeline["went_down"] <= timeline["ssh_back"]  # type: ignore[operator]


def test_unsaved_certificate_is_refused(lab: Any, reloaded: dict[str, HostReport]) -> None:
    report = reloaded["R2"]
    assert report.verdict == "not-saved"
    assert not report.reloaded and lab.server("R2").reloads == 0
    before = report.before
    assert before is not None and before.configured is not None
    assert before.saved is None or before.saved.sha256 != before.configured.sha256


def test_reload_hang_is_unreachable_without_blocking_others(
    reloaded: dict[str, HostReport],
) -> None:
    hung = reloaded["R3"]
    assert hung.verdict == "unreachable"
    assert hung.error is not None and "ReloadTimeout" in hung.error
    gave_up = hung.timeline["gave_up"]
    assert gave_up is not None
    for name in ("R1", "R4"):
        finished = reloaded[name].timeline["finished"]
        assert finished is not None and finished < gave_up


def test_hosts_reload_in_parallel(reloaded: dict[str, HostReport]) -> None:
    """Every reload was requested before the first host came back: they were down together."""
    timelines = [reloaded[name].timeline for name in ("R1", "R4")]
    requested = [t["reload_requested"] for t in timelines]
    down = [t["went_down"] for t in timelines]
    back = [t["ssh_back"] for t in timelines]
    assert all(isinstance(v, float) for v in requested + down + back)
    assert max(down) < min(back)  # type: ignore[type-var]
    assert max(requested) < min(back)  # type: ignore[type-var]


def test_only_persistent_hosts_are_pinned(reloaded: dict[str, HostReport], pins: Path) -> None:
    pinned = {(p.host, p.sha256) for p in PinStore(pins).list()}
    expected = {
        (name, reloaded[name].after.served.sha256)  # type: ignore[union-attr]
        for name in ("R1", "R4")
    }
    assert pinned == expected
    assert reloaded["R1"].pin == "new"


def test_reload_anyway_comes_back_regenerated(
    lab: Any, reloaded: dict[str, HostReport], served_before: dict[str, str]
) -> None:
    nr = load_nornir(lab.inventory_dir, hosts=["R2"])
    try:
        (report,) = run_verify(
            nr, reload=True, reload_anyway=True, boot_timeout=BOOT_TIMEOUT, pins=None
        )
    finally:
        nr.close_connections()
    assert report.verdict == "regenerated", report.reason
    assert report.declined_save and "answered 'no' to 'Save?'" in report.reason
    assert lab.server("R2").reloads == 1
    assert report.after is not None and report.after.served is not None
    assert report.after.served.sha256 != served_before["R2"]
    assert probe_https("127.0.0.1", lab.hosts["R2"].https_port).sha256 != served_before["R2"]


def test_cli_json_and_exit_codes(
    lab: Any, reloaded: dict[str, HostReport], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "verify.json"
    inventory = str(lab.inventory_dir)
    assert main(["verify", "-i", inventory, "--hosts", "R1", "--json", str(out), "--no-pins"]) == 0
    (entry,) = json.loads(out.read_text())["hosts"]
    assert entry["host"] == "R1" and entry["verdict"] == "persistent"
    assert entry["after"] is None and entry["error"] is None
    assert set(entry["before"]) == {"configured", "saved", "served"}
    assert entry["before"]["served"] == reloaded["R1"].after.served.sha256  # type: ignore[union-attr]
    text = capsys.readouterr().out
    assert "R1" in text and entry["before"]["served"][:16] in text
    assert lab.server("R1").reloads == 1  # no reload without --reload


def test_cli_refuses_to_reload_an_unsaved_host(
    lab: Any, reloaded: dict[str, HostReport], capsys: pytest.CaptureFixture[str]
) -> None:
    reloads = lab.server("R2").reloads
    inventory = str(lab.inventory_dir)
    code = main(["verify", "-i", inventory, "--hosts", "R2", "--reload", "--no-pins", "--yes"])
    assert code == 1
    assert lab.server("R2").reloads == reloads
    out = capsys.readouterr().out
    assert "not-saved" in out and "not reloaded" in out


def test_hosts_that_failed_an_earlier_run_are_verified_too(
    lab: Any, reloaded: dict[str, HostReport]
) -> None:
    nr = load_nornir(lab.inventory_dir, hosts=["R1"])
    nr.data.failed_hosts.add("R1")  # as after a rollout that failed on it
    try:
        reports = run_verify(nr, pins=None)
    finally:
        nr.close_connections()
    assert [(r.host, r.verdict) for r in reports] == [("R1", "persistent")]
