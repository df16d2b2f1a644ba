"""A TLS probe that records what an HTTPS server offers without trusting it for anything.

It accepts weak keys and SHA-1/MD5 signatures (security level 0, no verification) because the
point is to see exactly what a browser would be offered, not to talk to the server.

>>> import hashlib
>>> ServedCertificate(der=b"x", sha256=hashlib.sha256(b"x").hexdigest().upper()).sha256[:8]
'2D711642'
"""

from __future__ import annotations

import hashlib
import socket
import ssl
from dataclasses import dataclass

from tasks.errors import ProbeError

__all__ = ["ProbeError", "ServedCertificate", "probe_https"]


@dataclass(frozen=True)
class ServedCertificate:
    der: bytes
    sha256: str  # upper-case hex


def _permissive_context() -> ssl.SSLContext:
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    ctx.set_ciphers("ALL:@SECLEVEL=0")
    return ctx


def probe_https(host: str, port: int, timeout: float = 5.0) -> ServedCertificate:
    """Handshake with ``host:port`` and return the leaf certificate it serves.

    ``ProbeError`` (a ``TaskError``, from ``tasks.errors``) when there is none.
    """
    ctx = _permissive_context()
    try:
        with socket.create_connection((host, port), timeout=timeout) as raw:
            with ctx.wrap_socket(raw, server_hostname=None) as tls:
                der = tls.getpeercert(binary_form=True)
    except (OSError, ssl.SSLError) as exc:
        raise ProbeError(host, port, str(exc) or type(exc).__name__) from exc
    if not der:
        raise ProbeError(host, port, "no certificate offered")
    return ServedCertificate(der=der, sha256=hashlib.sha256(der).hexdigest().upper())
