"""Presets applied at first boot, personalities, and the faults the device plays."""

from __future__ import annotations

from datetime import datetime

import pytest
from cryptography import x509

from lab.device import Faults
from lab.device.pki.trustpoints import serial_number
from lab.protocol import Disconnect
from tests.unit.lab.device_helpers import Cli, MakeDevice


def served(dev: object) -> x509.Certificate:
    identity = dev.https_identity()  # type: ignore[attr-defined]
    assert identity is not None
    return x509.load_pem_x509_certificate(identity[0])


def saved_ders(dev: object) -> list[bytes]:
    return list(dev.nvram.load().files.values())  # type: ignore[attr-defined]


@pytest.mark.parametrize("personality", ["ios12", "ios15", "iosxe17"])
def test_factory(make_device: MakeDevice, personality: str) -> None:
    dev = make_device(personality=personality)
    tps = dev.state.config.trustpoints
    if personality == "iosxe17":  # TP-self-signed created at first boot, not saved
        assert list(tps) == [f"TP-self-signed-{serial_number(dev.spec.serial)}"]
        assert served(dev).public_key().key_size == 2048  # type: ignore[union-attr]
        assert saved_ders(dev) == []
    else:
        assert tps == {} and dev.https_identity() is None


def test_legacy_fn70489(make_device: MakeDevice) -> None:
    dev = make_device(preset="legacy-fn70489", personality="ios12")
    cert = served(dev)
    assert cert.not_valid_after_utc.replace(tzinfo=None) == datetime(2020, 1, 1)
    assert cert.public_key().key_size == 1024  # type: ignore[union-attr]
    assert cert.signature_hash_algorithm is not None
    assert cert.signature_hash_algorithm.name == "sha1"
    assert cert.public_bytes(serialization_der()) in saved_ders(dev)


def serialization_der():  # type: ignore[no-untyped-def]
    from cryptography.hazmat.primitives.serialization import Encoding

    return Encoding.DER


def test_unsaved_gets_a_new_certificate_at_every_boot(make_device: MakeDevice) -> None:
    dev = make_device(preset="unsaved")
    assert "ip http secure-server" in (dev.nvram.load().startup or "")
    first = served(dev)
    assert saved_ders(dev) == []
    dev.boot()
    assert served(dev) != first


def test_weak_key(make_device: MakeDevice) -> None:
    assert served(make_device(preset="weak-key")).public_key().key_size == 512  # type: ignore[union-attr]


def test_healthy_is_bound_saved_and_survives(make_device: MakeDevice) -> None:
    dev = make_device(preset="healthy", personality="iosxe17")
    cfg = dev.state.config
    assert cfg.http_secure_trustpoint is not None
    cert = served(dev)
    assert cert.public_key().key_size == 2048  # type: ignore[union-attr]
    assert cert.public_bytes(serialization_der()) in saved_ders(dev)
    assert dev.saved()
    dev.boot()
    assert served(dev) == cert


def test_two_selfsigned(make_device: MakeDevice) -> None:
    dev = make_device(preset="two-selfsigned")
    holders = [tp for tp in dev.state.config.trustpoints.values() if tp.certificate]
    assert len(holders) == 2 and all(tp.selfsigned for tp in holders)


def test_slow_keygen_sleeps(make_device: MakeDevice) -> None:
    c = Cli(make_device(faults=Faults(slow_keygen=2.0))).enable()
    c.line("conf t")
    c.line("crypto key generate rsa label K modulus 512")
    assert c.slept >= 2.0
    assert "[OK] (elapsed time was 2 seconds)" in c.line(
        "crypto key generate rsa label L modulus 512"
    )


@pytest.mark.parametrize("statements", [False, True])
def test_drop_during_enroll_makes_no_certificate(make_device: MakeDevice, statements: bool) -> None:
    c = Cli(make_device(faults=Faults(drop_during_enroll=True))).enable()
    subs = ["serial-number", "ip-address none"] if statements else []
    c.lines("conf t", "crypto pki trustpoint TP", "enrollment selfsigned", *subs, "exit")
    assert c.line("crypto pki enroll TP").endswith("[yes/no]: ")
    out = c.line("yes")
    assert c.actions[-1] == Disconnect() and not out.endswith("#")
    assert c.dev.state.config.trustpoints["TP"].certificate is None
    assert list(c.dev.state.keys) == ["R1.lab.example"]  # made before the first question


def test_extra_prompt_in_enroll_refuses_anything_but_yes(make_device: MakeDevice) -> None:
    c = Cli(make_device(faults=Faults(extra_prompt=True))).enable()
    c.lines("conf t", "crypto pki trustpoint TP", "enrollment selfsigned", "exit")
    c.lines("crypto pki enroll TP", "yes")
    out = c.line("no")
    assert out.endswith("despite the unsynchronized clock? [yes/no]: ")
    assert c.line("sure") == "\nR1(config)#"
    assert c.dev.state.config.trustpoints["TP"].certificate is None
    c.lines("crypto pki enroll TP", "yes", "no", "yes")
    c.line("yes")
    assert c.dev.state.config.trustpoints["TP"].certificate is not None


def test_extra_prompt_before_overwriting_nvram(make_device: MakeDevice) -> None:
    dev = make_device(faults=Faults(extra_prompt=True))
    c = Cli(dev).enable()
    c.config("hostname X1")
    assert c.line("write memory") == "\nOverwrite the previous NVRAM configuration?[confirm]"
    assert c.key("\x1a") == "\nX1#"
    assert "hostname R1" in (dev.nvram.load().startup or "")
    c.line("write memory")
    assert c.key("\r") == "\nBuilding configuration...\n[OK]\nX1#"


@pytest.mark.parametrize(
    ("personality", "mnemonic"),
    [("ios12", "PKI-4-NOAUTOSAVE"), ("ios15", "PKI-4-NOCONFIGAUTOSAVE")],
)
def test_save_reminder_per_personality(
    make_device: MakeDevice, personality: str, mnemonic: str
) -> None:
    """``ip http secure-server`` making TP-self-signed: the seed's ``%PKI-4-NOAUTOSAVE`` on
    12.3(14)T, ``%PKI-4-NOCONFIGAUTOSAVE`` on 15.x [PHIPPS] (docs/prompts.md 7.1, 7.2)."""
    c = Cli(make_device(personality=personality, faults=Faults(clock_unset=True))).enable()
    out = c.lines("terminal monitor", "configure terminal", "ip http secure-server")
    assert "\n*Mar  1 00:00:0" in out and f": %{mnemonic}: Configuration was modified." in out


def test_iosxe17_without_a_clock_makes_no_certificate_at_boot(make_device: MakeDevice) -> None:
    dev = make_device(personality="iosxe17", faults=Faults(clock_unset=True), boot=False)
    console = dev.boot()
    assert any("%PKI-2-NON_AUTHORITATIVE_CLOCK: PKI functions can not be" in ln for ln in console)
    assert dev.state.config.trustpoints == {}
    assert dev.https_identity() is not None  # the temporary self-signed certificate


def test_ios12_past_2020_falls_back_to_a_temporary_certificate(make_device: MakeDevice) -> None:
    dev = make_device(personality="ios12", preset="unsaved", boot=False)
    console = dev.boot()
    assert "Failed to generate persistent self-signed certificate." in console
    assert "    Secure server will use temporary self-signed certificate." in console
    tp = next(iter(dev.state.config.trustpoints.values()))
    assert tp.certificate is None
    identity = dev.https_identity()
    assert identity is not None
    cert = x509.load_pem_x509_certificate(identity[0])
    assert cert.not_valid_after_utc > cert.not_valid_before_utc
