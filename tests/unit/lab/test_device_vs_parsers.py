"""Cross-check: the parsers (built from real device output) read what the emulated device prints.

lab and parsers never import each other; this test imports both, so a drift of either side from
the real formats shows up here.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest

import parsers
from lab.device import Device, DeviceSpec, Faults

CASES = [
    ("ios12", "legacy-fn70489"),
    ("ios15", "two-selfsigned"),
    ("ios15", "weak-key"),
    ("iosxe17", "healthy"),
    ("iosxe17", "factory"),
]


def shown(dev: Device, command: str) -> Any:
    text = dev.run(command).lstrip("\n").rsplit("\n", 1)[0] + "\n"  # without the prompt
    return parsers.parse(command, text)


@pytest.fixture(params=CASES, ids=["-".join(c) for c in CASES])
def device(request: pytest.FixtureRequest, tmp_path: Path) -> Device:
    personality, preset = request.param
    spec = DeviceSpec(name="X1", personality=personality, preset=preset, faults=Faults())
    dev = Device(spec, tmp_path)
    dev.boot()
    return dev


def test_certificates_verbose_read_back(device: Device) -> None:
    certs = {
        tp.name: tp.certificate for tp in device.state.config.trustpoints.values() if tp.certificate
    }
    if device.spec.personality == "ios12":  # 12.3: `verbose` only after a trustpoint name
        assert shown(device, "show crypto pki certificates verbose") == []
        parsed = [
            r for n in certs for r in shown(device, f"show crypto pki certificates {n} verbose")
        ]
    else:
        parsed = shown(device, "show crypto pki certificates verbose")
    assert len(parsed) == len(certs)
    for record, cert in zip(parsed, certs.values(), strict=True):
        assert record["fingerprint_md5"] == hashlib.md5(cert.der).hexdigest().upper()
        assert record["fingerprint_sha1"] == hashlib.sha1(cert.der).hexdigest().upper()
        assert record["public_key_size"] == cert.x509.public_key().key_size  # type: ignore[union-attr]
        assert record["end_date_iso"] == cert.not_after.strftime("%Y-%m-%dT%H:%M:%SZ")


def test_running_config_chains_read_back(device: Device) -> None:
    parsed = shown(device, "show running-config")
    chains = {c["trustpoint"]: c["certificates"][0]["hex"] for c in parsed["certificate_chains"]}
    for tp in device.state.config.trustpoints.values():
        if tp.certificate is not None:
            assert chains[tp.name].upper() == tp.certificate.der.hex().upper()


def test_every_show_command_reads_back_the_state(device: Device) -> None:
    """Each show command, parsed, says what the device's state holds (not only "it parsed")."""
    state = device.state
    enrolled = {tp.name: tp for tp in state.config.trustpoints.values() if tp.certificate}

    certs = shown(device, "show crypto pki certificates")
    assert sorted(c["associated_trustpoints"][0] for c in certs) == sorted(enrolled)
    for record in certs:
        cert = enrolled[record["associated_trustpoints"][0]].certificate
        assert cert is not None
        assert int(record["serial"] or "0", 16) == cert.x509.serial_number
        assert record["end_date_iso"] == cert.not_after.strftime("%Y-%m-%dT%H:%M:%SZ")

    trustpoints = shown(device, "show crypto pki trustpoints")
    assert sorted(t["name"] for t in trustpoints) == sorted(state.config.trustpoints)

    status = {t["name"]: t for t in shown(device, "show crypto pki trustpoints status")}
    assert sorted(status) == sorted(state.config.trustpoints)
    for name in enrolled:
        assert status[name]["state"] == "granted", status[name]

    keys = {k["name"]: k for k in shown(device, "show crypto key mypubkey rsa")}
    for label, pair in state.keys.items():
        assert keys[label]["key_size"] == pair.key.key_size
        assert keys[label]["exportable"] == pair.exportable

    startup = shown(device, "show startup-config")
    saved = {c["trustpoint"]: c["certificates"][0]["hex"] for c in startup["certificate_chains"]}
    nvram = device.startup_config() or ""
    assert set(saved) == {n for n in enrolled if f"certificate chain {n}\n" in nvram}
    for name, hex_text in saved.items():  # the saved hex is the running certificate's DER
        assert hex_text.upper() == enrolled[name].certificate.der.hex().upper()  # type: ignore[union-attr]


@pytest.fixture(params=["ios12", "ios15", "iosxe17"])
def ca_device(request: pytest.FixtureRequest, tmp_path: Path) -> Device:
    """A device whose trustpoint CA1 was enrolled by terminal with a real CA (issue 12 item 5)."""
    from tests.unit.lab.ca_helpers import TestCA, enroll_by_terminal, paste, pem_of, requests_in
    from tests.unit.lab.device_helpers import Cli

    spec = DeviceSpec(name="X1", personality=request.param, preset="factory", faults=Faults())
    dev = Device(spec, tmp_path)
    dev.boot()
    cli = Cli(dev).enable()
    ca = TestCA()
    cli.lines(
        "configure terminal",
        "crypto pki trustpoint CA1",
        "enrollment terminal",
        "serial-number none",
        "ip-address none",
        "rsakeypair CA1 1024",
        "exit",
    )
    paste(cli, "crypto pki authenticate CA1", ca.pem)
    cli.line("yes")
    (csr,) = requests_in(enroll_by_terminal(cli, "CA1"))
    paste(cli, "crypto pki import CA1 certificate", pem_of(ca.sign(csr)))
    cli.lines("end", "write memory")
    return dev


def test_ca_trustpoint_read_back_by_the_parsers(ca_device: Device) -> None:
    tp = ca_device.state.config.trustpoints["CA1"]
    assert tp.certificate is not None and tp.ca_certificate is not None
    certs = [c for c in shown(ca_device, "show crypto pki certificates CA1")]
    assert [c["kind"] for c in certs] == ["router", "ca"]
    assert [int(c["serial"] or "0", 16) for c in certs] == [0x0203, 0x1A2B]
    assert certs[1]["usage"] == "Signature"
    verbose = shown(ca_device, "show crypto pki certificates CA1 verbose")
    assert [r["fingerprint_sha1"] for r in verbose] == [
        hashlib.sha1(c.der).hexdigest().upper() for c in (tp.certificate, tp.ca_certificate)
    ]
    (plain,) = [t for t in shown(ca_device, "show crypto pki trustpoints") if t["name"] == "CA1"]
    assert plain["certificate_configured"] and not plain["persistent_self_signed"]
    assert int(plain["serial"] or "0", 16) == 0x1A2B  # the CA's certificate
    (status,) = shown(ca_device, "show crypto pki trustpoints CA1 status")
    assert status["state"] == "granted", status
    assert status["ca_certificate"] is not None
    assert (
        status["ca_certificate"]["fingerprint_md5"]
        == hashlib.md5(tp.ca_certificate.der).hexdigest().upper()
    )
    for where in ("show running-config", "show startup-config"):
        (chain,) = [
            c for c in shown(ca_device, where)["certificate_chains"] if c["trustpoint"] == "CA1"
        ]
        assert [(c["type"], c["hex"]) for c in chain["certificates"]] == [
            ("router", tp.certificate.der.hex().upper()),
            ("ca", tp.ca_certificate.der.hex().upper()),
        ]
