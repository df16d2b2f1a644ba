"""Load the Nornir inventory folder: SimpleInventory, runner options, host keys, credentials.

A folder holds ``hosts.yaml``, ``groups.yaml``, ``defaults.yaml`` and an optional ``config.yaml``
(``runner: {plugin, options}`` as in a Nornir config file, or just ``num_workers: N``). Nornir's
own logging is off. Each host gets netmiko extras that check its SSH host key against
``known_hosts`` unless its data says ``host_key_checking: false`` (the lab's inventory does).

A bad inventory raises :class:`~pssc.errors.InventoryError` (one line naming the file, exit 2);
the checks themselves are in :mod:`pssc.validate.inventory`.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml
from nornir import InitNornir
from nornir.core import Nornir
from nornir.core.inventory import ConnectionOptions, Host

from pssc.credentials import Credentials, apply
from pssc.errors import InventoryError
from pssc.fleet import pool
from pssc.validate import inventory as checks

logger = logging.getLogger(__name__)

DEFAULT_WORKERS = pool.DEFAULT_WORKERS  # a ceiling: one thread per host up to it
DEFAULT_KNOWN_HOSTS = "~/.ssh/known_hosts"
# netmiko settings pssc wants unless the inventory says otherwise: password logins only, no
# agent keys tried first, prompt-driven reads (fast_cli) and bounded waits.
_NETMIKO_DEFAULTS: dict[str, Any] = {
    "fast_cli": True,
    "use_keys": False,
    "allow_agent": False,
    "conn_timeout": 15,
    "auth_timeout": 20,
    "banner_timeout": 20,
}


def _load_yaml(path: Path, *, required: bool) -> dict[str, Any]:
    if not path.is_file():
        if required:
            raise InventoryError(f"{path}: no such file (an inventory folder needs hosts.yaml)")
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise InventoryError(f"{path}: cannot read: {exc}") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise InventoryError(f"{path}:{where}: invalid YAML: {problem}") from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise InventoryError(f"{path}: expected a mapping at the top, got {type(data).__name__}")
    return data


def _runner(folder: Path, runner: dict[str, Any] | None, workers: int | None) -> dict[str, Any]:
    config = _load_yaml(folder / "config.yaml", required=False)
    chosen = runner or config.get("runner") or {"plugin": "fleet", "options": {}}
    if not isinstance(chosen, dict) or "plugin" not in chosen:
        raise InventoryError(f"{folder / 'config.yaml'}: runner needs a 'plugin'")
    options = dict(chosen.get("options") or {})
    if "num_workers" in config and "num_workers" not in options:
        options["num_workers"] = config["num_workers"]
    if workers is not None:
        options["num_workers"] = workers
    if chosen["plugin"] in ("threaded", "fleet"):
        options.setdefault("num_workers", DEFAULT_WORKERS)
    return {"plugin": chosen["plugin"], "options": options}


def _register_runner() -> None:
    """pssc's runner (``pssc.fleet.pool.FleetRunner``) under the plugin name ``fleet``."""
    from nornir.core.plugins.runners import RunnersPluginRegister

    RunnersPluginRegister.register("fleet", pool.FleetRunner)  # idempotent


def _known_hosts(folder: Path, host: Host) -> Path:
    value = host.get("known_hosts") or DEFAULT_KNOWN_HOSTS
    path = Path(str(value)).expanduser()
    return path if path.is_absolute() else (folder / path).resolve()


def configure_connection(host: Host, folder: Path, *, session_log_dir: Path | None = None) -> None:
    """Netmiko extras of one host: host key policy, pssc's defaults, optional session log."""
    params = host.get_connection_parameters("netmiko")
    extras: dict[str, Any] = {**_NETMIKO_DEFAULTS, **(params.extras or {})}
    checking = host.get("host_key_checking", True)
    if checking is False:
        extras.update(ssh_strict=False, system_host_keys=False, alt_host_keys=False)
    else:
        known = _known_hosts(folder, host)
        extras.update(ssh_strict=True, system_host_keys=False, alt_host_keys=True)
        extras["alt_key_file"] = str(known)
    if session_log_dir is not None:
        session_log_dir.mkdir(parents=True, exist_ok=True)
        # netmiko replaces the password and the secret with ******** in what it writes
        extras["session_log"] = str(session_log_dir / f"{host.name}.log")
    host.connection_options["netmiko"] = ConnectionOptions(
        hostname=params.hostname,
        port=params.port,
        username=params.username,
        password=params.password,
        platform=params.platform or "cisco_ios",
        extras=extras,
    )


def _matches(host: Host, key: str, value: str) -> bool:
    if key in ("group", "groups"):
        return host.has_parent_group(value)
    if key in ("name", "hostname", "platform", "port"):
        return str(getattr(host, key)) == value
    return str(host.get(key)) == value


def _select(nr: Nornir, hosts: Sequence[str] | None, filters: Sequence[str] | None) -> Nornir:
    if hosts:
        unknown = sorted(set(hosts) - set(nr.inventory.hosts))
        if unknown:
            raise InventoryError(f"unknown host(s) in --hosts: {', '.join(unknown)}")
        wanted = set(hosts)
        nr = nr.filter(filter_func=lambda h: h.name in wanted)
    for item in filters or ():
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise InventoryError(f"--filter wants KEY=VALUE, not {item!r}")
        nr = nr.filter(filter_func=lambda h, k=key, v=value: _matches(h, k, v))
    return nr


def load_nornir(
    inventory_dir: Path | str,
    *,
    workers: int | None = None,
    hosts: Sequence[str] | None = None,
    filters: Sequence[str] | None = None,
    runner: dict[str, Any] | None = None,
    credentials: Credentials | None = None,
    session_log_dir: Path | None = None,
) -> Nornir:
    """A Nornir object for the inventory folder, its hosts ready for netmiko."""
    folder = Path(inventory_dir)
    if not folder.is_dir():
        raise InventoryError(f"{folder}: no such inventory folder")
    checks.inventory_folder(folder)
    checks.duplicate_keys(folder / "hosts.yaml")
    groups = _load_yaml(folder / "groups.yaml", required=False)
    checks.check_entries(folder / "groups.yaml", groups, groups)
    hosts_data = _load_yaml(folder / "hosts.yaml", required=True)
    checks.check_entries(folder / "hosts.yaml", hosts_data, groups)
    defaults = _load_yaml(folder / "defaults.yaml", required=False)
    checks.check_entries(folder / "defaults.yaml", {"defaults": defaults}, groups)
    options: dict[str, Any] = {"host_file": str(folder / "hosts.yaml")}
    for key, name in (("group_file", "groups.yaml"), ("defaults_file", "defaults.yaml")):
        if (folder / name).is_file():
            options[key] = str(folder / name)
    _register_runner()
    try:
        nr = InitNornir(
            runner=_runner(folder, runner, workers),
            inventory={"plugin": "SimpleInventory", "options": options},
            logging={"enabled": False},
        )
    except InventoryError:
        raise
    except Exception as exc:  # nornir wraps plugin and schema problems in many types
        raise InventoryError(f"{folder}: cannot load the inventory: {exc}") from exc
    for host in nr.inventory.hosts.values():
        configure_connection(host, folder, session_log_dir=session_log_dir)
    if credentials:
        apply(nr, credentials)
    nr = _select(nr, hosts, filters)
    checks.inventory_hosts(nr.inventory.hosts, folder / "hosts.yaml")
    logger.info("inventory %s: %d host(s) selected", folder, len(nr.inventory.hosts))
    return nr


__all__ = ["InventoryError", "configure_connection", "load_nornir"]
