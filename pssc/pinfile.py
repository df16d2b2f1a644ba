"""Where the pin store lives, and a check of it before any device is contacted.

The default store is the user's, not the current folder's (running pssc from another folder must
not silently start a new trust store, where a substituted certificate would be ``pin-new``):
``$PSSC_PINS``, else ``$XDG_STATE_HOME/pssc/pins.sqlite``, else
``~/.local/state/pssc/pins.sqlite`` (the XDG Base Directory default for state).

:func:`open_store` checks a store before a command runs: a file that is not a readable pssc pin
store is one line naming it (``PinStoreError``, exit 2), before anything connects; a store that
does not exist yet is *new*, and the commands warn about it (every certificate they see would be
pinned on first sight).

>>> import os
>>> default_path({"XDG_STATE_HOME": "/x/state"}).as_posix()
'/x/state/pssc/pins.sqlite'
>>> default_path({"PSSC_PINS": "p.sqlite", "XDG_STATE_HOME": "/x"}).as_posix()
'p.sqlite'
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Mapping
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from pssc.errors import UsageError

__all__ = ["PinStoreError", "StoreInfo", "default_path", "open_store", "shown"]


class PinStoreError(UsageError):
    """The pin store cannot be used: one line naming the file, exit 2, nothing contacted."""


@dataclass(frozen=True)
class StoreInfo:
    path: Path
    new: bool  # no store there yet: every certificate seen is pinned on first sight

    def summary(self) -> str:
        """``pin store: PATH`` (and ``(new)``): the line each run prints."""
        return f"pin store: {shown(self.path)}" + (" (new)" if self.new else "")

    def warning(self) -> str:
        return (
            f"warning: pin store {shown(self.path)} is new: every certificate seen is pinned on"
            " first sight, a substituted one too (--pins names your usual store)"
        )


def default_path(environ: Mapping[str, str] | None = None) -> Path:
    """``$PSSC_PINS``, else ``$XDG_STATE_HOME/pssc/pins.sqlite``, else
    ``~/.local/state/pssc/pins.sqlite``."""
    env = os.environ if environ is None else environ
    if env.get("PSSC_PINS"):
        return Path(env["PSSC_PINS"])
    state = env.get("XDG_STATE_HOME", "")
    base = Path(state) if state and Path(state).is_absolute() else Path.home() / ".local/state"
    return base / "pssc" / "pins.sqlite"


def shown(path: Path) -> str:
    """``path`` with the home folder as ``~``."""
    try:
        return "~/" + path.expanduser().relative_to(Path.home()).as_posix()
    except ValueError:
        return str(path)


def _tables(path: Path) -> set[str]:
    with closing(sqlite3.connect(path, timeout=30.0)) as conn:
        row = conn.execute("PRAGMA quick_check").fetchone()
        if not row or row[0] != "ok":
            raise sqlite3.DatabaseError(f"integrity check: {row[0] if row else 'no answer'}")
        cur = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        return {str(r[0]) for r in cur.fetchall()}


def open_store(path: Path) -> StoreInfo:
    """Check ``path`` as a pin store (created later, on first use, when missing)."""
    path = path.expanduser()
    where = shown(path)
    if path.is_dir():
        raise PinStoreError(f"pin store {where}: is a folder, not a file")
    if not path.exists():
        try:  # the user's state folder: private (XDG asks for 0700)
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError as exc:
            raise PinStoreError(f"pin store {where}: cannot create its folder: {exc}") from exc
        if not os.access(path.parent, os.W_OK | os.X_OK):
            raise PinStoreError(f"pin store {where}: the folder {path.parent} is not writable")
        return StoreInfo(path, new=True)
    try:
        tables = _tables(path)
    except sqlite3.Error as exc:
        raise PinStoreError(
            f"pin store {where}: not a usable SQLite file ({exc}); move it away or give --pins"
        ) from exc
    if tables and "pins" not in tables:
        raise PinStoreError(f"pin store {where}: an SQLite file, but not a pssc pin store")
    return StoreInfo(path, new=not tables)
