"""Runner options shared by ``pssc rollout``, ``verify`` and ``audit``.

``--workers N`` sizes Nornir's threaded runner; ``--dask-scheduler ADDRESS`` or ``--dask-local N``
send the hosts to a Dask cluster through the ``dask`` runner plugin (``pssc.dask_runner``).

>>> import argparse
>>> p = argparse.ArgumentParser(); add_runner_arguments(p)
>>> runner_config(p.parse_args(["--workers", "8"]))
{'plugin': 'threaded', 'options': {'num_workers': 8}}
>>> runner_config(p.parse_args([])) is None
True
"""

from __future__ import annotations

import argparse
from typing import Any


def add_runner_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("runner")
    group.add_argument(
        "--workers",
        type=int,
        default=None,
        metavar="N",
        help="hosts worked on at once (default: inventory config.yaml, else 20)",
    )
    group.add_argument(
        "--dask-scheduler",
        default=None,
        metavar="ADDRESS",
        help="run the hosts on an existing Dask cluster, e.g. tcp://10.0.0.5:8786",
    )
    group.add_argument(
        "--dask-local",
        type=int,
        default=None,
        metavar="N",
        help="start a local Dask cluster of N worker processes on 127.0.0.1 for this run",
    )
    group.add_argument(
        "--shard-by",
        default=None,
        metavar="KEY",
        help="with Dask: keep hosts with the same inventory data KEY (site, jump host) together",
    )


def runner_config(args: argparse.Namespace) -> dict[str, Any] | None:
    """The Nornir ``runner`` configuration the arguments ask for, or None for the inventory's."""
    scheduler = getattr(args, "dask_scheduler", None)
    local = getattr(args, "dask_local", None)
    workers = getattr(args, "workers", None)
    if scheduler and local:
        from pssc.cli import UsageError

        raise UsageError("--dask-scheduler and --dask-local exclude each other")
    if scheduler or local:
        options: dict[str, Any] = {"scheduler": scheduler, "local_workers": local}
        if workers:
            options["num_workers"] = workers
        if getattr(args, "shard_by", None):
            options["shard_by"] = args.shard_by
        return {"plugin": "dask", "options": options}
    if workers is not None:
        if workers < 1:
            from pssc.cli import UsageError

            raise UsageError(f"--workers must be at least 1, not {workers}")
        return {"plugin": "threaded", "options": {"num_workers": workers}}
    return None
