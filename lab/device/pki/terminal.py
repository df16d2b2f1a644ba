"""Certificates pasted at the terminal and the PKCS#10 requests of ``crypto pki enroll``.

CA enrollment by terminal (``docs/ios-behaviour.md`` section 3): the CA certificate and the
router's certificate are pasted as base 64, with or without the PEM armour, and the request is
printed as base 64 (64 columns) or PEM. The request is a real PKCS#10 request, built with
asn1crypto and signed with the raw RSA key like the certificates of :mod:`certs` (keys under 1024
bits and SHA-1 signatures included): subject, the key usage IOS asks for (digital signature, key
encipherment) and the subject alternative names (``subject-alt-name`` as a DNS name, the address
of ``ip-address`` as an IP address).

>>> paste_der(["-----BEGIN CERTIFICATE-----", "AAEC", "-----END CERTIFICATE-----"])
b'\\x00\\x01\\x02'
>>> paste_der(["not base64!"]) is None
True
"""

from __future__ import annotations

import base64
import binascii
import ipaddress
import textwrap
from dataclasses import dataclass
from datetime import datetime

from asn1crypto import core
from asn1crypto import csr as acsr
from asn1crypto import keys as akeys
from asn1crypto import x509 as ax509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from lab.device.pki.certs import HASHES, SIG_ALGO, Certificate, x500_name
from lab.device.pki.rsakeys import public_der

Rdns = list[list[tuple[str, str]]]


def paste_der(lines: list[str]) -> bytes | None:
    """The bytes of a pasted base 64 block (PEM armour lines skipped); None if it is not one."""
    body = "".join(line.strip() for line in lines if not line.strip().startswith("-----"))
    if not body:
        return None
    try:
        return base64.b64decode(body, validate=True)
    except (binascii.Error, ValueError):
        return None


def paste_certificate(lines: list[str]) -> Certificate | None:
    """The X.509 certificate pasted in ``lines``; None for anything else."""
    der = paste_der(lines)
    if der is None:
        return None
    try:
        cert = Certificate(der)
        cert.subject_rdns()  # asn1crypto parses lazily: a broken name must fail here, not later
        cert.issuer_rdns()
    except Exception:  # any decoding error of a pasted text: not a certificate
        return None
    return cert


def signed_by(cert: Certificate, issuer: Certificate) -> bool:
    """``cert`` names ``issuer``'s subject as its issuer and carries its valid RSA signature."""
    if cert.asn1.issuer != issuer.asn1.subject:
        return False
    key = issuer.x509.public_key()
    if not isinstance(key, rsa.RSAPublicKey):
        return False
    algo = HASHES.get(cert.sig_hash)
    if algo is None:
        return False
    try:
        tbs = cert.asn1["tbs_certificate"].dump()
        key.verify(cert.asn1.signature, tbs, padding.PKCS1v15(), algo)
    except InvalidSignature:
        return False
    return True


def same_key(cert: Certificate, key: rsa.RSAPrivateKey) -> bool:
    """The certificate carries the public half of ``key``."""
    return bool(cert.x509.public_key() == key.public_key())


def _general_names(alt_names: list[str], ips: list[str]) -> list[ax509.GeneralName]:
    names = [ax509.GeneralName(name="dns_name", value=n) for n in alt_names]
    for ip in ips:
        try:
            text = str(ipaddress.ip_address(ip))
        except ValueError:
            continue
        names.append(ax509.GeneralName(name="ip_address", value=text))
    return names


def request_der(
    key: rsa.RSAPrivateKey,
    rdns: Rdns,
    *,
    hash_name: str,
    alt_names: list[str] | None = None,
    ips: list[str] | None = None,
) -> bytes:
    """A PKCS#10 request for ``key`` with this subject, signed with ``hash_name``."""
    exts: list[dict[str, object]] = [
        {
            "extn_id": "key_usage",
            "critical": True,
            "extn_value": ax509.KeyUsage({"digital_signature", "key_encipherment"}),
        }
    ]
    names = _general_names(alt_names or [], ips or [])
    if names:
        exts.append({"extn_id": "subject_alt_name", "critical": False, "extn_value": names})
    info = acsr.CertificationRequestInfo(
        {
            "version": "v1",
            "subject": x500_name(rdns),
            "subject_pk_info": akeys.PublicKeyInfo.load(public_der(key)),
            "attributes": [{"type": "extension_request", "values": [exts]}],
        }
    )
    signature = key.sign(info.dump(), padding.PKCS1v15(), HASHES[hash_name])
    req = acsr.CertificationRequest(
        {
            "certification_request_info": info,
            "signature_algorithm": {"algorithm": SIG_ALGO[hash_name], "parameters": core.Null()},
            "signature": signature,
        }
    )
    return bytes(req.dump())


def base64_lines(der: bytes) -> list[str]:
    """Base 64 in lines of 64 characters, as IOS prints requests and certificates.

    >>> base64_lines(bytes(60))
    ['AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', 'AAAAAAAAAAAAAAAA']
    """
    return textwrap.wrap(base64.b64encode(der).decode(), 64)


def pem_lines(der: bytes, label: str) -> list[str]:
    return [f"-----BEGIN {label}-----", *base64_lines(der), f"-----END {label}-----"]


@dataclass
class Request:
    """A request printed by ``crypto pki enroll`` (kept until reload, never saved)."""

    usage: str  # "General Purpose" | "Signature" | "Encryption"
    der: bytes
    subject: Rdns
    made: datetime
