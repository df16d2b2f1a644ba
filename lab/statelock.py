"""One lab per state folder: a lock file (``lab.pid``) held with ``flock`` while a lab runs.

Two labs on one folder would write the same NVRAM files and host keys; the second
``pssc lab up`` refuses instead, naming the pid of the first, and ``pssc lab reset`` refuses
while a lab holds the folder. The kernel drops the lock when the holder dies (even by SIGKILL),
so a crashed lab never leaves a stale lock behind.

>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> with StateLock(folder):
...     holder(folder) == os.getpid()
True
>>> holder(folder) is None
True
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from types import TracebackType

from lab.errors import LabBusy

__all__ = ["LOCK_FILE", "StateLock", "holder"]

LOCK_FILE = "lab.pid"


def _read_pid(fd: int) -> int | None:
    text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    return int(text) if text.isdigit() else None


def holder(state_dir: Path) -> int | None:
    """The pid of the lab running on ``state_dir`` (0 when unknown), or None when none runs."""
    try:
        fd = os.open(state_dir / LOCK_FILE, os.O_RDONLY)
    except FileNotFoundError:
        return None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return _read_pid(fd) or 0
        fcntl.flock(fd, fcntl.LOCK_UN)
        return None
    finally:
        os.close(fd)


class StateLock:
    """Held from :meth:`acquire` to :meth:`release` (or as a context manager)."""

    def __init__(self, state_dir: Path) -> None:
        self.state_dir = state_dir
        self._fd: int | None = None

    def acquire(self) -> None:
        self.state_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.state_dir / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            pid = _read_pid(fd)
            os.close(fd)
            who = f"pid {pid}" if pid else "another process"
            raise LabBusy(
                f"a lab already runs on {self.state_dir} ({who}); stop it first", pid=pid
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        self._fd = fd

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        os.ftruncate(fd, 0)
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)

    def __enter__(self) -> StateLock:
        self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()
