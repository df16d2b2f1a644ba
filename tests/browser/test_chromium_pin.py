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
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from .chromium import PageLoad, load_page, require_chromium

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("verify-browser")]

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


# --- the feature: a browser that pinned the device's key, across a reload ----------------------

LAB_FLEET = {
    "defaults": {"personality": "iosxe17", "boot_seconds": 0.5},
    "devices": [
        {"hostname": "SAVED1", "preset": "healthy"},
        {"hostname": "UNSAVED1", "preset": "unsaved"},
    ],
}


def _served_pin(port: int) -> tuple[str, str]:
    """(SHA-256 of the certificate, SPKI pin) of what the device serves, computed here."""
    from tasks.tls_probe import probe_https

    served = probe_https("127.0.0.1", port)
    cert = x509.load_der_x509_certificate(served.der)
    spki = cert.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return served.sha256, base64.b64encode(hashlib.sha256(spki).digest()).decode()


@pytest.fixture(scope="module")
def device_lab(lab_factory: Any) -> Any:
    return lab_factory(fleet_data=LAB_FLEET, boot_seconds=0.5)


@pytest.fixture(scope="module")
def pinned_before(device_lab: Any, chromium: str) -> dict[str, tuple[str, str, PageLoad]]:
    """Each device's fingerprint and pin, and the page Chromium loaded with that pin, before."""
    out = {}
    for name, host in device_lab.hosts.items():
        sha256, pin = _served_pin(host.https_port)
        page = load_page(f"https://127.0.0.1:{host.https_port}/", spki_pins=[pin], binary=chromium)
        out[name] = (sha256, pin, page)
    return out


@pytest.fixture(scope="module")
def after_reload(device_lab: Any, pinned_before: dict[str, Any]) -> dict[str, Any]:
    """pssc verify --reload --reload-anyway over both devices (UNSAVED1 loses its certificate)."""
    from pssc.inventory import load_nornir
    from pssc.verify.runbook import run_verify

    nr = load_nornir(device_lab.inventory_dir)
    try:
        reports = run_verify(nr, reload=True, reload_anyway=True, boot_timeout=30.0, pins=None)
    finally:
        nr.close_connections()
    return {r.host: r for r in reports}


def _load_with_old_pin(device_lab: Any, pinned_before: dict[str, Any], name: str) -> PageLoad:
    _sha, pin, _page = pinned_before[name]
    url = f"https://127.0.0.1:{device_lab.hosts[name].https_port}/"
    return load_page(url, spki_pins=[pin])


@pytest.mark.parametrize("name", ["SAVED1", "UNSAVED1"])
def test_page_loads_before_the_reload(pinned_before: dict[str, Any], name: str) -> None:
    sha256, _pin, page = pinned_before[name]
    assert page.ok, page.error
    assert name in page.dom and sha256 in page.dom.upper().replace(":", "")


def test_saved_certificate_still_trusted_after_reload(
    device_lab: Any, pinned_before: dict[str, Any], after_reload: dict[str, Any]
) -> None:
    assert after_reload["SAVED1"].verdict == "persistent"
    assert device_lab.server("SAVED1").reloads == 1
    page = _load_with_old_pin(device_lab, pinned_before, "SAVED1")
    assert page.ok, page.error
    assert pinned_before["SAVED1"][0] in page.dom.upper().replace(":", "")


def test_unsaved_certificate_refused_after_reload(
    device_lab: Any, pinned_before: dict[str, Any], after_reload: dict[str, Any]
) -> None:
    assert after_reload["UNSAVED1"].verdict == "regenerated"
    assert device_lab.server("UNSAVED1").reloads == 1
    page = _load_with_old_pin(device_lab, pinned_before, "UNSAVED1")
    assert not page.ok
    assert page.error == "net::ERR_CERT_AUTHORITY_INVALID"
    # the device is up and serving, only with a key the browser never pinned
    sha256, pin = _served_pin(device_lab.hosts["UNSAVED1"].https_port)
    assert sha256 != pinned_before["UNSAVED1"][0] and pin != pinned_before["UNSAVED1"][1]
