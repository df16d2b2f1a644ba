"""The Dask runner on a LocalCluster of 2 worker processes on loopback, with plain Nornir tasks.

Compared host by host with the threaded runner; shard placement by inventory key; a worker killed
in the middle (retried once on another, then a per-host failure); no credential on disk or in logs.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import cloudpickle
import pytest
import yaml
from nornir import InitNornir
from nornir.core import Nornir
from nornir.core.inventory import Defaults, Groups, Host, Hosts, Inventory
from nornir.core.processor import Processor
from nornir.core.task import AggregatedResult, MultiResult, Result, Task
from nornir.plugins.runners import ThreadedRunner

from pssc.dask import DaskRunner
from pssc.dask.shard import current_worker
from pssc.errors import DaskRunnerError, WorkerLost
from tasks.errors import DeviceUnreachable

pytestmark = [pytest.mark.dask, pytest.mark.xdist_group("dask")]
cloudpickle.register_pickle_by_value(sys.modules[__name__])  # workers need not import tests/

SECRET = "dask-Secr3t-never-on-disk"


def whoami(task: Task, *, word: str) -> Result:
    if task.host.name == "R2":
        raise DeviceUnreachable("connection refused", host="R2", command="ssh")
    text = f"{word} {task.host.name} {task.host.password == SECRET}"
    return Result(task.host, result=text, changed=True, worker=current_worker())


def die_once(task: Task, *, marker: str) -> Result:
    address = current_worker()[0]
    if task.host.name == "R4" and not os.path.exists(marker):
        Path(marker).write_text(address)
        os._exit(1)  # the worker process dies in the middle of its shard
    time.sleep(0.05)
    return Result(task.host, result=address)


def die_always(task: Task) -> Result:
    if task.host.name == "R4":
        os._exit(1)
    time.sleep(0.05)
    return Result(task.host, result=current_worker()[0])


def _inventory(count: int = 6) -> Inventory:
    defaults = Defaults(username="admin", password=SECRET)
    hosts = {
        f"R{i}": Host(f"R{i}", hostname="127.0.0.1", data={"site": str(i % 2)}, defaults=defaults)
        for i in range(count)
    }
    return Inventory(hosts=Hosts(hosts), groups=Groups(), defaults=defaults)


class Counter(Processor):  # type: ignore[misc]
    def __init__(self) -> None:
        self.started: list[str] = []
        self.completed: list[str] = []

    def task_started(self, task: Task) -> None: ...
    def task_completed(self, task: Task, result: AggregatedResult) -> None: ...
    def task_instance_started(self, task: Task, host: Host) -> None:
        self.started.append(host.name)

    def task_instance_completed(self, task: Task, host: Host, result: MultiResult) -> None:
        self.completed.append(host.name)

    def subtask_instance_started(self, task: Task, host: Host) -> None: ...
    def subtask_instance_completed(self, task: Task, host: Host, result: MultiResult) -> None: ...


@pytest.fixture(scope="module")
def runner() -> Iterator[DaskRunner]:
    with DaskRunner(local_workers=2, num_workers=4, worker_timeout=180) as dask_runner:
        yield dask_runner
    assert dask_runner._cluster is None  # closed with the runner


def _two_workers(runner: DaskRunner) -> dict[str, str]:
    runner.client.wait_for_workers(2, timeout=180)
    return runner.live_workers()


def _view(multi: MultiResult) -> list[tuple[Any, ...]]:
    return [
        (
            r.name,
            r.failed,
            r.changed,
            r.severity_level,
            type(r.exception).__name__,
            str(r.exception),
        )
        for r in multi
    ]


def test_same_results_as_the_threaded_runner_host_by_host(runner: DaskRunner) -> None:
    _two_workers(runner)
    inventory = _inventory()
    counter = Counter()
    nr = Nornir(inventory=inventory, runner=runner).with_processors([counter])
    got = nr.run(whoami, word="hi")
    expected = Nornir(inventory=_inventory(), runner=ThreadedRunner()).run(whoami, word="hi")
    assert list(got) == list(expected) == [f"R{i}" for i in range(6)]
    for name in got:
        assert _view(got[name]) == _view(expected[name]), name
        assert got[name][0].host is inventory.hosts[name]
    assert got["R0"].result == "hi R0 True"  # the password reached the worker in memory
    assert isinstance(got["R2"].exception, DeviceUnreachable)
    assert got["R2"].exception.command == "ssh"
    assert len({got[n][0].worker for n in got if n != "R2"}) == 2  # both workers worked
    assert sorted(counter.started) == sorted(counter.completed) == sorted(got)
    assert set(nr.data.failed_hosts) == {"R2"}


def _tls_files(runner: DaskRunner, folder: Path) -> dict[str, str]:
    security = runner.security
    files: dict[str, str] = {}
    for option, pem in (("tls_ca", security.tls_ca_file), ("tls_cert", security.tls_client_cert),
                        ("tls_key", security.tls_client_key)):  # fmt: skip
        path = folder / f"{option}.pem"
        path.write_text(pem)
        path.chmod(0o600)
        files[option] = str(path)
    return files


def _tls_answer(address: str, ca: str, cert: tuple[str, str] | None) -> bytes | None:
    """What the scheduler says to a TLS client (``cert``: its certificate and key files): its
    first bytes, or None when it refused the client (a TLS alert, or the connection closed)."""
    import socket
    import ssl

    host, port = address.removeprefix("tls://").rsplit(":", 1)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.load_verify_locations(cadata=ca)
    if cert is not None:
        context.load_cert_chain(*cert)
    try:
        with socket.create_connection((host, int(port)), timeout=5) as raw:
            with context.wrap_socket(raw) as tls:
                return tls.recv(16) or None
    except (ssl.SSLError, OSError):
        return None


def test_the_local_cluster_speaks_mutual_tls_only(runner: DaskRunner, tmp_path: Path) -> None:
    """Issue 13 finding 5: --dask-local listened on plain TCP; any local user could run code in a
    worker. Now every address is tls://, and only a client with the run's certificate is heard."""
    from distributed import Security

    address = runner.client.scheduler.address
    assert address.startswith("tls://127.0.0.1:")
    assert all(worker.startswith("tls://127.0.0.1:") for worker in _two_workers(runner))
    ca = runner.security.tls_ca_file
    files = _tls_files(runner, tmp_path)
    other = Security.temporary()  # a certificate of another CA
    (tmp_path / "other.pem").write_text(other.tls_client_cert + other.tls_client_key)
    heard = _tls_answer(address, ca, (files["tls_cert"], files["tls_key"]))
    assert heard  # the scheduler's handshake
    for cert in (None, (str(tmp_path / "other.pem"), str(tmp_path / "other.pem"))):
        assert _tls_answer(address, ca, cert) is None  # refused


def test_entry_point_and_an_existing_scheduler(runner: DaskRunner, tmp_path: Path) -> None:
    address = runner.client.scheduler.address
    assert address.startswith("tls://")
    (tmp_path / "hosts.yaml").write_text(
        yaml.safe_dump({f"S{i}": {"hostname": "127.0.0.1", "password": SECRET} for i in range(3)})
    )
    tls = _tls_files(runner, tmp_path)  # the cluster's certificates, as files an operator has
    nr = InitNornir(
        runner={"plugin": "dask", "options": {"scheduler": address, "num_workers": 2, **tls}},
        inventory={
            "plugin": "SimpleInventory",
            "options": {"host_file": str(tmp_path / "hosts.yaml")},
        },
        logging={"enabled": False},
    )
    assert isinstance(nr.runner, DaskRunner) and nr.runner.scheduler == address
    try:
        got = nr.run(whoami, word="yo")
        assert {n: r.result for n, r in got.items()} == {f"S{i}": f"yo S{i} True" for i in range(3)}
    finally:
        nr.runner.close()
    assert runner.live_workers()  # closing a client to an existing cluster leaves it running


def test_shard_by_sends_each_key_to_the_worker_of_that_name(runner: DaskRunner) -> None:
    workers = _two_workers(runner)
    assert sorted(workers.values()) == ["0", "1"]
    keyed = DaskRunner(
        scheduler=runner.client.scheduler.address,
        security=runner.security,
        shard_by="site",
        num_workers=3,
    )
    try:
        got = Nornir(inventory=_inventory(8), runner=keyed).run(whoami, word="k")
    finally:
        keyed.close()
    for name, multi in got.items():
        if name != "R2":
            assert multi[0].worker[1] == multi[0].host["site"], name


def test_a_worker_killed_in_the_middle_is_retried_once_on_another(
    runner: DaskRunner, tmp_path: Path
) -> None:
    _two_workers(runner)
    marker = tmp_path / "killed"
    got = Nornir(inventory=_inventory(), runner=runner).run(die_once, marker=str(marker))
    killed = marker.read_text()
    assert not got.failed, {n: str(r.exception) for n, r in got.items() if r.failed}
    assert got["R4"].result != killed  # it finished on another worker
    assert {got[n].result for n in ("R3", "R4", "R5")} == {got["R4"].result}  # the whole shard


def test_a_shard_lost_twice_fails_each_of_its_hosts(runner: DaskRunner) -> None:
    _two_workers(runner)
    got = Nornir(inventory=_inventory(), runner=runner).run(die_always)
    assert [n for n in got if not got[n].failed] == ["R0", "R1", "R2"]
    for name in ("R3", "R4", "R5"):
        exc = got[name].exception
        assert isinstance(exc, WorkerLost), (name, exc)
        assert exc.host == name and len(set(exc.workers)) == 2
        assert got[name][0].host.name == name
    _two_workers(runner)  # the nannies bring the killed workers back


def test_no_spilling_and_no_secret_on_disk_or_in_logs(
    runner: DaskRunner, caplog: pytest.LogCaptureFixture
) -> None:
    _two_workers(runner)
    with caplog.at_level(logging.DEBUG):
        Nornir(inventory=_inventory(), runner=runner).run(whoami, word="log")
    assert SECRET not in caplog.text

    def worker_view(dask_worker: Any) -> dict[str, Any]:
        import dask

        return {
            "spill": dask.config.get("distributed.worker.memory.spill"),
            "target": dask.config.get("distributed.worker.memory.target"),
            "dir": dask_worker.local_directory,
            "store": type(dask_worker.data).__name__,
            "profile": dask.config.get("distributed.worker.profile.enabled"),
            "profiling": "profile" in dask_worker.periodic_callbacks,
        }

    views = runner.client.run(worker_view)
    for view in views.values():
        assert view["spill"] is False and view["target"] is False
        assert view["store"] == "dict"  # no SpillBuffer behind the worker's data
        assert view["profile"] is False and view["profiling"] is False  # see WORKER_CONFIG
        for path in Path(view["dir"]).rglob("*"):
            if path.is_file():
                assert SECRET.encode() not in path.read_bytes(), path
    for lines in runner.client.get_worker_logs().values():
        assert all(SECRET not in str(line) for line in lines)


def test_arguments_that_cannot_travel_stop_the_run_before_anything_runs(
    runner: DaskRunner,
) -> None:
    import threading

    counter = Counter()
    nr = Nornir(inventory=_inventory(), runner=runner).with_processors([counter])
    with pytest.raises(DaskRunnerError, match="cannot be sent to Dask workers"):
        nr.run(whoami, word=threading.Lock())
    assert counter.started == []


def hang_once(task: Task, *, marker: str) -> Result:
    address = current_worker()[0]
    if task.host.name == "R4" and not os.path.exists(marker):
        Path(marker).write_text(address)
        time.sleep(120)  # a device that stopped answering, without a timeout of its own
    return Result(task.host, result=address)


def test_a_shard_over_its_timeout_is_retried_elsewhere_and_its_worker_restarted(
    runner: DaskRunner, tmp_path: Path
) -> None:
    _two_workers(runner)
    # the cluster waits for a restarted worker as long as the restart may take (Dask's 15 s
    # default closed the nanny of a worker slow to come back: the cluster lost it for good)
    import dask
    from dask.utils import parse_timedelta

    from pssc.dask.dispatch import RESTART_TIMEOUT

    waited = parse_timedelta(dask.config.get("distributed.deploy.lost-worker-timeout"))
    assert waited is not None and waited > RESTART_TIMEOUT
    Nornir(inventory=_inventory(), runner=runner).run(whoami, word="warm")  # modules imported
    marker = tmp_path / "hung"
    # 10 s: far under the hang (120 s), over a healthy shard on a loaded 2-core machine
    timed = DaskRunner(
        scheduler=runner.client.scheduler.address, security=runner.security, shard_timeout=10
    )
    try:
        got = Nornir(inventory=_inventory(), runner=timed).run(hang_once, marker=str(marker))
    finally:
        timed.close()
    hung = marker.read_text()
    assert not got.failed, {n: str(r.exception) for n, r in got.items() if r.failed}
    assert got["R4"].result != hung
    _two_workers(runner)
    assert hung not in runner.live_workers()  # the hung worker was restarted (new address)
