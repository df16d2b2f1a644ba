"""A Nornir runner that runs the hosts on a Dask cluster (entry point ``dask``).

The hosts are split into shards (see :mod:`pssc.dask.plan`); each shard goes to one Dask worker,
where a thread pool of ``num_workers`` runs the task over its hosts exactly as Nornir's threaded
runner does (:mod:`pssc.dask.shard`). The results come back as one ``AggregatedResult`` in the
order of the hosts, each ``Result.host`` being the caller's own ``Host``. A shard whose worker is
lost is sent once more to another worker; if that one is lost too, each of its hosts gets a failed
``Result`` carrying :class:`~pssc.errors.WorkerLost`.

``scheduler`` connects to a running cluster; otherwise a ``LocalCluster`` of ``local_workers``
processes is started on 127.0.0.1 at the first run and closed by :meth:`DaskRunner.close` (or at
exit). Credentials travel in memory inside the pickled hosts, always over TLS
(:mod:`pssc.dask.security`: temporary certificates for the local cluster; a remote scheduler must
be ``tls://`` with certificates, unless ``insecure``); the local cluster runs with memory
spilling off, so nothing is written to disk.
"""

from __future__ import annotations

import atexit
import copy
import logging
import threading
from typing import Any

from nornir.core.inventory import Host
from nornir.core.task import AggregatedResult, Task

from pssc.dask.dispatch import RESTART_TIMEOUT, Dispatch, DispatchSettings
from pssc.dask.plan import plan_shards
from pssc.dask.security import check_scheduler, security_for
from pssc.errors import DaskRunnerError

logger = logging.getLogger(__name__)

# Workers of a local cluster: no spilling to disk (credentials live in the shards), and no
# statistical profiler: it calls sys._current_frames() every 10 ms, which in CPython 3.11 can
# deadlock the whole worker (GC inside it drops the GIL while holding the thread-list lock, and a
# task thread that ends waits for that lock holding the GIL): seen as shards that hang until Dask
# restarts the worker for missed heartbeats, with many short-lived SSH threads.
WORKER_CONFIG = {
    "distributed": {
        "worker": {
            "memory": {"target": False, "spill": False},
            "profile": {"enabled": False},
        }
    }
}

# seconds a local cluster waits for a worker that left to come back before closing its nanny
LOST_WORKER_TIMEOUT = RESTART_TIMEOUT + 30


class DaskRunner:
    """Nornir ``RunnerPlugin`` that sends shards of hosts to Dask workers.

    Arguments:
        num_workers: threads per shard on its worker (as the threaded runner's ``num_workers``)
        scheduler: address of a running Dask scheduler, e.g. ``tcp://10.0.0.5:8786``
        local_workers: without ``scheduler``, worker processes of a ``LocalCluster`` on 127.0.0.1
        shard_by: inventory data key whose hosts stay together (and go to the worker so named)
        shards: number of shards without ``shard_by`` (default: one per worker)
        worker_timeout: seconds to wait for a worker (at start, and for a retry)
        shard_timeout: seconds after which a shard still running counts as lost: its worker is
            restarted and the shard retried once elsewhere (default: none; Dask itself restarts a
            worker that stops sending heartbeats, after ``distributed.scheduler.worker-ttl``)
        tls_ca, tls_cert, tls_key: certificate files for a ``tls://`` scheduler
        security: a ``distributed.Security`` for the scheduler instead of the files
        insecure: allow a scheduler that is not ``tls://`` (the credentials travel in clear)

    After a run, ``last_placement`` maps each shard id to the worker it (last) went to.
    """

    def __init__(
        self,
        num_workers: int = 20,
        scheduler: str | None = None,
        local_workers: int | None = None,
        shard_by: str | None = None,
        shards: int | None = None,
        worker_timeout: float = 60.0,
        poll_interval: float = 0.25,
        shard_timeout: float | None = None,
        tls_ca: str | None = None,
        tls_cert: str | None = None,
        tls_key: str | None = None,
        security: Any = None,
        insecure: bool = False,
    ) -> None:
        self._tls: dict[str, Any] = {
            "tls_ca": tls_ca,
            "tls_cert": tls_cert,
            "tls_key": tls_key,
            "insecure": insecure,
            "security": security,
        }
        check_scheduler(scheduler, **self._tls)  # one line now, before any device is contacted
        self.security: Any = None  # the distributed.Security in use, once connected
        self.num_workers = num_workers
        self.scheduler = scheduler
        self.local_workers = local_workers or (None if scheduler else 2)
        self.shard_by = shard_by
        self.shards = shards
        self.worker_timeout = worker_timeout
        self.poll_interval = poll_interval
        self.shard_timeout = shard_timeout
        self.last_placement: dict[str, str] = {}
        self._client: Any = None
        self._cluster: Any = None
        self._lock = threading.Lock()

    # -- cluster lifecycle -------------------------------------------------------------------
    @property
    def client(self) -> Any:
        """The ``distributed.Client``, connecting (or starting the local cluster) on first use."""
        with self._lock:
            if self._client is None:
                self._client = self._connect()
                atexit.register(self.close)
            return self._client

    def _connect(self) -> Any:
        try:
            import dask
            from distributed import Client, LocalCluster
        except ImportError as exc:
            raise DaskRunnerError(
                f"the Dask runner needs dask[distributed]: pip install 'pssc[dask]' ({exc})"
            ) from exc
        self.security = security_for(self.scheduler, **self._tls)
        if self.scheduler:
            logger.info("dask: connecting to %s", self.scheduler)
            client = Client(  # type: ignore[no-untyped-call]
                self.scheduler,
                set_as_default=False,
                timeout=self.worker_timeout,
                security=self.security,
            )
            client.wait_for_workers(1, timeout=self.worker_timeout)
            return client
        count = max(1, self.local_workers or 1)
        logger.info("dask: starting a local cluster of %d workers on 127.0.0.1 (TLS)", count)
        # memory_limit=0: worker data is a plain dict, never a spill buffer; and the workers'
        # (nannies', also after a restart) config is WORKER_CONFIG, deep-copied so it stays so
        worker_config = copy.deepcopy(dask.config.merge(dask.config.config, WORKER_CONFIG))
        # A LocalCluster closes for good the nanny of a worker that has not come back within
        # distributed.deploy.lost-worker-timeout (15 s), read in this process when the worker
        # leaves: a restart of a hung worker on a loaded machine takes longer (a 4 s graceful
        # wait, then a new Python process), and the cluster lost that worker forever. It gets
        # the restart's own time.
        dask.config.set({"distributed.deploy.lost-worker-timeout": f"{LOST_WORKER_TIMEOUT:.0f}s"})
        self._cluster = LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=count,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address="127.0.0.1:0",  # its HTTP server on loopback, any free port
            scheduler_kwargs={"dashboard": False},
            memory_limit=0,
            config=worker_config,
            security=self.security,  # temporary certificates: mutual TLS between all of them
        )
        client = Client(  # type: ignore[no-untyped-call]
            self._cluster, set_as_default=False, security=self.security
        )
        client.wait_for_workers(count, timeout=self.worker_timeout)
        return client

    def close(self) -> None:
        """Disconnect, and stop the local cluster if this runner started one."""
        with self._lock:
            client, cluster = self._client, self._cluster
            self._client = self._cluster = None
        if client is not None:
            client.close()
        if cluster is not None:
            cluster.close()
            logger.info("dask: local cluster closed")
        atexit.unregister(self.close)

    def __enter__(self) -> DaskRunner:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def live_workers(self) -> dict[str, str]:
        """Address -> name of the workers the scheduler knows now."""
        client = self.client
        # asked directly: Client.scheduler_info() returns a cache that the client's periodic
        # refresh (which asks for no workers) may have overwritten in between
        info = client.sync(client.scheduler.identity, n_workers=-1)
        return {addr: str(w.get("name", addr)) for addr, w in info["workers"].items()}

    # -- running -----------------------------------------------------------------------------
    def run(self, task: Task, hosts: list[Host]) -> AggregatedResult:
        result = AggregatedResult(task.name)
        if not hosts:
            return result
        if _is_close_connections(task):  # nothing to send: connections live on the workers
            for host in hosts:
                result[host.name] = task.copy().start(host)
            return result
        workers = self.live_workers()
        plan = plan_shards(hosts, shards=self.shards or len(workers), shard_by=self.shard_by)
        logger.info(
            "dask: task %r on %d hosts in %d shards, %d workers",
            task.name,
            len(hosts),
            len(plan),
            len(workers),
        )
        settings = DispatchSettings(
            num_workers=self.num_workers,
            worker_timeout=self.worker_timeout,
            poll_interval=self.poll_interval,
            shard_timeout=self.shard_timeout,
        )
        dispatch = Dispatch(self.client, task, live_workers=self.live_workers, settings=settings)
        done = dispatch.run(plan, workers)
        self.last_placement = done.placement
        for host in hosts:
            result[host.name] = done.results[host.name]
        return result


def _is_close_connections(task: Task) -> bool:
    func = task.task
    return getattr(func, "__name__", "") == "close_connections_task" and getattr(
        func, "__module__", ""
    ).startswith("nornir.")


__all__ = ["LOST_WORKER_TIMEOUT", "WORKER_CONFIG", "DaskRunner"]
