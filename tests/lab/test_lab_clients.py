"""The real device through the real clients, on every personality: netmiko, scrapli (system and
paramiko transports), OpenSSH; the ``crypto pki enroll`` dialog through each.

Each client is used as its users use it on a real router (netmiko's ``ConnectHandler``,
scrapli's ``IOSXEDriver`` and ``send_interactive``, ``ssh`` in a terminal driven by pexpect).
The enroll questions are those of docs/prompts.md section 1; an IOS XE box asks first whether to
replace the self-signed certificate it made at its first boot (docs/prompts.md 1.8).
"""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path
from typing import Any

import pytest
from netmiko import ConnectHandler

from lab.runner import LabConfig, RunningLab, start_lab
from tests.lab.lab_clients import Shell, refused, wait_for

pytestmark = pytest.mark.xdist_group("lab-clients")


PERSONALITIES = {"1": "ios12", "2": "ios15", "3": "iosxe17"}


def fleet() -> list[dict[str, Any]]:
    """R1-R3 for the sessions and the OpenSSH dialog, S1-S3 and T1-T3 for scrapli's dialogs
    (system and paramiko transport): one enrollment per device, so each dialog is known."""
    devices = []
    for prefix in ("R", "S", "T"):
        for n, personality in PERSONALITIES.items():
            device: dict[str, Any] = {"hostname": f"{prefix}{n}", "personality": personality}
            if personality == "ios12":  # 12.3(14)T signs nothing past 2020: a clock never set
                device["faults"] = ["clock-unset"]
            devices.append(device)
    return devices


@pytest.fixture(scope="module")
def lab(lab_factory: Any) -> RunningLab:
    running: RunningLab = lab_factory(fleet_data={"devices": fleet()})
    return running


def by_personality(prefix: str) -> Any:
    return pytest.mark.parametrize(
        "name", [f"{prefix}{n}" for n in PERSONALITIES], ids=list(PERSONALITIES.values())
    )


SERIAL_Q = "% Include the router serial number in the subject name? [yes/no]: "
IP_Q = "% Include an IP address in the subject name? [no]: "
GENERATE_Q = "Generate Self Signed Router Certificate? [yes/no]: "
REPLACE_Q = "Do you want to continue generating a new Self Signed Certificate? [yes/no]: "


def questions(lab: RunningLab, name: str) -> list[tuple[str, str]]:
    """The enroll questions of this box, in order, with the answers a user gives."""
    asked = [(SERIAL_Q, "no"), (IP_Q, "no"), (GENERATE_Q, "yes")]
    if lab.hosts[name].spec.personality == "iosxe17":
        asked.insert(0, (REPLACE_Q, "yes"))
    return asked


def netmiko_conn(lab: RunningLab, name: str = "R1") -> Any:
    host = lab.hosts[name]
    return ConnectHandler(
        device_type="cisco_ios",
        host="127.0.0.1",
        port=host.ssh_port,
        username=host.spec.username,
        password=host.spec.password,
        secret=host.spec.enable_secret,
        fast_cli=False,
    )


@by_personality("R")
def test_netmiko_connects_enables_and_runs_commands(lab: RunningLab, name: str) -> None:
    conn = netmiko_conn(lab, name)
    try:
        assert conn.find_prompt() == f"{name}>"
        conn.enable()
        assert conn.find_prompt() == f"{name}#"
        version = conn.send_command("show version")
        assert lab.hosts[name].spec.serial in version
        assert "Current privilege level is 15" in conn.send_command("sh priv")
        bad = conn.send_command("show bogus")
        assert "% Invalid input detected at '^' marker." in bad
        out = conn.send_config_set(["do show clock"])
        assert f"{name}(config)#" in out and conn.find_prompt() == f"{name}#"
    finally:
        conn.disconnect()


def _scrapli(lab: RunningLab, transport: str, name: str) -> Any:
    from scrapli.driver.core import IOSXEDriver

    host = lab.hosts[name]
    return IOSXEDriver(
        host="127.0.0.1",
        port=host.ssh_port,
        auth_username=host.spec.username,
        auth_password=host.spec.password,
        auth_secondary=host.spec.enable_secret,
        auth_strict_key=False,
        transport=transport,
        timeout_ops=20,
    )


# scrapli's system transport drops its pty file object without closing it
# (scrapli/transport/plugins/system/ptyprocess.py, close(): `del self.fileobj`): a known, harmless
# ResourceWarning of the library, ignored for these tests only.
SCRAPLI_PTY_WARNING = "ignore:unclosed file:ResourceWarning"


@pytest.mark.parametrize("transport", ["system", "paramiko"])
@pytest.mark.filterwarnings(SCRAPLI_PTY_WARNING)
@by_personality("R")
def test_scrapli_iosxe_driver(lab: RunningLab, transport: str, name: str) -> None:
    if transport == "system" and shutil.which("ssh") is None:
        pytest.skip("no OpenSSH client (.ci/run installs openssh-client)")
    with _scrapli(lab, transport, name) as conn:
        assert conn.get_prompt() == f"{name}#"
        response = conn.send_command("show version")
        assert not response.failed
        assert lab.hosts[name].spec.serial in response.result
        bad = conn.send_command("show bogus")
        assert bad.failed  # scrapli's IOS-XE platform knows "% Invalid input detected"
        configured = conn.send_configs(["do show privilege"])
        assert not configured.failed
        assert conn.get_prompt() == f"{name}(config)#"  # scrapli stays in config mode ...
        assert not conn.send_command("show clock").failed
        assert conn.get_prompt() == f"{name}#"  # ... until the next exec command, via `end`


@pytest.mark.parametrize(("transport", "prefix"), [("system", "S"), ("paramiko", "T")])
@pytest.mark.filterwarnings(SCRAPLI_PTY_WARNING)
@pytest.mark.parametrize("n", list(PERSONALITIES), ids=list(PERSONALITIES.values()))
def test_scrapli_enroll_dialog(lab: RunningLab, transport: str, prefix: str, n: str) -> None:
    """Trustpoint with ``send_configs``, the dialog with ``send_interactive``, then save."""
    if transport == "system" and shutil.which("ssh") is None:
        pytest.skip("no OpenSSH client (.ci/run installs openssh-client)")
    name = f"{prefix}{n}"
    with _scrapli(lab, transport, name) as conn:
        trustpoint = ["crypto pki trustpoint SCRAPLI", "enrollment selfsigned"]
        trustpoint += [
            f"subject-name cn={name}.lab.example,o=Example,c=US",
            "rsakeypair SCRAPLI 2048",
        ]
        assert not conn.send_configs(trustpoint).failed
        asked = questions(lab, name)
        # each event: what to send, and what to read before the next one
        waits = [question.strip() for question, _ in asked[1:]] + [f"{name}(config)#"]
        events = [("crypto pki enroll SCRAPLI", asked[0][0].strip())]
        events += [(answer, wait) for (_, answer), wait in zip(asked, waits, strict=True)]
        response = conn.send_interactive(events, privilege_level="configuration")
        assert not response.failed
        assert "Router Self Signed Certificate successfully created" in response.result
        assert "[OK]" in conn.send_command("write memory").result
    assert lab.device(name).certificate("SCRAPLI") is not None  # type: ignore[attr-defined]


def openssh(lab: RunningLab, name: str) -> Any:
    """The system ``ssh`` client, checking host keys strictly against the lab's known_hosts."""
    pexpect = pytest.importorskip("pexpect")
    if shutil.which("ssh") is None:
        pytest.skip("no OpenSSH client (.ci/run installs openssh-client)")
    host = lab.hosts[name]
    known = lab.inventory_dir / "known_hosts"
    child = pexpect.spawn(
        "ssh",
        [
            "-p", str(host.ssh_port),
            "-o", "StrictHostKeyChecking=yes",
            "-o", f"UserKnownHostsFile={known}",
            "-o", "GlobalKnownHostsFile=/dev/null",
            "-o", "PubkeyAuthentication=no",
            "-o", "PreferredAuthentications=password,keyboard-interactive",
            "-F", "/dev/null",
            "admin@127.0.0.1",
        ],
        encoding="utf-8",
        timeout=15,
    )  # fmt: skip
    child.expect("[Pp]assword:")
    child.sendline(host.spec.password)
    child.expect(f"{name}>")
    child.send("enable\r")
    child.expect("Password: ")
    child.send(host.spec.enable_secret + "\r")
    child.expect(f"{name}#")
    assert host.spec.enable_secret not in (child.before or "")
    return child


@by_personality("R")
def test_openssh_with_the_inventory_known_hosts(lab: RunningLab, name: str) -> None:
    import pexpect

    child = openssh(lab, name)
    try:
        child.send("show privilege\r")
        child.expect("Current privilege level is 15")
        child.expect(f"{name}#")
        child.send("exit\r")
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)


@by_personality("R")
def test_openssh_enroll_dialog(lab: RunningLab, name: str) -> None:
    """A person at a terminal: each question read, each answer typed, nothing else printed."""
    import pexpect

    child = openssh(lab, name)
    try:
        child.send("configure terminal\r")
        child.expect_exact(f"{name}(config)#")
        for line in ("crypto pki trustpoint OPENSSH", "enrollment selfsigned", "exit"):
            child.send(line + "\r")
            child.expect(rf"{name}\((config|ca-trustpoint)\)#")
        child.send("crypto pki enroll OPENSSH\r")
        seen = []
        for question, answer in questions(lab, name):
            child.expect_exact(question)
            seen.append(child.before or "")
            child.send(answer + "\r")
        child.expect_exact("Router Self Signed Certificate successfully created")
        child.expect_exact(f"{name}(config)#")
        seen.append(child.before or "")
        child.send("end\r")
        child.expect_exact(f"{name}#")
        seen.append(child.before or "")
        assert child.expect([pexpect.TIMEOUT, "%"], timeout=0.5) == 0  # nothing follows
        assert not [s for s in seen if re.search(r"%[A-Z_]+-\d-[A-Z_]+:", s)]  # no log line
    finally:
        child.close(force=True)
    assert lab.device(name).certificate("OPENSSH") is not None  # type: ignore[attr-defined]


def test_openssh_host_key_is_the_same_after_a_reload(lab: RunningLab) -> None:
    import pexpect

    port = lab.hosts["R2"].ssh_port
    child = openssh(lab, "R2")
    try:
        child.send("reload\r")
        if child.expect([r"\[yes/no\]: ", r"\[confirm\]"]) == 0:
            child.send("no\r")
            child.expect(r"\[confirm\]")
        child.send("\r")
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    assert wait_for(lambda: not refused(port), timeout=20)
    again = openssh(lab, "R2")  # StrictHostKeyChecking=yes: a new key would fail here
    again.send("exit\r")
    again.expect(pexpect.EOF)
    again.close(force=True)


def test_pager_pauses_and_continues(lab: RunningLab) -> None:
    sh = Shell(lab.hosts["R1"].ssh_port)
    try:
        sh.read_until("R1>$")
        sh.send("terminal length 5\r")
        sh.read_until("R1>$")
        sh.send("show version\r")
        first = sh.read_until(" --More-- $")
        assert first.count("\r\n") <= 6
        sh.send(" ")
        rest = sh.read_until(r"(--More-- |R1>)$")
        while rest.endswith("--More-- "):
            sh.send(" ")
            rest = sh.read_until(r"(--More-- |R1>)$")
        sh.send("terminal length 0\rshow version\r")
        whole = sh.read_until(r"R1>$")
        assert "--More--" not in whole
    finally:
        sh.close()


def test_restart_on_the_same_state_keeps_host_keys(tmp_path: Path) -> None:
    """A lab stopped and started again on its state folder keeps its SSH host keys (one lab at a
    time per folder: a second one while the first runs is refused, ``lab.statelock``)."""

    def config(n: int) -> LabConfig:
        return LabConfig(devices=1, base_port=0, https_base_port=0, state_dir=tmp_path / "state",
                         inventory_out=tmp_path / f"inventory{n}", boot_seconds=0.3)  # fmt: skip

    with start_lab(config(1)) as first:
        keys = (first.inventory_dir / "known_hosts").read_text().split("\n")
    with start_lab(config(2)) as again:
        keys_again = (again.inventory_dir / "known_hosts").read_text().split("\n")
    strip = [line.split(" ", 1)[1] for line in keys if line]
    assert strip
    assert strip == [line.split(" ", 1)[1] for line in keys_again if line]


@pytest.mark.parametrize("end", ["\r", "\n", "\r\n"])
def test_line_ends_and_ctrl_z_on_the_real_device(lab: RunningLab, end: str) -> None:
    sh = Shell(lab.hosts["R1"].ssh_port)
    try:
        sh.read_until("R1>$")
        sh.send(f"show privilege{end}show privilege{end}")
        out = sh.read_until(
            r"level is 1\r\nR1>show privilege\r\nCurrent privilege level is 1\r\nR1>$"
        )
        assert out.count("R1>") == 2, out  # one answer per line, no empty line from CR LF
        sh.send(f"enable{end}")
        sh.read_until("Password: $")
        sh.send(f"{lab.hosts['R1'].spec.enable_secret}{end}configure terminal{end}")
        sh.read_until(r"R1\(config\)#$")
        sh.send("\x1a")
        assert sh.read_until(r"R1#$").startswith("^Z")
    finally:
        sh.close()


def test_messages_reach_only_terminal_monitor_sessions(lab: RunningLab) -> None:
    """Item 1 of issue 12 over SSH: a quiet session gets nothing of another's changes; one with
    ``terminal monitor`` gets the message when it happens, after what it shows, the prompt not
    printed again; ``logging synchronous`` prints the prompt and the typed text again."""
    port = lab.hosts["R2"].ssh_port
    secret = lab.hosts["R2"].spec.enable_secret
    quiet, watcher, worker = Shell(port), Shell(port), Shell(port)
    try:
        for sh in (quiet, watcher, worker):
            sh.read_until("R2>$")
            sh.send(f"enable\r{secret}\r")
            sh.read_until("R2#$")
        watcher.send("terminal monitor\r")
        watcher.read_until("R2#$")
        worker.send("configure terminal\rinterface GigabitEthernet0/1\rdescription a\rend\r")
        worker.read_until("R2#$")
        got = watcher.read_until(r"\(127\.0\.0\.1\)\r\n$")
        assert re.fullmatch(
            r"\r\n\w{3} [ \d]\d [\d:.]+: %SYS-5-CONFIG_I: Configured from console "
            r"by admin on vty\d \(127\.0\.0\.1\)\r\n",
            got,
        )
        assert quiet.read_for(0.5) == ""
        worker.send("configure terminal\rline vty 0 15\rlogging synchronous\rend\r")
        worker.read_until("R2#$")
        watcher.read_until(r"\)\r\nR2#$")  # that change's own message, the prompt again
        watcher.send("show cl")  # typed, not sent
        watcher.read_until("show cl$")
        worker.send("configure terminal\rinterface GigabitEthernet0/1\rdescription b\rend\r")
        assert watcher.read_until(r"\r\nR2#show cl$").startswith("\r\n")
        assert quiet.read_for(0.3) == ""
        worker.send("configure terminal\rline vty 0 15\rno logging synchronous\rend\r")
        worker.read_until("R2#$")
    finally:
        for sh in (quiet, watcher, worker):
            sh.close()


def test_slow_key_generation_delays_the_first_question(lab_factory: Any) -> None:
    """Item 3 of issue 12 over SSH: the key is made before the first question (the seed's
    console shows ``%CRYPTO-6-AUTOGEN`` before it), so ``slow-keygen`` delays the question."""
    slow: RunningLab = lab_factory(
        fleet_data={"devices": [{"hostname": "K1", "faults": ["slow-keygen 1.5"]}]}
    )
    sh = Shell(slow.hosts["K1"].ssh_port)
    try:
        sh.read_until("K1>$")
        sh.send(f"enable\r{slow.hosts['K1'].spec.enable_secret}\rconfigure terminal\r")
        sh.send("crypto pki trustpoint K\renrollment selfsigned\rexit\r")
        sh.read_until(r"K1\(config\)#$")
        start = time.monotonic()
        sh.send("crypto pki enroll K\r")
        sh.read_until(re.escape(SERIAL_Q) + "$")
        assert time.monotonic() - start >= 1.5
        assert "K1.lab.example" in slow.device("K1").state.keys  # type: ignore[attr-defined]
        sh.send("no\rno\r")
        sh.read_until(re.escape(GENERATE_Q) + "$")
        start = time.monotonic()
        sh.send("yes\r")
        sh.read_until(r"K1\(config\)#$")
        assert time.monotonic() - start < 1.0  # the certificate does not wait for a key
    finally:
        sh.close()
