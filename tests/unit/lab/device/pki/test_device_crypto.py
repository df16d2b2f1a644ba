"""Keys and certificates that cryptography 50 will not make itself, made and checked anyway."""

from __future__ import annotations

from datetime import datetime

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding

from lab.device.pki.certs import HASHES, self_signed
from lab.device.pki.rsakeys import KeyPool, load_private, pem_private, small_rsa_key


@pytest.mark.parametrize("bits", [512, 768, 1000])
def test_small_keys_are_real_rsa_keys(bits: int) -> None:
    key = small_rsa_key(bits)
    assert key.key_size == bits
    numbers = key.private_numbers()
    assert numbers.p * numbers.q == numbers.public_numbers.n and numbers.p != numbers.q
    sig = key.sign(b"hello", padding.PKCS1v15(), hashes.SHA1())
    key.public_key().verify(sig, b"hello", padding.PKCS1v15(), hashes.SHA1())
    again = load_private(pem_private(key))
    assert again.private_numbers() == numbers


@pytest.mark.parametrize("hash_name", ["md5", "sha1", "sha256"])
def test_weak_certificates_verify(hash_name: str) -> None:
    key = small_rsa_key(512)
    cert = self_signed(
        key,
        [[("cn", "IOS-Self-Signed-Certificate-1")]],
        not_before=datetime(2004, 12, 21, 19, 14, 14),
        not_after=datetime(2020, 1, 1),
        hash_name=hash_name,
    )
    parsed = x509.load_der_x509_certificate(cert.der)
    assert parsed.signature_algorithm_oid.dotted_string.startswith("1.2.840.113549.1.1.")
    key.public_key().verify(
        parsed.signature, parsed.tbs_certificate_bytes, padding.PKCS1v15(), HASHES[hash_name]
    )
    assert cert.sig_hash == hash_name and cert.serial == 1
    assert parsed.not_valid_after_utc.year == 2020
    assert parsed.extensions.get_extension_for_class(x509.BasicConstraints).value.ca


def test_pool_hands_each_key_out_once() -> None:
    pool = KeyPool(depth=2)
    keys = [pool.take(512) for _ in range(6)]
    numbers = {k.private_numbers().public_numbers.n for k in keys}
    assert len(numbers) == 6


def test_at_most_one_key_generation_per_core_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """A 1,000-device lab rollout ran 16 key generations at once beside the SSH sessions and
    starved the lab's event loop (SSH banners past paramiko's 15 s timeout)."""
    import os
    import threading
    import time

    from lab.device.pki import rsakeys

    active = peak = 0
    count = threading.Lock()

    def slow_generate(public_exponent: int, key_size: int) -> object:
        nonlocal active, peak
        with count:
            active += 1
            peak = max(peak, active)
        time.sleep(0.05)
        with count:
            active -= 1
        return object()

    monkeypatch.setattr(rsakeys.rsa, "generate_private_key", slow_generate)
    cores = os.cpu_count() or 1
    threads = [threading.Thread(target=rsakeys.new_rsa_key, args=(2048,)) for _ in range(3 * cores)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert peak == cores
