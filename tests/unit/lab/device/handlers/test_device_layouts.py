"""Item 2 of issue 12: each personality prints the layouts of its own release.

The lab's output is compared with real output of that release, kept in ``tests/golden/``:
ios12 (12.3(14)T) with the seed's examples (persistent-self-signed-certificates.txt, copies
``seed_*``), iosxe17 with the IOS XE captures of genieparser (``genieparser_*``, from
CiscoTestAutomation/genieparser). Dates, key data and numbers that differ by nature are masked;
everything else (labels, indentation, order, time zone) must be the same.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.unit.lab.device_helpers import Cli, MakeDevice

GOLDEN = Path(__file__).parents[4] / "golden"
MONTHS = r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b"


def golden(command: str, name: str) -> list[str]:
    return (GOLDEN / command / f"{name}.txt").read_text(encoding="utf-8").splitlines()


def shown(c: Cli, command: str) -> list[str]:
    """The output of ``command``: its lines, without the prompt after it."""
    return c.line(command).splitlines()[1:-1]


def masked(lines: list[str]) -> list[str]:
    """Numbers and month names masked, key-data lines folded into one, blank lines dropped."""
    out: list[str] = []
    for line in lines:
        if not line.strip():
            continue
        if re.fullmatch(r"\s*([0-9A-F]{1,8} ?)+", line):
            if out and out[-1] == "<key data>":
                continue
            out.append("<key data>")
            continue
        out.append(re.sub(MONTHS, "Mon", re.sub(r"\d+", "9", line.rstrip())))
    return out


def ios12(make_device: MakeDevice, *, name: str = "Router") -> Cli:
    """A 12.3(14)T router with the serial number of the seed's examples."""
    return Cli(make_device(name, personality="ios12", serial="C63EBBE9")).enable()


def test_ios12_secure_server_and_its_certificate_are_the_seeds(make_device: MakeDevice) -> None:
    """Seed, "Enabling the HTTPS Server: Example" and "Verifying the Configuration: Example"."""
    c = ios12(make_device)
    c.lines("terminal monitor", "clock set 19:14:14 21 Dec 2004", "configure terminal")
    out = c.line("ip http secure-server")
    assert out.startswith("\n% Generating 1024 bit RSA keys ...[OK]\nRouter(config)#\n")
    assert re.search(
        r"\nDec 21 19:14:1\d\.\d{3}: %SSH-5-ENABLED: SSH 1\.99 has been enabled\n", out
    )
    assert re.search(
        r"\nDec 21 19:14:1\d\.\d{3}: %PKI-4-NOAUTOSAVE: Configuration was modified.  Issue "
        r'"write memory" to save new certificate\n',
        out,
    )
    c.line("end")
    want = golden("show_crypto_pki_certificates", "seed_self_signed_default")[2:]
    got = shown(c, "show crypto pki certificates")[1:]
    assert [re.sub(r"19:14:1\d", "19:14:1x", ln) for ln in got] == [
        re.sub(r"19:14:1\d", "19:14:1x", ln) for ln in want
    ]


def test_ios12_keys_are_the_seeds(make_device: MakeDevice) -> None:
    """Seed: ``show crypto key mypubkey rsa`` of TP-self-signed and its ``.server`` key."""
    c = ios12(make_device)
    c.lines("clock set 19:14:10 21 Dec 2004", "configure terminal", "ip http secure-server", "end")
    seed = golden("show_crypto_key_mypubkey_rsa", "seed_self_signed_and_server")
    want = masked([ln for ln in seed if not ln.startswith("Router#")])
    assert masked(shown(c, "show crypto key mypubkey rsa")) == want
    assert "% Key pair was generated at: 19:14:10 GMT Dec 21 2004" in shown(
        c, "show crypto key mypubkey rsa"
    )


def test_ios12_trustpoint_is_the_seeds(make_device: MakeDevice) -> None:
    """Seed: ``show crypto pki trustpoints`` of the trustpoint ``local`` of test.cisco.com."""
    c = ios12(make_device, name="test")
    c.lines("clock set 20:51:40 29 Nov 2004", "configure terminal", "ip domain name cisco.com")
    c.lines("crypto pki trustpoint local", "enrollment selfsigned", "serial-number")
    c.lines("ip-address 10.3.0.18", "exit", "crypto pki enroll local", "yes", "end")
    want = [ln for ln in golden("show_crypto_pki_trustpoints", "seed_local") if ln.strip()][1:]
    assert [ln for ln in shown(c, "show crypto pki trustpoints") if ln.strip()] == want
    cert = [ln for ln in shown(c, "show crypto pki certificates") if ln.strip()]
    seed = golden("show_crypto_pki_certificates", "seed_self_signed_local_unindented")
    # the seed prints this block once without indentation: compare the text of each line
    assert [ln.strip() for ln in cert if "Name:" not in ln and "date" not in ln] == [
        ln.strip().replace("end   date", "end date")
        for ln in seed
        if ln.strip() and "Name:" not in ln and "date" not in ln
    ]


def test_ios12_verbose_needs_a_trustpoint_name(make_device: MakeDevice) -> None:
    """Seed, ``show crypto pki certificates``: "The verbose keyword can be used only if a
    trustpoint name is entered" (12.3(14)T); IOS XE also takes ``verbose [TP]`` [GENIEPARSER]."""
    c = ios12(make_device)
    c.lines("clock set 19:14:14 21 Dec 2004", "configure terminal", "ip http secure-server", "end")
    assert c.line("show crypto pki certificates verbose") == "\nRouter#"  # a trustpoint "verbose"
    out = c.line("show crypto pki certificates TP-self-signed-3326000105 verbose")
    assert "  Fingerprint MD5: " in out and "  Key Label: TP-self-signed-3326000105" in out
    assert "  Cert install time: 19:14:1" in out and " GMT Dec 21 2004 " in out
    xe = Cli(make_device("R2", personality="iosxe17")).enable()
    name = next(iter(xe.dev.state.config.trustpoints))
    for command in ("verbose", f"verbose {name}", f"{name} verbose"):
        assert "  Fingerprint SHA1: " in xe.line(f"show crypto pki certificates {command}")


def test_iosxe17_certificate_is_the_corpus(make_device: MakeDevice) -> None:
    """genieparser ``show_crypto_pki_certificates/genieparser_1`` (CSR1000v, IOS XE): the
    TP-self-signed certificate an IOS XE box makes at its first boot, once saved."""
    c = Cli(make_device(personality="iosxe17")).enable()
    c.line("write memory")
    want = masked(golden("show_crypto_pki_certificates", "genieparser_1"))
    assert masked(shown(c, "show crypto pki certificates")) == want


def test_iosxe17_trustpoint_is_the_corpus(make_device: MakeDevice) -> None:
    """genieparser ``show_crypto_pki_trustpoints/genieparser_1``: the TP-self-signed block."""
    c = Cli(make_device(personality="iosxe17")).enable()
    lines = golden("show_crypto_pki_trustpoints", "genieparser_1")
    start = next(i for i, ln in enumerate(lines) if ln.startswith("Trustpoint TP-self-signed"))
    want = masked(lines[start : start + 6])
    assert masked(shown(c, "show crypto pki trustpoints")) == want


def test_iosxe17_keys_are_the_corpus(make_device: MakeDevice) -> None:
    """genieparser ``show_crypto_key_mypubkey_rsa/genieparser_3`` (IOS XE 17, 2024)."""
    c = Cli(make_device(personality="iosxe17")).enable()
    c.config("crypto key generate rsa label test_rsa modulus 2048")
    want = masked(golden("show_crypto_key_mypubkey_rsa", "genieparser_3"))
    got = masked(shown(c, "show crypto key mypubkey rsa test_rsa"))
    assert got == want


@pytest.mark.parametrize(
    ("personality", "begins"),
    [
        ("ios12", "% Generating 512 bit RSA keys ...[OK]\n"),
        ("ios15", "% Generating 512 bit RSA keys, keys will be non-exportable...\n[OK] (elapsed"),
    ],
)
def test_key_generation_text_per_release(
    make_device: MakeDevice, personality: str, begins: str
) -> None:
    """12.3 prints one line [seed, "% Generating 1024 bit RSA keys ...[OK]"]; 15.x two [PHIPPS]."""
    c = Cli(make_device(personality=personality)).enable()
    out = c.lines("configure terminal", "crypto key generate rsa label K modulus 512")
    assert ("\n% The key modulus size is 512 bits\n" + begins) in out


@pytest.mark.parametrize(
    ("personality", "rom"),
    [
        ("ios12", "ROM: System Bootstrap, Version 12.3(11r)T2, RELEASE SOFTWARE (fc1)"),
        ("ios15", "ROM: System Bootstrap, Version 15.0(1r)M16, RELEASE SOFTWARE (fc1)"),
        ("iosxe17", "ROM: IOS-XE ROMMON"),  # CSR1000v and C8000V captures
    ],
)
def test_show_version_names_the_release_and_its_rom(
    make_device: MakeDevice, personality: str, rom: str
) -> None:
    """``show version`` of a 3845 on 12.x (ROM 12.3(11r)T2), an ISR G2, an IOS XE router."""
    out = Cli(make_device(personality=personality)).enable().line("show version")
    assert f"\n\n{rom}\n\nR1 uptime is " in out
