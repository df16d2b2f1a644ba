"""The pin store: the HTTPS fingerprint first seen per host and trustpoint, like a browser's pin.

SQLite (standard library, WAL journal), one short connection per call, write transactions taken
with ``BEGIN IMMEDIATE`` and a busy timeout, so that threads and processes running at once never
corrupt it or lose an update. A changed fingerprint does not replace the pin: it is kept as
*pending* until an operator accepts it (``pssc pins accept HOST``), which is how an intended
rotation differs from a substituted certificate.

>>> import tempfile, pathlib
>>> store = PinStore(pathlib.Path(tempfile.mkdtemp()) / "pins.sqlite")
>>> store.record("R1", "TP", "AA" * 32).status
'new'
>>> store.record("R1", "TP", "AA" * 32).status
'same'
>>> store.record("R1", "TP", "BB" * 32).status
'changed'
>>> store.accept("R1")
1
>>> store.check("R1", "TP", "BB" * 32).status
'same'
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal, NamedTuple

from pssc.pinfile import default_path

logger = logging.getLogger(__name__)

# The pin store of rollout, verify, audit and pins unless --pins says otherwise: $PSSC_PINS, else
# the user's state folder (pssc.pinfile.default_path).
DEFAULT_PATH = default_path()
BUSY_TIMEOUT_S = 30.0

PinStatus = Literal["new", "same", "changed"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS pins (
    host TEXT NOT NULL,
    trustpoint TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    spki_sha256_b64 TEXT,
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL,
    pending_sha256 TEXT,
    pending_spki_sha256_b64 TEXT,
    pending_seen TEXT,
    pending_trustpoint TEXT,
    PRIMARY KEY (host, trustpoint)
);
CREATE TABLE IF NOT EXISTS history (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    host TEXT NOT NULL,
    trustpoint TEXT NOT NULL,
    event TEXT NOT NULL,
    sha256 TEXT,
    at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS history_host ON history (host, trustpoint);
"""


@dataclass(frozen=True)
class PinCheck:
    """The answer for one observed fingerprint."""

    host: str
    trustpoint: str
    status: PinStatus
    observed_sha256: str
    pinned_sha256: str | None  # None when new
    first_seen: str | None
    pinned_trustpoint: str | None = None  # differs from trustpoint when HTTPS moved to another


@dataclass(frozen=True)
class Pin:
    host: str
    trustpoint: str
    sha256: str
    spki_sha256_b64: str | None
    first_seen: str
    last_seen: str
    pending_sha256: str | None  # a different fingerprint seen since, not accepted
    pending_seen: str | None
    pending_trustpoint: str | None = None  # the trustpoint HTTPS moved to, when it moved


@dataclass(frozen=True)
class HistoryEvent:
    host: str
    trustpoint: str
    event: str  # "pinned", "seen-changed", "accepted", "forgotten"
    sha256: str | None
    at: str


_Events = list[HistoryEvent]


class _Row(NamedTuple):
    trustpoint: str
    sha256: str
    first_seen: str


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _norm(sha256: str) -> str:
    return sha256.replace(":", "").strip().upper()


class PinStore:
    """Pins per host and trustpoint in one SQLite file (created on first use)."""

    def __init__(self, path: Path | str = DEFAULT_PATH) -> None:
        self.path = Path(path)
        self._ready = False

    @contextmanager
    def _connect(self, write: bool) -> Iterator[sqlite3.Connection]:
        if not self._ready:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        with closing(conn):
            conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
            if not self._ready:
                conn.execute("PRAGMA journal_mode = WAL")
                conn.executescript(_SCHEMA)
                _migrate(conn)
                self._ready = True
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    @staticmethod
    def _row(conn: sqlite3.Connection, host: str, trustpoint: str) -> _Row | None:
        """The pin of ``trustpoint``, else the host's most recently seen pin, else None.

        A host whose HTTPS moved to another trustpoint is compared with its old pin: a browser
        pins the host, not a trustpoint name.
        """
        cur = conn.execute(
            "SELECT trustpoint, sha256, first_seen FROM pins WHERE host = ?"
            " ORDER BY trustpoint = ? DESC, last_seen DESC LIMIT 1",
            (host, trustpoint),
        )
        row = cur.fetchone()
        return _Row(str(row[0]), str(row[1]), str(row[2])) if row else None

    def check(self, host: str, trustpoint: str, sha256: str) -> PinCheck:
        """Compare ``sha256`` with the pin, changing nothing."""
        observed = _norm(sha256)
        with self._connect(write=False) as conn:
            row = self._row(conn, host, trustpoint)
        return _answer(host, trustpoint, observed, row)

    def record(
        self, host: str, trustpoint: str, sha256: str, spki_sha256_b64: str | None = None
    ) -> PinCheck:
        """Check and remember: a first sighting pins it; a different one is kept as pending."""
        observed = _norm(sha256)
        now = _now()
        with self._connect(write=True) as conn:
            row = self._row(conn, host, trustpoint)
            answer = _answer(host, trustpoint, observed, row)
            if answer.status == "new":
                conn.execute(
                    "INSERT INTO pins (host, trustpoint, sha256, spki_sha256_b64, first_seen,"
                    " last_seen) VALUES (?, ?, ?, ?, ?, ?)",
                    (host, trustpoint, observed, spki_sha256_b64, now, now),
                )
                _event(conn, host, trustpoint, "pinned", observed, now)
            elif answer.status == "same":
                conn.execute(
                    "UPDATE pins SET last_seen = ?, spki_sha256_b64 ="
                    " COALESCE(spki_sha256_b64, ?) WHERE host = ? AND trustpoint = ?",
                    (now, spki_sha256_b64, host, answer.pinned_trustpoint),
                )
            else:
                conn.execute(
                    "UPDATE pins SET pending_sha256 = ?, pending_spki_sha256_b64 = ?,"
                    " pending_seen = ?, pending_trustpoint = ? WHERE host = ? AND trustpoint = ?",
                    (observed, spki_sha256_b64, now, trustpoint, host, answer.pinned_trustpoint),
                )
                _event(conn, host, trustpoint, "seen-changed", observed, now)
        if answer.status == "changed":
            logger.warning(
                "%s: trustpoint %s serves %s, pinned %s",
                host,
                trustpoint,
                observed[:16],
                (answer.pinned_sha256 or "")[:16],
            )
        return answer

    def accept(self, host: str, trustpoint: str | None = None, sha256: str | None = None) -> int:
        """Make the pending fingerprint (or ``sha256``) the pin; returns the pins changed.

        With ``sha256`` and ``trustpoint`` the fingerprint is pinned outright (an operator or a
        runbook vouching for a certificate it just made); the host's other pins are dropped.
        """
        now = _now()
        with self._connect(write=True) as conn:
            if sha256 is not None and trustpoint is not None:
                observed = _norm(sha256)
                row = self._row(conn, host, trustpoint)
                if row is None:
                    conn.execute(
                        "INSERT INTO pins (host, trustpoint, sha256, first_seen, last_seen)"
                        " VALUES (?, ?, ?, ?, ?)",
                        (host, trustpoint, observed, now, now),
                    )
                    _event(conn, host, trustpoint, "accepted", observed, now)
                    return 1
                if row.trustpoint == trustpoint and row.sha256 == observed:
                    return 0
                conn.execute(
                    "UPDATE pins SET pending_sha256 = ?, pending_spki_sha256_b64 = NULL,"
                    " pending_seen = ?, pending_trustpoint = ? WHERE host = ? AND trustpoint = ?",
                    (observed, now, trustpoint, host, row.trustpoint),
                )
            sql = (
                "SELECT trustpoint, pending_sha256, pending_spki_sha256_b64,"
                " COALESCE(pending_trustpoint, trustpoint) FROM pins"
                " WHERE host = ? AND pending_sha256 IS NOT NULL"
            )
            params: tuple[str, ...] = (host,)
            if trustpoint is not None:
                sql += " AND COALESCE(pending_trustpoint, trustpoint) = ?"
                params = (host, trustpoint)
            pending_rows = conn.execute(sql, params).fetchall()
            for old_tp, pending, spki, new_tp in pending_rows:
                conn.execute("DELETE FROM pins WHERE host = ? AND trustpoint IN (?, ?)",
                             (host, old_tp, new_tp))  # fmt: skip
                conn.execute(
                    "INSERT INTO pins (host, trustpoint, sha256, spki_sha256_b64, first_seen,"
                    " last_seen) VALUES (?, ?, ?, ?, ?, ?)",
                    (host, new_tp, pending, spki, now, now),
                )
                _event(conn, host, str(new_tp), "accepted", str(pending), now)
        return len(pending_rows)

    def forget(self, host: str, trustpoint: str | None = None) -> int:
        """Drop the pins of ``host`` (or one trustpoint); returns how many were dropped."""
        now = _now()
        with self._connect(write=True) as conn:
            sql, params = "FROM pins WHERE host = ?", [host]
            if trustpoint is not None:
                sql, params = sql + " AND trustpoint = ?", [host, trustpoint]
            rows = conn.execute("SELECT trustpoint, sha256 " + sql, params).fetchall()
            conn.execute("DELETE " + sql, params)
            for tp, sha in rows:
                _event(conn, host, str(tp), "forgotten", str(sha), now)
        return len(rows)

    def list(self, host: str | None = None) -> list[Pin]:
        """Every pin, sorted by host and trustpoint (or those of ``host``)."""
        sql = (
            "SELECT host, trustpoint, sha256, spki_sha256_b64, first_seen, last_seen,"
            " pending_sha256, pending_seen, pending_trustpoint FROM pins"
        )
        params: tuple[str, ...] = ()
        if host is not None:
            sql, params = sql + " WHERE host = ?", (host,)
        with self._connect(write=False) as conn:
            rows = conn.execute(sql + " ORDER BY host, trustpoint", params).fetchall()
        return [Pin(*row) for row in rows]

    def history(self, host: str | None = None) -> _Events:
        """The events of ``host`` (or all), oldest first."""
        sql = "SELECT host, trustpoint, event, sha256, at FROM history"
        params: tuple[str, ...] = ()
        if host is not None:
            sql, params = sql + " WHERE host = ?", (host,)
        with self._connect(write=False) as conn:
            rows = conn.execute(sql + " ORDER BY id", params).fetchall()
        return [HistoryEvent(*row) for row in rows]

    def integrity_ok(self) -> bool:
        """SQLite's own integrity check of the file."""
        with self._connect(write=False) as conn:
            row = conn.execute("PRAGMA integrity_check").fetchone()
        return bool(row) and row[0] == "ok"


def _answer(host: str, trustpoint: str, observed: str, row: _Row | None) -> PinCheck:
    if row is None:
        return PinCheck(host, trustpoint, "new", observed, None, None, None)
    status: PinStatus = "same" if row.sha256 == observed else "changed"
    return PinCheck(host, trustpoint, status, observed, row.sha256, row.first_seen, row.trustpoint)


def _migrate(conn: sqlite3.Connection) -> None:
    """Add the columns a store made by an older pssc lacks."""
    columns = {row[1] for row in conn.execute("PRAGMA table_info(pins)")}
    if "pending_trustpoint" not in columns:
        conn.execute("ALTER TABLE pins ADD COLUMN pending_trustpoint TEXT")


def _event(
    conn: sqlite3.Connection, host: str, trustpoint: str, event: str, sha: str | None, at: str
) -> None:
    conn.execute(
        "INSERT INTO history (host, trustpoint, event, sha256, at) VALUES (?, ?, ?, ?, ?)",
        (host, trustpoint, event, sha, at),
    )
