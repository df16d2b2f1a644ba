"""The Nornir SimpleInventory that a running lab writes for pssc (CONTRACTS section 3).

``hosts.yaml`` names each device with its SSH port, ``platform: cisco_ios``, the lab credentials,
the enable secret under ``connection_options.netmiko.extras.secret``, and ``data``: ``https_port``,
``host_key_checking: false`` (the lab's host keys are made per lab, so pssc must not check them
against ``~/.ssh/known_hosts``), ``known_hosts: known_hosts`` (the lab's keys all the same, for a
client that wants to pin them), ``lab: true``. ``known_hosts`` holds one
``[127.0.0.1]:PORT ssh-ed25519 ...`` line per device. Every file is written atomically.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import yaml

from lab.device.model.spec import DeviceSpec


@dataclass(frozen=True)
class InventoryHost:
    spec: DeviceSpec
    address: str
    ssh_port: int
    https_port: int
    known_hosts_line: str


def fault_names(spec: DeviceSpec) -> list[str]:
    """The faults a device plays, as the fleet file spells them (``latency 20``)."""
    out = []
    for f in fields(spec.faults):
        value = getattr(spec.faults, f.name)
        name = f.name.replace("_", "-").removesuffix("-ms")
        if value is True:
            out.append(name)
        elif value and not isinstance(value, bool):
            out.append(f"{name} {value:g}")
    return out


def host_entry(host: InventoryHost) -> dict[str, Any]:
    spec = host.spec
    return {
        "hostname": host.address,
        "port": host.ssh_port,
        "platform": "cisco_ios",
        "username": spec.username,
        "password": spec.password,
        "groups": ["lab"],
        "connection_options": {"netmiko": {"extras": {"secret": spec.enable_secret}}},
        "data": {
            "https_port": host.https_port,
            "host_key_checking": False,
            "known_hosts": "known_hosts",
            "lab": True,
            "serial": spec.serial,
            "personality": spec.personality,
            "preset": spec.preset,
            "faults": fault_names(spec),
        },
    }


def _write_atomic(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_inventory(folder: Path, hosts: Iterable[InventoryHost]) -> Path:
    """Write hosts.yaml, groups.yaml, defaults.yaml and known_hosts; return the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    hosts = list(hosts)
    header = "# written by `pssc lab up`: the emulated lab; rewritten at every start\n"
    hosts_doc = {h.spec.name: host_entry(h) for h in hosts}
    groups_doc = {"lab": {"data": {"lab": True}}}
    # host_key_checking: false is on each lab host, never in the defaults: a real device added to
    # this folder later is checked against known_hosts (issue 13, item 12)
    defaults_doc = {"platform": "cisco_ios"}
    for name, doc in (
        ("hosts.yaml", hosts_doc),
        ("groups.yaml", groups_doc),
        ("defaults.yaml", defaults_doc),
    ):
        _write_atomic(folder / name, header + yaml.safe_dump(doc, sort_keys=False))
    _write_atomic(folder / "known_hosts", "".join(f"{h.known_hosts_line}\n" for h in hosts))
    return folder
