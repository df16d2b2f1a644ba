"""``--session-log DIR``: one netmiko session log per host, safe to keep (issue 13, item 6).

A session log holds whole configurations (enable secret hashes, SNMP communities, type-7
passwords; netmiko masks only the password and the secret it sends). So the folder pssc creates is
``0700`` and every log file ``0600`` whatever the umask, and a log is never written through a
symbolic link. The file name comes from the host's name but can never leave DIR: anything other
than letters, digits, ``.``, ``_`` and ``-`` becomes ``_``, and so do ``..`` and a leading dot
(no hidden file), and a name that had to change gets a short hash of the real one (``a/b`` and
``a_b`` stay apart).

>>> log_name("R1"), log_name("../../etc/x")
('R1.log', '____etc_x-56da1a2e.log')
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from pssc.errors import InvalidInput

__all__ = ["DIR_MODE", "FILE_MODE", "log_file", "log_name"]

DIR_MODE = 0o700
FILE_MODE = 0o600
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")
_MAX = 100


def log_name(host: str) -> str:
    """The file name of ``host``'s log: one plain name inside the folder, never a path."""
    safe = _UNSAFE.sub("_", re.sub(r"\.{2,}", "_", host))[:_MAX]
    safe = "_" + safe[1:] if safe.startswith(".") else safe
    if safe != host or not safe:
        safe = f"{safe}-{hashlib.sha256(host.encode()).hexdigest()[:8]}"
    return f"{safe}.log"


def log_file(folder: Path, host: str) -> Path:
    """Create ``folder`` (``0700``) if missing and ``host``'s empty log file in it (``0600``,
    not through a symbolic link); netmiko then writes into that file, keeping its mode."""
    try:
        folder.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
        path = folder / log_name(host)
        flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW | os.O_CLOEXEC
        fd = os.open(path, flags, FILE_MODE)
        try:
            os.fchmod(fd, FILE_MODE)  # an older file keeps its mode otherwise
        finally:
            os.close(fd)
    except OSError as exc:
        raise InvalidInput(f"--session-log {folder}: cannot write {host}'s log: {exc}") from exc
    return path
