"""Decode an X.509 certificate (DER, or the hex dump IOS writes in its configuration).

The facts are those of ``parsers.types.CertificateInfo``. Names are given twice: as IOS writes
them (``cn=...,o=...``, most specific first, short lower-case keys) and as RFC 4514.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import re
import threading
import warnings

from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed448, ed25519, padding, rsa

from parsers.errors import ParseError
from parsers.rsa_raw import verify_pkcs1v15
from parsers.types import CertificateInfo

log = logging.getLogger(__name__)

# Attribute keys as IOS prints them (``show crypto pki certificates``, trustpoints status).
_IOS_KEYS = {
    "2.5.4.3": "cn",
    "2.5.4.10": "o",
    "2.5.4.11": "ou",
    "2.5.4.7": "l",
    "2.5.4.8": "st",
    "2.5.4.6": "c",
    "2.5.4.5": "serialNumber",
    "1.2.840.113549.1.9.1": "e",
    "1.2.840.113549.1.9.2": "hostname",
    "1.2.840.113549.1.9.8": "ipaddress",
    "2.5.4.4": "sn",
    "2.5.4.42": "gn",
    "2.5.4.12": "title",
    "2.5.4.9": "street",
    "2.5.4.17": "postalcode",
    "0.9.2342.19200300.100.1.25": "dc",
    "0.9.2342.19200300.100.1.1": "uid",
}
_RFC4514_EXTRA = {
    "1.2.840.113549.1.9.1": "emailAddress",
    "2.5.4.5": "serialNumber",
    "1.2.840.113549.1.9.2": "unstructuredName",
    "1.2.840.113549.1.9.8": "unstructuredAddress",
}
_HEX_LINE = re.compile(r"^[0-9A-Fa-f]+$")


def ios_name(name: x509.Name) -> str:
    """A distinguished name as IOS prints it: RDNs most specific first, ``+`` inside an RDN."""
    parts = []
    for rdn in reversed(name.rdns):
        attrs = []
        for attr in rdn:
            key = _IOS_KEYS.get(attr.oid.dotted_string, attr.oid.dotted_string)
            value = attr.value if isinstance(attr.value, str) else attr.value.hex()
            attrs.append(f"{key}={value}")
        parts.append("+".join(attrs))
    return ",".join(parts)


def _rfc4514(name: x509.Name) -> str:
    return name.rfc4514_string(
        {x509.ObjectIdentifier(oid): key for oid, key in _RFC4514_EXTRA.items()}
    )


def serial_hex(serial: int) -> str:
    """Serial number as upper-case hex with an even number of digits.

    >>> serial_hex(1)
    '01'
    >>> serial_hex(0x3051DF7123)
    '3051DF7123'
    """
    text = f"{serial:X}" if serial >= 0 else f"-{-serial:X}"
    digits = text.lstrip("-")
    if len(digits) % 2:
        digits = "0" + digits
    return ("-" if serial < 0 else "") + digits


def _key_facts(key: object) -> tuple[str, int]:
    if isinstance(key, rsa.RSAPublicKey):
        return "RSA", key.key_size
    if isinstance(key, ec.EllipticCurvePublicKey):
        return "EC", key.curve.key_size
    if isinstance(key, dsa.DSAPublicKey):
        return "DSA", key.key_size
    if isinstance(key, ed25519.Ed25519PublicKey):
        return "Ed25519", 256
    if isinstance(key, ed448.Ed448PublicKey):
        return "Ed448", 456
    return type(key).__name__, 0


def _high_level_verify(cert: x509.Certificate) -> None:
    """Verify with ``cryptography``; raises ``InvalidSignature`` or, when refused,
    ``UnsupportedAlgorithm`` / ``ValueError``."""
    key = cert.public_key()
    algorithm = cert.signature_hash_algorithm
    data, signature = cert.tbs_certificate_bytes, cert.signature
    if isinstance(key, rsa.RSAPublicKey) and algorithm is not None:
        key.verify(signature, data, padding.PKCS1v15(), algorithm)
    elif isinstance(key, ec.EllipticCurvePublicKey) and algorithm is not None:
        key.verify(signature, data, ec.ECDSA(algorithm))
    elif isinstance(key, dsa.DSAPublicKey) and algorithm is not None:
        key.verify(signature, data, algorithm)
    elif isinstance(key, ed25519.Ed25519PublicKey | ed448.Ed448PublicKey):
        key.verify(signature, data)
    else:
        raise UnsupportedAlgorithm("no verifier for this key and signature")


def signature_valid(cert: x509.Certificate) -> bool:
    """Does the certificate's own public key verify its signature (self-signed certificates).

    When OpenSSL refuses (MD5, a 512-bit modulus on a strict build) an RSA signature is checked
    with the raw public key.
    """
    try:
        _high_level_verify(cert)
        return True
    except InvalidSignature:
        return False
    except (UnsupportedAlgorithm, ValueError) as exc:
        key = cert.public_key()
        try:
            algorithm = cert.signature_hash_algorithm
        except UnsupportedAlgorithm:
            return False
        if not isinstance(key, rsa.RSAPublicKey) or algorithm is None:
            return False
        log.debug("high-level verify refused (%s); verifying with the raw key", exc)
        numbers = key.public_numbers()
        return verify_pkcs1v15(
            numbers.n, numbers.e, cert.signature, cert.tbs_certificate_bytes, algorithm.name
        )


_QUIET = threading.Lock()


def decode_der(der: bytes) -> CertificateInfo:
    """The facts of one DER-encoded certificate; ``ParseError`` when it is not one."""
    try:
        cert = x509.load_der_x509_certificate(der)
        key = cert.public_key()
        # a device's CN over 64 characters: read, not warned about (catch_warnings changes the
        # process's filters: one thread at a time, or one thread's exit undoes another's)
        with _QUIET, warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            subject, issuer = cert.subject, cert.issuer
    except (ValueError, UnsupportedAlgorithm) as exc:
        raise ParseError(f"not a valid X.509 certificate: {exc}") from exc
    key_type, key_size = _key_facts(key)
    spki = key.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    pem = key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    sig_oid = cert.signature_algorithm_oid
    try:
        hash_alg: hashes.HashAlgorithm | None = cert.signature_hash_algorithm
    except UnsupportedAlgorithm:
        hash_alg = None
    self_signed = subject.public_bytes() == issuer.public_bytes()
    return CertificateInfo(
        subject=ios_name(subject),
        subject_rfc4514=_rfc4514(subject),
        issuer=ios_name(issuer),
        issuer_rfc4514=_rfc4514(issuer),
        serial=serial_hex(cert.serial_number),
        not_before=cert.not_valid_before_utc.strftime("%Y-%m-%dT%H:%M:%SZ"),
        not_after=cert.not_valid_after_utc.strftime("%Y-%m-%dT%H:%M:%SZ"),
        key_type=key_type,
        key_size=key_size,
        signature_algorithm=getattr(sig_oid, "_name", sig_oid.dotted_string),
        signature_hash=hash_alg.name if hash_alg is not None else None,
        sha256=hashlib.sha256(der).hexdigest().upper(),
        sha1=hashlib.sha1(der).hexdigest().upper(),
        md5=hashlib.md5(der).hexdigest().upper(),
        spki_sha256_b64=base64.b64encode(hashlib.sha256(spki).digest()).decode("ascii"),
        public_key_pem=pem.decode("ascii"),
        self_signed=self_signed,
        signature_valid=signature_valid(cert) if self_signed else None,
        der_hex=der.hex().upper(),
    )


def der_length(der: bytes) -> int | None:
    """Total length the outer DER SEQUENCE declares, or None when the header is unreadable.

    >>> der_length(bytes.fromhex("3003020101"))
    5
    >>> der_length(bytes.fromhex("308203300000"))
    820
    """
    if len(der) < 2 or der[0] != 0x30:
        return None
    first = der[1]
    if first < 0x80:
        return 2 + first
    count = first & 0x7F
    if count == 0 or count > 4 or len(der) < 2 + count:
        return None
    return 2 + count + int.from_bytes(der[2 : 2 + count], "big")


def hex_to_der(hex_text: str, *, chain: str = "?", first_line: int = 1) -> bytes:
    """Bytes of an IOS hex dump (groups of 8 digits); ``ParseError`` naming chain and line.

    >>> hex_to_der("30030201 01")
    b'0\\x03\\x02\\x01\\x01'
    """
    chunks: list[str] = []
    for offset, raw in enumerate(hex_text.splitlines()):
        digits = "".join(raw.split())
        if not digits:
            continue
        if not _HEX_LINE.match(digits):
            raise ParseError(
                f"damaged certificate hex: {raw.strip()[:60]!r}",
                chain=chain,
                line=first_line + offset,
            )
        if len(digits) % 2:
            raise ParseError(
                f"odd number of hex digits: {raw.strip()[:60]!r}",
                chain=chain,
                line=first_line + offset,
            )
        chunks.append(digits)
    return bytes.fromhex("".join(chunks))


def decode_hex(hex_text: str, *, chain: str = "?", first_line: int = 1) -> CertificateInfo:
    """Decode the hex dump of ``crypto pki certificate chain``; ``ParseError`` when damaged."""
    der = hex_to_der(hex_text, chain=chain, first_line=first_line)
    declared = der_length(der)
    last = first_line + max(len(hex_text.splitlines()) - 1, 0)
    if declared is None:
        raise ParseError(
            "certificate hex does not start with a DER SEQUENCE", chain=chain, line=first_line
        )
    if declared != len(der):
        raise ParseError(
            f"certificate hex is {len(der)} bytes, its DER header declares {declared}",
            chain=chain,
            line=last,
        )
    try:
        return decode_der(der)
    except ParseError as exc:
        raise ParseError(exc.message, chain=chain, line=first_line) from exc


def subject_alt_names(der: bytes) -> list[str]:
    """The DNS names, then the IP addresses, of the certificate's subjectAltName ([] if none)."""
    try:
        cert = x509.load_der_x509_certificate(der)
        ext = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except (ValueError, x509.ExtensionNotFound, x509.DuplicateExtension):
        return []
    ips = [str(ip) for ip in ext.get_values_for_type(x509.IPAddress)]
    return [*ext.get_values_for_type(x509.DNSName), *ips]


def issued_by(der: bytes, ca_der: bytes) -> bool:
    """``der`` names ``ca_der``'s subject as issuer and carries its valid signature."""
    try:
        cert = x509.load_der_x509_certificate(der)
        cert.verify_directly_issued_by(x509.load_der_x509_certificate(ca_der))
    except (ValueError, TypeError, InvalidSignature, UnsupportedAlgorithm):
        return False
    return True
