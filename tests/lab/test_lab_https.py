"""The HTTPS endpoint serves what an old router has: 512-bit keys, SHA-1 and MD5 certificates."""

from __future__ import annotations

import asyncio
from datetime import datetime

import pytest

from lab.device.pki.certs import self_signed
from lab.device.pki.rsakeys import new_rsa_key, pem_private, small_rsa_key
from lab.https import HttpsEndpoint
from lab.ports import PortHolder
from tests.lab.lab_clients import fetch_tls, refused, tls_version

START, END = datetime(2004, 12, 21, 19, 14, 14), datetime(2020, 1, 1)


def identity(bits: int, hash_name: str) -> tuple[bytes, bytes, bytes]:
    key = small_rsa_key(bits) if bits < 1024 else new_rsa_key(bits)
    rdns = [[("cn", f"IOS-Self-Signed-Certificate-{bits}")]]
    cert = self_signed(key, rdns, not_before=START, not_after=END, hash_name=hash_name)
    return cert.pem, pem_private(key), cert.der


async def serve(cert_pem: bytes, key_pem: bytes) -> tuple[bytes, bytes, str, bool]:
    holder = PortHolder("127.0.0.1", 0)
    endpoint = HttpsEndpoint("OLD", holder)
    assert refused(holder.port)
    await endpoint.apply((cert_pem, key_pem))
    der, page = await asyncio.to_thread(fetch_tls, holder.port)
    version = await asyncio.to_thread(tls_version, holder.port)
    await endpoint.apply(None)
    down = refused(holder.port)
    await endpoint.close()
    return der, page, version, down


@pytest.mark.parametrize(
    ("bits", "hash_name", "version"),
    [(512, "md5", "TLSv1.2"), (512, "sha1", "TLSv1.2"), (1024, "sha1", "TLSv1.3"),
     (2048, "sha256", "TLSv1.3")],
)  # fmt: skip
def test_weak_keys_and_old_hashes_are_served(bits: int, hash_name: str, version: str) -> None:
    cert_pem, key_pem, der = identity(bits, hash_name)
    served, page, negotiated, down = asyncio.run(serve(cert_pem, key_pem))
    assert served == der
    assert page.startswith(b"HTTP/1.1 200 OK") and b"OLD" in page
    assert negotiated == version
    assert down  # apply(None): the port refuses connections again


def test_a_certificate_that_does_not_load_is_not_served() -> None:
    cert_pem, _, _ = identity(1024, "sha1")
    _, other_key, _ = identity(512, "sha1")  # key does not match the certificate

    async def run() -> bool:
        holder = PortHolder("127.0.0.1", 0)
        endpoint = HttpsEndpoint("BAD", holder)
        await endpoint.apply((cert_pem, other_key))
        serving = endpoint.serving
        await endpoint.close()
        return serving

    assert asyncio.run(run()) is False
