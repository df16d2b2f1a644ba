"""The shapes that ``parsers.parse`` returns: plain JSON-serialisable data.

These records are the contract with ``tasks`` and ``pssc``: fields may be added, never renamed.
Dates are kept as the device wrote them and also given in ISO 8601 UTC (``..._iso``).
Fingerprints are upper-case hex without separators.
"""

from __future__ import annotations

from typing import TypedDict


class CertificateInfo(TypedDict):
    """Facts of one X.509 certificate, decoded with ``cryptography`` from its DER."""

    subject: str  # as IOS writes it, e.g. "cn=IOS-Self-Signed-Certificate-4146203551"
    subject_rfc4514: str
    issuer: str
    issuer_rfc4514: str
    serial: str  # hex, upper case, at least two digits ("01")
    not_before: str  # ISO 8601 UTC, e.g. "2018-04-23T21:37:27Z"
    not_after: str
    key_type: str  # "RSA", "EC", "DSA", "Ed25519", ...
    key_size: int
    signature_algorithm: str  # e.g. "sha1WithRSAEncryption"
    signature_hash: str | None  # "md5", "sha1", "sha256", ... (None when not hashed)
    sha256: str
    sha1: str
    md5: str
    spki_sha256_b64: str  # base64 SHA-256 of SubjectPublicKeyInfo (Chromium SPKI pin)
    public_key_pem: str
    self_signed: bool  # subject == issuer
    signature_valid: bool | None  # self-signed: does its own key verify it; else None
    der_hex: str  # upper-case hex of the DER


class ChainCertificate(TypedDict):
    """One ``certificate ...`` entry of a ``crypto pki certificate chain`` block."""

    type: str  # "self-signed", "ca", "router" (plain ``certificate SERIAL``), "rollover", ...
    serial: str
    storage: str | None  # "nvram:IOS-Self-Sig#1.cer" when the device shows a file, not hex
    hex: str | None  # None when not shown (``brief``, nvram reference)
    certificate: CertificateInfo | None  # decoded when the hex is complete


class CertificateChain(TypedDict):
    trustpoint: str
    keyword: str  # "pki" or "ca" (12.2's ``crypto ca certificate chain``)
    certificates: list[ChainCertificate]


class RsaKeypair(TypedDict):
    label: str
    key_size: int | None
    encryption_key_size: int | None


class Trustpoint(TypedDict):
    name: str
    enrollment: str | None  # "selfsigned", "terminal", "pkcs12", "url", ...
    enrollment_url: str | None
    subject_name: str | None
    subject_alt_name: str | None
    rsakeypair: RsaKeypair | None
    serial_number: str | None  # "" for plain ``serial-number``, "none", or a value
    ip_address: str | None
    fqdn: str | None
    revocation_check: str | None
    hash: str | None
    commands: list[str]  # every sub-command line as written, stripped


class HttpSettings(TypedDict):
    server: bool  # ``ip http server``
    secure_server: bool  # ``ip http secure-server``
    secure_trustpoint: str | None  # ``ip http secure-trustpoint NAME``


class ConfigPki(TypedDict):
    """``show running-config`` / ``show startup-config`` (the PKI-relevant parts)."""

    hostname: str | None
    trustpoints: list[Trustpoint]
    certificate_chains: list[CertificateChain]
    http: HttpSettings
