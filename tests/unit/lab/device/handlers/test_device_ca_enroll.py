"""Issue 12 item 5: CA enrollment by terminal, as IOS prints it (``docs/ios-behaviour.md``
section 3, ``docs/prompts.md`` section 2).

Transcripts: [IOSV-CA-NOTES] (IOSv 15.x: authenticate, enroll, import, export), [QYT] (C8000V
IOS XE 17: the ``ip-address`` statements and blank lines of ``import``), [FN74135]
(``enrollment terminal pem``). The CA is a real one (``cryptography``); the request is checked as
PKCS#10, the certificate it signs is pasted back, saved, and survives a reload.
"""

from __future__ import annotations

import ipaddress

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import padding

from lab.device import Device
from tests.unit.lab.ca_helpers import TestCA, enroll_by_terminal, paste, pem_of, requests_in
from tests.unit.lab.device_helpers import Cli, MakeDevice

TP_LINES = (
    "ip domain name lab.example",
    "crypto pki trustpoint CA1",
    "enrollment terminal",
    "subject-name cn=r1.lab.example,o=Example",
    "subject-alt-name r1.lab.example",
    "serial-number none",
    "ip-address 10.0.0.5",
    "rsakeypair CA1 1024",
    "exit",
)


def tp_lines(dev: Device) -> tuple[str, ...]:
    """``TP_LINES`` as the release takes them: 12.3(14)T has no ``subject-alt-name``
    (docs/ios-behaviour.md sections 2.1, 8)."""
    if dev.spec.personality != "ios12":
        return TP_LINES
    return tuple(x for x in TP_LINES if not x.startswith("subject-alt-name"))


def enrolled(cli: Cli, ca: TestCA) -> tuple[str, str, str]:
    """Authenticate, enroll, import: the three dialogs' text."""
    cli.lines("configure terminal", *tp_lines(cli.dev))
    auth = paste(cli, "crypto pki authenticate CA1", ca.pem) + cli.line("yes")
    req = enroll_by_terminal(cli, "CA1")
    (csr,) = requests_in(req)
    imp = paste(cli, "crypto pki import CA1 certificate", pem_of(ca.sign(csr)))
    cli.line("end")
    return auth, req, imp


@pytest.mark.parametrize("personality", ["ios12", "ios15", "iosxe17"])
def test_terminal_enrollment_as_ios_prints_it(make_device: MakeDevice, personality: str) -> None:
    dev = make_device(personality=personality)
    cli = Cli(dev).enable()
    ca = TestCA()
    auth, req, imp = enrolled(cli, ca)
    # [IOSV-CA-NOTES], [QYT]: the paste header, the fingerprints, the question, the result
    assert auth.startswith(
        '\n\nEnter the base 64 encoded CA certificate.\nEnd with a blank line or the word "quit"'
        " on a line by itself\n\n"
    )
    tp = dev.state.config.trustpoints["CA1"]
    assert tp.ca_certificate is not None
    md5 = tp.ca_certificate.md5
    assert (
        f"Certificate has the following attributes:\n       Fingerprint MD5: {md5} \n"
        f"      Fingerprint SHA1: {tp.ca_certificate.sha1} \n\n"
        "% Do you accept this certificate? [yes/no]: "
    ) in auth
    assert auth.endswith(
        "Trustpoint CA certificate accepted.\n% Certificate successfully imported\n\nR1(config)#"
    )
    start = "% Start certificate enrollment .." + ("" if personality == "iosxe17" else " ")
    assert f"\n{start}\n\n" in req
    if personality == "ios12":
        assert "% The subject name in the certificate will be: cn=r1.lab.example,o=Example\n" in req
    else:
        assert (
            "% The subject name in the certificate will include: cn=r1.lab.example,o=Example\n"
            "% The subject name in the certificate will include: R1.lab.example\n"
        ) in req
    assert "% The IP address in the certificate is 10.0.0.5\n\n" in req
    assert "Display Certificate Request to terminal? [yes/no]: " in req
    (csr,) = requests_in(req)
    names = csr.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    dns = [] if personality == "ios12" else ["r1.lab.example"]
    assert names.get_values_for_type(x509.DNSName) == dns
    assert "\n\n---End - This line not part of the certificate request---\n\n" in req
    assert "Redisplay enrollment request? [yes/no]: " in req
    # [QYT]: the address restated, two blank lines, the header; then the success line
    assert imp.startswith(
        "\n% The IP address in the certificate is 10.0.0.5\n\n\nEnter the base 64 encoded "
        "certificate.\n"
    )
    assert imp.endswith("% Router Certificate successfully imported\n\nR1(config)#")
    assert tp.certificate is not None and tp.certificate.serial_hex == "0203"


def test_the_request_is_pkcs10_for_the_trustpoint_key_with_subject_and_san(cli: Cli) -> None:
    cli.lines("configure terminal", *TP_LINES)
    paste(cli, "crypto pki authenticate CA1", TestCA().pem)
    cli.line("yes")
    (csr,) = requests_in(enroll_by_terminal(cli, "CA1"))
    key = cli.dev.state.keys["CA1"]
    assert csr.public_key() == key.key.public_key()  # the key never left the device
    # IOS signs requests with SHA-1 unless `hash` says otherwise; verify with the raw key
    assert csr.signature_hash_algorithm is not None
    key.key.public_key().verify(
        csr.signature, csr.tbs_certrequest_bytes, padding.PKCS1v15(), csr.signature_hash_algorithm
    )
    assert csr.subject.rfc4514_string() == (
        "1.2.840.113549.1.9.8=10.0.0.5+1.2.840.113549.1.9.2=R1.lab.example,"
        "CN=r1.lab.example,O=Example"
    )
    san = csr.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert san.get_values_for_type(x509.DNSName) == ["r1.lab.example"]
    assert san.get_values_for_type(x509.IPAddress) == [ipaddress.ip_address("10.0.0.5")]


def test_enrollment_terminal_pem_prints_the_armour(cli: Cli) -> None:
    """[FN74135]: with `enrollment terminal pem` the request sits between the armour lines."""
    cli.lines(
        "configure terminal",
        *TP_LINES,
        "crypto pki trustpoint CA1",
        "enrollment terminal pem",
        "exit",
    )
    paste(cli, "crypto pki authenticate CA1", TestCA().pem)
    cli.line("yes")
    out = enroll_by_terminal(cli, "CA1")
    assert "Certificate Request follows:\n\n-----BEGIN CERTIFICATE REQUEST-----\n" in out
    assert "\n-----END CERTIFICATE REQUEST-----\n\n---End - This line not part" in out
    assert len(requests_in(out)) == 1


def test_saved_ca_chain_survives_a_reload_and_https_sends_the_chain(
    make_device: MakeDevice,
) -> None:
    dev = make_device(personality="ios15")
    cli = Cli(dev).enable()
    ca = TestCA()
    enrolled(cli, ca)
    cli.config("ip http secure-server", "ip http secure-trustpoint CA1")
    tp = dev.state.config.trustpoints["CA1"]
    assert tp.certificate is not None and tp.ca_certificate is not None
    router_der, ca_der = tp.certificate.der, tp.ca_certificate.der
    run = cli.line("show running-config")
    assert " certificate 0203\n" in run and " certificate ca 1A2B\n" in run
    assert run.index(" certificate 0203\n") < run.index(" certificate ca 1A2B\n")
    assert "Building configuration...\n[OK]" in cli.line("write memory")
    nvram = cli.line("dir nvram:")
    assert "LabRootCA#203.cer" in nvram and "LabRootCA#1A2BCA.cer" in nvram
    dev.shutdown()
    dev.boot()
    after = dev.state.config.trustpoints["CA1"]
    assert after.certificate is not None and after.certificate.der == router_der
    assert after.ca_certificate is not None and after.ca_certificate.der == ca_der
    identity = dev.https_identity()
    assert identity is not None
    chain = x509.load_pem_x509_certificates(identity[0])
    assert [c.serial_number for c in chain] == [0x0203, 0x1A2B]
    shown = Cli(dev).enable().line("show crypto pki certificates CA1")
    assert shown.index("\nCertificate\n") < shown.index("\nCA Certificate\n")
    assert "  Certificate Usage: Signature\n" in shown
    assert "  Storage: nvram:LabRootCA#203.cer\n" in shown


def test_import_refuses_a_foreign_key_a_foreign_ca_and_garbage(cli: Cli) -> None:
    ca, other = TestCA(), TestCA(cn="Other CA")
    cli.lines("configure terminal", *TP_LINES)
    assert "You must authenticate the Certificate Authority before you can import" in paste(
        cli, "crypto pki import CA1 certificate", ca.pem
    )
    paste(cli, "crypto pki authenticate CA1", ca.pem)
    cli.line("yes")
    (csr,) = requests_in(enroll_by_terminal(cli, "CA1"))
    tp = cli.dev.state.config.trustpoints["CA1"]
    out = paste(cli, "crypto pki import CA1 certificate", pem_of(other.sign(csr)))
    assert "% Failed to parse or verify imported certificate\n" in out
    assert "not issued by the CA of trustpoint CA1" in out
    assert tp.certificate is None
    out = paste(cli, "crypto pki import CA1 certificate", ca.pem)  # the CA's own key
    assert "does not match the key pair of trustpoint CA1" in out
    out = paste(cli, "crypto pki import CA1 certificate", "this is not base64 !!")
    assert out.endswith("% Failed to parse or verify imported certificate\nR1(config)#")
    assert tp.certificate is None
    out = paste(cli, "crypto pki import CA1 certificate", pem_of(ca.sign(csr)), end="quit")
    assert "% Router Certificate successfully imported" in out
    assert "Traceback" not in out


def test_authenticate_refused_quit_ends_paste_and_errors(cli: Cli) -> None:
    ca = TestCA()
    cli.lines("configure terminal", *TP_LINES)
    out = paste(cli, "crypto pki authenticate CA1", ca.pem, end="quit") + cli.line("no")
    assert "% Do you accept this certificate? [yes/no]: " in out
    assert cli.dev.state.config.trustpoints["CA1"].ca_certificate is None
    assert NOT_AUTH in cli.line("crypto pki enroll CA1")
    out = paste(cli, "crypto pki authenticate CA1", "garbage")
    assert "% Error in receiving Certificate Authority certificate: status = FAIL" in out
    assert "is unknown" in cli.line("crypto pki authenticate NOPE")
    paste(cli, "crypto pki authenticate CA1", ca.pem)
    cli.line("yes")
    assert "% Please delete your existing CA certificate first." in cli.line(
        "crypto pki authenticate CA1"
    )


NOT_AUTH = "% You must authenticate the Certificate Authority before you can enroll with it."


def test_export_pem_terminal_and_show_pem(cli: Cli) -> None:
    ca = TestCA()
    cli.lines("configure terminal", *TP_LINES)
    paste(cli, "crypto pki authenticate CA1", ca.pem)
    cli.line("yes")
    out = cli.line("crypto pki export CA1 pem terminal")
    assert out.startswith("\n% The specified trustpoint is not enrolled (CA1).\n")
    assert "% Only export the CA certificate in PEM format.\n% CA certificate:\n" in out
    (csr,) = requests_in(enroll_by_terminal(cli, "CA1"))
    cert = ca.sign(csr)
    paste(cli, "crypto pki import CA1 certificate", pem_of(cert))
    out = cli.line("crypto pki export CA1 pem terminal")
    assert f"% CA certificate:\n{ca.pem}\n% General Purpose Certificate:\n{pem_of(cert)}" in out
    shown = cli.line("do show crypto pki certificates pem CA1")
    assert shown.startswith("\n------Trustpoint: CA1------\n% CA certificate:\n")


def test_special_usage_keys_two_requests_two_certificates(make_device: MakeDevice) -> None:
    """Feature guide: `rsakeypair L SIG ENC` asks for special-usage keys; the status of a
    trustpoint granted both shows `Router Signature` and `Router Encryption` certificates."""
    dev: Device = make_device(personality="ios12")
    cli = Cli(dev).enable()
    ca = TestCA()
    cli.lines(
        "configure terminal",
        *TP_LINES,
        "crypto pki trustpoint CA1",
        "rsakeypair CA1 512 768",
        "exit",
    )
    paste(cli, "crypto pki authenticate CA1", ca.pem)
    cli.line("yes")
    out = enroll_by_terminal(cli, "CA1")
    sig_req, enc_req = requests_in(out)
    assert "Signature key certificate request -\n" in out
    assert "Encryption key certificate request -\n" in out
    assert sig_req.public_key().key_size == 512 and enc_req.public_key().key_size == 768
    for i, req in enumerate((sig_req, enc_req)):
        paste(cli, "crypto pki import CA1 certificate", pem_of(ca.sign(req, serial=0x10 + i)))
    status = cli.line("do show crypto pki trustpoints CA1 status")
    assert "  Router Signature certificate configured:\n" in status
    assert "  Router Encryption certificate configured:\n" in status
    assert "    Keys generated ..... Yes (Signature, Encryption)\n" in status
    keys = cli.line("do show crypto key mypubkey rsa CA1")
    assert "Usage: Signature Key" in keys and "Usage: Encryption Key" in keys
    cli.line("end")
    cli.line("write memory")
    dev.shutdown()
    dev.boot()
    tp = dev.state.config.trustpoints["CA1"]
    assert tp.certificate is not None and tp.certificate.serial == 0x10
    assert tp.encryption_certificate is not None and tp.encryption_certificate.serial == 0x11
    assert dev.state.keys["CA1"].encryption is not None
