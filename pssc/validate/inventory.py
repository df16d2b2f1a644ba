"""Inventory checks: refuse an inventory pssc cannot work on, naming the file, host and line.

Each check raises :class:`~pssc.errors.InventoryError` (an ``InvalidInput``: one line, exit
code 2). ``pssc.inventory`` calls them while it loads a folder, before anything connects.

>>> check_entries(Path("hosts.yaml"), {"R1": {"port": 22, "groups": ["g"]}}, {"g": {}})
>>> try:
...     check_entries(Path("hosts.yaml"), {"R1": {"port": 70000}}, {})
... except InventoryError as exc:
...     print(exc)
hosts.yaml: R1: port must be a number 1-65535, not 70000
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from pssc.errors import InventoryError

# libyaml's parser when PyYAML was built with it (a 1,000-host file reads about 10x faster), else
# PyYAML's own; both safe (no Python objects from tags)
SAFE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str) -> Any:
    """``text`` read as YAML with :data:`SAFE_LOADER`; an error is raised in PyYAML's own words
    (libyaml's are terser: "did not find expected node content" for "expected the node content,
    but found '<stream end>'")."""
    try:
        return yaml.load(text, Loader=SAFE_LOADER)
    except yaml.YAMLError:
        if SAFE_LOADER is yaml.SafeLoader:
            raise
        return yaml.load(text, Loader=yaml.SafeLoader)


__all__ = [
    "PLATFORMS",
    "SAFE_LOADER",
    "check_entries",
    "duplicate_keys",
    "inventory_folder",
    "inventory_hosts",
    "load_yaml",
]

PLATFORMS = ("cisco_ios", "cisco_xe")


def inventory_folder(folder: Path) -> Path:
    """``folder`` if pssc can list and read it (checked before Nornir tries and says less)."""
    if folder.is_dir() and not os.access(folder, os.R_OK | os.X_OK):
        raise InventoryError(f"{folder}: cannot read the inventory folder (permission denied)")
    return folder


def duplicate_keys(path: Path) -> None:
    """Refuse a YAML file whose top-level mapping names a key twice (YAML keeps only the last).

    Only the top level: hosts.yaml and groups.yaml name one host or group per key.
    """
    try:
        node = yaml.compose(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return  # the loader reports these with its own message
    if not isinstance(node, yaml.MappingNode):
        return
    seen: dict[str, int] = {}
    for key, _value in node.value:
        if not isinstance(key, yaml.ScalarNode):
            continue
        line = key.start_mark.line + 1
        if key.value in seen:
            raise InventoryError(
                f"{path}: line {line}: {key.value!r} is defined twice (first on line "
                f"{seen[key.value]}); each host needs a name of its own"
            )
        seen[key.value] = line


def inventory_hosts(hosts: Mapping[str, Any], source: Path) -> None:
    """Refuse hosts pssc cannot work on: no hostname or credentials, not IOS, one device twice.

    ``hosts`` maps names to Nornir hosts (credentials already applied from the environment).
    """
    where: dict[tuple[str, int], str] = {}
    for name, host in hosts.items():
        params = host.get_connection_parameters("netmiko")
        if not params.hostname:
            raise InventoryError(f"{source}: {name}: no hostname (the address pssc connects to)")
        missing = [what for what in ("username", "password") if not getattr(params, what)]
        if missing:
            raise InventoryError(
                f"{source}: {name}: no {' and no '.join(missing)} (set it in the inventory, "
                "in PSSC_USERNAME/PSSC_PASSWORD, or use --ask-pass)"
            )
        platform = params.platform or "cisco_ios"
        if platform not in PLATFORMS:
            raise InventoryError(
                f"{source}: {name}: unknown platform {platform!r} (pssc knows "
                f"{', '.join(PLATFORMS)})"
            )
        address = (str(params.hostname).lower(), int(params.port or 22))
        if address in where:
            raise InventoryError(
                f"{source}: {name} and {where[address]} are the same device "
                f"({address[0]}:{address[1]}): duplicate host"
            )
        where[address] = name


def check_entries(path: Path, entries: Mapping[str, Any], groups: Mapping[str, Any]) -> None:
    """Refuse host, group or defaults entries of the wrong shape (``groups``: the known names)."""
    for name, entry in entries.items():
        if entry is None:
            continue
        if not isinstance(entry, dict):
            raise InventoryError(f"{path}: {name}: expected a mapping, got {type(entry).__name__}")
        port = entry.get("port")
        if port is not None and (
            not isinstance(port, int) or isinstance(port, bool) or not 0 < port < 65536
        ):
            raise InventoryError(f"{path}: {name}: port must be a number 1-65535, not {port!r}")
        parents = entry.get("groups") or []
        if not isinstance(parents, list) or not all(isinstance(g, str) for g in parents):
            raise InventoryError(f"{path}: {name}: groups must be a list of group names")
        for group in parents:
            if group not in groups:
                raise InventoryError(f"{path}: {name}: unknown group {group!r}")
        data = entry.get("data") or {}
        if not isinstance(data, dict):
            raise InventoryError(f"{path}: {name}: data must be a mapping")
        options = entry.get("connection_options") or {}
        if not isinstance(options, dict) or not all(
            isinstance(o, dict) and isinstance(o.get("extras") or {}, dict)
            for o in options.values()
        ):
            raise InventoryError(
                f"{path}: {name}: connection_options must map a connection to its settings"
            )
        checking = data.get("host_key_checking")
        if checking is not None and not isinstance(checking, bool):
            raise InventoryError(
                f"{path}: {name}: host_key_checking must be true or false, not {checking!r}"
            )
