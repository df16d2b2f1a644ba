"""The whole feature by hand with netmiko, proved on the wire: trustpoint, enroll dialog, HTTPS,
``write memory``, reload, reconnect: the same certificate in the configuration and on HTTPS.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

import pytest
from netmiko import ConnectHandler

from lab.runner import RunningLab
from tests.lab.lab_clients import chain_der, fetch_tls, refused, wait_for

pytestmark = pytest.mark.xdist_group("lab-feature")
BOOT = 1.0
FLEET = {
    "defaults": {"boot_seconds": BOOT},
    "devices": [
        {"hostname": "R1", "preset": "factory"},
        {"hostname": "R2", "preset": "unsaved"},
        {"hostname": "R3", "preset": "factory"},
        {"hostname": "R4", "preset": "factory"},
    ],
}
ENROLL_ANSWERS = [
    (r"Do you want to continue generating a new Key\?.*\]:", "yes"),
    (r"replace it\?.*\]:", "yes"),
    (r"(Include the router serial number|serial number in the subject name).*\]:", "yes"),
    (r"Include an IP address in the subject name\?.*\]:", "no"),
    (r"Generate Self Signed Router Certificate\?.*\]:", "yes"),
]


@pytest.fixture(scope="module")
def lab(lab_factory: Any) -> RunningLab:
    running: RunningLab = lab_factory(fleet_data=FLEET)
    return running


def connect(lab: RunningLab, name: str) -> Any:
    host = lab.hosts[name]
    conn = ConnectHandler(
        device_type="cisco_ios",
        host="127.0.0.1",
        port=host.ssh_port,
        username=host.spec.username,
        password=host.spec.password,
        secret=host.spec.enable_secret,
    )
    conn.enable()
    return conn


def enroll(conn: Any, trustpoint: str) -> str:
    """``crypto pki enroll`` answered by pattern, never by timing."""
    conn.config_mode()
    pattern = r"(\]:|\(config\)#)"
    command = f"crypto pki enroll {trustpoint}"
    seen = ""
    for _ in range(8):
        out = conn.send_command(command, expect_string=pattern, strip_prompt=False)
        seen += out
        question, prompt = out.rfind("]:"), out.rfind("(config)#")
        if prompt > question:  # back at the prompt (syslog lines may follow it)
            break
        line = out[: question + 2].splitlines()[-1]
        command = next((a for rx, a in ENROLL_ANSWERS if re.search(rx, line)), "")
        assert command, f"unexpected prompt: {out!r}"
    conn.exit_config_mode()
    return seen


def configure_https(conn: Any, trustpoint: str) -> str:
    out: str = conn.send_config_set(
        [
            f"crypto pki trustpoint {trustpoint}",
            "enrollment selfsigned",
            f"subject-name cn={trustpoint}.lab.example",
            f"rsakeypair {trustpoint} 2048",
            "revocation-check none",
        ]
    )
    assert "% Invalid" not in out and "% Incomplete" not in out, out
    out += enroll(conn, trustpoint)
    out += conn.send_config_set(
        ["ip http secure-server", f"ip http secure-trustpoint {trustpoint}"]
    )
    assert "% Invalid" not in out, out
    return out


def reload(conn: Any, *, save: bool) -> None:
    out = conn.send_command("reload", expect_string=r"(\[yes/no\]:|\[confirm\])")
    if "[yes/no]" in out:
        out = conn.send_command("yes" if save else "no", expect_string=r"\[confirm\]")
    conn.write_channel("\n")


def close_quietly(conn: Any) -> None:
    """netmiko's disconnect takes a while; call it only after the drop was observed."""
    try:
        conn.disconnect()
    except (OSError, EOFError):
        pass


def running_der(conn: Any, trustpoint: str, command: str = "show running-config") -> bytes | None:
    return chain_der(conn.send_command(command), trustpoint)


def test_saved_certificate_survives_reload(lab: RunningLab) -> None:
    host = lab.hosts["R1"]
    conn = connect(lab, "R1")
    out = configure_https(conn, "TP-PSSC")
    assert "Router Self Signed Certificate successfully created" in out
    der = running_der(conn, "TP-PSSC")
    assert der is not None
    served, page = fetch_tls(host.https_port)
    assert served == der
    assert hashlib.sha256(der).hexdigest().upper().encode() in page
    assert running_der(conn, "TP-PSSC", "show startup-config") is None  # not saved yet
    assert "[OK]" in conn.save_config()
    assert running_der(conn, "TP-PSSC", "show startup-config") == der
    reload(conn, save=False)
    assert wait_for(lambda: refused(host.ssh_port), timeout=10)
    assert refused(host.https_port)  # HTTPS down while the device is
    close_quietly(conn)
    assert wait_for(lambda: not refused(host.ssh_port), timeout=BOOT + 20)
    conn = connect(lab, "R1")
    try:
        assert running_der(conn, "TP-PSSC") == der
    finally:
        conn.disconnect()
    assert wait_for(lambda: not refused(host.https_port), timeout=10)
    assert fetch_tls(host.https_port)[0] == der


def reload_and_wait(lab: RunningLab, name: str, *, save: bool) -> None:
    host = lab.hosts[name]
    conn = connect(lab, name)
    reload(conn, save=save)
    assert wait_for(lambda: refused(host.ssh_port), timeout=10)
    assert refused(host.https_port)
    close_quietly(conn)
    assert wait_for(lambda: not refused(host.ssh_port), timeout=BOOT + 20)


def test_unsaved_certificate_is_replaced_at_reload(lab: RunningLab) -> None:
    host = lab.hosts["R2"]  # preset unsaved: secure-server saved, its certificate not
    conn = connect(lab, "R2")
    config = conn.send_command("show running-config")
    conn.disconnect()
    before = fetch_tls(host.https_port)[0]
    assert any(
        chain_der(config, tp) == before
        for tp in re.findall(r"^crypto pki certificate chain (\S+)", config, re.M)
    )
    reload_and_wait(lab, "R2", save=False)
    assert wait_for(lambda: not refused(host.https_port), timeout=10)
    after = fetch_tls(host.https_port)[0]
    assert after != before  # the browser warning of the feature document
    conn = connect(lab, "R2")
    try:
        config = conn.send_command("show running-config")
    finally:
        conn.disconnect()
    tps = re.findall(r"^crypto pki certificate chain (\S+)", config, re.M)
    assert any(chain_der(config, tp) == after for tp in tps)


def test_nothing_saved_nothing_comes_back(lab: RunningLab) -> None:
    host = lab.hosts["R3"]
    conn = connect(lab, "R3")
    configure_https(conn, "TP-GONE")
    assert running_der(conn, "TP-GONE") is not None
    assert not refused(host.https_port)
    conn.disconnect()
    reload_and_wait(lab, "R3", save=False)
    conn = connect(lab, "R3")
    try:
        assert "TP-GONE" not in conn.send_command("show running-config")
    finally:
        conn.disconnect()
    assert refused(host.https_port)


def test_secure_server_off_and_on_follows_the_configuration(lab: RunningLab) -> None:
    host = lab.hosts["R4"]
    conn = connect(lab, "R4")
    try:
        configure_https(conn, "TP-PSSC")
        der = running_der(conn, "TP-PSSC")
        assert der is not None and fetch_tls(host.https_port)[0] == der
        conn.send_config_set(["no ip http secure-server"])
        assert wait_for(lambda: refused(host.https_port), timeout=10)
        conn.send_config_set(["ip http secure-server"])
        assert wait_for(lambda: not refused(host.https_port), timeout=10)
        assert fetch_tls(host.https_port)[0] == der
    finally:
        conn.disconnect()
