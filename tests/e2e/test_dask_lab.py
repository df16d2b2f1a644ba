"""The real runbooks on a LocalCluster (2 worker processes on loopback) against the lab, compared
host by host with the threaded runner."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from pssc.audit.collect import run_audit
from pssc.audit.model import AuditReport
from pssc.dask_runner import DaskRunner
from pssc.inventory import load_nornir
from tasks.rollout import HostOutcome, rollout

pytestmark = [pytest.mark.dask, pytest.mark.xdist_group("dask")]

try:  # the lab's device model lands separately; until then there is nothing to run against
    from lab.device import Device  # noqa: F401
except ImportError:
    pytest.skip("lab.device.Device is not there yet", allow_module_level=True)

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
            view = dataclasses.replace(outcome, sha256=None, not_after=None, serial=None)
        else:
            view = None
        exc = multi[0].exception
        out[name] = (multi.failed, multi.changed, view, type(exc).__name__, [r.name for r in multi])
    return out


def test_rollout_on_dask_equals_rollout_on_threads(
    lab_factory: Callable[..., Any], dask_runner: DaskRunner
) -> None:
    threaded_lab, dask_lab = lab_factory(fleet_data=FLEET), lab_factory(fleet_data=FLEET)
    expected = load_nornir(threaded_lab.inventory_dir, workers=6).run(task=rollout)
    nr = load_nornir(dask_lab.inventory_dir).with_runner(dask_runner)
    got = nr.run(task=rollout)
    assert list(got) == list(expected)
    want, have = _outcomes(expected), _outcomes(got)
    for name in want:
        assert have[name] == want[name], name
    assert not got["FACTORY"].failed and got["FACTORY"].changed  # the rollout did something
    assert got["LOCKED"].failed
    for name, multi in got.items():
        assert multi[0].host is nr.inventory.hosts[name]
    # and the devices of the Dask lab really changed: a second run finds nothing to do
    again = load_nornir(dask_lab.inventory_dir).with_runner(dask_runner).run(task=rollout)
    assert again["FACTORY"][0].result.status == "unchanged"
