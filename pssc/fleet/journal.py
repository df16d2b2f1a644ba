"""The run journal: what a fleet run finished, host by host, and which hosts it holds.

A SQLite file beside the pin store (``state/journal.sqlite``; WAL, a busy timeout, one
connection per call, so worker threads and other processes may write at once). A run records each
host as it finishes (``done``), so ``--resume`` after a killed or interrupted run skips those
hosts. A run also locks its hosts (one row per host, with its process id): a second run on
overlapping hosts gets those hosts refused (``RunHandle.refused``) instead of interleaving dialogs
on one device; the lock of a process that no longer exists is taken over.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["Journal", "RunHandle", "journal_path"]

BUSY_TIMEOUT_S = 30.0
_SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (id INTEGER PRIMARY KEY AUTOINCREMENT, command TEXT NOT NULL,
    pid INTEGER NOT NULL, started REAL NOT NULL, ended REAL, status TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS done (run INTEGER NOT NULL, host TEXT NOT NULL, at REAL NOT NULL,
    record TEXT NOT NULL, PRIMARY KEY (run, host));
CREATE TABLE IF NOT EXISTS locks (host TEXT PRIMARY KEY, run INTEGER NOT NULL,
    pid INTEGER NOT NULL, command TEXT NOT NULL, since REAL NOT NULL);
"""


def journal_path(pins: Path) -> Path:
    """The journal beside the pin store ``pins``."""
    return pins.parent / "journal.sqlite"


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@dataclass
class RunHandle:
    """One run in the journal: what a resumed run already did, which hosts were refused."""

    journal: Journal
    id: int
    command: str
    resumed: dict[str, dict[str, Any]] = field(default_factory=dict)  # host -> its record
    resumed_from: int | None = None
    refused: dict[str, str] = field(default_factory=dict)  # host -> who holds it
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def done(self, host: str, record: dict[str, Any]) -> None:
        """``host`` is finished (``record``: its JSON result); safe from any thread."""
        with self._lock, self.journal.connect() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO done VALUES (?, ?, ?, ?)",
                (self.id, host, time.time(), json.dumps(record, default=str)),
            )

    def end(self, *, completed: bool) -> None:
        """The run is over (``completed``: nothing left undone); its locks are released."""
        with self.journal.connect() as conn:
            conn.execute(
                "UPDATE runs SET ended = ?, status = ? WHERE id = ?",
                (time.time(), "finished" if completed else "interrupted", self.id),
            )
            conn.execute("DELETE FROM locks WHERE run = ?", (self.id,))


class Journal:
    def __init__(self, path: Path) -> None:
        self.path = path

    @contextmanager
    def connect(self) -> Iterator[sqlite3.Connection]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.executescript(_SCHEMA)
            conn.execute("BEGIN IMMEDIATE")
            yield conn
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        finally:
            conn.close()

    def begin(self, command: str, hosts: Sequence[str], *, resume: bool = False) -> RunHandle:
        """Start a run of ``command`` on ``hosts``: lock them, and with ``resume`` take over
        what the last unfinished run of the same command finished."""
        now, pid = time.time(), os.getpid()
        with self.connect() as conn:
            cur = conn.execute(
                "INSERT INTO runs (command, pid, started, status) VALUES (?, ?, ?, 'running')",
                (command, pid, now),
            )
            run = RunHandle(self, int(cur.lastrowid or 0), command)
            if resume:
                self._resume(conn, run)
            for host in hosts:
                row = conn.execute(
                    "SELECT run, pid, command, since FROM locks WHERE host = ?", (host,)
                ).fetchone()
                if row is not None and row[1] != pid and _alive(row[1]):
                    since = time.strftime("%H:%M:%S", time.localtime(row[3]))
                    run.refused[host] = f"run {row[0]} ({row[2]}, pid {row[1]}, since {since})"
                    continue
                conn.execute(
                    "INSERT OR REPLACE INTO locks VALUES (?, ?, ?, ?, ?)",
                    (host, run.id, pid, command, now),
                )
        return run

    @staticmethod
    def _resume(conn: sqlite3.Connection, run: RunHandle) -> None:
        row = conn.execute(
            "SELECT id, pid FROM runs WHERE command = ? AND id < ? "
            "AND status IN ('running', 'interrupted') "
            "ORDER BY id DESC LIMIT 1",
            (run.command, run.id),
        ).fetchone()
        if row is None or (row[1] != os.getpid() and _alive(row[1])):
            return  # nothing to resume, or that run is still going (its hosts are locked)
        run.resumed_from = int(row[0])
        for host, record in conn.execute("SELECT host, record FROM done WHERE run = ?", (row[0],)):
            run.resumed[host] = json.loads(record)
        conn.execute(
            "INSERT OR REPLACE INTO done SELECT ?, host, at, record FROM done WHERE run = ?",
            (run.id, row[0]),
        )
        conn.execute("UPDATE runs SET status = 'resumed' WHERE id = ?", (row[0],))
