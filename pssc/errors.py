"""The errors pssc itself raises, and the exit codes of the ``pssc`` command.

One base, :class:`PsscError`, carrying the exit code the CLI returns for it. A host that fails is
data (its ``Result`` or report), never one of these: these stop a whole command before (or
instead of) any per-host result. A leaf module: it imports nothing of pssc.

>>> issubclass(InventoryError, UsageError), UsageError("x").exit_code
(True, 2)
>>> issubclass(WorkerLost, PsscError)
True
"""

from __future__ import annotations

__all__ = [
    "EXIT_FAILED",
    "EXIT_OK",
    "EXIT_USAGE",
    "DaskRunnerError",
    "InvalidInput",
    "InventoryError",
    "PsscError",
    "UsageError",
    "WorkerLost",
]

EXIT_OK = 0
EXIT_FAILED = 1  # some host failed, or a finding reached --fail-on
EXIT_USAGE = 2  # usage, input or inventory error: nothing was done


class PsscError(Exception):
    """Base of pssc's own errors: the CLI prints the message as one line and exits ``exit_code``."""

    exit_code: int = EXIT_USAGE


class UsageError(PsscError):
    """Bad input from the operator: printed as one line, exit code 2."""


class InvalidInput(UsageError):
    """An option or input value pssc refuses before it connects to anything."""


class InventoryError(InvalidInput):
    """The inventory folder is missing, unreadable or inconsistent."""


class DaskRunnerError(PsscError):
    """Base of the errors the Dask runner itself reports (for a host, or for the whole run)."""


class WorkerLost(DaskRunnerError):
    """The worker running a host's shard died, and so did the one it was retried on."""

    def __init__(self, host: str, shard: str, workers: list[str]) -> None:
        super().__init__(host, shard, workers)
        self.host = host
        self.shard = shard
        self.workers = workers

    def __str__(self) -> str:
        tried = ", ".join(self.workers) or "no worker"
        return f"{self.host}: Dask worker lost while running shard {self.shard} (tried {tried})"
