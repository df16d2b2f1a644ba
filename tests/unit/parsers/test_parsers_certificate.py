from __future__ import annotations

import base64
import hashlib

import pytest
from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm

import parsers.certificate as certificate
from parsers import ParseError
from parsers.certificate import decode_der, decode_hex
from parsers.rsa_raw import verify_pkcs1v15
from tests.unit.parsers import parsers_certfactory as certfactory


@pytest.fixture(scope="module")
def old_der() -> bytes:
    return certfactory.self_signed(bits=512, hash_name="md5", seed=7)


def test_facts_of_an_ios_12_style_certificate(old_der: bytes) -> None:
    info = decode_der(old_der)
    assert info["subject"] == "cn=IOS-Self-Signed-Certificate-7"
    assert info["issuer_rfc4514"] == "CN=IOS-Self-Signed-Certificate-7"
    assert info["serial"] == "01"
    assert (info["not_before"], info["not_after"]) == (
        "2004-12-21T19:14:14Z",
        "2020-01-01T00:00:00Z",
    )
    assert (info["key_type"], info["key_size"]) == ("RSA", 512)
    assert (info["signature_algorithm"], info["signature_hash"]) == ("md5WithRSAEncryption", "md5")
    assert info["sha256"] == hashlib.sha256(old_der).hexdigest().upper()
    assert info["sha1"] == hashlib.sha1(old_der).hexdigest().upper()
    assert info["md5"] == hashlib.md5(old_der).hexdigest().upper()
    assert info["der_hex"] == old_der.hex().upper()
    assert info["self_signed"] is True
    assert info["signature_valid"] is True


def test_spki_pin_is_sha256_of_the_subject_public_key_info(old_der: bytes) -> None:
    cert = x509.load_der_x509_certificate(old_der)
    from cryptography.hazmat.primitives import serialization

    spki = cert.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    expected = base64.b64encode(hashlib.sha256(spki).digest()).decode()
    assert decode_der(old_der)["spki_sha256_b64"] == expected


def test_a_tampered_signature_does_not_verify() -> None:
    der = certfactory.self_signed(bits=512, hash_name="md5", seed=7, tamper=True)
    assert decode_der(der)["signature_valid"] is False


@pytest.mark.parametrize("tamper", [False, True])
def test_raw_key_fallback_when_openssl_refuses(
    tamper: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(cert: x509.Certificate) -> None:
        raise UnsupportedAlgorithm("refused for the test")

    monkeypatch.setattr(certificate, "_high_level_verify", refuse)
    der = certfactory.self_signed(bits=512, hash_name="md5", seed=3, tamper=tamper)
    assert decode_der(der)["signature_valid"] is (not tamper)


@pytest.mark.parametrize("hash_name", ["md5", "sha1", "sha256"])
def test_verify_pkcs1v15_by_hand(hash_name: str) -> None:
    der = certfactory.self_signed(bits=1024, hash_name=hash_name, seed=11)
    cert = x509.load_der_x509_certificate(der)
    numbers = cert.public_key().public_numbers()  # type: ignore[union-attr]
    tbs = cert.tbs_certificate_bytes
    assert verify_pkcs1v15(numbers.n, numbers.e, cert.signature, tbs, hash_name)
    assert not verify_pkcs1v15(numbers.n, numbers.e, cert.signature, tbs + b"x", hash_name)
    other = "sha1" if hash_name != "sha1" else "md5"
    assert not verify_pkcs1v15(numbers.n, numbers.e, cert.signature, tbs, other)


def test_decode_hex_accepts_the_ios_layout(old_der: bytes) -> None:
    assert decode_hex(certfactory.ios_hex(old_der))["der_hex"] == old_der.hex().upper()


def test_damaged_hex_names_chain_and_line(old_der: bytes) -> None:
    lines = certfactory.ios_hex(old_der).split("\n")
    lines[2] = lines[2].replace(lines[2].split()[3], "12G45678")
    with pytest.raises(ParseError) as exc:
        decode_hex("\n".join(lines), chain="TP-self-signed-7", first_line=10)
    assert (exc.value.chain, exc.value.line) == ("TP-self-signed-7", 12)


def test_truncated_hex_is_refused(old_der: bytes) -> None:
    lines = certfactory.ios_hex(old_der).split("\n")
    with pytest.raises(ParseError, match="declares"):
        decode_hex("\n".join(lines[:-1]), chain="X")


@pytest.mark.parametrize("data", [b"", b"\x30", b"\x30\x03\x02\x01\x01", b"not a certificate"])
def test_garbage_der_is_a_parse_error(data: bytes) -> None:
    with pytest.raises(ParseError):
        decode_der(data)
