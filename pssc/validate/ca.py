"""The CA files of ``--issuer ca`` and ``audit --ca-cert``, checked before any device is
contacted: each problem is one line naming the file (``UsageError``, exit 2).

A CA certificate must be a PEM (or DER) X.509 certificate, a CA (basicConstraints ``CA:TRUE``
when present), valid now; the key must be an unencrypted PEM RSA or EC private key whose public
half is the certificate's.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from pssc.errors import UsageError

CaKey = rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey


def _read(path: Path, option: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise UsageError(f"{option} {path}: cannot read it ({exc.strerror or exc})") from None


def ca_certificate(
    path: Path, *, option: str = "--ca-cert", now: datetime | None = None
) -> x509.Certificate:
    data = _read(path, option)
    try:
        if b"-----BEGIN" in data:
            cert = x509.load_pem_x509_certificate(data)
        else:
            cert = x509.load_der_x509_certificate(data)
    except ValueError:
        raise UsageError(f"{option} {path}: not a PEM or DER X.509 certificate") from None
    when = now or datetime.now(UTC)
    if cert.not_valid_after_utc <= when:
        end = cert.not_valid_after_utc.strftime("%Y-%m-%d")
        raise UsageError(f"{option} {path}: the CA certificate expired on {end}")
    if cert.not_valid_before_utc > when:
        raise UsageError(f"{option} {path}: the CA certificate is not valid yet")
    try:
        basic = cert.extensions.get_extension_for_class(x509.BasicConstraints).value
    except x509.ExtensionNotFound:
        basic = None
    if basic is not None and not basic.ca:
        raise UsageError(f"{option} {path}: not a CA certificate (basicConstraints CA:FALSE)")
    return cert


def ca_key(path: Path, cert: x509.Certificate, *, option: str = "--ca-key") -> CaKey:
    data = _read(path, option)
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except TypeError:
        raise UsageError(f"{option} {path}: the key is encrypted (give an unencrypted key or "
                         "use --ca-sign-command)") from None  # fmt: skip
    except ValueError:
        raise UsageError(f"{option} {path}: not a PEM private key") from None
    if not isinstance(key, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey):
        raise UsageError(f"{option} {path}: an RSA or EC key is needed")
    mine = key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    theirs = cert.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    if mine != theirs:
        raise UsageError(f"{option} {path}: this key does not match the CA certificate")
    return key
