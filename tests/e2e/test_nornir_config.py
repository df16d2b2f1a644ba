"""``-c nornir.yaml``: any Nornir inventory plugin; here ``nornir_ansible``'s AnsibleInventory
reading the Ansible inventory a team already keeps for the lab's routers.

The Ansible inventory names the routers as an Ansible user would (``ansible_host``,
``ansible_port``, ``ansible_user``, ``ansible_password``, ``ansible_become_password`` for the
enable secret, ``ansible_network_os: cisco.ios.ios``); pssc reads the platform and the enable
secret from those, and the HTTPS port and host key policy from host variables.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from pssc.cli import main

pytestmark = pytest.mark.xdist_group("nornir-config-e2e")

FLEET = {
    "defaults": {"boot_seconds": 0.3, "password": "Pw-ansible-7", "enable_secret": "En-ansible-7"},
    "devices": [
        {"hostname": "R1", "personality": "ios15"},
        {"hostname": "R2", "personality": "iosxe17"},
        {"hostname": "R3", "personality": "ios15", "preset": "healthy"},
    ],
}


def ansible_inventory(lab: Any) -> dict[str, Any]:
    """The routers as an Ansible YAML inventory: group ``edge`` (R1, R2) and ``core`` (R3)."""
    groups: dict[str, dict[str, Any]] = {"edge": {"hosts": {}}, "core": {"hosts": {}}}
    for name, host in lab.hosts.items():
        spec = host.spec
        groups["core" if name == "R3" else "edge"]["hosts"][name] = {
            "ansible_host": "127.0.0.1",
            "ansible_port": host.ssh_port,
            "ansible_user": spec.username,
            "ansible_password": spec.password,
            "ansible_become_password": spec.enable_secret,
            "https_port": host.https_port,
        }
    return {
        "all": {
            "children": {"routers": {"children": groups}},
            "vars": {
                "ansible_network_os": "cisco.ios.ios",
                "ansible_connection": "ansible.netcommon.network_cli",
                "host_key_checking": False,  # the lab's keys change with every state folder
            },
        }
    }


@pytest.fixture(scope="module")
def config(lab_factory: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    lab = lab_factory(fleet_data=FLEET)
    folder = tmp_path_factory.mktemp("nornir-config")
    (folder / "inventory.yml").write_text(yaml.safe_dump(ansible_inventory(lab)), encoding="utf-8")
    nornir = {
        "inventory": {
            "plugin": "AnsibleInventory",
            "options": {"hostsfile": str(folder / "inventory.yml")},
        },
        "runner": {"plugin": "threaded", "options": {"num_workers": 4}},
    }
    (folder / "nornir.yaml").write_text(yaml.safe_dump(nornir), encoding="utf-8")
    return folder / "nornir.yaml"


def test_rollout_and_audit_through_an_ansible_inventory(
    config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "rollout.json"
    code = main(["rollout", "-c", str(config), "--filter", "group=edge", "--no-progress",
                 "--no-pins", "--json", str(out)])  # fmt: skip
    assert code == 0, capsys.readouterr()
    text = out.read_text(encoding="utf-8")
    records = {r["host"]: r for r in json.loads(text)["hosts"]}
    assert {h: r["status"] for h, r in records.items()} == {"R1": "changed", "R2": "changed"}
    assert all(r["saved"] for r in records.values())
    report = tmp_path / "audit.json"
    # -c before the subcommand, as a global option
    assert main(["-c", str(config), "audit", "--no-pins", "--output", str(report)]) == 0
    hosts = {h["host"]: h for h in json.loads(report.read_text(encoding="utf-8"))["hosts"]}
    assert sorted(hosts) == ["R1", "R2", "R3"]
    assert all(h["facts"]["served"] for h in hosts.values())  # HTTPS port from the host vars


def test_a_broken_nornir_config_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "nornir.yaml"
    bad.write_text("inventory:\n  plugin: NoSuchInventory\n", encoding="utf-8")
    assert main(["audit", "-c", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"pssc audit: {bad}: cannot load the inventory") and err.count("\n") == 1
    assert main(["audit", "-c", str(tmp_path / "missing.yaml")]) == 2
    assert "no such Nornir configuration file" in capsys.readouterr().err
