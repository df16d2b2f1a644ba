"""The SSH/HTTPS transport against a tiny fake device (no IOS): echo, line ends, modes, reload."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import paramiko
import pytest
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from lab.device.model.spec import DeviceSpec
from lab.protocol import DeviceModel
from lab.runner import RunningLab
from tests.lab.lab_clients import Shell, fetch_tls, refused, wait_for
from tests.lab.lab_fakes import FakeDevice, FakeSession

pytestmark = pytest.mark.xdist_group("lab-transport")


class BoomSession(FakeSession):
    def feed_line(self, line: str) -> list[Any]:
        if line == "boom":
            raise RuntimeError("device bug")
        return super().feed_line(line)


class BoomDevice(FakeDevice):
    def open_session(self, username: str, peer: str) -> FakeSession:
        session = BoomSession(self)
        self.sessions.append(session)
        return session


class BadBootDevice(BoomDevice):
    def boot(self) -> list[str]:
        if self.boots:
            raise RuntimeError("NVRAM unreadable")
        return super().boot()


def fake_factory(spec: DeviceSpec, state_dir: Path) -> DeviceModel:
    boot: float | None = None if spec.faults.reload_hangs else spec.boot_seconds
    cls = BadBootDevice if spec.name == "BADBOOT" else BoomDevice
    return cls(spec.name, boot_seconds=boot)


FLEET = {
    "defaults": {"boot_seconds": 0.4},
    "devices": [
        {"hostname": "F1"},
        {"hostname": "F2"},
        {"hostname": "LOCKED", "faults": ["auth-fails"]},
        {"hostname": "SLOW", "faults": ["latency 300"]},
        {"hostname": "HANG", "faults": ["reload-hangs"]},
        {"hostname": "BADBOOT"},
    ],
}


@pytest.fixture(scope="module")
def lab(lab_factory: Any) -> RunningLab:
    running: RunningLab = lab_factory(fleet_data=FLEET, device_factory=fake_factory)
    return running


@pytest.fixture
def shell(lab: RunningLab) -> Any:
    sh = Shell(lab.hosts["F1"].ssh_port)
    sh.read_until(r"F1>$")
    yield sh
    sh.close()


def fake(lab: RunningLab, name: str) -> FakeDevice:
    device = lab.device(name)
    assert isinstance(device, FakeDevice)
    return device


def test_every_character_is_echoed_as_typed(shell: Shell) -> None:
    shell.send("sh")
    assert shell.read_until("sh$") == "sh"
    shell.send("ow")
    assert shell.read_until("ow$") == "ow"
    shell.send("\r")
    assert "you said [show]" in shell.read_until(r"F1>$")


@pytest.mark.parametrize("end", ["\r", "\n", "\r\n"])
def test_cr_lf_and_crlf_each_end_one_line(lab: RunningLab, shell: Shell, end: str) -> None:
    shell.send(f"one{end}two{end}")
    out = shell.read_until(r"\[two\]\r\nF1>$")
    assert out.count("F1>") == 2, out
    assert "\r\n" in out and "\n\n" not in out and "\r\r" not in out
    assert fake(lab, "F1").sessions[-1].lines == ["one", "two"]


def test_backspace_edits_the_line(shell: Shell) -> None:
    shell.send("shox\x7fw\r")
    out = shell.read_until(r"F1>$")
    assert "\b \b" in out
    assert "you said [show]" in out


def test_password_is_not_echoed(shell: Shell) -> None:
    shell.send("enable\r")
    shell.read_until("Password: $")
    shell.send("secret\r")
    out = shell.read_until(r"F1#$")
    assert "secret" not in out


def test_key_mode_sends_keys_at_once_without_echo(lab: RunningLab, shell: Shell) -> None:
    shell.send("reload\r")
    shell.read_until(r"\[confirm\]$")
    shell.send("n")
    out = shell.read_until(r"F1>$")
    assert "n" not in out.replace("\r\n", "")[:-3]
    assert fake(lab, "F1").sessions[-1].keys == ["n"]


def test_ctrl_z_reaches_the_device_in_line_mode(lab: RunningLab, shell: Shell) -> None:
    shell.send("abc\x1a")
    assert "^Z" in shell.read_until(r"F1>$")
    assert fake(lab, "F1").sessions[-1].keys == ["\x1a"]


def test_input_typed_during_an_action_waits_its_turn(shell: Shell) -> None:
    shell.send("slow\rnext\r")
    out = shell.read_until(r"\[next\]\r\nF1>$")
    assert out.index("done") < out.index("you said [next]")


def test_exec_and_shells_without_pty_are_refused(lab: RunningLab) -> None:
    client = paramiko.SSHClient()
    client.set_missing_host_key_policy(paramiko.AutoAddPolicy())
    client.connect(
        "127.0.0.1",
        port=lab.hosts["F2"].ssh_port,
        username="admin",
        password="admin",
        look_for_keys=False,
        allow_agent=False,
    )
    try:
        with pytest.raises(paramiko.SSHException):
            client.exec_command("show version")
        transport = client.get_transport()
        assert transport is not None
        chan = transport.open_session()
        with pytest.raises(paramiko.SSHException):
            chan.invoke_shell()  # a shell without a PTY
    finally:
        client.close()


def test_wrong_password_and_auth_fails_fault_refuse_login(lab: RunningLab) -> None:
    with pytest.raises(paramiko.AuthenticationException):
        Shell(lab.hosts["F2"].ssh_port, password="wrong")
    with pytest.raises(paramiko.AuthenticationException):
        Shell(lab.hosts["LOCKED"].ssh_port)


def test_latency_fault_delays_every_answer(lab: RunningLab) -> None:
    import time

    sh = Shell(lab.hosts["SLOW"].ssh_port)
    try:
        sh.read_until(r"SLOW>$")
        start = time.monotonic()
        sh.send("x\r")
        sh.read_until(r"SLOW>$")
        assert time.monotonic() - start >= 0.3
    finally:
        sh.close()


def test_a_broken_session_does_not_disturb_the_others(lab: RunningLab) -> None:
    a, b = Shell(lab.hosts["F2"].ssh_port), Shell(lab.hosts["F2"].ssh_port)
    try:
        a.read_until(r"F2>$")
        b.read_until(r"F2>$")
        a.send("boom\r")
        assert a.closed_by_peer()
        b.send("still\r")
        assert "you said [still]" in b.read_until(r"F2>$")
    finally:
        a.close()
        b.close()


def test_https_follows_the_device(lab: RunningLab, shell: Shell) -> None:
    port = lab.hosts["F1"].https_port
    assert refused(port)
    shell.send("https on\r")
    shell.read_until(r"F1>$")
    der, page = fetch_tls(port)
    identity = fake(lab, "F1").identity
    assert identity is not None
    assert der == x509.load_pem_x509_certificate(identity[0]).public_bytes(Encoding.DER)
    assert page.startswith(b"HTTP/1.1 200 OK")
    assert hashlib.sha256(der).hexdigest().upper().encode() in page
    shell.send("https off\r")
    shell.read_until(r"F1>$")
    assert refused(port)


def test_reload_drops_sessions_refuses_connections_then_comes_back(lab: RunningLab) -> None:
    host = lab.hosts["F2"]
    device = fake(lab, "F2")
    boots = device.boots
    a, b = Shell(host.ssh_port), Shell(host.ssh_port)
    a.read_until(r"F2>$")
    b.read_until(r"F2>$")
    a.send("reload\r")
    a.read_until(r"\[confirm\]")
    a.send("\r")
    assert a.closed_by_peer() and b.closed_by_peer()
    assert refused(host.ssh_port)
    assert wait_for(lambda: not refused(host.ssh_port))
    assert device.boots == boots + 1
    c = Shell(host.ssh_port)
    c.read_until(r"F2>$")
    c.close()


def test_a_reload_that_hangs_never_comes_back(lab: RunningLab) -> None:
    host = lab.hosts["HANG"]
    sh = Shell(host.ssh_port)
    sh.read_until(r"HANG>$")
    sh.send("reload\ry")
    assert sh.closed_by_peer()
    assert not wait_for(lambda: not refused(host.ssh_port), timeout=1.0)
    assert lab.server("HANG").reloading is False and not lab.server("HANG").listening


def test_a_device_that_fails_to_boot_stays_down_alone(lab: RunningLab) -> None:
    host = lab.hosts["BADBOOT"]
    sh = Shell(host.ssh_port)
    sh.read_until(r"BADBOOT>$")
    sh.send("reload\r\r")
    assert sh.closed_by_peer()
    assert not wait_for(lambda: not refused(host.ssh_port), timeout=1.5)
    other = Shell(lab.hosts["F1"].ssh_port)
    other.read_until(r"F1>$")
    other.close()


def test_inventory_lists_every_device_with_its_host_key(lab: RunningLab) -> None:
    import yaml

    hosts = yaml.safe_load((lab.inventory_dir / "hosts.yaml").read_text())
    assert set(hosts) == {"F1", "F2", "LOCKED", "SLOW", "HANG", "BADBOOT"}
    f1 = hosts["F1"]
    assert f1["hostname"] == "127.0.0.1" and f1["port"] == lab.hosts["F1"].ssh_port
    assert f1["platform"] == "cisco_ios"
    assert f1["connection_options"]["netmiko"]["extras"]["secret"] == "cisco"
    assert f1["data"]["https_port"] == lab.hosts["F1"].https_port
    assert f1["data"]["host_key_checking"] is False and f1["data"]["lab"] is True
    assert hosts["LOCKED"]["data"]["faults"] == ["auth-fails"]
    known = (lab.inventory_dir / "known_hosts").read_text().splitlines()
    client = paramiko.SSHClient()
    client.load_host_keys(str(lab.inventory_dir / "known_hosts"))
    client.set_missing_host_key_policy(paramiko.RejectPolicy())
    client.connect(
        "127.0.0.1",
        port=lab.hosts["F1"].ssh_port,
        username="admin",
        password="admin",
        look_for_keys=False,
        allow_agent=False,
    )
    client.close()
    assert len(known) == 6
