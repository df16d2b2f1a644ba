"""Sending the shards of one run to Dask workers, and retrying a shard whose worker is lost.

:class:`Dispatch` is given what it needs (the Dask client, a way to list the live workers, and
:class:`DispatchSettings`) and returns what it did (:class:`Dispatched`: the results per host and
the worker of each shard); it knows nothing of the runner that uses it.
"""

from __future__ import annotations

import logging
import pickle
import threading
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from nornir.core.inventory import Group, Host
from nornir.core.plugins.connections import ConnectionPluginRegister
from nornir.core.task import MultiResult, Task

from pssc.dask.plan import Shard, choose_worker
from pssc.dask.results import RemoteTaskError, failed_multiresult, restore_multiresult
from pssc.dask.shard import (
    ShardOutcome,
    ShardPayload,
    ShardWork,
    detach_host,
    pack_shard,
    run_shard,
)
from pssc.errors import DaskRunnerError, WorkerLost

logger = logging.getLogger(__name__)
RESTART_TIMEOUT = 120.0  # seconds a restarted worker may take to come back

LiveWorkers = Callable[[], Mapping[str, str]]  # address -> name of the workers alive now


@dataclass(frozen=True)
class DispatchSettings:
    """How one run is dispatched (the runner's arguments of the same names)."""

    num_workers: int = 20  # threads per shard on its worker
    worker_timeout: float = 60.0  # seconds to wait for a worker (a result, a retry)
    poll_interval: float = 0.25  # seconds between looks at the workers
    shard_timeout: float | None = None  # seconds after which a running shard counts as lost


@dataclass(frozen=True)
class Dispatched:
    """What a run did: each host's results, and the worker each shard last went to."""

    results: dict[str, MultiResult]
    placement: dict[str, str]  # shard id -> worker address


@dataclass
class _Attempt:
    shard: Shard
    payload: ShardPayload
    number: int
    worker: str
    future: Any = None
    tried: list[str] = field(default_factory=list)
    started: float = 0.0


class Dispatch:
    """Submits the shards of one run, watches their workers, retries a lost shard once."""

    def __init__(
        self,
        client: Any,
        task: Task,
        *,
        live_workers: LiveWorkers,
        settings: DispatchSettings | None = None,
    ) -> None:
        self.client = client
        self.task = task
        self.live_workers = live_workers
        self.settings = settings or DispatchSettings()
        self.placement: dict[str, str] = {}
        self.done = threading.Event()
        self.pending: dict[str, _Attempt] = {}
        self.waiting: list[tuple[_Attempt, float]] = []
        self.results: dict[str, MultiResult] = {}
        self.load: dict[str, int] = {}
        self.memo: dict[int, Group] = {}
        self.missing: set[str] = set()

    def _pack(self, shard: Shard) -> ShardPayload:
        task = self.task
        work = ShardWork(
            task=task.task,
            name=task.name,
            params=dict(task.params),
            severity_level=task.severity_level,
            dry_run=task.global_dry_run,
            config=task.nornir.config,
            hosts=[detach_host(h, self.memo) for h in shard.hosts],
            num_workers=self.settings.num_workers,
            connection_plugins=dict(ConnectionPluginRegister.available),
        )
        try:
            return pack_shard(f"{task.name}/{shard.shard_id}", work)
        except Exception as exc:
            raise DaskRunnerError(
                f"task {task.name!r} cannot be sent to Dask workers (its function, arguments or "
                f"host data do not pickle): {exc}"
            ) from exc

    def run(self, plan: list[Shard], workers: Mapping[str, str]) -> Dispatched:
        """Send every shard of ``plan`` (``workers``: the live ones now), wait for all."""
        attempts = [_Attempt(shard, self._pack(shard), 1, "") for shard in plan]  # all or none
        for attempt in attempts:
            for host in attempt.shard.hosts:
                self.task.processors.task_instance_started(self.task, host)
            self._submit(attempt, workers)
        while self.pending or self.waiting:
            self.done.wait(self.settings.poll_interval)
            self.done.clear()
            self._collect()
            if self.pending or self.waiting:
                self._watch()
        return Dispatched(self.results, self.placement)

    def _submit(self, attempt: _Attempt, workers: Mapping[str, str]) -> None:
        worker = choose_worker(attempt.shard, workers, self.load, frozenset(attempt.tried))
        if worker is None:
            self.waiting.append((attempt, time.monotonic() + self.settings.worker_timeout))
            return
        attempt.worker = worker
        attempt.tried.append(worker)
        self.load[worker] = self.load.get(worker, 0) + len(attempt.shard.hosts)
        self.placement[attempt.shard.shard_id] = worker
        key = f"pssc-shard-{uuid.uuid4().hex[:12]}-{attempt.number}"
        attempt.future = self.client.submit(
            run_shard,
            attempt.payload,
            key=key,
            workers=[worker],
            allow_other_workers=False,
            pure=False,
            retries=0,
        )
        attempt.started = time.monotonic()
        attempt.future.add_done_callback(lambda _f: self.done.set())
        self.pending[key] = attempt
        logger.debug("dask: shard %s try %d on %s", attempt.payload, attempt.number, worker)

    def _collect(self) -> None:
        for key, attempt in list(self.pending.items()):
            future = attempt.future
            if not future.done():
                continue
            del self.pending[key]
            if future.status == "finished":
                try:  # the worker may die before its result is fetched: then it is lost
                    outcome = future.result(timeout=self.settings.worker_timeout)
                except Exception as exc:
                    logger.warning("dask: result of %s not fetched: %r", attempt.payload, exc)
                    self._lost(attempt)
                    continue
                future.release()
                self._finish(attempt.shard, outcome)
            elif future.status == "cancelled":
                self._lost(attempt)
            else:
                self._erred(attempt, future.exception())

    def _erred(self, attempt: _Attempt, exc: BaseException) -> None:
        from distributed.scheduler import KilledWorker

        if isinstance(exc, KilledWorker) or attempt.worker not in self.live_workers():
            self._lost(attempt)  # e.g. the connection to a dying worker closed under the task
            return
        logger.error("dask: shard %s failed on %s: %s", attempt.payload, attempt.worker, exc)
        for host in attempt.shard.hosts:
            self._host_done(host, failed_multiresult(self.task.name, host, _travelled(exc)))

    def _watch(self) -> None:
        workers = self.live_workers()
        for key, attempt in list(self.pending.items()):
            if self._overdue(attempt):
                del self.pending[key]
                self._lost(attempt)
            elif attempt.worker in workers or attempt.future.done():
                self.missing.discard(key)
            elif key not in self.missing:
                self.missing.add(key)  # gone only when it is still gone at the next look
            else:
                del self.pending[key]
                attempt.future.cancel()
                self._lost(attempt)
        waiting, self.waiting = self.waiting, []
        for attempt, deadline in waiting:
            if time.monotonic() > deadline:
                self._give_up(attempt)
            else:
                self._submit(attempt, workers)

    def _overdue(self, attempt: _Attempt) -> bool:
        """A shard past ``shard_timeout``: its worker is restarted (its threads may hang on
        devices that stopped answering) and the shard counts as lost."""
        limit = self.settings.shard_timeout
        if limit is None or attempt.future.done() or time.monotonic() - attempt.started < limit:
            return False
        logger.warning("dask: shard %s over %.0f s on %s", attempt.payload, limit, attempt.worker)
        attempt.future.cancel()
        before = time.monotonic()
        try:
            # a restart given too little time closes the nanny instead (the worker never comes
            # back: seen with a 10 s shard timeout on a loaded machine), so it gets its own time
            self.client.restart_workers(
                [attempt.worker], timeout=max(limit, RESTART_TIMEOUT), raise_for_error=False
            )
        except Exception as exc:  # a worker that cannot be restarted is left to Dask
            logger.warning("dask: could not restart %s: %r", attempt.worker, exc)
        # the time spent waiting for the restart (seconds on a loaded machine) is not the other
        # shards' time: they are not overdue because this loop was blocked
        paused = time.monotonic() - before
        for other in self.pending.values():
            if other is not attempt:
                other.started += paused
        return True

    def _lost(self, attempt: _Attempt) -> None:
        logger.warning(
            "dask: worker %s lost with shard %s (try %d)",
            attempt.worker,
            attempt.payload,
            attempt.number,
        )
        if attempt.number >= 2:
            self._give_up(attempt)
            return
        retry = _Attempt(attempt.shard, attempt.payload, 2, "", tried=list(attempt.tried))
        self._submit(retry, self.live_workers())

    def _give_up(self, attempt: _Attempt) -> None:
        for host in attempt.shard.hosts:
            lost = WorkerLost(host.name, attempt.payload.shard_id, list(attempt.tried))
            self._host_done(host, failed_multiresult(self.task.name, host, lost))

    def _finish(self, shard: Shard, outcome: ShardOutcome) -> None:
        logger.debug(
            "dask: shard %s done on %s (pid %d)", shard.shard_id, outcome.worker, outcome.pid
        )
        for host in shard.hosts:
            multi = restore_multiresult(outcome.results[host.name], host)
            if host.name in outcome.data:
                _update_data(host, outcome.data[host.name])
            self._host_done(host, multi)

    def _host_done(self, host: Host, multi: MultiResult) -> None:
        self.results[host.name] = multi
        self.task.processors.task_instance_completed(self.task, host, multi)


def _travelled(exc: BaseException) -> BaseException:
    return exc if isinstance(exc, Exception) else RemoteTaskError.wrap(exc)


def _update_data(host: Host, blob: bytes) -> None:
    data = pickle.loads(blob)
    host.data.clear()
    host.data.update(data)
