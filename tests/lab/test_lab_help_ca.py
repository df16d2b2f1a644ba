"""Issue 12 items 5 and 6 over the real transport: ``?`` typed into OpenSSH (no Enter), and the
CA enrollment by terminal driven by netmiko as a script for a real router would drive it.

Context help as IOS prints it (``docs/ios-behaviour.md`` section 1.5); the enrollment dialogs of
[IOSV-CA-NOTES] and [QYT] (``docs/prompts.md`` section 2).
"""

from __future__ import annotations

import re
import shutil
import socket
import ssl
import sys
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from netmiko import ConnectHandler

from lab.runner import RunningLab
from tests.lab.lab_clients import wait_for

sys.path.insert(0, str(Path(__file__).parents[1] / "unit" / "lab"))
from tests.unit.lab.ca_helpers import TestCA, pem_of, requests_in

pytestmark = pytest.mark.xdist_group("lab-help-ca")


@pytest.fixture(scope="module")
def lab(lab_factory: Any) -> RunningLab:
    running: RunningLab = lab_factory(devices=2, personality="ios15")
    return running


def openssh(lab: RunningLab, name: str) -> Any:
    pexpect = pytest.importorskip("pexpect")
    if shutil.which("ssh") is None:
        pytest.skip("no OpenSSH client (.ci/run installs openssh-client)")
    host = lab.hosts[name]
    child = pexpect.spawn(
        "ssh",
        [
            "-p", str(host.ssh_port),
            "-o", "StrictHostKeyChecking=yes",
            "-o", f"UserKnownHostsFile={lab.inventory_dir / 'known_hosts'}",
            "-o", "GlobalKnownHostsFile=/dev/null",
            "-o", "PubkeyAuthentication=no",
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
    return child


def test_question_mark_in_openssh_lists_and_redisplays_without_enter(lab: RunningLab) -> None:
    child = openssh(lab, "R1")
    try:
        child.send("show crypto pki ?")  # no Enter
        child.expect(r"R1#show crypto pki $")
        shown = child.before
        assert "  certificates  Show certificates\r\n" in shown
        assert "  trustpoints   Show trustpoints\r\n" in shown
        assert "Invalid input" not in shown
        child.send("trustpoints ?")
        child.expect(r"R1#show crypto pki trustpoints $")
        assert "  <cr>\r\n" in child.before and "  |       Output modifiers\r\n" in child.before
        child.send("\x15sh cl?")  # Ctrl-U, then a partial word
        child.expect(r"R1#sh cl$")
        assert "clock  " in child.before
        child.send("ock\r")  # the redisplayed line goes on as typed
        child.expect(r"\d\d:\d\d:\d\d")
        child.expect("R1#")
        child.send("bogus ?")
        child.expect("R1#bogus $")
        assert "% Unrecognized command" in child.before
        child.send("\x15exit\r")
        child.expect(pytest.importorskip("pexpect").EOF)
    finally:
        child.close(force=True)


def test_netmiko_drives_ca_enrollment_by_terminal_and_https_sends_the_chain(
    lab: RunningLab,
) -> None:
    host = lab.hosts["R2"]
    ca = TestCA()
    conn = ConnectHandler(
        device_type="cisco_ios",
        host="127.0.0.1",
        port=host.ssh_port,
        username=host.spec.username,
        password=host.spec.password,
        secret=host.spec.enable_secret,
        fast_cli=False,
    )
    try:
        conn.enable()
        conn.send_config_set(
            [
                "crypto pki trustpoint CA1",
                "enrollment terminal pem",
                "subject-name cn=r2.lab.example",
                "subject-alt-name r2.lab.example",
                "serial-number none",
                "ip-address none",
                "rsakeypair CA1 2048",
            ]
        )
        conn.config_mode()
        out = conn.send_command(
            "crypto pki authenticate CA1", expect_string=r"by itself", read_timeout=20
        )
        conn.write_channel("\n".join(ca.pem.splitlines()) + "\n\n")
        out = conn.read_until_pattern(r"\[yes/no\]: ", read_timeout=20)
        assert "Fingerprint SHA1" in out
        out = conn.send_command("yes", expect_string=r"\(config\)#", read_timeout=20)
        assert "% Certificate successfully imported" in out
        out = conn.send_command(
            "crypto pki enroll CA1", expect_string=r"terminal\? \[yes/no\]: ", read_timeout=30
        )
        out = conn.send_command("yes", expect_string=r"Redisplay.*\[yes/no\]: ", read_timeout=20)
        (csr,) = requests_in(re.sub(r"\r", "", out))
        conn.send_command("no", expect_string=r"\(config\)#", read_timeout=20)
        conn.send_command(
            "crypto pki import CA1 certificate", expect_string=r"by itself", read_timeout=20
        )
        conn.write_channel("\n".join(pem_of(ca.sign(csr)).splitlines()) + "\n\n")
        out = conn.read_until_pattern(r"\(config\)#", read_timeout=20)
        assert "% Router Certificate successfully imported" in out
        conn.send_config_set(["ip http secure-server", "ip http secure-trustpoint CA1"])
        conn.exit_config_mode()
        assert "[OK]" in conn.send_command("write memory", expect_string=r"#")
    finally:
        conn.disconnect()
    identity = lab.device("R2").https_identity()
    assert identity is not None
    served = x509.load_pem_x509_certificates(identity[0])
    assert [c.subject for c in served][1] == ca.cert.subject  # the certificate, then its CA
    # what `curl --cacert CA.pem https://r2.lab.example` checks: chain and name (the SAN)
    ctx = ssl.create_default_context(cadata=ca.pem)

    def verified() -> bool:
        try:
            with socket.create_connection(("127.0.0.1", host.https_port), timeout=5) as raw:
                with ctx.wrap_socket(raw, server_hostname="r2.lab.example") as tls:
                    return tls.getpeercert() is not None
        except (OSError, ssl.SSLError):
            return False

    assert wait_for(verified, timeout=10)
