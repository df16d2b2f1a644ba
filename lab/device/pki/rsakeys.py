"""Real RSA keys and real X.509 certificates, including the weak ones old IOS images made.

``cryptography`` 50 refuses to *generate* RSA keys under 1024 bits and its certificate builder
refuses MD5 (and some builds SHA-1). Old IOS images made exactly such keys and certificates, so:

- keys under 1024 bits: two primes are found with Miller-Rabin (``secrets`` randomness, 40
  rounds), the CRT values are computed with ``cryptography``'s helpers and the key is built from
  ``RSAPrivateNumbers``; ``cryptography`` loads, serialises and signs with such a key;
- every certificate (weak or not) is assembled with ``asn1crypto``: the TBSCertificate is built
  and DER-encoded, signed with ``key.sign(tbs, PKCS1v15(), hash)`` (raw RSA signing still accepts
  SHA-1 and MD5), and wrapped into the Certificate with its signature algorithm.

Keys of 1024 bits and more come from ``rsa.generate_private_key``. A small per-process pool keeps
a few pre-generated keys per size so that key generation stays off the command path; a key is
handed out once, so every device gets its own.

A router makes its key on its own CPU; the lab makes every device's on the machine's few cores.
At most one key per core is made at a time (the others wait their turn, their device's emulated
``slow-keygen`` time running meanwhile): a rollout of 1,000 lab devices otherwise ran 16 key
generations at once beside the SSH sessions, the load average reached 389, and SSH banners came
too late for paramiko's 15 s banner timeout on half the fleet.
"""

from __future__ import annotations

import os
import secrets
import threading
from collections import defaultdict
from datetime import datetime
from functools import cached_property

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

_SMALL_PRIMES = [p for p in range(3, 2000) if all(p % d for d in range(2, int(p**0.5) + 1))]
E = 65537


def _probably_prime(n: int, rounds: int = 40) -> bool:
    """Miller-Rabin.

    >>> _probably_prime(2**127 - 1), _probably_prime(2**127 + 1)
    (True, False)
    """
    if n < 2:
        return False
    for p in _SMALL_PRIMES:
        if n % p == 0:
            return n == p
    d, r = n - 1, 0
    while d % 2 == 0:
        d //= 2
        r += 1
    for _ in range(rounds):
        a = secrets.randbelow(n - 3) + 2
        x = pow(a, d, n)
        if x in (1, n - 1):
            continue
        for _ in range(r - 1):
            x = pow(x, 2, n)
            if x == n - 1:
                break
        else:
            return False
    return True


def _prime(bits: int) -> int:
    while True:
        cand = secrets.randbits(bits) | (3 << (bits - 2)) | 1
        if cand % E != 1 and _probably_prime(cand):
            return cand


def small_rsa_key(bits: int) -> rsa.RSAPrivateKey:
    """An RSA key of any size (cryptography only generates >= 1024 bits itself).

    >>> small_rsa_key(512).key_size
    512
    """
    while True:
        p = _prime(bits - bits // 2)
        q = _prime(bits // 2)
        n = p * q
        if p != q and n.bit_length() == bits:
            break
    d = pow(E, -1, (p - 1) * (q - 1))
    numbers = rsa.RSAPrivateNumbers(
        p=p,
        q=q,
        d=d,
        dmp1=rsa.rsa_crt_dmp1(d, p),
        dmq1=rsa.rsa_crt_dmq1(d, q),
        iqmp=rsa.rsa_crt_iqmp(p, q),
        public_numbers=rsa.RSAPublicNumbers(E, n),
    )
    return numbers.private_key(unsafe_skip_rsa_key_validation=True)


# one key generation per core at a time (see the module's docstring)
GENERATING = threading.BoundedSemaphore(os.cpu_count() or 1)


def new_rsa_key(bits: int) -> rsa.RSAPrivateKey:
    with GENERATING:
        if bits >= 1024:
            return rsa.generate_private_key(public_exponent=E, key_size=bits)
        return small_rsa_key(bits)


class KeyPool:
    """A few pre-generated keys per size; each key is handed out once."""

    def __init__(self, depth: int = 2) -> None:
        self.depth = depth
        self._keys: dict[int, list[rsa.RSAPrivateKey]] = defaultdict(list)
        self._lock = threading.Lock()
        self._wanted: set[int] = set()
        self._busy = False

    def take(self, bits: int) -> rsa.RSAPrivateKey:
        """A key of ``bits`` (from the stock when there is one; the stock is then refilled)."""
        with self._lock:
            stock = self._keys[bits]
            key = stock.pop() if stock else None
        self.prime(bits)
        return key if key is not None else new_rsa_key(bits)

    def prime(self, bits: int) -> None:
        """Keep keys of this size in stock from now on (made in a background thread)."""
        with self._lock:
            self._wanted.add(bits)
            start = not self._busy
            self._busy = True
        if start:
            threading.Thread(target=self._refill, name="keypool", daemon=True).start()

    def _refill(self) -> None:
        while True:
            with self._lock:
                todo = [b for b in sorted(self._wanted) if len(self._keys[b]) < self.depth]
                if not todo:
                    self._busy = False
                    return
            key = new_rsa_key(todo[0])
            with self._lock:
                self._keys[todo[0]].append(key)


POOL = KeyPool()


def pem_private(key: rsa.RSAPrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    )


def load_private(pem: bytes) -> rsa.RSAPrivateKey:
    key = serialization.load_pem_private_key(pem, None, unsafe_skip_rsa_key_validation=True)
    assert isinstance(key, rsa.RSAPrivateKey)
    return key


def public_der(key: rsa.RSAPrivateKey | rsa.RSAPublicKey) -> bytes:
    pub = key.public_key() if isinstance(key, rsa.RSAPrivateKey) else key
    return pub.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )


class KeyPair:
    """An RSA key pair in the device's private NVRAM."""

    def __init__(
        self,
        label: str,
        key: rsa.RSAPrivateKey,
        *,
        exportable: bool = False,
        created: datetime,
        usage: str = "General Purpose Key",
    ) -> None:
        self.label = label
        self.key = key
        self.exportable = exportable
        self.created = created
        self.usage = usage
        self.server: rsa.RSAPrivateKey | None = None  # the `<label>.server` temporary key
        # special-usage keys (`rsakeypair L SIG ENC`): this pair signs, this one encrypts
        self.encryption: KeyPair | None = None
        self.server_created = created

    @property
    def bits(self) -> int:
        return self.key.key_size

    @cached_property
    def public_der(self) -> bytes:
        return public_der(self.key)

    @cached_property
    def pem(self) -> bytes:
        return pem_private(self.key)
