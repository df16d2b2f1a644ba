"""Logging of the ``pssc`` command: quiet libraries on the terminal, a full log file, no secrets.

On stderr: pssc's own warnings (``-v`` info, ``-vv`` debug). The libraries (paramiko, netmiko,
Nornir, Dask, asyncio) log a failed host as tracebacks at ERROR; pssc reports every failure
itself as one line per host, so their records reach the terminal only with ``-vv``.
``--log-file FILE`` gets every record at debug level, libraries included, whatever ``-v`` says.

Secrets never reach a handler unmasked: every message (and traceback) is scrubbed of the
passwords and enable secrets known to the process: those of the environment (``PSSC_PASSWORD``,
``PSSC_SECRET``), and those the inventory loader registers with :func:`add_secret`.

>>> add_secret("s3cr3t-pw"); mask("login with s3cr3t-pw failed")
'login with ******** failed'
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import Final

__all__ = ["LIBRARIES", "add_secret", "close", "configure", "mask"]

LIBRARIES: Final = ("paramiko", "netmiko", "nornir", "distributed", "asyncio", "asyncssh", "dask")
MASK: Final = "********"
MIN_SECRET = 3  # shorter values would mask ordinary words ("a", "ok")
_SECRETS: set[str] = set()
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def add_secret(value: object) -> None:
    """Mask ``value`` (a password or secret) in every log record from now on."""
    if isinstance(value, str) and len(value) >= MIN_SECRET:
        _SECRETS.add(value)


def mask(text: str) -> str:
    """``text`` with every known secret replaced, longest first."""
    for secret in sorted(_SECRETS, key=len, reverse=True):
        if secret in text:
            text = text.replace(secret, MASK)
    return text


class _MaskingFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return mask(super().format(record))


class _Stderr(logging.StreamHandler):  # type: ignore[type-arg]
    """A handler writing to whatever ``sys.stderr`` is now (tests swap it between runs)."""

    @property
    def stream(self) -> object:
        return sys.stderr

    @stream.setter
    def stream(self, value: object) -> None:
        pass


class _QuietLibraries(logging.Filter):
    """Drop the libraries' records (the terminal gets them with ``-vv`` only)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.name.split(".")[0] not in LIBRARIES


def configure(verbosity: int, log_file: Path | None = None) -> None:
    """Set up stderr (by ``verbosity``) and, when given, ``log_file`` (debug, everything)."""
    for name in ("PSSC_PASSWORD", "PSSC_SECRET"):
        add_secret(os.environ.get(name))
    close()
    root = logging.getLogger()
    console = _Stderr()
    console.setLevel(
        logging.WARNING if verbosity == 0 else logging.INFO if verbosity == 1 else logging.DEBUG
    )
    console.setFormatter(_MaskingFormatter(_FORMAT))
    if verbosity < 2:
        console.addFilter(_QuietLibraries())
    handlers: list[logging.Handler] = [console]
    if log_file is not None:
        log_file.parent.mkdir(parents=True, exist_ok=True)
        file_handler = logging.FileHandler(log_file, encoding="utf-8")
        file_handler.setLevel(logging.DEBUG)
        file_handler.setFormatter(_MaskingFormatter(_FORMAT))
        handlers.append(file_handler)
    for handler in handlers:
        handler._pssc = True  # type: ignore[attr-defined]
        root.addHandler(handler)
    root.setLevel(min(h.level for h in handlers))
    # paramiko's transport at debug prints every packet: only in a log file, or with -vvv
    logging.getLogger("paramiko").setLevel(
        logging.DEBUG if log_file is not None or verbosity >= 3 else logging.INFO
    )
    # Dask's distributed logs a cluster's start and stop at info level (set when it is imported,
    # so through its config variable, which its worker processes inherit too); shown with -vv
    if verbosity < 2 and log_file is None:
        os.environ.setdefault("DASK_LOGGING__DISTRIBUTED", "warning")


def close() -> None:
    """Remove (and close) the handlers :func:`configure` added."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_pssc", False):
            root.removeHandler(handler)
            handler.close()
