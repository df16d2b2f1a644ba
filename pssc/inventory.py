"""Load the Nornir inventory: a SimpleInventory folder, or any Nornir configuration file.

A folder holds ``hosts.yaml``, ``groups.yaml``, ``defaults.yaml`` and an optional ``config.yaml``
(``runner: {plugin, options}`` as in a Nornir config file, or just ``num_workers: N``); naming its
``hosts.yaml`` (``-i inventory/hosts.yaml``) names the folder. :func:`load_nornir_config` takes a
Nornir configuration file instead (``-c nornir.yaml``), with any inventory plugin: Ansible
(``nornir_ansible``), NetBox (``nornir_netbox``), Nautobot (``nornir_nautobot``); Ansible's
``ansible_network_os`` and ``ansible_become_password`` give the platform and the enable secret.
Nornir's own logging is off. Each host gets netmiko extras that check its SSH host key against
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
from nornir.core.inventory import Host

from pssc import session_log
from pssc.credentials import Credentials, apply
from pssc.errors import InventoryError
from pssc.fleet import pool
from pssc.logs import add_secret
from pssc.validate import inventory as checks
from tasks import hostkeys

logger = logging.getLogger(__name__)

DEFAULT_WORKERS = pool.DEFAULT_WORKERS  # a ceiling: one thread per host up to it
DEFAULT_KNOWN_HOSTS = hostkeys.DEFAULT_KNOWN_HOSTS
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
        data = checks.load_yaml(path.read_text(encoding="utf-8"))
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


def configure_connection(host: Host, folder: Path, *, session_log_dir: Path | None = None) -> None:
    """Netmiko extras of one host: host key policy (``tasks.hostkeys``, which
    ``tasks.session.connect`` applies again on every path), pssc's defaults, the enable secret of
    an Ansible inventory, optional session log; the secrets join the log mask (``pssc.logs``)."""
    hostkeys.apply(host, folder, _NETMIKO_DEFAULTS)
    options = host.connection_options["netmiko"]
    options.platform = _platform(options.platform, host)
    extras = options.extras if options.extras is not None else {}
    options.extras = extras
    if "secret" not in extras and host.get("ansible_become_password"):
        extras["secret"] = host.get("ansible_become_password")
    if session_log_dir is not None:
        # netmiko replaces the password and the secret with ******** in what it writes; the
        # folder is 0700, the file 0600, its name never a path (pssc.session_log)
        extras["session_log"] = str(session_log.log_file(session_log_dir, host.name))
    add_secret(options.password or host.password)
    add_secret(extras.get("secret"))


def _platform(platform: str | None, host: Host) -> str:
    """netmiko's name: the inventory's platform, Ansible's ``cisco.ios.ios``, else cisco_ios."""
    name = str(platform or host.get("ansible_network_os") or "cisco_ios")
    return {"cisco.ios.ios": "cisco_ios", "ios": "cisco_ios", "cisco.ios": "cisco_ios"}.get(
        name, name
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
    """A Nornir object for the inventory folder (or its hosts file), its hosts ready for netmiko."""
    folder = Path(inventory_dir)
    hosts_file = folder / "hosts.yaml"
    if folder.is_file():  # -i inventory/hosts.yaml: that file, in its folder
        folder, hosts_file = folder.parent, folder
    elif not folder.is_dir():
        raise InventoryError(f"{folder}: no such inventory folder")
    checks.inventory_folder(folder)
    checks.duplicate_keys(hosts_file)
    groups = _load_yaml(folder / "groups.yaml", required=False)
    checks.check_entries(folder / "groups.yaml", groups, groups)
    hosts_data = _load_yaml(hosts_file, required=True)
    checks.check_entries(hosts_file, hosts_data, groups)
    defaults = _load_yaml(folder / "defaults.yaml", required=False)
    checks.check_entries(folder / "defaults.yaml", {"defaults": defaults}, groups)
    options: dict[str, Any] = {"host_file": str(hosts_file)}
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
    return _prepare(nr, folder, hosts_file, hosts, filters, credentials, session_log_dir)


def _prepare(
    nr: Nornir,
    folder: Path,
    source: Path,
    hosts: Sequence[str] | None,
    filters: Sequence[str] | None,
    credentials: Credentials | None,
    session_log_dir: Path | None,
) -> Nornir:
    for host in nr.inventory.hosts.values():
        configure_connection(host, folder, session_log_dir=session_log_dir)
    if credentials:
        apply(nr, credentials)
        add_secret(credentials.password)
        add_secret(credentials.secret)
    nr = _select(nr, hosts, filters)
    checks.inventory_hosts(nr.inventory.hosts, source)
    logger.info("inventory %s: %d host(s) selected", source, len(nr.inventory.hosts))
    return nr


def load_nornir_config(
    config_file: Path | str,
    *,
    hosts: Sequence[str] | None = None,
    filters: Sequence[str] | None = None,
    runner: dict[str, Any] | None = None,
    credentials: Credentials | None = None,
    session_log_dir: Path | None = None,
) -> Nornir:
    """A Nornir object from a Nornir configuration file, whatever its inventory plugin; a
    relative ``known_hosts`` in the hosts' data is read from the file's folder."""
    path = Path(config_file)
    if not path.is_file():
        raise InventoryError(f"{path}: no such Nornir configuration file")
    overrides: dict[str, Any] = {"logging": {"enabled": False}}
    if runner is not None:
        overrides["runner"] = runner
    try:
        nr = InitNornir(config_file=str(path), **overrides)
    except Exception as exc:  # the plugins raise anything: missing file, bad data, no plugin
        raise InventoryError(f"{path}: cannot load the inventory: {exc}") from exc
    return _prepare(nr, path.parent, path, hosts, filters, credentials, session_log_dir)


__all__ = ["InventoryError", "configure_connection", "load_nornir", "load_nornir_config"]
