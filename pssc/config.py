"""Defaults for pssc's options from configuration files and the environment.

Precedence, first wins: the command line, the environment (``PSSC_PINS``, ``PSSC_INVENTORY``,
...: ``PSSC_`` and the key in capitals), the project file ``./pssc.toml``, the user's file
``$XDG_CONFIG_HOME/pssc/config.toml`` (``~/.config/pssc/config.toml`` without the variable).
A file holds top-level keys (``key-size`` and ``key_size`` are the same key)::

    inventory = "inventory"      # -i (a folder, or its hosts.yaml)
    nornir-config = "nornir.yaml"  # -c: a Nornir configuration file instead
    pins = "state/pins.sqlite"   # --pins
    workers = 20                 # --workers
    key-size = 2048              # rollout --key-size
    min-key-size = 2048          # rollout --min-key-size
    expiry-days = 90             # audit --expiry-days
    fail-on = "error"            # audit --fail-on
    probe-timeout = 5.0          # --probe-timeout (seconds)
    log-file = "pssc.log"        # --log-file

An unknown key, a value of the wrong type or an unreadable file is one line naming the file and
the key (exit 2).

>>> sorted(load(environ={"PSSC_WORKERS": "8"}, cwd=Path("/nonexistent")).items())
[('workers', Setting(value=8, source='environment PSSC_WORKERS'))]
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pssc.errors import UsageError

__all__ = ["KEYS", "PROJECT_FILE", "Setting", "load", "user_file"]

PROJECT_FILE = "pssc.toml"


def _path(value: Any) -> Path:
    if not isinstance(value, str) or not value:
        raise TypeError("a path (a string)")
    return Path(value).expanduser()


def _int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise TypeError("a whole number")
    try:
        return int(value)
    except ValueError:
        raise TypeError("a whole number") from None


def _float(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise TypeError("a number")
    try:
        return float(value)
    except ValueError:
        raise TypeError("a number") from None


def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("a string")
    return value


# key (the option's dest) -> how a value is read
KEYS: dict[str, Callable[[Any], Any]] = {
    "inventory": _path,
    "nornir_config": _path,
    "pins": _path,
    "workers": _int,
    "key_size": _int,
    "min_key_size": _int,
    "expiry_days": _int,
    "fail_on": _str,
    "probe_timeout": _float,
    "log_file": _path,
}


@dataclass(frozen=True)
class Setting:
    """A default and where it came from (for error messages)."""

    value: Any
    source: str


def user_file(environ: Mapping[str, str] | None = None) -> Path:
    """The user's configuration file (it may not exist)."""
    env = os.environ if environ is None else environ
    base = env.get("XDG_CONFIG_HOME") or str(Path(env.get("HOME") or Path.home()) / ".config")
    return Path(base) / "pssc" / "config.toml"


def _read_file(path: Path) -> dict[str, Setting]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise UsageError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path}: invalid TOML: {exc}") from exc
    settings: dict[str, Setting] = {}
    for raw_key, raw in data.items():
        key = raw_key.replace("-", "_")
        if key not in KEYS:
            known = ", ".join(k.replace("_", "-") for k in KEYS)
            raise UsageError(f"{path}: unknown key {raw_key!r} (known: {known})")
        settings[key] = Setting(_convert(key, raw, f"{path}: {raw_key}"), str(path))
    return settings


def _convert(key: str, raw: Any, where: str) -> Any:
    try:
        return KEYS[key](raw)
    except TypeError as exc:
        raise UsageError(f"{where} must be {exc}, not {raw!r}") from None


def load(environ: Mapping[str, str] | None = None, cwd: Path | None = None) -> dict[str, Setting]:
    """The defaults the files and the environment give, by option dest."""
    env = os.environ if environ is None else environ
    settings: dict[str, Setting] = {}
    for path in (user_file(env), (cwd or Path.cwd()) / PROJECT_FILE):
        if path.is_file():
            settings.update(_read_file(path))
    for key in KEYS:
        name = f"PSSC_{key.upper()}"
        if env.get(name):
            source = f"environment {name}"
            settings[key] = Setting(_convert(key, env[name], source), source)
    return settings
