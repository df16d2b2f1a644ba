"""The fleet file: which devices a lab runs, in what state, with which faults.

A YAML file (``pssc lab up --fleet FILE``; documented example: ``lab/fleets/example.yaml``)::

    defaults:                 # optional; every device starts from these
      personality: ios15      # ios12 | ios15 | iosxe17
      username: admin
      password: admin
      enable_secret: cisco
      preset: factory         # factory | legacy-fn70489 | unsaved | weak-key | healthy
                              #   | two-selfsigned | hostile
      boot_seconds: 3
      faults: []
    devices:
      - hostname: R1
        serial: FTX1234A0BC   # optional: made up from the position when absent
        preset: healthy
      - hostname: EDGE{n:03}  # "N devices like this": count, and {n} (1, 2, ...) in the name
        count: 100
        faults: [latency 20, slow-keygen 2, auth-fails]

Faults are ``no-crypto-image``, ``auth-fails``, ``slow-keygen SECONDS``, ``drop-during-enroll``,
``reload-hangs``, ``slow-boot SECONDS``, ``nvram-write-error``, ``clock-unset``, ``latency MS``,
``extra-prompt``, ``no-enrollment-terminal``, ``blank-lines``, ``bracket-flood``,
``endless-output``, ``huge-output``, ``prompt-lost``, written as ``"name value"`` strings or as a
mapping ``{name: value}``.
A number may be a spread ``LOW-HIGH`` (``latency 20-150``, ``boot_seconds: 20-60``): each device
draws its own value, uniformly, from a generator seeded with the file's ``seed`` (default 0) and
the device's name, so the same file gives the same fleet every time.
Every mistake is reported as one line naming the file and the entry (:class:`FleetError`).
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping
from dataclasses import fields
from pathlib import Path
from typing import Any

import yaml

from lab.device.model.spec import DeviceSpec, Faults
from lab.errors import SpecError

DEVICE_KEYS = frozenset(
    {"hostname", "serial", "personality", "username", "password", "enable_secret", "preset"}
    | {"faults", "boot_seconds", "count", "domain_name"}
)
DEFAULT_KEYS = DEVICE_KEYS - {"hostname", "serial", "count"}
NUMERIC_FAULTS = {"slow_keygen", "slow_boot", "latency_ms"}
_SPREAD = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*-\s*(\d+(?:\.\d+)?)\s*$")
MAX_DEVICES = 10_000  # a typo like count: 1000000 must not eat the memory
FAULT_NAMES = {f.name.replace("_", "-").removesuffix("-ms"): f.name for f in fields(Faults)}


class FleetError(SpecError):
    """A fleet file that cannot be used; its message names the file and the entry."""


def serial_for(index: int) -> str:
    """A plausible, unique 11-character serial for the device at ``index`` (0-based).

    >>> serial_for(0), serial_for(1234)
    ('FTX2000A000', 'FTX2001A234')
    """
    return f"FTX{2000 + index // 1000:04d}A{index % 1000:03d}"


def parse_faults(value: Any, where: str) -> Faults:
    """Faults from a list of ``"name [value]"`` strings or a mapping.

    >>> parse_faults(["auth-fails", "latency 20"], "x").latency_ms
    20.0
    >>> parse_faults({"slow-keygen": 1.5}, "x").slow_keygen
    1.5
    """
    items: list[tuple[str, Any]] = []
    if value is None:
        return Faults()
    if isinstance(value, Mapping):
        items = [(str(k), v) for k, v in value.items()]
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, Mapping) and len(item) == 1:
                items.extend((str(k), v) for k, v in item.items())
            elif isinstance(item, str) and item.split():
                name, *rest = item.split()
                items.append((name, rest[0] if len(rest) == 1 else (None if not rest else rest)))
            else:
                raise FleetError(f"{where}: a fault is a string like 'latency 20', got {item!r}")
    else:
        raise FleetError(f"{where}: faults must be a list or a mapping, got {value!r}")
    values: dict[str, Any] = dict(_fault(name, arg, where) for name, arg in items)
    return Faults(**values)


def _fault(name: str, arg: Any, where: str) -> tuple[str, bool | float]:
    field_name = FAULT_NAMES.get(name.lower().replace("_", "-"))
    if field_name is None:
        known = ", ".join(sorted(FAULT_NAMES))
        raise FleetError(f"{where}: unknown fault {name!r} (known: {known})")
    if field_name in NUMERIC_FAULTS:
        try:
            number = float(arg)
        except (TypeError, ValueError):
            raise FleetError(f"{where}: fault {name!r} needs a number, got {arg!r}") from None
        if number < 0:
            raise FleetError(f"{where}: fault {name!r} cannot be negative ({number})")
        return field_name, number
    if arg is None or arg is True or arg is False:
        return field_name, arg is not False
    raise FleetError(f"{where}: fault {name!r} takes no value, got {arg!r}")


def draw(value: Any, *, seed: Any, host: str, what: str, where: str) -> Any:
    """``value``, or for a spread ``"LOW-HIGH"`` this device's draw from it (3 decimals).

    >>> draw("20-150", seed=0, host="R1", what="latency", where="x")
    127.038
    >>> draw("20-150", seed=0, host="R1", what="latency", where="x") == draw(
    ...     "20-150", seed=0, host="R1", what="latency", where="x")
    True
    >>> draw(5, seed=0, host="R1", what="slow-boot", where="x")
    5
    """
    match = _SPREAD.match(value) if isinstance(value, str) else None
    if match is None:
        return value
    low, high = float(match.group(1)), float(match.group(2))
    if high < low:
        raise FleetError(f"{where}: {what} spread {value!r} goes down (LOW-HIGH)")
    return round(random.Random(f"{seed}/{host}/{what}").uniform(low, high), 3)


def _draw_faults(faults: Any, *, seed: Any, host: str, where: str) -> Any:
    """The fault list (or mapping) with every spread drawn for ``host``."""
    if isinstance(faults, Mapping):
        return {
            k: draw(v, seed=seed, host=host, what=str(k), where=where) for k, v in faults.items()
        }
    if not isinstance(faults, list):
        return faults
    out: list[Any] = []
    for item in faults:
        if isinstance(item, str) and len(item.split()) == 2:
            name, value = item.split()
            value = draw(value, seed=seed, host=host, what=name, where=where)
            out.append(f"{name} {value}")
        elif isinstance(item, Mapping):
            out.append(_draw_faults(item, seed=seed, host=host, where=where))
        else:
            out.append(item)
    return out


def _check_keys(entry: Mapping[str, Any], allowed: frozenset[str], where: str) -> None:
    unknown = sorted(set(entry) - allowed)
    if unknown:
        raise FleetError(f"{where}: unknown key(s) {', '.join(map(str, unknown))}")


def _make_spec(merged: Mapping[str, Any], index: int, where: str, seed: Any = 0) -> DeviceSpec:
    host = str(merged.get("hostname"))
    faults = _draw_faults(merged.get("faults"), seed=seed, host=host, where=where)
    values = {k: v for k, v in merged.items() if k not in ("count", "faults")}
    if "boot_seconds" in values:
        values["boot_seconds"] = draw(
            values["boot_seconds"], seed=seed, host=host, what="boot", where=where
        )
    values.setdefault("serial", serial_for(index))
    for key in ("hostname", "serial", "personality", "username", "password", "enable_secret"):
        if key in values and not isinstance(values[key], str | int):
            raise FleetError(f"{where}: {key} must be a string, got {values[key]!r}")
    values = {k: str(v) if k != "boot_seconds" else v for k, v in values.items()}
    values["name"] = values.pop("hostname")
    try:
        if "boot_seconds" in values:
            values["boot_seconds"] = float(values["boot_seconds"])
        return DeviceSpec(**values, faults=parse_faults(faults, where))
    except FleetError:
        raise
    except (SpecError, TypeError, ValueError) as exc:
        raise FleetError(f"{where}: {exc}") from None


def _expand(entry: Mapping[str, Any], where: str) -> list[tuple[str, Mapping[str, Any]]]:
    """One entry, or ``count`` copies with ``{n}`` in the hostname filled in."""
    if "hostname" not in entry:
        raise FleetError(f"{where}: hostname is missing")
    count = entry.get("count", 1)
    if not isinstance(count, int) or isinstance(count, bool) or count < 1:
        raise FleetError(f"{where}: count must be a positive integer, got {count!r}")
    if count > MAX_DEVICES:
        raise FleetError(f"{where}: count {count} is more than a lab runs ({MAX_DEVICES})")
    pattern = str(entry["hostname"])
    if count > 1 and "{n" not in pattern:
        pattern += "-{n}"
    if count > 1 and "serial" in entry:
        raise FleetError(f"{where}: serial cannot be given with count (serials are unique)")
    out: list[tuple[str, Mapping[str, Any]]] = []
    for n in range(1, count + 1):
        try:
            name = pattern.format(n=n) if "{" in pattern else pattern
        except (ValueError, KeyError, IndexError) as exc:
            raise FleetError(f"{where}: bad hostname pattern {pattern!r} ({exc})") from None
        out.append((name, {**entry, "hostname": name}))
    return out


def specs_from_data(
    data: Any, source: str, *, boot_seconds: float | None = None
) -> list[DeviceSpec]:
    """Device specs from a parsed fleet document; ``source`` names it in errors."""
    if not isinstance(data, Mapping) or not isinstance(data.get("devices"), list):
        raise FleetError(f"{source}: expected a mapping with a 'devices' list")
    _check_keys(data, frozenset({"defaults", "devices", "seed"}), source)
    seed = data.get("seed", 0)
    defaults = data.get("defaults") or {}
    if not isinstance(defaults, Mapping):
        raise FleetError(f"{source}: defaults must be a mapping")
    _check_keys(defaults, DEFAULT_KEYS, f"{source}: defaults")
    base: dict[str, Any] = {} if boot_seconds is None else {"boot_seconds": boot_seconds}
    base.update(defaults)
    specs: list[DeviceSpec] = []
    seen: dict[str, str] = {}
    for position, entry in enumerate(data["devices"], start=1):
        where = f"{source}: devices[{position}]"
        if not isinstance(entry, Mapping):
            raise FleetError(f"{where}: expected a mapping, got {entry!r}")
        where = f"{where} ({entry.get('hostname', '?')})"
        _check_keys(entry, DEVICE_KEYS, where)
        expanded = _expand(entry, where)
        if len(specs) + len(expanded) > MAX_DEVICES:
            raise FleetError(f"{where}: the fleet has more than {MAX_DEVICES} devices")
        for name, merged in expanded:
            if name in seen:
                raise FleetError(f"{where}: hostname {name!r} already used by {seen[name]}")
            seen[name] = where
            specs.append(_make_spec({**base, **merged}, len(specs), where, seed))
    if not specs:
        raise FleetError(f"{source}: the fleet has no devices")
    return specs


def load_fleet(path: Path, *, boot_seconds: float | None = None) -> list[DeviceSpec]:
    """The devices of a fleet file; ``boot_seconds`` is the default when the file sets none."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise FleetError(f"{path}: cannot read the fleet file ({exc.strerror})") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f" line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise FleetError(f"{path}:{at} not valid YAML ({problem})") from None
    return specs_from_data(data, str(path), boot_seconds=boot_seconds)


def simple_fleet(
    devices: int, *, personality: str = "ios15", boot_seconds: float = 3.0
) -> list[DeviceSpec]:
    """``R1`` .. ``RN`` in the factory state: what ``pssc lab up --devices N`` runs."""
    return [
        DeviceSpec(
            name=f"R{i + 1}",
            serial=serial_for(i),
            personality=personality,
            boot_seconds=boot_seconds,
        )
        for i in range(devices)
    ]
