"""A real browser trusts a device's HTTPS page only through the pinned public key.

Headless Chromium runs with an empty profile and ``--ignore-certificate-errors-spki-list`` set to
the device's SPKI pin, and no other trust. A page counts as loaded only when the DOM holds what that
page alone carries (the lab's marker with the device's name and this run's nonce, and the
certificate's fingerprint); Chromium's warning page has a body too. Every test opens a page that
must load and one that must not, so a detector that says "loaded" (or "refused") to everything
fails. First the harness against a local TLS server whose key the test made (pinned: loads; other
pin or none: refused), then the point of the feature against the lab: the page loads before a
reload, loads after it when the certificate was saved, and is refused after it when it was not.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import http.server
import secrets
import ssl
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from lab.https import NONCE_ENV, page_marker

from .chromium import PageLoad, load_page

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("verify-browser")]


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


def _fresh_pin() -> str:
    """The SPKI pin of a key nobody serves."""
    return _spki_pin(rsa.generate_private_key(public_exponent=65537, key_size=2048))


@dataclass(frozen=True)
class Site:
    url: str
    pin: str
    expect: tuple[str, ...]  # what only this site's page carries


def _handler(page: bytes) -> type[http.server.BaseHTTPRequestHandler]:
    class Page(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Page


@pytest.fixture(scope="module")
def local_https(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """A TLS server on 127.0.0.1 with a fresh 2048-bit self-signed certificate and a page that
    carries a nonce of this run."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cert_path, key_path = _self_signed(tmp_path_factory.mktemp("tls"), key)
    nonce = secrets.token_hex(8)
    page = f"<html><body><h1>R1 status page</h1><p>run {nonce}</p></body></html>".encode()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _handler(page))
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert_path, key_path)
    server.socket = ctx.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"https://127.0.0.1:{server.server_address[1]}/"
        yield Site(url, _spki_pin(key), ("R1 status page", f"run {nonce}"))
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def pinned_page(chromium: str, local_https: Site) -> PageLoad:
    """The local page, opened with its own pin: the page that must load."""
    return load_page(local_https.url, expect=local_https.expect, spki_pins=[local_https.pin])


def _assert_refused(page: PageLoad, expect: tuple[str, ...], error: str) -> None:
    assert not page.ok, page.why()
    assert page.missing == expect, page.why()  # none of the page's own content is there
    assert page.error is not None and page.error.startswith(error), page.why()


def test_pinned_key_loads_other_pin_is_refused(pinned_page: PageLoad, local_https: Site) -> None:
    assert pinned_page.ok, pinned_page.why()
    other = load_page(local_https.url, expect=local_https.expect, spki_pins=[_fresh_pin()])
    _assert_refused(other, local_https.expect, "net::ERR_CERT_AUTHORITY_INVALID")


def test_no_pin_no_trust(pinned_page: PageLoad, local_https: Site) -> None:
    assert pinned_page.ok, pinned_page.why()
    bare = load_page(local_https.url, expect=local_https.expect)
    _assert_refused(bare, local_https.expect, "net::ERR_CERT")


def test_only_the_expected_content_counts(pinned_page: PageLoad, local_https: Site) -> None:
    """The same page of another run (other nonce) is not the wanted page, body or not."""
    assert pinned_page.ok, pinned_page.why()
    expect = (local_https.expect[0], f"run {secrets.token_hex(8)}")
    stale = load_page(local_https.url, expect=expect, spki_pins=[local_https.pin])
    assert not stale.ok and stale.missing == expect[1:], stale.why()
    assert stale.error == "the page lacks the expected content" and "<body" in stale.dom


# --- the feature: a browser that pinned the device's key, across a reload ----------------------

LAB_FLEET = {
    "defaults": {"personality": "iosxe17", "boot_seconds": 0.5},
    "devices": [
        {"hostname": "SAVED1", "preset": "healthy"},
        {"hostname": "UNSAVED1", "preset": "unsaved"},
    ],
}


@dataclass(frozen=True)
class Served:
    """What a device serves now, computed here: certificate SHA-256, SPKI pin, and the texts
    only its page carries (the lab's marker with this run's nonce, and the fingerprint)."""

    url: str
    sha256: str
    pin: str
    expect: tuple[str, ...]


@dataclass(frozen=True)
class DeviceLab:
    lab: Any
    nonce: str

    def served(self, name: str) -> Served:
        from tasks.tls_probe import probe_https

        port = self.lab.hosts[name].https_port
        cert = probe_https("127.0.0.1", port)
        spki = (
            x509.load_der_x509_certificate(cert.der)
            .public_key()
            .public_bytes(
                serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
            )
        )
        pin = base64.b64encode(hashlib.sha256(spki).digest()).decode()
        expect = (page_marker(name, self.nonce), cert.sha256)
        return Served(f"https://127.0.0.1:{port}/", cert.sha256, pin, expect)


@pytest.fixture(scope="module")
def device_lab(lab_factory: Any) -> DeviceLab:
    """The lab, started with a nonce of this test run for its pages."""
    nonce = secrets.token_hex(8)
    with pytest.MonkeyPatch.context() as env:
        env.setenv(NONCE_ENV, nonce)
        lab = lab_factory(fleet_data=LAB_FLEET, boot_seconds=0.5)
    return DeviceLab(lab, nonce)


@pytest.fixture(scope="module")
def pinned_before(device_lab: DeviceLab, chromium: str) -> dict[str, tuple[Served, PageLoad]]:
    """Each device's certificate and pin, and the page Chromium loaded with that pin, before."""
    out = {}
    for name in device_lab.lab.hosts:
        served = device_lab.served(name)
        out[name] = served, load_page(served.url, expect=served.expect, spki_pins=[served.pin])
    return out


@pytest.fixture(scope="module")
def after_reload(device_lab: DeviceLab, pinned_before: dict[str, Any]) -> dict[str, Any]:
    """pssc verify --reload --reload-anyway over both devices (UNSAVED1 loses its certificate)."""
    from pssc.inventory import load_nornir
    from pssc.verify.runbook import run_verify

    nr = load_nornir(device_lab.lab.inventory_dir)
    try:
        reports = run_verify(nr, reload=True, reload_anyway=True, boot_timeout=30.0, pins=None)
    finally:
        nr.close_connections()
    return {r.host: r for r in reports}


@pytest.mark.parametrize(("name", "other"), [("SAVED1", "UNSAVED1"), ("UNSAVED1", "SAVED1")])
def test_page_loads_before_the_reload(
    pinned_before: dict[str, tuple[Served, PageLoad]], name: str, other: str
) -> None:
    served, page = pinned_before[name]
    assert page.ok, page.why()
    assert f"<h1>{name}</h1>" in page.dom
    # the other device's pin is no trust for this one
    wrong = load_page(served.url, expect=served.expect, spki_pins=[pinned_before[other][0].pin])
    _assert_refused(wrong, served.expect, "net::ERR_CERT_AUTHORITY_INVALID")


def test_saved_certificate_still_trusted_after_reload(
    device_lab: DeviceLab, pinned_before: dict[str, Any], after_reload: dict[str, Any]
) -> None:
    assert after_reload["SAVED1"].verdict == "persistent"
    assert device_lab.lab.server("SAVED1").reloads == 1
    before, _page = pinned_before["SAVED1"]
    page = load_page(before.url, expect=before.expect, spki_pins=[before.pin])
    assert page.ok, page.why()  # the page of this run, with the certificate pinned before
    stranger = load_page(before.url, expect=before.expect, spki_pins=[_fresh_pin()])
    _assert_refused(stranger, before.expect, "net::ERR_CERT_AUTHORITY_INVALID")


def test_unsaved_certificate_refused_after_reload(
    device_lab: DeviceLab, pinned_before: dict[str, Any], after_reload: dict[str, Any]
) -> None:
    assert after_reload["UNSAVED1"].verdict == "regenerated"
    assert device_lab.lab.server("UNSAVED1").reloads == 1
    before, _page = pinned_before["UNSAVED1"]
    page = load_page(before.url, expect=before.expect, spki_pins=[before.pin])
    _assert_refused(page, before.expect, "net::ERR_CERT_AUTHORITY_INVALID")
    # the device is up and serving its own page, only with a key the browser never pinned
    now = device_lab.served("UNSAVED1")
    assert now.sha256 != before.sha256 and now.pin != before.pin
    fresh = load_page(now.url, expect=now.expect, spki_pins=[now.pin])
    assert fresh.ok, fresh.why()
