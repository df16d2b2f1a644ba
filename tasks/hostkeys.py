"""The SSH host key policy of a host, applied on every path that connects (``tasks.session``).

A host's key is checked against a ``known_hosts`` file unless its inventory data says
``host_key_checking: false`` (the lab's inventory does, host by host): netmiko's ``ssh_strict``
(paramiko's ``RejectPolicy``) with the file given as ``alt_key_file``. Anything but the literal
``false`` checks, so a typo fails closed. ``known_hosts`` comes from the host's data (default
``~/.ssh/known_hosts``); a relative path is relative to the inventory folder (the folder of
SimpleInventory's ``host_file``; the current folder for other inventory plugins).

``tasks.session.connect`` applies the policy before Nornir opens the connection, so a runbook that
builds Nornir itself (``InitNornir`` + ``run_rollout``), the Dask workers and the CLI all check
the same way; ``pssc.inventory`` applies it too when it loads the inventory.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from nornir.core.configuration import Config
from nornir.core.inventory import ConnectionOptions, Host

CONNECTION = "netmiko"
DEFAULT_KNOWN_HOSTS = "~/.ssh/known_hosts"


def checking(host: Host) -> bool:
    """Does the host's key get checked? Only the literal ``false`` turns it off."""
    return host.get("host_key_checking", True) is not False


def inventory_folder(config: Config | None) -> Path:
    """The folder relative ``known_hosts`` paths start from: that of SimpleInventory's
    ``host_file`` when the configuration names one, else the current folder."""
    options: dict[str, Any] = {}
    if config is not None:
        options = dict(getattr(config.inventory, "options", None) or {})
    host_file = options.get("host_file")
    return Path(str(host_file)).expanduser().resolve().parent if host_file else Path.cwd()


def known_hosts(host: Host, folder: Path, given: str | None = None) -> Path:
    """The host's ``known_hosts`` file, absolute: its data's ``known_hosts``, else the
    ``alt_key_file`` its netmiko extras name (``given``), else ``~/.ssh/known_hosts``."""
    value = host.get("known_hosts") or given or DEFAULT_KNOWN_HOSTS
    path = Path(str(value)).expanduser()
    return path if path.is_absolute() else (folder / path).resolve()


def policy_extras(host: Host, folder: Path, given: str | None = None) -> dict[str, Any]:
    """The netmiko extras that carry the policy (they override the inventory's own)."""
    if not checking(host):
        return {"ssh_strict": False, "system_host_keys": False, "alt_host_keys": False}
    return {
        "ssh_strict": True,
        "system_host_keys": False,
        "alt_host_keys": True,
        "alt_key_file": str(known_hosts(host, folder, given)),
    }


def apply(host: Host, folder: Path, extra: dict[str, Any] | None = None) -> None:
    """Give ``host`` netmiko connection options that carry the policy, over ``extra`` (defaults
    the caller wants) and the inventory's own extras."""
    params = host.get_connection_parameters(CONNECTION)
    extras: dict[str, Any] = {**(extra or {}), **(params.extras or {})}
    given = extras.get("alt_key_file")
    extras.update(policy_extras(host, folder, str(given) if given else None))
    host.connection_options[CONNECTION] = ConnectionOptions(
        hostname=params.hostname,
        port=params.port,
        username=params.username,
        password=params.password,
        platform=params.platform or "cisco_ios",
        extras=extras,
    )


def enforce(host: Host, config: Config | None) -> None:
    """Apply the policy to ``host`` before a connection opens (``tasks.session.connect``)."""
    apply(host, inventory_folder(config))
