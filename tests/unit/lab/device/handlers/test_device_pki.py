"""Trustpoints, the enroll dialog in all its variants, keys, the HTTPS trustpoint."""

from __future__ import annotations

import re

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from lab.device import Device, Faults
from lab.protocol import Write
from tests.unit.lab.device_helpers import Cli, MakeDevice, enroll_trustpoint

SERIAL_Q = "% Include the router serial number in the subject name? [yes/no]: "
IP_Q = "% Include an IP address in the subject name? [no]: "
GEN_Q = "Generate Self Signed Router Certificate? [yes/no]: "


def cert_of(dev: Device, tp: str) -> x509.Certificate:
    cert = dev.state.config.trustpoints[tp].certificate
    assert cert is not None
    return x509.load_der_x509_certificate(cert.der)


def verify_self_signed(cert: x509.Certificate) -> None:
    key = cert.public_key()
    assert isinstance(key, rsa.RSAPublicKey)
    assert cert.signature_hash_algorithm is not None
    key.verify(
        cert.signature,
        cert.tbs_certificate_bytes,
        padding.PKCS1v15(),
        cert.signature_hash_algorithm,
    )


def test_trustpoint_subcommands_and_their_no_forms(cli: Cli) -> None:
    subs = [
        "enrollment selfsigned",
        "serial-number",
        "fqdn r1.lab.example",
        "ip-address 10.9.9.9",
        "subject-name CN=r1.lab.example, O=Lab",
        "subject-alt-name r1.lab.example",
        "revocation-check none",
        "rsakeypair TPKEY 2048",
        "hash sha256",
    ]
    out = cli.config("crypto pki trustpoint TP", *subs)
    assert "%" not in out
    block = cli.line("show running-config | section crypto pki trustpoint TP")
    assert block.splitlines()[1] == "crypto pki trustpoint TP"
    for sub in subs:
        assert f"\n {sub}\n" in block
    cli.config("crypto pki trustpoint TP", *(f"no {s.split()[0]}" for s in subs))
    block = cli.line("show running-config | section crypto pki trustpoint TP")
    assert block == "\ncrypto pki trustpoint TP\nR1#"
    cli.config("crypto pki trustpoint TP", "serial-number none", "ip-address none", "fqdn none")
    block = cli.line("show running-config | section crypto pki trustpoint TP")
    assert " serial-number none\n fqdn none\n ip-address none\n" in block


def test_bare_subject_name_means_the_fqdn(cli: Cli) -> None:
    cli.config("crypto pki trustpoint TP", "enrollment selfsigned", "subject-name")
    assert "\n subject-name\n" in cli.line("show running-config | section trustpoint TP")
    cli.lines("conf t", "crypto pki enroll TP", "no", "no", "yes", "end")
    cert = cert_of(cli.dev, "TP")
    assert cert.subject.rfc4514_string() == "1.2.840.113549.1.9.2=R1.lab.example"


def test_invalid_subject_name_is_refused(cli: Cli) -> None:
    out = cli.config("crypto pki trustpoint TP", "subject-name 1.2.3.4")
    assert '"1.2.3.4" is not a valid subject name\n' in out
    assert "The subject name must be in X.500 (LDAP) format\n" in out
    assert cli.dev.state.config.trustpoints["TP"].subject_name is None


def test_enroll_dialog_of_the_document(cli: Cli) -> None:
    cli.lines("conf t", "crypto pki trustpoint local", "enrollment selfsigned", "exit")
    assert cli.line("crypto pki enroll local") == "\n" + SERIAL_Q  # no terminal monitor: no log
    assert cli.line("yes") == "\n" + IP_Q
    assert cli.line("yes") == "\nEnter Interface name or IP Address[]: "
    assert cli.line("GigabitEthernet0/0") == "\n" + GEN_Q
    out = cli.line("yes")
    # no save reminder after a self-signed enrollment (docs/ios-behaviour.md 2.2 item 8)
    assert out == "\n\nRouter Self Signed Certificate successfully created\nR1(config)#"
    ip = cli.dev.state.config.interfaces["GigabitEthernet0/0"].ip
    cert = cert_of(cli.dev, "local")
    assert cert.serial_number == 1
    verify_self_signed(cert)
    attrs = {a.oid.dotted_string: a.value for a in cert.subject}
    assert attrs["2.5.4.5"] == "FTX1234A0BC"
    assert attrs["1.2.840.113549.1.9.8"] == ip
    assert attrs["1.2.840.113549.1.9.2"] == "R1.lab.example"
    assert cert.issuer == cert.subject
    assert cert.not_valid_after_utc.year == 2030
    assert cert.public_key().key_size == 512  # type: ignore[union-attr]


STAMP = r"Nov 29 20:51:\d\d\.\d{3}"


def test_the_key_comes_before_the_first_question(make_device: MakeDevice) -> None:
    """Item 3 of issue 12, replaying the console transcript of the seed
    (persistent-self-signed-certificates.txt, "Creating a Persistent Self-Signed Certificate:
    Example", 12.3(14)T): with no key pair yet, ``%SSH-5-ENABLED`` then ``%CRYPTO-6-AUTOGEN``
    come before the first question, and the key exists before anything is answered."""
    dev = make_device(personality="ios12")
    c = Cli(dev).enable()
    c.lines("terminal monitor", "clock set 20:51:00 29 Nov 2004", "configure terminal")
    c.lines("crypto pki trustpoint local", "enrollment selfsigned", "exit")
    out = c.line("crypto pki enroll local")
    assert re.fullmatch(
        rf"\n{STAMP}: %SSH-5-ENABLED: SSH 1\.99 has been enabled\n"
        rf"{STAMP}: %CRYPTO-6-AUTOGEN: Generated new 512 bit key pair\n" + re.escape(SERIAL_Q),
        out,
    ), out
    assert dev.state.keys["R1.lab.example"].bits == 512
    assert c.line("yes") == "\n" + IP_Q
    assert c.line("yes") == "\nEnter Interface name or IP Address[]: "
    assert c.line("GigabitEthernet0/0") == "\n" + GEN_Q
    done = c.line("yes")
    assert done == "\n\nRouter Self Signed Certificate successfully created\nR1(config)#"
    cert = cert_of(dev, "local")
    assert cert.public_key() == dev.state.keys["R1.lab.example"].key.public_key()
    assert cert.not_valid_before_utc.year == 2004 and cert.not_valid_after_utc.year == 2020


def test_slow_keygen_delays_the_first_question(make_device: MakeDevice) -> None:
    """Item 3: the ``slow-keygen`` wait comes before the first question is written."""
    c = Cli(make_device(faults=Faults(slow_keygen=2.5))).enable()
    c.lines("conf t", "crypto pki trustpoint TP", "enrollment selfsigned", "exit")
    c.line("crypto pki enroll TP")
    kinds = [type(a).__name__ for a in c.actions]
    assert kinds == ["Write", "Sleep", "Write"] and c.slept == 2.5
    assert c.actions[-1] == Write(SERIAL_Q)
    c.lines("no", "no")
    c.line("yes")
    assert c.slept == 0  # the key exists: the certificate is made at once


def test_configured_serial_ip_and_fqdn_become_statements(cli: Cli) -> None:
    cli.lines(
        "conf t",
        "crypto pki trustpoint TP",
        "enrollment selfsigned",
        "serial-number",
        "ip-address 10.3.0.18",
        "fqdn none",
        "subject-name cn=web.lab",
        "exit",
    )
    out = cli.line("crypto pki enroll TP")
    assert out == (
        "\n% The fully-qualified domain name will not be included in the certificate\n"
        "% The serial number in the certificate will be: FTX1234A0BC\n"
        "% The IP address in the certificate is 10.3.0.18\n\n" + GEN_Q
    )
    cli.line("yes")
    subject = cert_of(cli.dev, "TP").subject
    # rfc4514 and IOS both show the most specific RDN first: the attributes IOS adds, then the name
    assert (
        subject.rfc4514_string() == "2.5.4.5=FTX1234A0BC+1.2.840.113549.1.9.8=10.3.0.18,CN=web.lab"
    )


def test_serial_none_and_ip_none_ask_nothing(cli: Cli) -> None:
    cli.lines(
        "conf t",
        "crypto pki trustpoint TP",
        "enrollment selfsigned",
        "serial-number none",
        "ip-address none",
        "exit",
    )
    assert cli.line("crypto pki enroll TP") == "\n" + GEN_Q


def test_answering_no_creates_no_certificate(cli: Cli) -> None:
    cli.lines("conf t", "crypto pki trustpoint TP", "enrollment selfsigned", "exit")
    cli.lines("crypto pki enroll TP", "no", "no")
    assert cli.line("no") == "\nR1(config)#"
    assert cli.dev.state.config.trustpoints["TP"].certificate is None
    assert list(cli.dev.state.keys) == ["R1.lab.example"]  # generated before the questions


def test_yes_no_questions_insist_on_an_answer(cli: Cli) -> None:
    cli.lines("conf t", "crypto pki trustpoint TP", "enrollment selfsigned", "exit")
    cli.line("crypto pki enroll TP")
    assert cli.line("maybe") == "\n% Please answer 'yes' or 'no'.\n" + SERIAL_Q
    assert cli.line("n") == "\n" + IP_Q
    assert cli.line("") == "\n" + GEN_Q  # [no] is the default of that question


def test_reenroll_asks_and_no_keeps_the_certificate(cli: Cli) -> None:
    enroll_trustpoint(cli, "TP")
    before = cli.dev.state.config.trustpoints["TP"].certificate
    assert before is not None
    out = cli.lines("conf t", "crypto pki enroll TP")
    assert "Trustpoint TP has already enrolled and has a router cert issued to it.\n" in out
    assert out.endswith("Do you want to continue with re-enrollment? [yes/no]: ")
    assert cli.line("no") == "\nR1(config)#"
    assert cli.dev.state.config.trustpoints["TP"].certificate is before
    cli.lines("crypto pki enroll TP", "yes", "no", "no", "yes")
    after = cli.dev.state.config.trustpoints["TP"].certificate
    assert after is not None and after.der != before.der


def test_second_selfsigned_trustpoint_replaces_the_first(cli: Cli) -> None:
    enroll_trustpoint(cli, "FIRST")
    cli.lines("conf t", "crypto pki trustpoint SECOND", "enrollment selfsigned", "exit")
    out = cli.line("crypto pki enroll SECOND")
    assert out == (
        "\nThe router has already generated a Self Signed Certificate for\n"
        "trustpoint FIRST.\n"
        "If you continue the existing trustpoint and Self Signed Certificate\n"
        "will be deleted.\n\n"
        "Do you want to continue generating a new Self Signed Certificate? [yes/no]: "
    )
    assert cli.line("no") == "\nR1(config)#"
    assert "FIRST" in cli.dev.state.config.trustpoints
    cli.lines("crypto pki enroll SECOND", "yes", "no", "no", "yes")
    tps = cli.dev.state.config.trustpoints
    assert "FIRST" not in tps and tps["SECOND"].certificate is not None


def test_enroll_errors(cli: Cli) -> None:
    out = cli.config("crypto pki enroll NOPE")
    assert "% Certificate Authority (trustpoint) NOPE is unknown" in out
    out = cli.config(
        "crypto pki trustpoint CA", "enrollment url http://ca", "exit", "crypto pki enroll CA"
    )
    assert "authenticate the Certificate Authority" in out


def test_ios12_image_cannot_make_certificates_after_2020(make_device: MakeDevice) -> None:
    c = Cli(make_device(personality="ios12")).enable()
    out = enroll_trustpoint(c, "TP")
    assert "% Failed to generate self-signed certificate." in out
    assert c.dev.state.config.trustpoints["TP"].certificate is None


def test_ios12_with_its_clock_unset_makes_a_sha1_cert_ending_2020(make_device: MakeDevice) -> None:
    c = Cli(make_device(personality="ios12", faults=Faults(clock_unset=True))).enable()
    c.line("terminal monitor")
    out = enroll_trustpoint(c, "TP")
    assert "\n*Mar  1 00:" in out and "%SSH-5-ENABLED: SSH 1.99 has been enabled" in out
    cert = cert_of(c.dev, "TP")
    verify_self_signed(cert)
    assert cert.not_valid_before_utc.year == 1993
    assert cert.not_valid_after_utc.replace(tzinfo=None).isoformat() == "2020-01-01T00:00:00"
    assert cert.signature_hash_algorithm is not None
    assert cert.signature_hash_algorithm.name == "sha1"


def test_iosxe17_signs_sha256_for_ten_years(make_device: MakeDevice) -> None:
    c = Cli(make_device(personality="iosxe17")).enable()
    enroll_trustpoint(c, "TP", 2048)
    cert = cert_of(c.dev, "TP")
    verify_self_signed(cert)
    assert cert.signature_hash_algorithm is not None
    assert cert.signature_hash_algorithm.name == "sha256"
    start, end = cert.not_valid_before_utc, cert.not_valid_after_utc
    assert (end.year - start.year, end.month, end.day) == (10, start.month, start.day)


def test_no_trustpoint_with_a_certificate_asks_first(cli: Cli) -> None:
    enroll_trustpoint(cli, "TP")
    out = cli.lines("conf t", "no crypto pki trustpoint TP")
    assert out.endswith(
        "% Removing an enrolled trustpoint will destroy all certificates\n"
        "received from the related Certificate Authority.\n\n"
        "Are you sure you want to do this? [yes/no]: "
    )
    assert cli.line("no") == "\nR1(config)#"
    assert "TP" in cli.dev.state.config.trustpoints
    cli.line("no crypto pki trustpoint TP")
    out = cli.line("yes")
    assert (
        out == "\n% Be sure to ask the CA administrator to revoke your certificates.\nR1(config)#"
    )
    assert "TP" not in cli.dev.state.config.trustpoints
    cli.lines("crypto pki trustpoint EMPTY", "exit")
    assert cli.line("no crypto pki trustpoint EMPTY") == "\nR1(config)#"


SUBJECT_ATTRIBUTES = [
    "cn=r1,o=Example,c=US",  # the example: failed silently before
    "e=email.address@domain.com,cn=CommonName,ou=OrganizationalUnit,o=Organization,"
    "l=Locality,st=StateOrProvinceName,c=US",
    "serialNumber=1234ABCD,cn=r1",
    "CN=R1, OU=Lab + O=Example",
]


@pytest.mark.parametrize("subject", SUBJECT_ATTRIBUTES)
@pytest.mark.parametrize("personality", ["ios12", "ios15", "iosxe17"])
def test_every_subject_attribute_enrolls(
    make_device: MakeDevice, personality: str, subject: str, caplog: pytest.LogCaptureFixture
) -> None:
    """Item 7 of issue 12: every attribute IOS accepts (``cn o ou l st c e serialNumber``)
    enrolls, and ``show crypto pki certificates`` prints each as IOS does: one part a line,
    ``e=`` ... ``c=`` as in the corpus's ``show_crypto_pki_certificates/
    ntc_templates_sanitized_1`` (networktocode/ntc-templates), ``hostname=`` first [PHIPPS]."""
    c = Cli(make_device(personality=personality)).enable()
    c.line("clock set 10:00:00 1 Jun 2019")  # ios12 cannot sign past its 2020 end date
    c.config("crypto pki trustpoint TP", "enrollment selfsigned", f"subject-name {subject}")
    out = enroll_trustpoint(c, "TP", 1024, "serial-number none", "ip-address none")
    assert "successfully created" in out, out
    assert not [r for r in caplog.records if r.levelname in ("ERROR", "CRITICAL")]
    cert = cert_of(c.dev, "TP")
    verify_self_signed(cert)
    parts = [p.strip() for p in re.split(r"[,+]", subject)]
    shown = c.line("show crypto pki certificates TP").splitlines()
    issuer = shown[shown.index("  Issuer:") + 1 : shown.index("  Subject:")]
    assert issuer[0] == "    hostname=R1.lab.example"
    lowered = [p.split("=", 1)[0].lower() + "=" + p.split("=", 1)[1] for p in parts]
    names = [ln.strip().replace("serialnumber=", "serialNumber=") for ln in issuer[1:]]
    flat = [a for ln in names for a in ln.split("+")]
    assert [a.lower() for a in flat] == [a.lower() for a in lowered]


@pytest.mark.parametrize("subject", ["cn=r1,e=é@example.com", "cn=r1,x=y", "cn=", "=r1"])
def test_subject_names_a_certificate_cannot_carry_are_refused(cli: Cli, subject: str) -> None:
    out = cli.config("crypto pki trustpoint TP", f"subject-name {subject}")
    assert f'"{subject}" is not a valid subject name\n' in out
    assert cli.dev.state.config.trustpoints["TP"].subject_name is None


@pytest.mark.parametrize("personality", ["ios12", "ios15", "iosxe17"])
def test_subject_alt_name_per_release(make_device: MakeDevice, personality: str) -> None:
    """Issue 17 item 1: ``subject-alt-name`` exists on 15.x and IOS XE, not on 12.3(14)T
    (docs/ios-behaviour.md sections 2.1, 8); the self-signed certificate made from the
    trustpoint carries it as a DNS name."""
    c = Cli(make_device(personality=personality)).enable()
    c.line("clock set 10:00:00 1 Jun 2019")  # ios12 cannot sign past its 2020 end date
    out = c.config("crypto pki trustpoint TP", "enrollment selfsigned", "subject-alt-name r1.lab")
    if personality == "ios12":
        assert "% Invalid input detected at '^' marker." in out
        assert c.dev.state.config.trustpoints["TP"].subject_alt_name is None
        return
    assert "%" not in out
    block = c.line("show running-config | section crypto pki trustpoint TP")
    assert "\n subject-alt-name r1.lab\n" in block
    assert "successfully created" in enroll_trustpoint(c, "TP", 1024, "serial-number none")
    san = cert_of(c.dev, "TP").extensions.get_extension_for_class(x509.SubjectAlternativeName)
    assert san.value.get_values_for_type(x509.DNSName) == ["r1.lab"]
