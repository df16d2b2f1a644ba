"""Show commands rendered from state: the hex and fingerprints are those of the real DER."""

from __future__ import annotations

import hashlib
import re

from lab.device import Faults
from tests.unit.lab.device_helpers import Cli, MakeDevice, enroll_trustpoint


def groups(data: bytes) -> str:
    hexed = data.hex().upper()
    return " ".join(hexed[i : i + 8] for i in range(0, len(hexed), 8))


def chain_from(config: str, tp: str) -> tuple[bytes, list[str]]:
    block = config.split(f"crypto pki certificate chain {tp}\n", 1)[1]
    lines = block.split("\n")
    assert lines[0] == " certificate self-signed 01"
    body = []
    for ln in lines[1:]:
        if ln == "  \tquit":
            break
        body.append(ln)
    else:
        raise AssertionError("no quit line")
    return bytes.fromhex("".join(body).replace(" ", "")), body


def test_running_config_holds_the_der_in_ios_hex(cli: Cli) -> None:
    enroll_trustpoint(cli, "TP", 1024)
    cert = cli.dev.state.config.trustpoints["TP"].certificate
    assert cert is not None
    run = cli.line("show running-config")
    assert run.startswith("\nBuilding configuration...\n\nCurrent configuration : ")
    der, body = chain_from(run, "TP")
    assert der == cert.der
    assert all(ln.startswith("  ") and not ln.startswith("   ") for ln in body)
    assert all(len(ln.split()) == 8 for ln in body[:-1]) and 1 <= len(body[-1].split()) <= 8
    assert all(re.fullmatch(r"  ([0-9A-F]{8} ){7}[0-9A-F]{8}", ln) for ln in body[:-1])
    size = int(re.search(r"Current configuration : (\d+) bytes", run).group(1))  # type: ignore[union-attr]
    assert size == len(run.split(" bytes\n", 1)[1].rsplit("R1#", 1)[0])
    brief = cli.line("show running-config brief")
    assert " certificate self-signed 01\n!" in brief and "quit" not in brief


def test_certificates_verbose_fingerprints_are_of_the_der(cli: Cli) -> None:
    enroll_trustpoint(cli, "TP", 1024)
    der, _ = chain_from(cli.line("show running-config"), "TP")
    out = cli.line("show crypto pki certificates TP verbose")
    assert f"  Fingerprint MD5: {groups(hashlib.md5(der).digest())} \n" in out
    assert f"  Fingerprint SHA1: {groups(hashlib.sha1(der).digest())} \n" in out
    lines = out.splitlines()
    assert lines[1:6] == [
        "",
        "Router Self-Signed Certificate",
        "  Status: Available",
        "  Version: 3",
        "  Certificate Serial Number (hex): 01",
    ]
    assert "  Signature Algorithm: SHA1 with RSA Encryption" in lines
    assert "    RSA Public Key: (1024 bit)" in lines
    assert "  Associated Trustpoints: TP " in lines and "  Key Label: TP" in lines


def test_certificates_plain_block(cli: Cli) -> None:
    """The 15.7 layout of a self-signed certificate with a ``subject-name`` [PHIPPS]: the
    ``hostname=`` part above the name, ``Name:`` the FQDN (docs/ios-behaviour.md 2.2, 4.1)."""
    cli.config(
        "crypto pki trustpoint TP",
        "enrollment selfsigned",
        "serial-number none",
        "ip-address none",
        "subject-name cn=web.lab.example",
        "exit",
        "crypto pki enroll TP",
        "yes",
    )
    out = cli.line("show crypto pki certificates")
    cert = cli.dev.state.config.trustpoints["TP"].certificate
    assert cert is not None
    start = cert.not_before
    assert out.splitlines()[1:16] == [
        "",
        "Router Self-Signed Certificate",
        "  Status: Available",
        "  Certificate Serial Number (hex): 01",
        "  Certificate Usage: General Purpose",
        "  Issuer:",
        "    hostname=R1.lab.example",
        "    cn=web.lab.example",
        "  Subject:",
        "    Name: R1.lab.example",
        "    hostname=R1.lab.example",
        "    cn=web.lab.example",
        "  Validity Date:",
        f"    start date: {start:%H:%M:%S} UTC {start:%b} {start.day} {start.year}",
        "    end   date: 00:00:00 UTC Jan 1 2030",
    ]
    assert "    end   date: 00:00:00 UTC Jan 1 2030\n  Associated Trustpoints: TP\nR1#" in out
    assert "Storage" not in out
    cli.line("write memory")
    assert "  Storage: nvram:IOS-Self-Sig#1.cer\n" in cli.line("show crypto pki certificates TP")


def test_trustpoints_plain_and_status(cli: Cli) -> None:
    enroll_trustpoint(cli, "TP", 1024, "serial-number none", "ip-address none")
    out = cli.line("show crypto pki trustpoints")
    assert out == (
        "\nTrustpoint TP:\n    Subject Name:\n    hostname=R1.lab.example\n"
        "          Serial Number (hex): 01\n"
        "    Persistent self-signed certificate trust point\n"
        "    Using key label TP\n\n\nR1#"
    )
    cert = cli.dev.state.config.trustpoints["TP"].certificate
    assert cert is not None
    status = cli.line("show crypto pki trustpoints TP status")
    assert f"    Fingerprint MD5: {groups(hashlib.md5(cert.der).digest())} \n" in status
    assert "  Router General Purpose certificate configured:\n" in status
    assert "    Keys generated ............. Yes (General Purpose, non-exportable)\n" in status
    cli.config("crypto pki trustpoint NEW")
    assert cli.line("show crypto pki trustpoints NEW status").splitlines()[1:7] == [
        "Trustpoint NEW:",
        "  Issuing CA certificate not configured.",  # the feature guide's field table
        "  State:",
        "    Keys generated ............. No",  # its key would be R1.lab.example
        "    Issuing CA authenticated ....... No",
        "    Certificate request(s) ..... None",
    ]


def test_ios12_trustpoints_in_the_documents_format(make_device: MakeDevice) -> None:
    """The seed's ``show crypto pki trustpoints`` of a self-signed trustpoint (12.3(14)T)."""
    c = Cli(make_device(personality="ios12", faults=Faults(clock_unset=True))).enable()
    enroll_trustpoint(c, "local", 1024)
    out = c.line("show crypto pki trustpoints")
    assert (
        "\nTrustpoint local:\n  Subject Name:\n"
        "    serialNumber=FTX1234A0BC+hostname=R1.lab.example\n" in out
    )
    assert "    Serial Number: 01\n  Persistent self-signed certificate trust point\n" in out


def test_version_clock_and_dir(make_device: MakeDevice) -> None:
    c = Cli(make_device(serial="FCZ0000Z1Z9")).enable()
    ver = c.line("show version")
    assert "Processor board ID FCZ0000Z1Z9\n" in ver
    assert re.search(r"\nR1 uptime is 0 minutes\n", ver)
    assert 'System image file is "flash0:c2900-universalk9-mz.SPA.157-3.M8.bin"' in ver
    assert re.fullmatch(
        r"\n\d\d:\d\d:\d\d\.\d{3} UTC \w{3} \w{3} \d{1,2} \d{4}\nR1#", c.line("show clock")
    )
    enroll_trustpoint(c, "TP", 512)
    assert "IOS-Self-Sig#1.cer" not in c.line("dir nvram:")
    c.line("write")
    listing = c.line("dir nvram:")
    assert re.search(r"\n +1  -rw- +\d+ +<no date>  IOS-Self-Sig#1\.cer\n", listing)
    assert "startup-config" in listing


def test_unset_clock_shows_star_and_1993(make_device: MakeDevice) -> None:
    c = Cli(make_device(faults=Faults(clock_unset=True))).enable()
    assert re.fullmatch(r"\n\*00:00:\d\d\.\d{3} UTC Mon Mar 1 1993\nR1#", c.line("show clock"))
    c.line("clock set 10:00:00 1 Jan 2024")
    assert c.line("show clock").startswith("\n10:00:0")


def test_startup_config_is_what_was_saved(cli: Cli) -> None:
    start = cli.line("show startup-config")
    assert start.startswith("\nUsing ") and "\nhostname R1\n" in start
    cli.config("hostname EDGE")
    assert "\nhostname R1\n" in cli.line("show startup-config")
    cli.line("copy running-config startup-config")
    assert cli.actions and cli.session.input_mode == "line"
    assert cli.line("") == "\nBuilding configuration...\n[OK]\nEDGE#"
    assert "\nhostname EDGE\n" in cli.line("show startup-config")


def test_device_helpers_for_tests(cli: Cli) -> None:
    dev = cli.dev
    enroll_trustpoint(cli, "TP", 512)
    assert dev.certificate("TP") == dev.state.config.trustpoints["TP"].certificate.der  # type: ignore[union-attr]
    assert dev.certificate("NOPE") is None
    assert "crypto pki certificate chain TP" in dev.running_config()
    assert "crypto pki certificate chain TP" not in (dev.startup_config() or "")
    out = dev.run("write memory", "show crypto pki trustpoints")
    assert "[OK]" in out and "Trustpoint TP:" in out
    assert "crypto pki certificate chain TP" in (dev.startup_config() or "")


def test_pasting_a_certificate_chain_by_hand(cli: Cli) -> None:
    enroll_trustpoint(cli, "TP", 512)
    der = cli.dev.certificate("TP")
    assert der is not None
    hexed = der.hex().upper()
    lines = [
        " ".join(hexed[i : i + 64][j : j + 8] for j in range(0, 64, 8))
        for i in range(0, len(hexed), 64)
    ]
    cli.lines("conf t", "crypto pki trustpoint COPY", "enrollment terminal", "exit")
    assert cli.line("crypto pki certificate chain COPY").endswith("R1(config-cert-chain)#")
    out = cli.line("certificate self-signed 01")
    assert out.endswith(
        'End with a blank line or the word "quit" on a line by itself\nR1(config-pubkey)#'
    )
    for ln in lines:
        assert cli.line("  " + ln) == "\nR1(config-pubkey)#"
    assert cli.line("  quit") == "\nR1(config-cert-chain)#"
    assert cli.dev.certificate("COPY") == der
    cli.line("no certificate self-signed 01")
    assert cli.dev.certificate("COPY") is None


def test_certificates_pem(cli: Cli) -> None:
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import Encoding

    enroll_trustpoint(cli, "TP", 512)
    out = cli.line("show crypto pki certificates pem TP")
    assert out.startswith("\n------Trustpoint: TP------\n% Self-signed CA certificate:\n-----BEGIN")
    body = out.split("% General Purpose Certificate:\n", 1)[1].rsplit("R1#", 1)[0]
    cert = x509.load_pem_x509_certificate(body.encode())
    assert cert.public_bytes(Encoding.DER) == cli.dev.certificate("TP")
    assert cli.line("show crypto pki certificates pem OTHER") == "\nR1#"
