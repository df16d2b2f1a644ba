"""The real runbooks on a LocalCluster (2 worker processes on loopback) against the lab, compared
host by host with the threaded runner."""

from __future__ import annotations

import dataclasses
import os
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import cloudpickle
import pytest
from nornir.core.exceptions import NornirSubTaskError
from nornir.core.task import Result, Task

from pssc.audit.collect import run_audit
from pssc.audit.model import AuditReport
from pssc.dask import DaskRunner
from pssc.dask.shard import current_worker
from pssc.errors import WorkerLost
from pssc.inventory import load_nornir
from pssc.rollout import run_rollout
from tasks.errors import AuthenticationFailed
from tasks.rollout import HostOutcome, rollout

pytestmark = [pytest.mark.dask, pytest.mark.xdist_group("dask")]
cloudpickle.register_pickle_by_value(sys.modules[__name__])  # workers need not import tests/

FLEET = {
    "defaults": {"boot_seconds": 0.2},
    "devices": [
        {"hostname": "HEALTHY", "preset": "healthy"},
        {"hostname": "LEGACY", "preset": "legacy-fn70489"},
        {"hostname": "UNSAVED", "preset": "unsaved"},
        {"hostname": "FACTORY", "preset": "factory"},
        {"hostname": "WEAK", "preset": "weak-key"},
        {"hostname": "LOCKED", "preset": "healthy", "faults": ["auth-fails"]},
    ],
}


@pytest.fixture(scope="module")
def dask_runner() -> Iterator[DaskRunner]:
    with DaskRunner(local_workers=2, num_workers=4) as runner:
        yield runner


def _comparable(report: AuditReport) -> dict[str, Any]:
    """Each host's facts and findings, without what changes from one run to the next."""
    out: dict[str, Any] = {}
    for audit in report.hosts:
        facts = dataclasses.replace(audit.facts, uptime_seconds=None)
        out[audit.host] = (facts, audit.findings)
    return out


def test_audit_on_dask_equals_audit_on_threads(
    lab_factory: Callable[..., Any], dask_runner: DaskRunner
) -> None:
    lab = lab_factory(fleet_data=FLEET)
    threaded = run_audit(load_nornir(lab.inventory_dir, workers=4))
    nr = load_nornir(lab.inventory_dir).with_runner(dask_runner)
    on_dask = run_audit(nr)
    expected, got = _comparable(threaded), _comparable(on_dask)
    assert list(got) == list(expected) == sorted(h["hostname"] for h in FLEET["devices"])
    for name in expected:
        assert got[name] == expected[name], name
    assert not got["LOCKED"][0].reachable and got["LOCKED"][0].error_kind == "authentication"
    assert got["HEALTHY"][0].reachable and got["LEGACY"][1]  # a finding on the legacy device
    assert len(set(dask_runner.last_placement.values())) == 2  # both workers were used


def _outcomes(results: Any) -> dict[str, Any]:
    """Per host: the outcome without what differs between two key generations."""
    out: dict[str, Any] = {}
    for name, multi in results.items():
        outcome = multi[0].result
        if isinstance(outcome, HostOutcome):
            view = _light(outcome)
        else:
            view = None
        exc = multi[0].exception
        out[name] = (multi.failed, multi.changed, view, type(exc).__name__, [r.name for r in multi])
    return out


def _light(outcome: HostOutcome) -> HostOutcome:
    """What two labs of the same fleet must agree on: not the keys, nor the ports in errors."""
    error = re.sub(r"127\.0\.0\.1:\d+", "127.0.0.1:PORT", outcome.error or "") or None
    return dataclasses.replace(outcome, sha256=None, not_after=None, serial=None, error=error)


def test_rollout_on_dask_equals_rollout_on_threads(
    lab_factory: Callable[..., Any], dask_runner: DaskRunner
) -> None:
    threaded_lab, dask_lab = lab_factory(fleet_data=FLEET), lab_factory(fleet_data=FLEET)
    threaded_nr = load_nornir(threaded_lab.inventory_dir, workers=6)
    expected = run_rollout(threaded_nr)
    nr = load_nornir(dask_lab.inventory_dir).with_runner(dask_runner)
    got = run_rollout(nr)
    assert [o.host for o in got] == [o.host for o in expected]
    for want, have in zip(expected, got, strict=True):
        assert _light(have) == _light(want), want.host
    status = {o.host: o.status for o in got}
    assert status["FACTORY"] == "changed" and status["LOCKED"] == "failed"  # it did something
    # the devices of the Dask lab really changed: the raw task finds nothing more to do, and
    # its Results (names, failed, changed, exceptions) are those of the threaded runner
    again = load_nornir(dask_lab.inventory_dir).with_runner(dask_runner).run(task=rollout)
    again_threaded = load_nornir(threaded_lab.inventory_dir, workers=6).run(task=rollout)
    assert _outcomes(again) == _outcomes(again_threaded)
    assert again["FACTORY"][0].result.status == "unchanged"
    assert isinstance(again["LOCKED"].exception, AuthenticationFailed)


def rollout_then_die_once(task: Task, *, marker: str) -> Result:
    """The real rollout; on FACTORY, the first time, the worker dies right after it changed the
    device (before its result could come back)."""
    outcome = task.run(task=rollout, name="rollout").result
    if task.host.name == "FACTORY" and not os.path.exists(marker):
        Path(marker).write_text(current_worker()[0])
        os._exit(1)
    return Result(task.host, result=outcome)


def test_worker_killed_in_the_middle_of_a_rollout_the_retry_converges(
    lab_factory: Callable[..., Any], dask_runner: DaskRunner, tmp_path: Path
) -> None:
    lab = lab_factory(fleet_data=FLEET)
    dask_runner.client.wait_for_workers(2, timeout=180)
    marker = tmp_path / "killed"
    nr = load_nornir(lab.inventory_dir).with_runner(dask_runner)
    got = nr.run(task=rollout_then_die_once, marker=str(marker))
    assert marker.exists()  # a worker did die in the middle
    outcomes = {name: multi[0].result for name, multi in got.items() if not multi.failed}
    assert "FACTORY" not in got.failed_hosts and "HEALTHY" not in got.failed_hosts
    for name, multi in got.failed_hosts.items():  # failures of the devices, not of the cluster
        assert isinstance(multi[0].exception, NornirSubTaskError), (name, multi[0].exception)
        assert not any(isinstance(r.exception, WorkerLost) for r in multi), name
    # the retried shard ran FACTORY again: its device had been changed before the worker died,
    # so the second rollout found nothing to do; the device is as a single rollout leaves it
    assert outcomes["FACTORY"].status == "unchanged"
    assert outcomes["FACTORY"].saved and outcomes["FACTORY"].trustpoint
    again = {o.host: o.status for o in run_rollout(load_nornir(lab.inventory_dir))}
    assert again["FACTORY"] == "unchanged" and again["HEALTHY"] == "unchanged"
