"""A certificate authority for the tests of CA enrollment by terminal (``cryptography``), and the
dialogs driven as a user pastes into them."""

from __future__ import annotations

import base64
import re
from datetime import UTC, datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from tests.unit.lab.device_helpers import Cli


class TestCA:
    """A root CA that signs requests as ``openssl x509 -req`` would (extensions copied)."""

    __test__ = False

    def __init__(self, cn: str = "Lab Root CA", serial: int = 0x1A2B) -> None:
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        name = x509.Name(
            [
                x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Example"),
                x509.NameAttribute(NameOID.COMMON_NAME, cn),
            ]
        )
        now = datetime.now(UTC)
        self.cert = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(self.key.public_key())
            .serial_number(serial)
            .not_valid_before(now - timedelta(days=1))
            .not_valid_after(now + timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(self.key, hashes.SHA256())
        )

    @property
    def pem(self) -> str:
        return self.cert.public_bytes(serialization.Encoding.PEM).decode()

    def sign(self, csr: x509.CertificateSigningRequest, serial: int = 0x0203) -> x509.Certificate:
        now = datetime.now(UTC)
        builder = (
            x509.CertificateBuilder()
            .subject_name(csr.subject)
            .issuer_name(self.cert.subject)
            .public_key(csr.public_key())
            .serial_number(serial)
            .not_valid_before(now - timedelta(minutes=5))
            .not_valid_after(now + timedelta(days=365))
        )
        for ext in csr.extensions:
            builder = builder.add_extension(ext.value, critical=ext.critical)
        return builder.sign(self.key, hashes.SHA256())


def pem_of(cert: x509.Certificate) -> str:
    return cert.public_bytes(serialization.Encoding.PEM).decode()


def paste(cli: Cli, command: str, pem: str, end: str = "") -> str:
    """Run ``command``, paste ``pem`` line by line, end with ``end`` (blank line or quit)."""
    out = cli.line(command)
    for line in pem.splitlines():
        out += cli.line(line)
    return out + cli.line(end)


def requests_in(text: str) -> list[x509.CertificateSigningRequest]:
    """The requests printed between ``Certificate Request follows:`` and ``---End``."""
    found = []
    for body in re.findall(r"Certificate Request follows:\n\n(.*?)\n\n---End", text, re.S):
        b64 = "".join(ln for ln in body.splitlines() if ln and not ln.startswith("-----"))
        found.append(x509.load_der_x509_csr(base64.b64decode(b64)))
    return found


def enroll_by_terminal(cli: Cli, tp: str, display: str = "yes") -> str:
    """``crypto pki enroll TP`` answering no to the serial/IP questions, ``display`` to the
    display question and no to the redisplay question."""
    chunk = out = cli.line(f"crypto pki enroll {tp}")
    while not chunk.rstrip().endswith("(config)#"):
        if "Display Certificate Request" in chunk and "Redisplay" not in chunk:
            chunk = cli.line(display)
        else:
            chunk = cli.line("no")
        out += chunk
    return out
