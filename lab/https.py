"""The HTTPS endpoint of an emulated device: real TLS with the certificate its configuration picks.

A device serves HTTPS only while it is up and ``ip http secure-server`` is on; otherwise its port
refuses connections (the port stays reserved, see :mod:`lab.ports`). The server context is
deliberately permissive (OpenSSL security level 0) so that 512-bit keys and certificates signed
with SHA-1 or MD5 are still offered, exactly what a browser would be shown by an old router. A key
under 1024 bits cannot make a TLS 1.3 (RSA-PSS) signature, so such a device speaks TLS 1.2 at most.
The page itself is a small HTTP/1.1 status page: hostname and certificate fingerprint, and a
marker line that only this lab's pages carry: the device name and a per-run nonce (see
:func:`page_nonce`), so that a browser test can tell the device's own page from anything a browser
shows instead (a certificate warning, an error page).
"""

from __future__ import annotations

import asyncio
import hashlib
import html
import logging
import os
import secrets
import ssl
import tempfile
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from lab.ports import PortHolder, stop_accepting

log = logging.getLogger(__name__)

Identity = tuple[bytes, bytes]  # (certificate PEM, private key PEM)

NONCE_ENV = "PSSC_LAB_PAGE_NONCE"
_RUN_NONCE = secrets.token_hex(8)


def page_nonce() -> str:
    """The nonce the status pages carry: ``$PSSC_LAB_PAGE_NONCE`` when set (read when a device's
    endpoint is made, i.e. at lab start), else one random value per process."""
    return os.environ.get(NONCE_ENV) or _RUN_NONCE


def page_marker(hostname: str, nonce: str) -> str:
    """The line of the status page that only this device's page, in this run, carries.

    >>> page_marker("R1", "5eed")
    'pssc lab page of R1, run 5eed'
    """
    return html.escape(f"pssc lab page of {hostname}, run {nonce}", quote=False)


def server_context(cert_pem: bytes, key_pem: bytes) -> ssl.SSLContext:
    """A TLS server context that serves whatever the device has, weak or not."""
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.set_ciphers("ALL:@SECLEVEL=0")
    cert = x509.load_pem_x509_certificate(cert_pem)
    key_size = getattr(cert.public_key(), "key_size", 2048)
    if key_size < 1024:
        ctx.maximum_version = ssl.TLSVersion.TLSv1_2
    with tempfile.TemporaryDirectory(prefix="pssc-lab-tls-") as folder:
        cert_file, key_file = Path(folder, "cert.pem"), Path(folder, "key.pem")
        cert_file.write_bytes(cert_pem)
        key_file.touch(mode=0o600)
        key_file.write_bytes(key_pem)
        ctx.load_cert_chain(cert_file, key_file)
    return ctx


def status_page(hostname: str, cert_pem: bytes, nonce: str) -> bytes:
    """The body of the device's status page."""
    der = x509.load_pem_x509_certificate(cert_pem).public_bytes(Encoding.DER)
    fingerprint = hashlib.sha256(der).hexdigest().upper()
    name = html.escape(hostname)
    return (
        f"<!doctype html><html><head><title>{name}</title></head><body>"
        f"<h1>{name}</h1><p>HTTPS certificate SHA-256 fingerprint: "
        f"<code>{fingerprint}</code></p>"
        f'<footer id="pssc-lab-page">{page_marker(hostname, nonce)}</footer></body></html>\n'
    ).encode()


class HttpsEndpoint:
    """The TLS listener of one device on its own (reserved) port."""

    def __init__(self, name: str, holder: PortHolder, *, nonce: str | None = None) -> None:
        self.name = name
        self.nonce = nonce or page_nonce()
        self._holder = holder
        self._server: asyncio.Server | None = None
        self._identity: Identity | None = None
        self._page = b""

    @property
    def port(self) -> int:
        return self._holder.port

    @property
    def serving(self) -> bool:
        return self._server is not None

    async def apply(self, identity: Identity | None) -> None:
        """Serve ``identity`` from now on (``None``: stop serving, refuse connections)."""
        if identity == self._identity and (identity is None) == (self._server is None):
            return
        await self.stop()
        if identity is None:
            return
        cert_pem, key_pem = identity
        try:
            ctx = server_context(cert_pem, key_pem)
            self._page = status_page(self.name, cert_pem, self.nonce)
        except (ssl.SSLError, ValueError) as exc:
            log.warning("%s: cannot serve HTTPS with this certificate/key: %s", self.name, exc)
            return
        self._server = await asyncio.start_server(
            self._handle, sock=self._holder.take(), ssl=ctx, ssl_handshake_timeout=10
        )
        self._identity = identity
        log.debug("%s: HTTPS serving on port %d", self.name, self.port)

    async def stop(self) -> None:
        server, self._server = self._server, None
        self._identity = None
        if server is not None:
            await stop_accepting(server.sockets)
            server.close()
            await server.wait_closed()
            self._holder.hold()
            log.debug("%s: HTTPS stopped", self.name)

    async def close(self) -> None:
        """Stop serving and give the port back."""
        await self.stop()
        self._holder.release()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), timeout=10)
            method = head.split(b" ", 1)[0]
            body = self._page if method != b"HEAD" else b""
            writer.write(
                b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
                + f"Content-Length: {len(self._page)}\r\nConnection: close\r\n\r\n".encode()
                + body
            )
            await writer.drain()
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, TimeoutError, OSError):
            pass
        except ssl.SSLError as exc:
            log.debug("%s: TLS error: %s", self.name, exc)
        finally:
            writer.close()
