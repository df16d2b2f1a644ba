"""A real browser trusts a device's HTTPS page only through the pinned public key.

Headless Chromium runs with an empty profile and ``--ignore-certificate-errors-spki-list`` set to
the device's SPKI pin, and no other trust. First the harness itself against a local TLS server whose
key the test made (pinned: loads; other pin or none: refused), then the point of the feature
against the lab: the page loads before a reload, loads after it when the certificate was saved,
and is refused after it when the certificate was not saved.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import http.server
import ssl
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from .chromium import load_page, require_chromium

pytestmark = pytest.mark.browser

PAGE = b"<html><body><h1 id='device'>R1 status page</h1></body></html>"


def _spki_pin(key: rsa.RSAPrivateKey) -> str:
    spki = key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return base64.b64encode(hashlib.sha256(spki).digest()).decode()


def _self_signed(tmp: Path, key: rsa.RSAPrivateKey) -> tuple[Path, Path]:
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "IOS-Self-Signed-Certificate-1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=3650))
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = tmp / "cert.pem", tmp / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


class _Page(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(PAGE)))
        self.end_headers()
        self.wfile.write(PAGE)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def local_https(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """A TLS server on 127.0.0.1 with a fresh 2048-bit self-signed certificate: (url, pin)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cert_path, key_path = _self_signed(tmp_path_factory.mktemp("tls"), key)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Page)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert_path, key_path)
    server.socket = ctx.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"https://127.0.0.1:{server.server_address[1]}/", _spki_pin(key)
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def chromium() -> str:
    return require_chromium()


def test_pinned_key_loads_the_page(chromium: str, local_https: tuple[str, str]) -> None:
    url, pin = local_https
    page = load_page(url, spki_pins=[pin], binary=chromium)
    assert page.ok, page.stderr[-2000:]
    assert "R1 status page" in page.dom


def test_other_pin_is_refused(chromium: str, local_https: tuple[str, str]) -> None:
    url, _pin = local_https
    other = _spki_pin(rsa.generate_private_key(public_exponent=65537, key_size=2048))
    page = load_page(url, spki_pins=[other], binary=chromium)
    assert not page.ok
    assert page.error == "net::ERR_CERT_AUTHORITY_INVALID"
    assert "R1 status page" not in page.dom


def test_no_pin_no_trust(chromium: str, local_https: tuple[str, str]) -> None:
    url, _pin = local_https
    page = load_page(url, binary=chromium)
    assert not page.ok
    assert page.error is not None and page.error.startswith("net::ERR_CERT")
