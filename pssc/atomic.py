"""Atomic file writes: a temporary file in the same folder, fsync, then rename over the target.

A reader sees either the old file or the whole new one, never half a report. A new file gets
the permissions any program's new file gets (``0o666`` less the umask: a report holds the fleet's
names and addresses, and an operator with ``umask 077`` means it), unless ``mode`` says.

>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> write_text(d / "r.txt", "hello").name
'r.txt'
>>> (d / "r.txt").read_text()
'hello'
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

__all__ = ["umask", "write_bytes", "write_json", "write_text"]


def umask() -> int:
    """The process's umask, read without changing it where Linux tells it (``/proc``)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    current = os.umask(0o022)  # elsewhere: read it by setting it, and put it back at once
    os.umask(current)
    return current


def write_bytes(path: Path | str, data: bytes, *, mode: int | None = None) -> Path:
    """Write ``data`` to ``path`` atomically (creating parent folders) and return the path;
    ``mode`` None: ``0o666`` less the umask."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o666 & ~umask() if mode is None else mode)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(target.parent)
    return target


def write_text(
    path: Path | str, text: str, *, encoding: str = "utf-8", mode: int | None = None
) -> Path:
    """Write ``text`` to ``path`` atomically; see :func:`write_bytes`."""
    return write_bytes(path, text.encode(encoding), mode=mode)


def write_json(path: Path | str, data: Any) -> Path:
    """``data`` as indented JSON, written atomically (a reader never sees half a file)."""
    return write_text(path, json.dumps(data, indent=2, sort_keys=False, default=str) + "\n")


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable (best effort: some file systems refuse it)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
