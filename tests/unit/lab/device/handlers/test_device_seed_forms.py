"""Issue 12 item 4: what the feature guide (seed ``persistent-self-signed-certificates.txt``,
[FEATURE-GUIDE]) documents and the lab used to refuse.

- ``crypto ca trustpoint`` is still taken and written as ``crypto pki trustpoint`` ("crypto pki
  trustpoint" command history); ``show crypto ca roots`` is ``show crypto pki trustpoints``.
- ``rsakeypair key-label [key-size [encryption-key-size]]`` (step 6, ``examplekeys 1024 1024``):
  separate signature and encryption keys.
- the trustpoint sub-commands listed under "crypto pki trustpoint" (``crl``, ``default``,
  ``enrollment http-proxy``, ``match certificate``, ``primary``, ``root``) and ``auto-enroll``.
- ``show crypto pki trustpoints`` of a CA trustpoint (trustpoint ``bo``: ``Certificate
  configured.``, ``CEP URL:``, ``CRL query url:``) and the ``status`` fingerprint per release
  (trustpoint ``yni``: ``Fingerprint:``, MD5 only, on 12.3).
"""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives.serialization import Encoding

from tests.unit.lab.ca_helpers import TestCA
from tests.unit.lab.device_helpers import Cli, MakeDevice


def test_crypto_ca_forms_on_12_3(make_device: MakeDevice) -> None:
    dev = make_device(personality="ios12")
    cli = Cli(dev).enable()
    cli.line("clock set 20:51:00 29 Nov 2004")  # the guide's day: before the image's 2020 end
    out = cli.lines("configure terminal", "crypto ca trustpoint local", "enrollment selfsigned")
    assert "Invalid" not in out and "R1(ca-trustpoint)#" in out
    cli.line("exit")
    chunk = cli.line("crypto ca enroll local")
    while "R1(config)#" not in chunk:
        chunk = cli.line("no" if "IP address" in chunk else "yes")
    cli.line("end")
    assert dev.state.config.trustpoints["local"].certificate is not None
    run = cli.line("show running-config")
    assert "crypto pki trustpoint local\n" in run and "crypto ca trustpoint" not in run
    pki = cli.line("show crypto pki certificates")
    assert cli.line("show crypto ca certificates") == pki
    assert cli.line("show crypto ca roots") == cli.line("show crypto pki trustpoints")
    assert cli.line("show crypto ca trustpoints status") == cli.line(
        "show crypto pki trustpoints status"
    )


def test_rsakeypair_with_two_sizes_makes_special_usage_keys(make_device: MakeDevice) -> None:
    dev = make_device(personality="ios12")
    cli = Cli(dev).enable()
    cli.line("clock set 20:51:00 29 Nov 2004")
    cli.lines("configure terminal", "crypto pki trustpoint local", "enrollment selfsigned")
    cli.lines("rsakeypair examplekeys 1024 1024", "exit")
    chunk = cli.line("crypto pki enroll local")
    while "R1(config)#" not in chunk:
        chunk = cli.line("no" if "IP address" in chunk else "yes")
    cli.line("end")
    keys = cli.line("show crypto key mypubkey rsa examplekeys")
    assert keys.count("Key name: examplekeys\n") == 2
    assert "Usage: Signature Key" in keys and "Usage: Encryption Key" in keys
    assert "Keys generated ..... Yes (Signature, Encryption)" in cli.line(
        "show crypto pki trustpoints local status"
    )
    cli.line("write memory")
    dev.shutdown()
    dev.boot()
    pair = dev.state.keys["examplekeys"]
    assert pair.encryption is not None and pair.encryption.bits == 1024


SUBCOMMANDS = (
    "enrollment url http://bomborra",
    "enrollment http-proxy proxy.example 8080",
    "primary",
    "root tftp tftp.example ca.cer",
    "crl query ldap://bomborra",
    "match certificate Group",
    "auto-enroll 70 regenerate",
)


def test_seed_subcommands_are_kept_saved_and_defaulted(make_device: MakeDevice) -> None:
    dev = make_device(personality="ios15")
    cli = Cli(dev).enable()
    out = cli.lines("configure terminal", "crypto pki trustpoint bo", *SUBCOMMANDS)
    assert "Invalid" not in out and "Incomplete" not in out
    cli.lines("crl optional", "end", "write memory")
    run = cli.line("show running-config | section crypto pki trustpoint bo")
    for line in SUBCOMMANDS:
        assert f" {line}\n" in run, line
    assert " revocation-check none\n" in run  # what `crl optional` became
    dev.shutdown()
    dev.boot()
    tp = dev.state.config.trustpoints["bo"]
    assert (tp.primary, tp.root, tp.auto_enroll) == (
        True,
        "tftp tftp.example ca.cer",
        "70 regenerate",
    )
    cli = Cli(dev).enable()
    cli.lines("configure terminal", "crypto pki trustpoint bo", "default primary")
    cli.lines("default crl", "no match certificate", "default auto-enroll", "end")
    run = cli.line("show running-config | section crypto pki trustpoint bo")
    for word in ("primary", "crl query", "match certificate", "auto-enroll"):
        assert word not in run, word


def _with_ca_certificate(cli: Cli, ca: TestCA) -> None:
    """A CA certificate typed into the chain in hex, as `show running-config` gives it back."""
    der = ca.cert.public_bytes(Encoding.DER).hex().upper()
    lines = [der[i : i + 64] for i in range(0, len(der), 64)]
    cli.lines("configure terminal", "crypto pki certificate chain bo", "certificate ca 1A2B")
    cli.lines(*lines, "quit", "end")


@pytest.mark.parametrize("personality", ["ios12", "ios15", "iosxe17"])
def test_ca_trustpoint_shown_and_its_status_fingerprint_per_release(
    make_device: MakeDevice, personality: str
) -> None:
    dev = make_device(personality=personality)
    cli = Cli(dev).enable()
    ca = TestCA(cn="bomborra Certificate Manager")
    cli.config(
        "crypto pki trustpoint bo", "enrollment url http://bomborra", "crl query ldap://bomborra"
    )
    _with_ca_certificate(cli, ca)
    plain = cli.line("show crypto pki trustpoints bo")
    tp = dev.state.config.trustpoints["bo"]
    assert tp.ca_certificate is not None
    if personality == "ios12":
        assert plain == (
            "\nTrustpoint bo:\n  Subject Name:\n    cn=bomborra Certificate Manager\n"
            "    o=Example\n    Serial Number: 1A2B\n  Certificate configured.\n"
            "  CEP URL:http://bomborra\n  CRL query url:ldap://bomborra\n\n\nR1#"
        )
    else:
        assert "    Certificate configured.\n" in plain
        assert "          Serial Number (hex): 1A2B\n" in plain
    status = cli.line("show crypto pki trustpoints bo status")
    md5, sha1 = tp.ca_certificate.md5, tp.ca_certificate.sha1
    if personality == "ios12":  # trustpoint `yni` of the feature guide
        assert (
            "  Issuing CA certificate configured:\n    Subject Name:\n"
            "      cn=bomborra Certificate Manager,o=Example\n"
            f"    Fingerprint: {md5}\n  State:\n"
            "    Keys generated ..... No\n    Issuing CA authenticated ..... Yes\n"
            "    Certificate request(s) ..... None\n"
        ) in status
        assert "SHA1" not in status
    else:
        assert f"    Fingerprint MD5: {md5} \n    Fingerprint SHA1: {sha1} \n" in status
        assert "     cn=bomborra Certificate Manager,o=Example\n" in status
        assert "    Issuing CA authenticated ....... Yes\n" in status
