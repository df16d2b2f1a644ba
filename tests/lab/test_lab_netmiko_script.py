"""A plain netmiko script, as netmiko users write one for a real router, on every personality.

:func:`rollout` is that script: ``ConnectHandler``, ``send_config_set`` for the trustpoint,
``send_command(..., expect_string=...)`` answering the ``crypto pki enroll`` questions,
``save_config()``, ``reload`` with ``send_command_timing`` and a reconnect loop. It knows nothing
of the lab. It runs with and without ``terminal monitor``: with it, log messages of its own and
of another session arrive in the middle of its output, and it must still work; without it, none
may ever arrive (issue 12: a log line after the prompt made netmiko time out).
"""

from __future__ import annotations

import re
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from netmiko import ConnectHandler

from lab.runner import RunningLab
from tests.lab.lab_clients import Shell, fetch_tls

pytestmark = pytest.mark.xdist_group("lab-netmiko-script")

HOSTS = {"R1": "ios12", "R2": "ios15", "R3": "iosxe17"}
IDS = [f"{h}-{p}" for h, p in HOSTS.items()]

# the questions of `crypto pki enroll` and what this script answers
ANSWERS = {
    "continue generating a new Self Signed Certificate": "yes",
    "serial number in the subject name": "no",
    "IP address in the subject name": "no",
    "Generate Self Signed Router Certificate": "yes",
}


def connect(params: dict[str, Any]) -> Any:
    conn = ConnectHandler(**params)
    conn.enable()
    return conn


def enroll(conn: Any, trustpoint: str) -> str:
    """Answer each question of ``crypto pki enroll`` until the prompt comes back."""
    conn.config_mode()
    until = r"\[yes/no\]:|\[no\]:|" + re.escape(conn.base_prompt) + r"\(config\)#"
    out = conn.send_command(f"crypto pki enroll {trustpoint}", expect_string=until, read_timeout=60)
    transcript = out
    while asked := [q for q in ANSWERS if q in out]:
        out = conn.send_command(ANSWERS[asked[-1]], expect_string=until, read_timeout=60)
        transcript += out
    conn.exit_config_mode()
    return transcript


def rollout(params: dict[str, Any], *, monitor: bool = False) -> dict[str, str]:
    """The script: trustpoint, enroll, HTTPS, save, reload, and the certificate after it."""
    conn = connect(params)
    if monitor:
        conn.send_command("terminal monitor")
    trustpoint = conn.send_config_set(
        [
            "crypto pki trustpoint PSSC-NM",
            "enrollment selfsigned",
            f"subject-name cn={conn.base_prompt}.lab.example,ou=Netmiko,c=US",
            "rsakeypair PSSC-NM 2048",
        ]
    )
    enrolled = enroll(conn, "PSSC-NM")
    https = conn.send_config_set(["ip http secure-server", "ip http secure-trustpoint PSSC-NM"])
    saved = conn.save_config()
    before = conn.send_command("show crypto pki certificates PSSC-NM")
    out = conn.send_command_timing("reload")
    if "Save?" in out:
        out = conn.send_command_timing("no")
    if "confirm" in out:
        try:
            conn.send_command_timing("\n", read_timeout=5)
        except OSError:
            pass  # the router drops the session as it reloads
    conn.disconnect()
    time.sleep(1)
    for _ in range(60):
        try:
            conn = connect(params)
            break
        except Exception:  # still booting
            time.sleep(1)
    after = conn.send_command("show crypto pki certificates PSSC-NM")
    uptime = conn.send_command("show version | include uptime")
    conn.disconnect()
    return {
        "trustpoint": trustpoint,
        "enroll": enrolled,
        "https": https,
        "save": saved,
        "before": before,
        "after": after,
        "uptime": uptime,
    }


def params_of(lab: RunningLab, name: str) -> dict[str, Any]:
    host = lab.hosts[name]
    return {
        "device_type": "cisco_ios",
        "host": "127.0.0.1",
        "port": host.ssh_port,
        "username": host.spec.username,
        "password": host.spec.password,
        "secret": host.spec.enable_secret,
    }


DEVICES = [
    # 12.3(14)T cannot sign past its fixed 2020 end date: that router's clock is not set
    {"hostname": "R1", "personality": "ios12", "faults": ["clock-unset"]},
    {"hostname": "R2", "personality": "ios15"},
    {"hostname": "R3", "personality": "iosxe17"},
]


@pytest.fixture(scope="module")
def lab(lab_factory: Any) -> RunningLab:
    running: RunningLab = lab_factory(fleet_data={"devices": DEVICES}, boot_seconds=0.5)
    return running


@pytest.fixture(scope="module")
def monitor_lab(lab_factory: Any) -> RunningLab:
    running: RunningLab = lab_factory(fleet_data={"devices": DEVICES}, boot_seconds=0.5)
    return running


@pytest.fixture(scope="module")
def other_lab(lab_factory: Any) -> RunningLab:
    running: RunningLab = lab_factory(fleet_data={"devices": DEVICES}, boot_seconds=0.5)
    return running


def check(lab: RunningLab, name: str, result: dict[str, str]) -> None:
    assert "Router Self Signed Certificate successfully created" in result["enroll"]
    assert "[OK]" in result["save"]
    assert "Router Self-Signed Certificate" in result["before"]
    assert lab.server(name).reloads >= 1
    der = lab.device(name).certificate("PSSC-NM")  # type: ignore[attr-defined]
    served, _ = fetch_tls(lab.hosts[name].https_port)
    assert der is not None and served == der


@pytest.mark.parametrize("name", list(HOSTS), ids=IDS)
def test_netmiko_script(lab: RunningLab, name: str) -> None:
    result = rollout(params_of(lab, name))
    check(lab, name, result)
    assert "%" not in result["after"].replace("% ", "")  # no log line reached the session
    assert result["after"] == result["before"]  # the same certificate after the reload
    assert not re.search(r"%\w+-\d-\w+:", "".join(result.values()))


@pytest.mark.parametrize("name", list(HOSTS), ids=IDS)
def test_netmiko_script_with_terminal_monitor(
    monitor_lab: RunningLab, name: str, tmp_path: Path
) -> None:
    """The same script with ``terminal monitor``: the messages its own commands cause (the key
    generation, ``%SYS-5-CONFIG_I`` after each ``end``) come in the middle of its output, after
    prompts; netmiko's session log records them."""
    log = tmp_path / "session.log"
    logged = {"session_log": str(log), "session_log_file_mode": "append"}
    result = rollout({**params_of(monitor_lab, name), **logged}, monitor=True)
    check(monitor_lab, name, result)
    seen = log.read_text(encoding="utf-8", errors="replace")
    assert re.search(r"%SYS-5-CONFIG_I: Configured from console by \S+ on vty0 \(", seen)
    assert "%CRYPTO-6-AUTOGEN: Generated new 2048 bit key pair" in seen


def chatter(lab: RunningLab, name: str, ready: threading.Event, stop: threading.Event) -> None:
    """Another session that sets ``logging synchronous`` on the vty lines, then configures a
    few times while the script runs: each ``end`` logs ``%SYS-5-CONFIG_I`` to the script."""
    sh = Shell(lab.hosts[name].ssh_port)
    try:
        sh.read_until(f"{name}>$")
        sh.send(f"enable\r{lab.hosts[name].spec.enable_secret}\r")
        sh.read_until(f"{name}#$")
        sh.send("configure terminal\rline vty 0 15\rlogging synchronous\rend\r")
        sh.read_until(f"{name}#$")
        ready.set()
        device: Any = lab.device(name)
        deadline = time.monotonic() + 20
        while not any(s.monitor for s in device.session_list()):  # the script is watching
            if time.monotonic() > deadline or stop.is_set():
                return
            time.sleep(0.05)
        for n in range(4):
            if stop.is_set():
                break
            sh.send(f"configure terminal\rinterface GigabitEthernet0/1\rdescription x{n}\rend\r")
            sh.read_until(f"{name}#$")
            time.sleep(0.4)
    except (AssertionError, EOFError, OSError):
        pass  # the device reloads under it
    finally:
        ready.set()
        sh.close()


@pytest.mark.parametrize("name", list(HOSTS), ids=IDS)
def test_netmiko_script_with_messages_of_another_session(
    other_lab: RunningLab, name: str, tmp_path: Path
) -> None:
    """``terminal monitor`` while another session configures: its messages arrive whenever
    they happen. With ``logging synchronous`` on the vty lines IOS prints the prompt again after
    each, so netmiko, which takes the last line it reads for the prompt, keeps working. (Without
    it a message may arrive just as netmiko looks for the prompt: on a real router too.)"""
    log = tmp_path / "session.log"
    ready, stop = threading.Event(), threading.Event()
    other = threading.Thread(target=chatter, args=(other_lab, name, ready, stop), daemon=True)
    other.start()
    assert ready.wait(20)  # the other session holds vty0; the script gets vty1
    try:
        logged = {"session_log": str(log), "session_log_file_mode": "append"}
        result = rollout({**params_of(other_lab, name), **logged}, monitor=True)
    finally:
        stop.set()
        other.join(10)
    check(other_lab, name, result)
    seen = log.read_text(encoding="utf-8", errors="replace")
    assert re.search(r"%SYS-5-CONFIG_I: Configured from console by \S+ on vty0 \(", seen)
