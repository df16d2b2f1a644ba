"""RSA PKCS#1 v1.5 signature check with plain integers.

Used when OpenSSL refuses the high-level verify (MD5, a 512-bit modulus): IOS 12.x wrote exactly
such certificates, and we still want to know whether their signature holds.
"""

from __future__ import annotations

import hashlib

# DER prefix of DigestInfo for each hash (RFC 8017, section 9.2, note 1).
_DIGEST_INFO = {
    "md5": bytes.fromhex("3020300c06082a864886f70d020505000410"),
    "sha1": bytes.fromhex("3021300906052b0e03021a05000414"),
    "sha224": bytes.fromhex("302d300d06096086480165030402040500041c"),
    "sha256": bytes.fromhex("3031300d060960864801650304020105000420"),
    "sha384": bytes.fromhex("3041300d060960864801650304020205000430"),
    "sha512": bytes.fromhex("3051300d060960864801650304020305000440"),
}


def verify_pkcs1v15(n: int, e: int, signature: bytes, message: bytes, hash_name: str) -> bool:
    """True when ``signature`` is a PKCS#1 v1.5 signature of ``message`` under (n, e).

    >>> verify_pkcs1v15(3233, 17, b"\\x01", b"x", "sha1")
    False
    """
    prefix = _DIGEST_INFO.get(hash_name)
    if prefix is None:
        return False
    size = (n.bit_length() + 7) // 8
    s = int.from_bytes(signature, "big")
    if s >= n:
        return False
    em = pow(s, e, n).to_bytes(size, "big")
    digest_info = prefix + hashlib.new(hash_name, message).digest()
    pad_len = size - 3 - len(digest_info)
    if pad_len < 8:
        return False
    expected = b"\x00\x01" + b"\xff" * pad_len + b"\x00" + digest_info
    return em == expected
