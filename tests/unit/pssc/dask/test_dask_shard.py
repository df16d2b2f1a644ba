"""A shard run on a worker (here in-process, no cluster) gives what the threaded runner gives."""

from __future__ import annotations

import pickle
from typing import Any

import pytest
from nornir.core import Nornir
from nornir.core.configuration import Config
from nornir.core.inventory import Defaults, Group, Groups, Host, Hosts, Inventory, ParentGroups
from nornir.core.plugins.connections import ConnectionPluginRegister
from nornir.core.task import MultiResult, Result, Task
from nornir.plugins.runners import ThreadedRunner

from pssc.dask.results import restore_multiresult
from pssc.dask.shard import ShardPayload, ShardWork, detach_host, pack_shard, run_shard
from tasks.errors import DeviceUnreachable

SECRET = "pa55-w0rd-xyz"
CLOSED: list[str] = []


class FakeConnection:
    """A connection plugin that records when it is closed."""

    def open(self, hostname: str | None, *args: Any, **kwargs: Any) -> None:
        self.connection = object()  # a live object that cannot be pickled meaningfully
        self.hostname = hostname

    def close(self) -> None:
        CLOSED.append(str(self.hostname))


ConnectionPluginRegister.register("pssc-fake", FakeConnection)  # type: ignore[arg-type]


def step(task: Task, *, word: str) -> Result:
    name = task.host.name
    if name == "R2":
        raise DeviceUnreachable("connection refused", host=name)
    task.host.get_connection("pssc-fake", task.nornir.config)
    task.host.data["seen"] = word
    return Result(task.host, result=f"{word} {name} {task.host['site']}", changed=name == "R1")


def grouped(task: Task) -> str:
    task.run(step, word="inner")
    task.run(step, word="second", severity_level=30)
    return "done"


def _inventory() -> Inventory:
    defaults = Defaults(data={"site": "hq"}, password=SECRET)
    paris = Group("paris", data={"site": "paris"}, defaults=defaults)
    hosts = Hosts(
        {
            f"R{i}": Host(
                f"R{i}",
                hostname=f"10.0.0.{i}",
                groups=ParentGroups([paris] if i % 2 else []),
                defaults=defaults,
            )
            for i in range(5)
        }
    )
    return Inventory(hosts=hosts, groups=Groups({"paris": paris}), defaults=defaults)


def _view(multi: MultiResult) -> list[tuple[Any, ...]]:
    return [
        (
            r.name,
            r.failed,
            r.changed,
            r.diff,
            r.severity_level,
            r.result if not r.failed else str(r.result).splitlines()[-1],
            type(r.exception).__name__,
            str(r.exception),
            r.host.name if r.host else None,
        )
        for r in multi
    ]


def _task(nr: Nornir, func: Any, **params: Any) -> Task:
    return Task(func, nr, global_dry_run=False, processors=nr.processors, **params)


def _run_shard(nr: Nornir, func: Any, **params: Any) -> dict[str, MultiResult]:
    hosts = list(nr.inventory.hosts.values())
    work = ShardWork(func, func.__name__, params, 20, False, nr.config, hosts, 4)
    work.hosts = [detach_host(h) for h in hosts]
    outcome = run_shard(pack_shard("s0", work))
    assert outcome.worker == "local"
    return {h.name: restore_multiresult(outcome.results[h.name], h) for h in hosts}


@pytest.mark.parametrize(("func", "params"), [(step, {"word": "hello"}), (grouped, {})])
def test_same_results_as_the_threaded_runner_host_by_host(func: Any, params: Any) -> None:
    threaded_nr = Nornir(inventory=_inventory(), config=Config(), runner=ThreadedRunner())
    expected = threaded_nr.run(func, **params)
    shard_nr = Nornir(inventory=_inventory(), config=Config())
    got = _run_shard(shard_nr, func, **params)
    assert list(got) == list(expected)
    for name, multi in expected.items():
        assert _view(got[name]) == _view(multi), name
        assert got[name].failed == (name == "R2")
    assert isinstance(got["R2"][0].exception, type(expected["R2"][0].exception))


def test_connections_opened_on_the_worker_are_closed_there() -> None:
    CLOSED.clear()
    _run_shard(Nornir(inventory=_inventory(), config=Config()), step, word="x")
    assert sorted(CLOSED) == ["10.0.0.0", "10.0.0.1", "10.0.0.3", "10.0.0.4"]


def test_host_data_a_task_changed_comes_back() -> None:
    nr = Nornir(inventory=_inventory(), config=Config())
    hosts = list(nr.inventory.hosts.values())
    work = ShardWork(step, "step", {"word": "w"}, 20, False, nr.config, hosts, 2)
    outcome = run_shard(pack_shard("s", work))
    assert pickle.loads(outcome.data["R0"])["seen"] == "w"
    assert "R2" not in outcome.data  # it failed before touching its data


def test_payload_repr_shows_no_host_data_and_no_secret() -> None:
    nr = Nornir(inventory=_inventory(), config=Config())
    work = ShardWork(
        step, "step", {"word": "w"}, 20, False, nr.config, list(nr.inventory.hosts.values()), 2
    )
    payload = pack_shard("step/0", work)
    assert repr(payload) == "<pssc shard step/0: 5 hosts>"
    assert SECRET not in repr(payload) and SECRET not in str(payload)


def test_a_shard_that_cannot_be_unpacked_fails_each_host() -> None:
    payload = ShardPayload("bad", ("R1", "R2"), b"not a pickle")
    outcome = run_shard(payload)
    for name in ("R1", "R2"):
        multi = restore_multiresult(outcome.results[name], Host(name))
        assert multi.failed and multi[0].host.name == name
        assert isinstance(multi[0].exception, pickle.UnpicklingError)


def test_live_connections_do_not_travel() -> None:
    host = _inventory().hosts["R1"]
    host.connections["pssc-fake"] = FakeConnection()  # type: ignore[assignment]
    work = ShardWork(step, "step", {}, 20, False, Config(), [detach_host(host)], 1)
    again: ShardWork = pickle.loads(pack_shard("s", work).blob)
    assert again.hosts[0].connections == {}
    assert again.hosts[0]["site"] == "paris" and again.hosts[0].password == SECRET


def test_connection_plugins_travel_and_installed_ones_are_registered() -> None:
    shipped = {"pssc-fake": FakeConnection}
    del ConnectionPluginRegister.available["pssc-fake"]
    ConnectionPluginRegister.available.pop("netmiko", None)
    try:
        nr = Nornir(inventory=_inventory(), config=Config())
        hosts = [detach_host(h) for h in nr.inventory.hosts.values()]
        work = ShardWork(step, "step", {"word": "p"}, 20, False, nr.config, hosts, 2, shipped)
        outcome = run_shard(pack_shard("p", work))
        back = restore_multiresult(outcome.results["R0"], hosts[0])
        assert not back.failed, back[0].result
        assert "netmiko" in ConnectionPluginRegister.available  # from its entry point
    finally:
        ConnectionPluginRegister.available["pssc-fake"] = FakeConnection  # type: ignore[assignment]
