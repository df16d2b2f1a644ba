"""The real device through the real clients: netmiko, scrapli (system and paramiko), OpenSSH."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from netmiko import ConnectHandler

from lab.runner import RunningLab
from tests.lab.lab_clients import Shell, refused, wait_for

pytestmark = pytest.mark.xdist_group("lab-clients")


@pytest.fixture(scope="module")
def lab(lab_factory: Any) -> RunningLab:
    running: RunningLab = lab_factory(devices=2)
    return running


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


def test_netmiko_connects_enables_and_runs_commands(lab: RunningLab) -> None:
    conn = netmiko_conn(lab)
    try:
        assert conn.find_prompt() == "R1>"
        conn.enable()
        assert conn.find_prompt() == "R1#"
        version = conn.send_command("show version")
        assert lab.hosts["R1"].spec.serial in version
        assert "Current privilege level is 15" in conn.send_command("sh priv")
        bad = conn.send_command("show bogus")
        assert "% Invalid input detected at '^' marker." in bad
        out = conn.send_config_set(["do show clock"])
        assert "R1(config)#" in out and conn.find_prompt() == "R1#"
    finally:
        conn.disconnect()


def _scrapli(lab: RunningLab, transport: str) -> Any:
    from scrapli.driver.core import IOSXEDriver

    host = lab.hosts["R2"]
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


@pytest.mark.parametrize("transport", ["system", "paramiko"])
# scrapli's system transport drops its pty file object without closing it
# (scrapli/transport/plugins/system/ptyprocess.py, close(): `del self.fileobj`): a known, harmless
# ResourceWarning of the library, ignored for this test only.
@pytest.mark.filterwarnings("ignore:unclosed file:ResourceWarning")
def test_scrapli_iosxe_driver(lab: RunningLab, transport: str) -> None:
    if transport == "system" and shutil.which("ssh") is None:
        pytest.skip("no OpenSSH client (.ci/run installs openssh-client)")
    with _scrapli(lab, transport) as conn:
        assert conn.get_prompt() == "R2#"
        response = conn.send_command("show version")
        assert not response.failed
        assert lab.hosts["R2"].spec.serial in response.result
        bad = conn.send_command("show bogus")
        assert bad.failed  # scrapli's IOS-XE platform knows "% Invalid input detected"
        configured = conn.send_configs(["do show privilege"])
        assert not configured.failed
        assert conn.get_prompt() == "R2(config)#"  # scrapli stays in config mode ...
        assert not conn.send_command("show clock").failed
        assert conn.get_prompt() == "R2#"  # ... until the next exec command, via `end`


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


def test_openssh_with_the_inventory_known_hosts(lab: RunningLab) -> None:
    import pexpect

    child = openssh(lab, "R1")
    try:
        child.send("show privilege\r")
        child.expect("Current privilege level is 15")
        child.expect("R1#")
        child.send("exit\r")
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)


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


def test_restart_on_the_same_state_keeps_host_keys(lab_factory: Any) -> None:
    first: RunningLab = lab_factory(devices=1)
    state: Path = first.config.state_dir
    keys = (first.inventory_dir / "known_hosts").read_text().split("\n")
    again: RunningLab = lab_factory(devices=1, state_dir=state)
    keys_again = (again.inventory_dir / "known_hosts").read_text().split("\n")
    strip = [line.split(" ", 1)[1] for line in keys if line]
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
