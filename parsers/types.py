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


# --- show commands --------------------------------------------------------------------------


class ShowCertificate(TypedDict):
    """One block of ``show crypto pki certificates [TP] [verbose]``.

    ``kind``: "router" (``Certificate``: CA-issued router or SUDI certificate), "self-signed"
    (``Router Self-Signed Certificate``), "ca", "ra" (``RA ... Certificate``), "request", or the
    heading in lower case for anything else. Names (``issuer``, ``subject``) are the IOS lines
    joined with "," (the same form as ``CertificateInfo.subject``); ``*_lines`` keep them as
    written. Dates are kept as written, ``*_iso`` is ISO 8601 (None when not a date).
    """

    kind: str
    heading: str
    status: str | None  # "Available", "Pending", ...
    pending: bool
    serial: str | None
    usage: str | None  # "General Purpose", "Signature", "Encryption" (Certificate/Key Usage)
    issuer: str | None
    issuer_lines: list[str]
    subject: str | None
    subject_lines: list[str]
    subject_name: str | None  # the ``Name:`` line
    subject_ip_address: str | None
    subject_serial_number: str | None
    crl_distribution_points: list[str]
    start_date: str | None
    start_date_iso: str | None
    end_date: str | None
    end_date_iso: str | None
    renew_date: str | None
    renew_date_iso: str | None
    associated_trustpoints: list[str]
    storage: str | None
    fingerprint: str | None  # pending requests: ``Fingerprint:`` (hex, no spaces)
    fingerprint_md5: str | None
    fingerprint_sha1: str | None
    # verbose only (None / empty otherwise)
    version: int | None
    public_key_algorithm: str | None
    public_key_size: int | None
    signature_algorithm: str | None  # as IOS writes it: "SHA256 with RSA Encryption"
    key_usage_hex: str | None
    key_usage: list[str]
    subject_key_id: str | None
    authority_key_id: str | None
    install_time: str | None
    install_time_iso: str | None
    key_label: str | None


class PemCertificate(TypedDict):
    """One certificate of ``show crypto pki certificates pem [TP]``."""

    trustpoint: str | None
    label: str  # as written, e.g. "Self-signed CA certificate", "General Purpose Certificate"
    pem: str
    certificate: CertificateInfo | None  # None when the PEM body does not decode
    error: str | None  # why it did not decode


class ShowTrustpoint(TypedDict):
    """One trustpoint of ``show crypto pki trustpoints [TP]``."""

    name: str
    subject: str | None  # subject lines joined with ","
    subject_lines: list[str]
    serial: str | None
    certificate_configured: bool
    persistent_self_signed: bool  # "Persistent self-signed certificate trust point"
    key_label: str | None  # "Using key label X"
    enrollment_url: str | None  # "CEP URL:" / "SCEP URL:"
    crl_query_url: str | None
    lines: list[str]  # every line of the body, stripped


class CertificateState(TypedDict):
    """``Issuing CA certificate configured:`` / ``Router Signature certificate pending:`` ..."""

    role: str  # "ca" or "router"
    usage: str | None  # router: "General Purpose", "Signature", "Encryption"; ca: None
    state: str  # "configured", "pending", "not configured"
    subject: str | None
    requested_subject: str | None
    fingerprint_md5: str | None
    fingerprint_sha1: str | None
    fingerprint: str | None  # older IOS: ``Fingerprint:`` without the hash name
    request_fingerprint_md5: str | None
    request_fingerprint_sha1: str | None


class TrustpointStatus(TypedDict):
    """One trustpoint of ``show crypto pki trustpoints [TP] status``.

    ``state`` sums it up: "granted" (a router certificate configured), "pending" (a request or
    the CA certificate pending), "rejected", "failed", "authenticated" (CA only, no request),
    "not-authenticated", "self-signed" (persistent self-signed, no certificate yet) or "unknown".
    """

    name: str
    state: str
    ca_certificate: CertificateState | None
    router_certificates: list[CertificateState]
    last_enrollment_status: str | None  # "Granted", "Pending", "Rejected", "Failed"
    next_enrollment_attempt: str | None
    enrollment_polling: str | None
    keys_generated: bool | None
    keys_detail: str | None  # "General Purpose, exportable"
    ca_authenticated: bool | None
    certificate_requests: str | None  # "None", "Yes", "Pending"
    persistent_self_signed: bool
    lines: list[str]


class KeyPair(TypedDict):
    """One key of ``show crypto key mypubkey rsa [label]`` / ``... all``."""

    name: str
    key_type: str  # "RSA", "EC"
    key_size: int | None  # from the type line (17.x) or the decoded key data
    generated_at: str | None
    generated_at_iso: str | None
    usage: str | None  # "General Purpose Key", "Encryption Key", "Signature Key"
    exportable: bool | None
    redundancy: bool
    storage_device: str | None  # "private-config", "not specified"
    temporary: bool  # "Temporary key" (the ``.server`` key)
    server: bool  # the name ends with ".server"
    key_data: str | None  # upper-case hex of the SubjectPublicKeyInfo DER
    spki_sha256_b64: str | None
