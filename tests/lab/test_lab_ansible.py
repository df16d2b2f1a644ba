"""Ansible, as its users drive a real IOS router, against the lab on every personality.

The playbook below is written for a real router (``network_cli``, ``cisco.ios.ios_config`` for the
trustpoint, ``cisco.ios.ios_command`` with ``prompt``/``answer`` for the ``crypto pki enroll``
dialog, ``write memory``, ``reload`` and waiting for the device); nothing in it knows the lab.
The dialog's questions are data per platform, as in any inventory of mixed routers: an IOS XE
box already holds the self-signed certificate IOS XE makes at its first boot, so it asks first
whether to replace it (docs/prompts.md 1.8). It runs once, in an ``ansible-playbook``
subprocess, against three devices (12.3(14)T, 15.x, IOS XE 17); each test then checks one
device. A lab that printed anything a real router does not (a log line after the prompt on a
session that never typed ``terminal monitor``) made this playbook time out at
``crypto pki enroll`` (issue 12).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

from lab.runner import RunningLab
from tests.lab.lab_clients import fetch_tls

pytestmark = [pytest.mark.xdist_group("lab-ansible"), pytest.mark.slow]

HOSTS = {"R1": "ios12", "R2": "ios15", "R3": "iosxe17"}

PLAYBOOK = r"""
- name: Persistent self-signed certificate for the HTTPS server
  hosts: routers
  gather_facts: false
  tasks:
    - name: Trustpoint for a self-signed certificate
      cisco.ios.ios_config:
        parents: crypto pki trustpoint PSSC-HTTPS
        lines:
          - enrollment selfsigned
          - subject-name cn={{ inventory_hostname }}.lab.example,o=Example,c=US
          - revocation-check none
          - rsakeypair PSSC-HTTPS 2048

    - name: Enroll (answers the questions of crypto pki enroll)
      cisco.ios.ios_command:
        commands:
          - command: configure terminal
          - command: crypto pki enroll PSSC-HTTPS
            prompt: "{{ enroll_prompts }}"
            answer: "{{ enroll_answers }}"
            check_all: true
          - command: end
      register: enroll

    - name: The certificate was made
      ansible.builtin.assert:
        that: "'Router Self Signed Certificate successfully created' in enroll.stdout[1]"

    - name: HTTPS with that certificate
      cisco.ios.ios_config:
        lines:
          - ip http secure-server
          - ip http secure-trustpoint PSSC-HTTPS

    - name: Save
      cisco.ios.ios_command:
        commands: write memory
      register: saved

    - name: Saved
      ansible.builtin.assert:
        that: "'[OK]' in saved.stdout[0]"

    - name: Certificate before the reload
      cisco.ios.ios_command:
        commands: show crypto pki certificates PSSC-HTTPS
      register: before

    - name: Reload
      cisco.ios.ios_command:
        commands:
          - command: reload
            prompt: 'Proceed with reload\? \[confirm\]'
            answer: "\r"
      ignore_errors: true

    - name: Drop the old connection
      ansible.builtin.meta: reset_connection

    - name: Wait until SSH answers again
      ansible.builtin.wait_for:
        host: "{{ ansible_host }}"
        port: "{{ ansible_port }}"
        delay: 2
        timeout: 60
      delegate_to: localhost

    - name: Certificate after the reload
      cisco.ios.ios_command:
        commands: show crypto pki certificates PSSC-HTTPS
      register: after
      retries: 10
      delay: 1
      until: after is succeeded

    - name: The same certificate came back
      ansible.builtin.assert:
        that: before.stdout[0] == after.stdout[0]

    - name: Report
      ansible.builtin.debug:
        msg: "{{ after.stdout[0] }}"
"""

ANSIBLE_CFG = """
[defaults]
host_key_checking = False
stdout_callback = ansible.builtin.json
retry_files_enabled = False
forks = 3

[persistent_connection]
command_timeout = 30
connect_timeout = 30
"""


@dataclass(frozen=True)
class PlaybookRun:
    returncode: int
    seconds: float
    result: dict[str, Any]
    stderr: str

    def host_tasks(self, host: str) -> list[tuple[str, dict[str, Any]]]:
        """(task name, result) of every task on ``host``, in order."""
        out = []
        for play in self.result.get("plays", []):
            for task in play["tasks"]:
                if host in task["hosts"]:
                    out.append((task["task"]["name"], task["hosts"][host]))
        return out


SERIAL_Q = r"Include the router serial number in the subject name\? \[yes/no\]:"
IP_Q = r"Include an IP address in the subject name\? \[no\]:"
GENERATE_Q = r"Generate Self Signed Router Certificate\? \[yes/no\]:"
REPLACE_Q = r"Do you want to continue generating a new Self Signed Certificate\? \[yes/no\]:"
CLASSIC = {"enroll_prompts": [SERIAL_Q, IP_Q, GENERATE_Q], "enroll_answers": ["no", "no", "yes"]}
XE = {
    "enroll_prompts": [REPLACE_Q, SERIAL_Q, IP_Q, GENERATE_Q],
    "enroll_answers": ["yes", "no", "no", "yes"],
}


def inventory(lab: RunningLab) -> dict[str, Any]:
    """What an Ansible user writes for these routers (credentials as for a real box)."""
    groups: dict[str, dict[str, Any]] = {
        "classic_ios": {"hosts": {}, "vars": CLASSIC},
        "ios_xe": {"hosts": {}, "vars": XE},
    }
    for name, host in lab.hosts.items():
        spec = host.spec
        group = "ios_xe" if spec.personality == "iosxe17" else "classic_ios"
        groups[group]["hosts"][name] = {
            "ansible_host": "127.0.0.1",
            "ansible_port": host.ssh_port,
            "ansible_user": spec.username,
            "ansible_password": spec.password,
            "ansible_become_password": spec.enable_secret,
        }
    return {
        "routers": {
            "children": groups,
            "vars": {
                "ansible_connection": "ansible.netcommon.network_cli",
                "ansible_network_os": "cisco.ios.ios",
                "ansible_become": True,
                "ansible_become_method": "enable",
            },
        }
    }


@pytest.fixture(scope="module")
def lab(lab_factory: Any) -> RunningLab:
    devices = [
        # 12.3(14)T cannot sign past its fixed 2020 end date: that router's clock is not set
        {"hostname": "R1", "personality": "ios12", "faults": ["clock-unset"]},
        {"hostname": "R2", "personality": "ios15"},
        {"hostname": "R3", "personality": "iosxe17"},
    ]
    running: RunningLab = lab_factory(fleet_data={"devices": devices}, boot_seconds=0.5)
    return running


def run_playbook(lab: RunningLab, work: Path) -> PlaybookRun:
    (work / "playbook.yml").write_text(PLAYBOOK, encoding="utf-8")
    (work / "inventory.yml").write_text(yaml.safe_dump(inventory(lab)), encoding="utf-8")
    (work / "ansible.cfg").write_text(ANSIBLE_CFG, encoding="utf-8")
    env = {
        **os.environ,
        "ANSIBLE_CONFIG": str(work / "ansible.cfg"),
        "ANSIBLE_HOME": str(work / "home"),
        "ANSIBLE_LOCAL_TEMP": str(work / "tmp"),
        "ANSIBLE_PERSISTENT_CONTROL_PATH_DIR": str(work / "pc"),
        "ANSIBLE_NOCOLOR": "1",
        "PYTHONWARNINGS": "ignore",
    }
    bindir = Path(sys.executable).parent
    start = time.monotonic()
    proc = subprocess.run(
        [str(bindir / "ansible-playbook"), "-i", "inventory.yml", "playbook.yml"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    seconds = time.monotonic() - start
    try:
        result = json.loads(proc.stdout)
    except json.JSONDecodeError:
        pytest.fail(
            f"ansible-playbook printed no JSON: {proc.stdout[-2000:]}\n{proc.stderr[-2000:]}"
        )
    return PlaybookRun(proc.returncode, seconds, result, proc.stderr)


def problems_of(run: PlaybookRun, lab: RunningLab, host: str) -> list[str]:
    """What went wrong on ``host`` (nothing: the certificate survived the reload, served)."""
    tasks = run.host_tasks(host)
    found = [f"{name}: {r.get('msg')}" for name, r in tasks if r.get("failed") and name != "Reload"]
    if run.result["stats"][host]["unreachable"]:
        found.append("unreachable")
    if not tasks or tasks[-1][0] != "Report":
        found.append(f"stopped after {tasks[-1][0] if tasks else 'nothing'!r}")
    if lab.server(host).reloads != 1:
        found.append(f"{lab.server(host).reloads} reloads")
    der = lab.device(host).certificate("PSSC-HTTPS")  # type: ignore[attr-defined]
    if der is None:
        found.append("no certificate after the reload")
    elif fetch_tls(lab.hosts[host].https_port)[0] != der:
        found.append("HTTPS serves another certificate")
    return found


def timings(run: PlaybookRun) -> list[str]:
    lines = []
    for play in run.result.get("plays", []):
        for task in play["tasks"]:
            span = task["task"].get("duration", {})
            if span.get("start") and span.get("end"):
                start = datetime.fromisoformat(span["start"].replace("Z", "+00:00"))
                end = datetime.fromisoformat(span["end"].replace("Z", "+00:00"))
                lines.append(f"  {(end - start).total_seconds():5.1f} s  {task['task']['name']}")
    return lines


def test_the_playbook_rolls_out_a_persistent_certificate_on_every_personality(
    lab: RunningLab, tmp_path: Path
) -> None:
    """One run for the three routers (Ansible's start-up is paid once); the figures are printed
    for the report (``pytest -s``)."""
    run = run_playbook(lab, tmp_path)
    print(f"\nansible-playbook on {len(HOSTS)} devices: {run.seconds:.1f} s")
    print("\n".join(timings(run)))
    problems = {f"{h} ({p})": problems_of(run, lab, h) for h, p in HOSTS.items()}
    assert {h: p for h, p in problems.items() if p} == {}, run.stderr[-2000:]
    assert run.returncode == 0
