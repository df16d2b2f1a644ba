"""Crash safety: SIGKILL ``pssc rollout`` (and ``pssc audit``) at random points of a 50-device
rollout, and SIGKILL the lab in the middle of ``write memory``; nothing is lost or half-written.

The lab runs in its own process (``pssc lab up``) so that it can be killed too. After every kill:
the ``--json`` file is whole or absent, the pin store passes ``PRAGMA integrity_check``, every
device's NVRAM is a whole image (each saved trustpoint with its certificate and its own key), a
certificate a finished run reported saved is the one in NVRAM, and a re-run converges.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

from pssc.inventory import load_nornir
from pssc.pins import PinStore
from tasks.facts import gather_pki_facts
from tests.reliability.labproc import PSSC, LabProcess, saved_state

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("reliability-crash")]

DEVICES = 50
# Kill points per run: a few in the test pass (spread over the whole rollout, one per slice of
# time, at a place that moves with PSSC_CRASH_SEED); `make fuzz` runs many more.
KILLS = int(os.environ.get("PSSC_CRASH_KILLS", "6"))
LAB_KILLS = int(os.environ.get("PSSC_CRASH_LAB_KILLS", "2"))
SEED = int(os.environ.get("PSSC_CRASH_SEED", "8"))
KILL_WINDOW = (0.2, 2.0)  # seconds after the start of pssc
WAIT_AFTER_LAB_KILL = 8.0
FLEET = {"defaults": {"boot_seconds": 0.3}, "devices": [{"hostname": "C{n:02}", "count": DEVICES}]}


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Any:
    proc = LabProcess(tmp_path_factory.mktemp("crash-lab"), FLEET)
    proc.start()
    yield proc
    proc.stop()


def pssc(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([str(PSSC), *args], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)  # fmt: skip


def json_whole_or_absent(path: Path) -> list[dict[str, Any]] | None:
    """The records of a report, or None when there is none; a torn file fails the test."""
    if not path.exists():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))  # raises on half a file
    assert isinstance(data, (list, dict))
    if isinstance(data, dict):  # a document (pssc.rollout/1, pssc.audit/1): its host records
        data = data.get("hosts")
    return data if isinstance(data, list) else None


def pins_intact(path: Path) -> None:
    if not path.exists():
        return
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    PinStore(path).list()  # and the store still opens and reads


def reported_saved_is_in_nvram(lab: LabProcess, records: list[dict[str, Any]]) -> None:
    for record in records:
        if record.get("saved") is True:
            assert saved_state(lab.state, record["host"]).https_sha256 == record["sha256"], record


def converge(lab: LabProcess, out: Path, pins: Path) -> dict[str, str]:
    """A re-run after a kill: exit 0, every host saved, NVRAM holds what it reports."""
    proc = pssc("rollout", "-i", str(lab.inventory), "--no-progress", "--workers", "25",
                "--pins", str(pins), "--json", str(out))  # fmt: skip
    _out, err = proc.communicate(timeout=300)
    records = json_whole_or_absent(out)
    failed = [(r["host"], r["error"]) for r in records or [] if r["status"] == "failed"]
    assert proc.returncode == 0 and records is not None, (failed[:5], err[-2000:])
    assert len(records) == DEVICES
    assert all(r["status"] in ("changed", "unchanged") and r["saved"] is True for r in records)
    reported_saved_is_in_nvram(lab, records)
    for name in lab.names():
        assert saved_state(lab.state, name).problems == (), name
    return {r["host"]: r["status"] for r in records}


def running_configs_whole(lab: LabProcess) -> None:
    """Over SSH: every trustpoint in the running configuration has its certificate, saved."""
    nr = load_nornir(lab.inventory, workers=25)
    try:
        result = nr.run(task=gather_pki_facts, detail=False)
    finally:
        nr.close_connections()
    for name, multi in result.items():
        assert not multi.failed, (name, multi[0].exception)
        facts = multi[0].result
        for tp in facts.running["trustpoints"]:
            assert facts.certificate(tp["name"]) is not None, (name, tp["name"])
            assert facts.saved(tp["name"]), (name, tp["name"])


def kill_delays(kills: int, rng: random.Random) -> list[float]:
    """One delay in each of ``kills`` equal slices of the window, in a shuffled order: few kills
    still cover the early, middle and late parts of a rollout."""
    low, high = KILL_WINDOW
    step = (high - low) / kills
    delays = [low + step * (i + rng.random()) for i in range(kills)]
    rng.shuffle(delays)
    return delays


def test_kill_delays_cover_the_window() -> None:
    delays = kill_delays(6, random.Random(1))
    assert len(delays) == 6 and all(KILL_WINDOW[0] <= d <= KILL_WINDOW[1] for d in delays)
    slices = {int((d - KILL_WINDOW[0]) / ((KILL_WINDOW[1] - KILL_WINDOW[0]) / 6)) for d in delays}
    assert slices == set(range(6))


def test_sigkill_pssc_at_random_points(lab: LabProcess, tmp_path: Path) -> None:
    rng = random.Random(SEED)
    delays = kill_delays(KILLS, rng)
    pins = tmp_path / "pins.sqlite"
    interrupted = 0
    for kill in range(KILLS):
        out = tmp_path / f"killed-{kill}.json"
        if kill % 4 == 3:  # the pin store is written by audit (and verify)
            args = ["audit", "-i", str(lab.inventory), "--pins", str(pins), "--output", str(out)]
        else:
            args = ["rollout", "-i", str(lab.inventory), "--no-progress", "--workers", "25",
                    "--pins", str(pins), "--json", str(out)]  # fmt: skip
            args += ["--rotate"] if kill else []
        proc = pssc(*args)
        time.sleep(delays[kill])
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=60)
        records = json_whole_or_absent(out)
        if records is not None and args[0] == "rollout":
            reported_saved_is_in_nvram(lab, records)  # the run finished before the kill
        pins_intact(pins)
        statuses = converge(lab, tmp_path / f"rerun-{kill}.json", pins)
        pins_intact(pins)
        interrupted += any(s == "changed" for s in statuses.values())
    assert interrupted >= 1  # some kill did land in the middle of the work
    running_configs_whole(lab)


def _generation(lab: LabProcess, name: str) -> str:
    try:
        return os.readlink(lab.state / name / "current")
    except OSError:
        return ""


def test_sigkill_the_lab_during_write_memory(lab: LabProcess, tmp_path: Path) -> None:
    """Every device holds a saved certificate first (its "old" one): without that, a device the
    killed rollout had not reached yet kept its factory configuration, which holds none, and the
    test failed whenever it ran on a fresh lab (alone, or when the groups were split over
    workers), whatever the order of the saves."""
    rng = random.Random(SEED * 10)
    pins = tmp_path / "pins.sqlite"
    torn_saves = 0
    converge(lab, tmp_path / "lab-first.json", pins)
    for kill in range(LAB_KILLS):
        names = lab.names()
        before = {n: saved_state(lab.state, n) for n in names}
        assert all(b.https_sha256 is not None for b in before.values())  # each has an "old" one
        generations = {n: _generation(lab, n) for n in names}
        out = tmp_path / f"lab-killed-{kill}.json"
        proc = pssc("rollout", "-i", str(lab.inventory), "--no-progress", "--workers", "25",
                    "--rotate", "--pins", str(pins), "--json", str(out))  # fmt: skip
        wanted = rng.randint(1, DEVICES - 10)  # kill once that many devices have saved
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            saved = sum(_generation(lab, n) != generations[n] for n in names)
            if saved >= wanted:
                break
            time.sleep(0.01)  # 50 readlinks a look: 2 ms kept a core busy, away from the lab
        lab.kill()
        torn_saves += sum(
            any(p.name.endswith(".tmp") for p in (lab.state / n).iterdir()) for n in names
        )
        try:  # sessions cut in the middle of a command wait for their read timeout
            proc.communicate(timeout=WAIT_AFTER_LAB_KILL)
            assert proc.returncode == 1  # the devices went away in the middle
        except subprocess.TimeoutExpired:
            proc.kill()  # then its JSON is absent: also allowed
            proc.communicate()
        records = json_whole_or_absent(out)
        assert records is None or len(records) == DEVICES
        lab.start()  # the same state folder: each device boots from its NVRAM
        reported_saved_is_in_nvram(lab, records or [])
        changed = 0
        for name in names:
            after = saved_state(lab.state, name)
            assert after.problems == (), (name, after.problems)
            assert after.https_sha256 is not None, name  # old or new, never none
            changed += after.startup != before[name].startup
        assert changed >= wanted - 5  # the saves that completed are kept
        pins_intact(pins)
        converge(lab, tmp_path / f"lab-rerun-{kill}.json", pins)
        # a line per kill (seen with -s): a long `make fuzz` shows how far it went
        print(f"lab kill {kill + 1}/{LAB_KILLS}: killed after {wanted} save(s), {changed} new, "
              f"every device with its old or new certificate", flush=True)  # fmt: skip
    print(f"lab killed {LAB_KILLS} times; {torn_saves} device save(s) caught half-written")
    running_configs_whole(lab)
