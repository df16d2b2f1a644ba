"""Issue 17 item 3: the signers (``tasks.ca``), the request and fingerprint parsers
(``parsers.pki_terminal``) and the CA file checks (``pssc.validate.ca``), without a device."""

from __future__ import annotations

import ipaddress
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from parsers.errors import ParseError
from parsers.pki_terminal import fingerprints, request_der
from pssc.errors import UsageError
from pssc.validate.ca import ca_certificate, ca_key
from tasks.ca import CommandSigner, LocalCA
from tasks.enroll_ca import ca_fingerprints, ca_trustpoint_lines
from tasks.errors import SignFailed
from tasks.prompts import CA_AUTH_PROMPTS, IMPORT_PROMPTS, match_prompt
from tests.e2e.trust_ca import make_ca

DEVICE_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)


def csr_der(key: rsa.RSAPrivateKey = DEVICE_KEY) -> bytes:
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "r1")])
    csr = x509.CertificateSigningRequestBuilder().subject_name(name).sign(key, hashes.SHA256())
    return csr.public_bytes(serialization.Encoding.DER)


@pytest.fixture(scope="module")
def local(tmp_path_factory: pytest.TempPathFactory) -> LocalCA:
    files = make_ca(tmp_path_factory.mktemp("ca"))
    cert = ca_certificate(files.cert)
    return LocalCA(cert, ca_key(files.key, cert), days=30)


def test_the_local_ca_signs_the_devices_key_with_its_names(local: LocalCA) -> None:
    pem = local.sign(csr_der(), host="R1", dns="r1.example.net", ip="10.0.0.1")
    cert = x509.load_pem_x509_certificate(pem)
    cert.verify_directly_issued_by(local.cert)
    assert cert.public_key() == DEVICE_KEY.public_key()
    san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert san.get_values_for_type(x509.DNSName) == ["r1.example.net"]
    assert san.get_values_for_type(x509.IPAddress) == [ipaddress.ip_address("10.0.0.1")]
    assert (cert.not_valid_after_utc - cert.not_valid_before_utc).days == 30


def test_a_request_that_is_not_pkcs10_is_refused(local: LocalCA) -> None:
    with pytest.raises(SignFailed, match="not PKCS#10"):
        local.sign(b"\x30\x03\x02\x01\x00", host="R1", dns="r1", ip=None)


def test_a_sign_command_that_signs_another_key_is_refused(local: LocalCA, tmp_path: Path) -> None:
    other = local.sign(csr_der(rsa.generate_private_key(65537, 2048)), host="X", dns="x", ip=None)
    (tmp_path / "other.pem").write_bytes(other)
    signer = CommandSigner(local.cert, f"cat >/dev/null; cat {tmp_path / 'other.pem'}")
    with pytest.raises(SignFailed, match="for another key"):
        signer.sign(csr_der(), host="R1", dns="r1", ip=None)


def test_a_sign_command_gets_the_names_and_its_failure_is_one_line(local: LocalCA) -> None:
    signer = CommandSigner(
        local.cert, 'cat >/dev/null; echo "no: $PSSC_HOST $PSSC_SAN" >&2; exit 4'
    )
    with pytest.raises(SignFailed) as caught:
        signer.sign(csr_der(), host="R1", dns="r1", ip="10.0.0.1")
    assert caught.value.message.endswith("failed (exit 4): no: R1 DNS:r1,IP:10.0.0.1")


def test_the_request_and_fingerprints_of_the_dialogs() -> None:
    text = (
        "Display Certificate Request to terminal? [yes/no]: yes\nCertificate Request follows:\n\n"
        "-----BEGIN CERTIFICATE REQUEST-----\nAAEC\n-----END CERTIFICATE REQUEST-----\n\n"
        "---End - This line not part of the certificate request---\n\nRedisplay ..."
    )
    assert request_der(text) == b"\x00\x01\x02"
    with pytest.raises(ParseError, match="no certificate request"):
        request_der("% Start certificate enrollment ..\n")
    shown = "       Fingerprint MD5: AE7B21B0 3019A3F3 363D140A E322B988 \n"
    assert fingerprints(shown) == {"md5": "AE7B21B03019A3F3363D140AE322B988"}


def test_the_paste_invitation_is_in_the_prompt_table() -> None:
    text = (
        "\nEnter the base 64 encoded CA certificate.\n"
        'End with a blank line or the word "quit" on a line by itself\n\n'
    )
    prompt = match_prompt(CA_AUTH_PROMPTS, text)
    assert prompt is not None and prompt.name == "paste" and prompt.paste
    assert match_prompt(IMPORT_PROMPTS, text) is prompt
    accept = match_prompt(CA_AUTH_PROMPTS, "% Do you accept this certificate? [yes/no]: ")
    assert accept is not None and accept.name == "accept_ca"


def test_fingerprints_of_the_ca_file(local: LocalCA) -> None:
    der = local.cert.public_bytes(serialization.Encoding.DER)
    assert (
        ca_fingerprints(local)["sha1"]
        == x509.load_der_x509_certificate(der).fingerprint(hashes.SHA1()).hex().upper()
    )


def test_ca_trustpoint_lines_change_only_what_differs() -> None:
    lines = ca_trustpoint_lines(None, "K", 2048, subject_name=None, subject_alt_name="r1")
    assert lines[0] == "enrollment terminal" and "subject-alt-name r1" in lines
    done = {
        "enrollment": "terminal",
        "subject_alt_name": "r1",
        "serial_number": "none",
        "ip_address": "none",
        "revocation_check": "none",
        "rsakeypair": {"label": "K", "key_size": 2048},
        "hash": "sha256",
    }
    assert ca_trustpoint_lines(done, "K", 2048, subject_name=None, subject_alt_name="r1") == []


def test_ca_files_checked(tmp_path: Path) -> None:
    files = make_ca(tmp_path / "a")
    leaf = x509.load_pem_x509_certificate(
        LocalCA(ca_certificate(files.cert), ca_key(files.key, ca_certificate(files.cert))).sign(
            csr_der(), host="R1", dns="r1", ip=None
        )
    )
    (tmp_path / "leaf.pem").write_bytes(leaf.public_bytes(serialization.Encoding.PEM))
    with pytest.raises(UsageError, match="not a CA certificate"):
        ca_certificate(tmp_path / "leaf.pem")
    encrypted = serialization.load_pem_private_key(files.key.read_bytes(), None).private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(b"pw"),
    )
    (tmp_path / "enc.key").write_bytes(encrypted)
    with pytest.raises(UsageError, match="the key is encrypted"):
        ca_key(tmp_path / "enc.key", ca_certificate(files.cert))
    with pytest.raises(UsageError, match="cannot read it"):
        ca_certificate(tmp_path / "missing.pem")


def test_the_sign_command_never_sees_the_device_credentials(
    local: LocalCA, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PSSC_PASSWORD", "Pw-leak-1")
    monkeypatch.setenv("PSSC_SECRET", "En-leak-2")
    signer = CommandSigner(
        local.cert, 'cat >/dev/null; echo "[$PSSC_PASSWORD$PSSC_SECRET]" >&2; exit 1'
    )
    with pytest.raises(SignFailed) as caught:
        signer.sign(csr_der(), host="R1", dns="r1", ip=None)
    assert caught.value.message.endswith("failed (exit 1): []")
