"""The fleet runner: every host at once up to the ceiling, starts paced, Ctrl-C honoured,
interrupt handling scoped to its block."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import pytest
import yaml
from nornir.core.task import Result, Task

from pssc.fleet.interrupt import INTERRUPTED, handle_interrupts, interrupted
from pssc.fleet.pool import STOP, FleetRunner, Pacer
from pssc.inventory import load_nornir


@pytest.fixture
def inventory(tmp_path: Path) -> Path:
    hosts = {f"R{i}": {"hostname": "127.0.0.1", "port": 2200 + i, "username": "u", "password": "p"}
             for i in range(1, 13)}  # fmt: skip
    (tmp_path / "hosts.yaml").write_text(yaml.safe_dump(hosts), encoding="utf-8")
    return tmp_path


class Probe:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.running = self.most = 0
        self.started: list[float] = []
        self.gate = threading.Event()

    def task(self, task: Task) -> Result:
        with self.lock:
            self.running += 1
            self.most = max(self.most, self.running)
            self.started.append(time.monotonic())
        self.gate.wait(5)
        with self.lock:
            self.running -= 1
        return Result(host=task.host, result="ok")


def test_default_runner_is_the_fleet_runner_with_every_host_at_once(inventory: Path) -> None:
    nr = load_nornir(inventory)
    assert isinstance(nr.runner, FleetRunner) and nr.runner.num_workers == 1000
    probe = Probe()
    timer = threading.Timer(0.5, probe.gate.set)  # let every host wait together first
    timer.start()
    result = nr.run(task=probe.task)
    timer.join()
    assert probe.most == 12 and len(result) == 12  # not 20 at most, not one by one


def test_workers_is_a_ceiling(inventory: Path) -> None:
    nr = load_nornir(inventory, runner={"plugin": "fleet", "options": {"num_workers": 3}})
    probe = Probe()
    probe.gate.set()
    assert len(nr.run(task=probe.task)) == 12 and probe.most <= 3


def test_starts_are_paced(inventory: Path) -> None:
    options = {"num_workers": 12, "max_logins_per_second": 20}
    nr = load_nornir(inventory, runner={"plugin": "fleet", "options": options})
    probe = Probe()
    probe.gate.set()
    nr.run(task=probe.task)
    gaps = [b - a for a, b in zip(sorted(probe.started), sorted(probe.started)[1:], strict=False)]
    assert sum(gaps) >= 11 * 0.05 * 0.9  # 12 starts at 20 a second: 11 intervals of 50 ms


def test_pacer_spreads_slots_evenly() -> None:
    now, slept = [0.0], []
    pacer = Pacer(50, clock=lambda: now[0], sleep=slept.append)
    for _ in range(5):
        assert pacer.wait()
    assert slept == pytest.approx([0.02, 0.04, 0.06, 0.08])


def test_no_host_starts_after_stop(inventory: Path) -> None:
    nr = load_nornir(inventory, runner={"plugin": "fleet", "options": {"num_workers": 2}})
    probe = Probe()

    def task(task: Task) -> Result:
        STOP.set()  # Ctrl-C while the first hosts run
        probe.gate.set()
        return probe.task(task)

    try:
        result = nr.run(task=task)
    finally:
        STOP.clear()
    assert 1 <= len(result) <= 2  # the ones in progress finished, nobody else started


def test_first_ctrl_c_stops_launching_second_aborts() -> None:
    before = signal.signal(signal.SIGINT, signal.default_int_handler)  # a worker may ignore it
    try:
        _first_stops_second_aborts()
    finally:
        signal.signal(signal.SIGINT, before)


def _first_stops_second_aborts() -> None:
    with handle_interrupts():
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(0.05)  # the handler runs in the main thread
        assert interrupted() == INTERRUPTED
        with pytest.raises(KeyboardInterrupt):
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(1)
    assert interrupted() is None  # cleared for the next run in this process
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_a_fleet_run_raises_the_switch_interval_and_restores_it(inventory: Path) -> None:
    import sys

    from pssc.fleet.pool import SWITCH_INTERVAL, switch_interval

    before = sys.getswitchinterval()
    assert SWITCH_INTERVAL >= 10 * before  # CPython's 5 ms: a lock fight among 1,000 threads
    seen: list[float] = []

    def task(task: Task) -> Result:
        seen.append(sys.getswitchinterval())
        return Result(host=task.host, result="ok")

    load_nornir(inventory).run(task=task)
    assert seen and all(x == pytest.approx(SWITCH_INTERVAL) for x in seen)
    assert sys.getswitchinterval() == before
    with switch_interval():  # runs side by side (a second Nornir object): the last one restores
        with switch_interval():
            assert sys.getswitchinterval() == pytest.approx(SWITCH_INTERVAL)
        assert sys.getswitchinterval() == pytest.approx(SWITCH_INTERVAL)
    assert sys.getswitchinterval() == before
    sys.setswitchinterval(1.0)  # never shortened
    try:
        with switch_interval():
            assert sys.getswitchinterval() == pytest.approx(1.0)
    finally:
        sys.setswitchinterval(before)
