"""One shard of hosts, as it travels to a Dask worker and back.

The client packs a shard (the task function and its arguments, the Nornir configuration and
detached copies of the hosts: their inventory data, never their live connections) into a
:class:`ShardPayload`; the worker rebuilds the hosts, runs the task over them with threads exactly
as Nornir's threaded runner does, closes the connections it opened and sends the results back as
bytes, one blob per host. Everything travels in memory: nothing here writes to disk or logs a
credential, and the payload's ``repr`` names only the shard (Dask prints the arguments of a task
that raises; :func:`run_shard` never raises).
"""

from __future__ import annotations

import logging
import os
import pickle
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import cloudpickle  # type: ignore[import-untyped]
from nornir.core import Nornir
from nornir.core.configuration import Config
from nornir.core.inventory import Defaults, Group, Groups, Host, Hosts, Inventory, ParentGroups
from nornir.core.plugins.connections import ConnectionPluginRegister
from nornir.core.processor import Processors
from nornir.core.state import GlobalState
from nornir.core.task import MultiResult, Task

from pssc.dask.results import failed_multiresult, sanitize_multiresult

logger = logging.getLogger(__name__)


@dataclass
class ShardWork:
    """What the worker needs to run one Nornir task over a shard of hosts (pickled as a whole)."""

    task: Callable[..., Any]
    name: str
    params: dict[str, Any]
    severity_level: int
    dry_run: bool
    config: Config
    hosts: list[Host]
    num_workers: int
    connection_plugins: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ShardPayload:
    """A shard packed for the wire: bytes behind a ``repr`` that shows no host data."""

    shard_id: str
    host_names: tuple[str, ...]
    blob: bytes = field(repr=False)

    def __repr__(self) -> str:
        return f"<pssc shard {self.shard_id}: {len(self.host_names)} hosts>"


@dataclass(frozen=True)
class ShardOutcome:
    """What comes back: one pickled ``MultiResult`` per host (its ``Result.host`` set to None),
    the host data a task changed, and the worker that did it."""

    shard_id: str
    worker: str
    pid: int
    results: dict[str, bytes] = field(repr=False)
    data: dict[str, bytes] = field(repr=False, default_factory=dict)


def _detach_group(group: Group, memo: dict[int, Group]) -> Group:
    if id(group) in memo:
        return memo[id(group)]
    copy = Group(
        name=group.name,
        hostname=object.__getattribute__(group, "hostname"),
        port=object.__getattribute__(group, "port"),
        username=object.__getattribute__(group, "username"),
        password=object.__getattribute__(group, "password"),
        platform=object.__getattribute__(group, "platform"),
        data=group.data,
        connection_options=group.connection_options,
        defaults=group.defaults,
    )
    memo[id(group)] = copy
    copy.groups = ParentGroups(_detach_group(g, memo) for g in group.groups)
    return copy


def detach_host(host: Host, memo: dict[int, Group] | None = None) -> Host:
    """A copy of ``host`` that shares its inventory data but none of its open connections.

    >>> h = Host("R1", hostname="127.0.0.1", password="pw", data={"site": "a"})
    >>> h.connections["netmiko"] = object()  # a live connection must not travel
    >>> d = detach_host(h)
    >>> (d.name, d.hostname, d.password, d["site"], d.connections)
    ('R1', '127.0.0.1', 'pw', 'a', {})
    """
    memo = {} if memo is None else memo
    return Host(
        name=host.name,
        hostname=object.__getattribute__(host, "hostname"),
        port=object.__getattribute__(host, "port"),
        username=object.__getattribute__(host, "username"),
        password=object.__getattribute__(host, "password"),
        platform=object.__getattribute__(host, "platform"),
        groups=ParentGroups(_detach_group(g, memo) for g in host.groups),
        data=host.data,
        connection_options=host.connection_options,
        defaults=host.defaults,
    )


def pack_shard(shard_id: str, work: ShardWork) -> ShardPayload:
    """Pickle ``work`` (cloudpickle, so a runbook's own task functions travel too)."""
    blob = cloudpickle.dumps(work)
    return ShardPayload(shard_id, tuple(h.name for h in work.hosts), blob)


_CURRENT: tuple[str, str] = ("local", "local")


def current_worker() -> tuple[str, str]:
    """Address and name of the Dask worker this process last ran a shard for (from any thread,
    also the task threads, where ``distributed.get_worker()`` does not work), else ``local``."""
    return _CURRENT


def _worker_address() -> str:
    global _CURRENT
    try:
        from distributed import get_worker

        worker = get_worker()
    except (ImportError, ValueError):
        return "local"
    _CURRENT = (str(worker.address), str(worker.name))
    return _CURRENT[0]


def _register_plugins(shipped: dict[str, Any]) -> None:
    """What ``InitNornir`` does on the client: the installed connection plugins (netmiko...),
    and those the client registered by hand (a runbook's own), which travelled with the shard."""
    ConnectionPluginRegister.auto_register()
    for name, plugin in shipped.items():
        if name not in ConnectionPluginRegister.available:
            ConnectionPluginRegister.register(name, plugin)


def _worker_nornir(work: ShardWork) -> Nornir:
    _register_plugins(work.connection_plugins)
    groups = Groups()
    for host in work.hosts:
        for group in host.extended_groups():
            groups[group.name] = group
    defaults = work.hosts[0].defaults if work.hosts else Defaults()
    inventory = Inventory(
        hosts=Hosts({h.name: h for h in work.hosts}), groups=groups, defaults=defaults
    )
    return Nornir(inventory=inventory, config=work.config, data=GlobalState(dry_run=work.dry_run))


def _run_one(task: Task, host: Host) -> MultiResult:
    try:
        return task.copy().start(host)
    finally:
        try:
            host.close_connections()
        except Exception:  # a connection that fails to close must not hide the result
            logger.warning("%s: closing connections failed", host.name, exc_info=True)


def _data_bytes(host: Host) -> bytes:
    try:
        return bytes(cloudpickle.dumps(host.data))
    except Exception:  # data a task put there that cannot travel stays on the worker
        return b""


def run_shard(payload: ShardPayload) -> ShardOutcome:
    """Run a shard on this worker; every failure becomes a failed host ``Result``, never a raise."""
    worker = _worker_address()
    try:
        work: ShardWork = pickle.loads(payload.blob)
    except Exception as exc:  # e.g. a module the task needs is not installed on this worker
        logger.error("shard %s: cannot unpack on %s: %s", payload.shard_id, worker, exc)
        lost = {
            h: sanitize_multiresult(failed_multiresult("unpack shard", None, exc))
            for h in payload.host_names
        }
        return ShardOutcome(payload.shard_id, worker, os.getpid(), lost)
    nornir = _worker_nornir(work)
    task = Task(
        work.task,
        nornir,
        global_dry_run=work.dry_run,
        processors=Processors(),
        name=work.name,
        severity_level=work.severity_level,
        **work.params,
    )
    before = {h.name: _data_bytes(h) for h in work.hosts}
    logger.debug("shard %s: %d hosts on %s", payload.shard_id, len(work.hosts), worker)
    with ThreadPoolExecutor(max(1, work.num_workers)) as pool:
        futures = [(h, pool.submit(_run_one, task, h)) for h in work.hosts]
    blobs: dict[str, bytes] = {}
    changed: dict[str, bytes] = {}
    for host, future in futures:
        try:
            multi = future.result()
        except BaseException as exc:  # SystemExit and the like, which Task.start lets through
            multi = failed_multiresult(work.name, None, exc)
        blobs[host.name] = sanitize_multiresult(multi)
        after = _data_bytes(host)
        if after != before[host.name]:
            changed[host.name] = after
    return ShardOutcome(payload.shard_id, worker, os.getpid(), blobs, changed)
