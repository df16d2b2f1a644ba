"""Build old-style self-signed certificates (512-bit RSA, MD5) for tests, deterministically.

``cryptography`` refuses to generate such keys or to sign with them, and IOS 12.x made exactly
these; so the key is made from seeded primes and the signature with plain integers.
"""

from __future__ import annotations

import hashlib
import random
from datetime import UTC, datetime

from asn1crypto import algos, keys, x509

_DIGEST_INFO = {
    "md5": bytes.fromhex("3020300c06082a864886f70d020505000410"),
    "sha1": bytes.fromhex("3021300906052b0e03021a05000414"),
    "sha256": bytes.fromhex("3031300d060960864801650304020105000420"),
}


def _probable_prime(rng: random.Random, bits: int) -> int:
    while True:
        candidate = rng.getrandbits(bits) | (1 << (bits - 1)) | (1 << (bits - 2)) | 1
        if all(
            pow(rng.randrange(2, candidate - 1), candidate - 1, candidate) == 1 for _ in range(20)
        ):
            if all(candidate % p for p in (3, 5, 7, 11, 13, 17, 19, 23, 29, 31)):
                return candidate


def rsa_key(bits: int, seed: int) -> tuple[int, int, int]:
    """(n, e, d) of a deterministic RSA key of ``bits`` bits."""
    rng = random.Random(seed)
    e = 65537
    while True:
        p, q = _probable_prime(rng, bits // 2), _probable_prime(rng, bits // 2)
        phi = (p - 1) * (q - 1)
        if p != q and phi % e and (p * q).bit_length() == bits:
            return p * q, e, pow(e, -1, phi)


def self_signed(
    bits: int = 512, hash_name: str = "md5", seed: int = 1, tamper: bool = False
) -> bytes:
    """DER of a self-signed IOS-like certificate (cn=IOS-Self-Signed-Certificate-...)."""
    n, e, d = rsa_key(bits, seed)
    name = x509.Name.build({"common_name": f"IOS-Self-Signed-Certificate-{seed}"})
    sig_alg = {"algorithm": f"{hash_name}_rsa", "parameters": None}
    tbs = x509.TbsCertificate(
        {
            "version": "v3",
            "serial_number": 1,
            "signature": sig_alg,
            "issuer": name,
            "validity": {
                "not_before": x509.Time(
                    {"utc_time": datetime(2004, 12, 21, 19, 14, 14, tzinfo=UTC)}
                ),
                "not_after": x509.Time({"utc_time": datetime(2020, 1, 1, tzinfo=UTC)}),
            },
            "subject": name,
            "subject_public_key_info": keys.PublicKeyInfo(
                {
                    "algorithm": {"algorithm": "rsa", "parameters": None},
                    "public_key": keys.RSAPublicKey({"modulus": n, "public_exponent": e}),
                }
            ),
        }
    )
    message = tbs.dump()
    size = (n.bit_length() + 7) // 8
    digest_info = _DIGEST_INFO[hash_name] + hashlib.new(hash_name, message).digest()
    padded = b"\x00\x01" + b"\xff" * (size - 3 - len(digest_info)) + b"\x00" + digest_info
    signature = pow(int.from_bytes(padded, "big"), d, n).to_bytes(size, "big")
    if tamper:
        signature = signature[:-1] + bytes([signature[-1] ^ 1])
    cert = x509.Certificate(
        {
            "tbs_certificate": tbs,
            "signature_algorithm": algos.SignedDigestAlgorithm(sig_alg),
            "signature_value": signature,
        }
    )
    return bytes(cert.dump())


def ios_hex(der: bytes) -> str:
    """The hex dump as IOS writes it in the configuration: 8 groups of 8 digits per line."""
    digits = der.hex().upper()
    groups = [digits[i : i + 8] for i in range(0, len(digits), 8)]
    return "\n".join("  " + " ".join(groups[i : i + 8]) for i in range(0, len(groups), 8))
