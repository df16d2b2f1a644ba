"""Signing the device's request: a local CA key (``cryptography``, in-process) or an external
command (a CSR in PEM on stdin, a PEM certificate on stdout: ``openssl x509 -req ...``,
``step ca sign ...``).

Either way the certificate is checked before it goes to the device: it must carry the request's
public key (the key generated on the device, which never leaves it) and be signed by the CA
certificate given. The local CA writes the names of ``tasks.san`` into the subjectAltName (DNS
name and management address), ``serverAuth``, and the key usages IOS asks for. A sign command
gets them in the environment: ``PSSC_HOST``, ``PSSC_SAN_DNS``, ``PSSC_SAN_IP`` and
``PSSC_SAN`` (``DNS:r1.example.net,IP:10.0.0.1``, ready for ``openssl -addext``/``-extfile``),
and never the device credentials (``PSSC_PASSWORD``, ``PSSC_SECRET``, ``PSSC_USERNAME``).
"""

from __future__ import annotations

import ipaddress
import os
import secrets
import shlex
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Protocol

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID

from tasks.errors import SignFailed

DEFAULT_DAYS = 397
SECRET_ENV = (
    "PSSC_USERNAME",
    "PSSC_PASSWORD",
    "PSSC_SECRET",
)  # what browsers accept for a server certificate since 2020


class Signer(Protocol):
    """What the CA enrollment needs from a CA."""

    @property
    def ca_certificate(self) -> x509.Certificate: ...

    def sign(self, csr_der: bytes, *, host: str, dns: str | None, ip: str | None) -> bytes:
        """The PEM certificate for the request (``SignFailed`` when there is none)."""
        ...


def ca_pem(signer: Signer) -> str:
    return signer.ca_certificate.public_bytes(serialization.Encoding.PEM).decode()


def _request(csr_der: bytes, host: str) -> x509.CertificateSigningRequest:
    try:
        csr = x509.load_der_x509_csr(csr_der)
        valid = csr.is_signature_valid
    except ValueError as exc:
        raise SignFailed(f"the device's request is not PKCS#10: {exc}", host=host) from None
    if not valid:
        raise SignFailed("the device's request carries no valid signature", host=host)
    return csr


def _alt_names(dns: str | None, ip: str | None) -> list[x509.GeneralName]:
    names: list[x509.GeneralName] = [x509.DNSName(dns)] if dns else []
    if ip:
        names.append(x509.IPAddress(ipaddress.ip_address(ip)))
    return names


def check_issued(
    pem: bytes, csr: x509.CertificateSigningRequest, ca: x509.Certificate, host: str, who: str
) -> bytes:
    """``pem`` is one certificate, for the request's key, signed by ``ca``: returns it."""
    try:
        cert = x509.load_pem_x509_certificate(pem)
    except ValueError:
        first = pem.decode(errors="replace").strip().splitlines()[:1]
        raise SignFailed(
            f"{who} printed no PEM certificate ({first[0][:60] if first else 'nothing'!r})",
            host=host,
        ) from None
    if cert.public_key() != csr.public_key():
        raise SignFailed(f"{who} returned a certificate for another key", host=host)
    try:
        cert.verify_directly_issued_by(ca)
    except (ValueError, TypeError, InvalidSignature):
        raise SignFailed(f"{who} returned a certificate not issued by the CA", host=host) from None
    return cert.public_bytes(serialization.Encoding.PEM)


@dataclass(frozen=True)
class LocalCA:
    """A CA whose key is on this machine; signs in-process."""

    cert: x509.Certificate
    key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey
    days: int = DEFAULT_DAYS

    @property
    def ca_certificate(self) -> x509.Certificate:
        return self.cert

    def sign(self, csr_der: bytes, *, host: str, dns: str | None, ip: str | None) -> bytes:
        csr = _request(csr_der, host)
        now = datetime.now(UTC).replace(microsecond=0)
        end = min(now + timedelta(days=self.days), self.cert.not_valid_after_utc)
        public = csr.public_key()
        ski = x509.SubjectKeyIdentifier.from_public_key(public)
        builder = (
            x509.CertificateBuilder()
            .subject_name(csr.subject)
            .issuer_name(self.cert.subject)
            .public_key(public)
            .serial_number(int.from_bytes(secrets.token_bytes(15), "big") | 1)
            .not_valid_before(now - timedelta(minutes=5))
            .not_valid_after(end)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(
                x509.KeyUsage(True, False, True, False, False, False, False, False, False),
                critical=True,
            )
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), False)
            .add_extension(ski, critical=False)
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(self.key.public_key()),
                critical=False,
            )
        )
        names = _alt_names(dns, ip)
        if names:
            builder = builder.add_extension(x509.SubjectAlternativeName(names), critical=False)
        cert = builder.sign(self.key, hashes.SHA256())
        return check_issued(
            cert.public_bytes(serialization.Encoding.PEM), csr, self.cert, host, "the CA"
        )


@dataclass(frozen=True)
class CommandSigner:
    """An external signer: ``command`` (a shell command line) reads the CSR, prints the PEM."""

    cert: x509.Certificate
    command: str
    timeout: float = 60.0

    @property
    def ca_certificate(self) -> x509.Certificate:
        return self.cert

    def sign(self, csr_der: bytes, *, host: str, dns: str | None, ip: str | None) -> bytes:
        csr = _request(csr_der, host)
        san = ",".join([*([f"DNS:{dns}"] if dns else []), *([f"IP:{ip}"] if ip else [])])
        env = {  # the device credentials are never handed to the signer
            **{k: v for k, v in os.environ.items() if k not in SECRET_ENV},
            "PSSC_HOST": host,
            "PSSC_SAN_DNS": dns or "",
            "PSSC_SAN_IP": ip or "",
            "PSSC_SAN": san,
        }
        who = f"--ca-sign-command {shlex.split(self.command)[0] if self.command.strip() else ''}"
        try:
            done = subprocess.run(
                ["/bin/sh", "-c", self.command],
                input=csr.public_bytes(serialization.Encoding.PEM),
                capture_output=True,
                env=env,
                timeout=self.timeout,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise SignFailed(f"{who} did not finish in {self.timeout:.0f} s", host=host) from None
        except OSError as exc:
            raise SignFailed(f"{who} could not run: {exc}", host=host) from None
        if done.returncode != 0:
            why = done.stderr.decode(errors="replace").strip().splitlines()
            raise SignFailed(
                f"{who} failed (exit {done.returncode}): {why[-1][:200] if why else 'no message'}",
                host=host,
            )
        return check_issued(done.stdout, csr, self.cert, host, who)
