"""A Nornir runner that sends the hosts to a Dask cluster (entry point ``dask``).

Holds, from the bottom up: ``plan`` (hosts into shards, a worker for each: pure functions),
``results`` (a host's results across the wire and back), ``shard`` (one shard as it travels and
runs on a worker), ``dispatch`` (send the shards of one run, retry a lost one) and ``runner``
(:class:`DaskRunner`, the Nornir ``RunnerPlugin``: cluster lifecycle and ``run``). Each module
imports only those below it; the errors live in :mod:`pssc.errors`.

May import: nornir, cloudpickle, dask/distributed (only when a cluster is used), ``pssc.errors``.
Nothing else of pssc, and never ``tasks``, ``parsers`` or ``lab``: any task function travels.

>>> from pssc.dask import DaskRunner
>>> DaskRunner(local_workers=2).shard_by is None
True
"""

from __future__ import annotations

from pssc.dask.results import RemoteTaskError
from pssc.dask.runner import DaskRunner
from pssc.errors import DaskRunnerError, WorkerLost

__all__ = ["DaskRunner", "DaskRunnerError", "RemoteTaskError", "WorkerLost"]
