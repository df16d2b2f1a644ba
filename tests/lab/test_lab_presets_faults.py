"""Every preset and every fault, seen through the transport as a client sees them."""

from __future__ import annotations

import re
import time
from datetime import datetime
from typing import Any

import paramiko
import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import rsa
from netmiko import ConnectHandler

from lab.runner import RunningLab
from tests.lab.lab_clients import Shell, chain_der, fetch_tls, refused, tls_version, wait_for

pytestmark = pytest.mark.xdist_group("lab-presets")
BOOT = 0.5
FLEET = {
    "defaults": {"boot_seconds": BOOT},
    "devices": [
        {"hostname": "P-FACTORY", "preset": "factory"},
        {"hostname": "P-LEGACY", "preset": "legacy-fn70489", "personality": "ios12"},
        {"hostname": "P-UNSAVED", "preset": "unsaved"},
        {"hostname": "P-WEAK", "preset": "weak-key"},
        {"hostname": "P-HEALTHY", "preset": "healthy"},
        {"hostname": "P-TWO", "preset": "two-selfsigned"},
        {"hostname": "F-NOCRYPTO", "faults": ["no-crypto-image"]},
        {"hostname": "F-AUTH", "faults": ["auth-fails"]},
        {"hostname": "F-KEYGEN", "faults": ["slow-keygen 3"]},
        {"hostname": "F-DROP", "faults": ["drop-during-enroll"]},
        {"hostname": "F-HANG", "faults": ["reload-hangs"]},
        {"hostname": "F-SLOWBOOT", "faults": ["slow-boot 1.5"]},
        {"hostname": "F-NVRAM", "faults": ["nvram-write-error"]},
        {"hostname": "F-CLOCK", "faults": ["clock-unset"]},
        {"hostname": "F-LATENCY", "faults": ["latency 200"]},
        {"hostname": "F-EXTRA", "faults": ["extra-prompt"]},
    ],
}
CHAIN = re.compile(r"^crypto pki certificate chain (\S+)", re.M)


@pytest.fixture(scope="module")
def lab(lab_factory: Any) -> RunningLab:
    running: RunningLab = lab_factory(fleet_data=FLEET)
    return running


def cli(lab: RunningLab, name: str, *commands: str) -> list[str]:
    host = lab.hosts[name]
    conn = ConnectHandler(
        device_type="cisco_ios",
        host="127.0.0.1",
        port=host.ssh_port,
        username=host.spec.username,
        password=host.spec.password,
        secret=host.spec.enable_secret,
    )
    try:
        conn.enable()
        return [conn.send_command(c) for c in commands]
    finally:
        conn.disconnect()


def enabled_shell(lab: RunningLab, name: str) -> Shell:
    sh = Shell(lab.hosts[name].ssh_port)
    sh.read_until(">$")
    sh.send("terminal length 0\renable\r")
    sh.read_until("Password: $")
    sh.send(lab.hosts[name].spec.enable_secret + "\r")
    sh.read_until("#$")
    return sh


def served(lab: RunningLab, name: str) -> x509.Certificate:
    return x509.load_der_x509_certificate(fetch_tls(lab.hosts[name].https_port)[0])


def der_of(cert: x509.Certificate) -> bytes:
    from cryptography.hazmat.primitives.serialization import Encoding

    return cert.public_bytes(Encoding.DER)


def key_bits(cert: x509.Certificate) -> int:
    key = cert.public_key()
    assert isinstance(key, rsa.RSAPublicKey)
    return key.key_size


def chains(config: str) -> dict[str, bytes | None]:
    return {tp: chain_der(config, tp) for tp in CHAIN.findall(config)}


# -- presets ------------------------------------------------------------------------------------
def test_factory_has_no_pki_and_no_https(lab: RunningLab) -> None:
    (run,) = cli(lab, "P-FACTORY", "show running-config")
    assert "crypto pki" not in run and "ip http secure-server" not in run.replace("no ip", "")
    assert refused(lab.hosts["P-FACTORY"].https_port)


def test_legacy_fn70489_serves_the_2020_certificate(lab: RunningLab) -> None:
    run, start = cli(lab, "P-LEGACY", "show running-config", "show startup-config")
    cert = served(lab, "P-LEGACY")
    assert cert.not_valid_after_utc.replace(tzinfo=None) == datetime(2020, 1, 1)
    assert key_bits(cert) == 1024
    assert cert.signature_hash_algorithm is not None
    assert cert.signature_hash_algorithm.name == "sha1"
    assert der_of(cert) in chains(run).values()
    assert der_of(cert) in chains(start).values()  # saved


def test_unsaved_certificate_is_running_only(lab: RunningLab) -> None:
    run, start = cli(lab, "P-UNSAVED", "show running-config", "show startup-config")
    cert = served(lab, "P-UNSAVED")
    assert der_of(cert) in chains(run).values()
    assert der_of(cert) not in chains(start).values()
    assert re.search(r"^ip http secure-server", start, re.M)


def test_weak_key_is_served_over_tls12(lab: RunningLab) -> None:
    (run,) = cli(lab, "P-WEAK", "show running-config")
    cert = served(lab, "P-WEAK")
    assert key_bits(cert) == 512
    assert der_of(cert) in chains(run).values()
    assert tls_version(lab.hosts["P-WEAK"].https_port) == "TLSv1.2"


def test_healthy_is_saved_2048_bit_and_bound(lab: RunningLab) -> None:
    run, start = cli(lab, "P-HEALTHY", "show running-config", "show startup-config")
    cert = served(lab, "P-HEALTHY")
    assert key_bits(cert) == 2048
    bound = re.search(r"^ip http secure-trustpoint (\S+)", run, re.M)
    assert bound is not None
    assert chain_der(run, bound.group(1)) == der_of(cert) == chain_der(start, bound.group(1))


def test_two_selfsigned_trustpoints(lab: RunningLab) -> None:
    (run,) = cli(lab, "P-TWO", "show running-config")
    assert len(re.findall(r"^ enrollment selfsigned", run, re.M)) >= 2
    assert sum(der is not None for der in chains(run).values()) >= 2


# -- faults -------------------------------------------------------------------------------------
def test_no_crypto_image_refuses_crypto_and_secure_server(lab: RunningLab) -> None:
    sh = enabled_shell(lab, "F-NOCRYPTO")
    try:
        for command in ("crypto pki trustpoint TP", "ip http secure-server"):
            sh.send(f"configure terminal\r{command}\rend\r")
            out = sh.read_until(r"F-NOCRYPTO#$")
            assert "% Invalid input detected at '^' marker." in out, out
        sh.send("show crypto pki trustpoints\r")
        assert "% Invalid input" in sh.read_until(r"F-NOCRYPTO#$")
    finally:
        sh.close()
    assert refused(lab.hosts["F-NOCRYPTO"].https_port)


def test_auth_fails_refuses_the_right_password(lab: RunningLab) -> None:
    with pytest.raises(paramiko.AuthenticationException):
        Shell(lab.hosts["F-AUTH"].ssh_port)


def test_slow_keygen_does_not_stall_other_devices(lab: RunningLab) -> None:
    sh = enabled_shell(lab, "F-KEYGEN")
    other = enabled_shell(lab, "P-FACTORY")
    try:
        sh.send("configure terminal\r")
        sh.read_until(r"\(config\)#$")
        began = time.monotonic()
        sh.send("crypto key generate rsa general-keys label SLOW modulus 1024\r")
        sh.read_until(r"modulus 1024")  # the echo: the device has the command
        # while the key is being made, another device answers (an order, not a timing)
        for _ in range(3):
            other.send("show clock\r")
            other.read_until(r"P-FACTORY#$", timeout=20)
        assert not re.search(r"\(config\)#", sh.read_for(0.01)), "key made before the others"
        sh.read_until(r"\(config\)#$", timeout=30)
        assert time.monotonic() - began >= 3.0  # the fault's extra seconds
    finally:
        sh.close()
        other.close()


def test_drop_during_enroll(lab: RunningLab) -> None:
    sh = enabled_shell(lab, "F-DROP")
    try:
        sh.send("configure terminal\rcrypto pki trustpoint TP-DROP\renrollment selfsigned\rexit\r")
        sh.read_until(r"\(config\)#$")
        sh.send("crypto pki enroll TP-DROP\r")
        for _ in range(6):
            try:
                sh.read_until(r"(\]: ?$|\(config\)#$)", timeout=10)
            except EOFError:
                break
            sh.send("yes\r")
        assert sh.closed_by_peer(timeout=5)
    finally:
        sh.close()


def _reload(lab: RunningLab, name: str) -> None:
    sh = enabled_shell(lab, name)
    sh.send("reload\r")
    out = sh.read_until(r"(\[yes/no\]: ?|\[confirm\])$")
    if "[yes/no]" in out:
        sh.send("no\r")
        sh.read_until(r"\[confirm\]$")
    sh.send("\r")
    assert sh.closed_by_peer()
    sh.close()


def test_reload_hangs(lab: RunningLab) -> None:
    _reload(lab, "F-HANG")
    port = lab.hosts["F-HANG"].ssh_port
    assert refused(port)
    assert not wait_for(lambda: not refused(port), timeout=BOOT + 2)


def test_slow_boot(lab: RunningLab) -> None:
    port = lab.hosts["F-SLOWBOOT"].ssh_port
    _reload(lab, "F-SLOWBOOT")
    began = time.monotonic()
    assert wait_for(lambda: not refused(port), timeout=BOOT + 15, step=0.02)
    assert time.monotonic() - began >= BOOT + 1.5 - 0.3


def test_nvram_write_error(lab: RunningLab) -> None:
    sh = enabled_shell(lab, "F-NVRAM")
    try:
        sh.send("write memory\r")
        out = sh.read_until(r"F-NVRAM#$")
        assert "%Error" in out and "[OK]" not in out, out
    finally:
        sh.close()


def test_clock_unset(lab: RunningLab) -> None:
    (clock,) = cli(lab, "F-CLOCK", "show clock")
    assert clock.strip().startswith("*") and "1993" in clock


def test_latency_per_command(lab: RunningLab) -> None:
    sh = enabled_shell(lab, "F-LATENCY")
    try:
        began = time.monotonic()
        sh.send("show clock\r")
        sh.read_until(r"F-LATENCY#$")
        assert time.monotonic() - began >= 0.2
    finally:
        sh.close()


def test_extra_prompt_appears_somewhere_in_the_feature(lab: RunningLab) -> None:
    """The fault adds a confirmation that no normal device asks (tasks must refuse to guess)."""
    normal, extra = enabled_shell(lab, "P-FACTORY"), enabled_shell(lab, "F-EXTRA")
    try:
        seen = {}
        for sh, name in ((normal, "P-FACTORY"), (extra, "F-EXTRA")):
            sh.send("write memory\r")
            seen[name] = sh.read_until(r"(#|\]|\?|: ?)$")
            if not seen[name].endswith("#"):
                sh.send("\x1a")
        assert seen["P-FACTORY"].rstrip().endswith("P-FACTORY#")
        assert not seen["F-EXTRA"].rstrip().endswith("F-EXTRA#")
    finally:
        normal.close()
        extra.close()
