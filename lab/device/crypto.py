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
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import threading
from collections import defaultdict
from datetime import UTC, datetime
from functools import cached_property

from asn1crypto import core
from asn1crypto import keys as akeys
from asn1crypto import x509 as ax509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

log = logging.getLogger(__name__)

_SMALL_PRIMES = [p for p in range(3, 2000) if all(p % d for d in range(2, int(p**0.5) + 1))]
E = 65537
HASHES: dict[str, hashes.HashAlgorithm] = {
    "md5": hashes.MD5(),
    "sha1": hashes.SHA1(),
    "sha256": hashes.SHA256(),
    "sha384": hashes.SHA384(),
    "sha512": hashes.SHA512(),
}
SIG_ALGO = {
    "md5": "md5_rsa",
    "sha1": "sha1_rsa",
    "sha256": "sha256_rsa",
    "sha384": "sha384_rsa",
    "sha512": "sha512_rsa",
}


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


def new_rsa_key(bits: int) -> rsa.RSAPrivateKey:
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
        with self._lock:
            stock = self._keys[bits]
            key = stock.pop() if stock else None
            self._wanted.add(bits)
            start = not self._busy
            self._busy = True
        if start:
            threading.Thread(target=self._refill, name="keypool", daemon=True).start()
        return key if key is not None else new_rsa_key(bits)

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


def hex_groups(data: bytes, per_line: int = 8) -> list[str]:
    """Upper-case hex in 8-digit groups, ``per_line`` groups a line.

    >>> hex_groups(bytes(range(5)))
    ['00010203 04']
    """
    text = data.hex().upper()
    groups = [text[i : i + 8] for i in range(0, len(text), 8)]
    return [" ".join(groups[i : i + per_line]) for i in range(0, len(groups), per_line)]


def fingerprint(data: bytes, algo: str) -> str:
    return " ".join(hex_groups(hashlib.new(algo, data).digest(), per_line=99))


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


class Certificate:
    """A DER certificate with what the show commands need, computed once."""

    def __init__(self, der: bytes) -> None:
        self.der = der
        self.x509 = x509.load_der_x509_certificate(der)
        self.md5 = fingerprint(der, "md5")
        self.sha1 = fingerprint(der, "sha1")
        self.sha256 = hashlib.sha256(der).hexdigest()
        self.asn1 = ax509.Certificate.load(der)
        self.installed = self.not_before  # when the device took it (set by the device)

    @cached_property
    def hex_lines(self) -> list[str]:
        return hex_groups(self.der)

    @property
    def serial(self) -> int:
        return int(self.x509.serial_number)

    @property
    def not_before(self) -> datetime:
        return self.x509.not_valid_before_utc.replace(tzinfo=None)

    @property
    def not_after(self) -> datetime:
        return self.x509.not_valid_after_utc.replace(tzinfo=None)

    @cached_property
    def pem(self) -> bytes:
        return self.x509.public_bytes(serialization.Encoding.PEM)

    @property
    def sig_hash(self) -> str:
        return str(self.asn1.hash_algo)

    def subject_rdns(self) -> list[list[tuple[str, str]]]:
        return _rdns(self.asn1.subject)

    def issuer_rdns(self) -> list[list[tuple[str, str]]]:
        return _rdns(self.asn1.issuer)


_OID_NAMES = {
    "2.5.4.3": "cn",
    "2.5.4.5": "serialNumber",
    "2.5.4.6": "c",
    "2.5.4.7": "l",
    "2.5.4.8": "st",
    "2.5.4.10": "o",
    "2.5.4.11": "ou",
    "1.2.840.113549.1.9.1": "e",
    "1.2.840.113549.1.9.2": "hostname",
    "1.2.840.113549.1.9.8": "ipaddress",
}
_NAME_OIDS = {v.lower(): k for k, v in _OID_NAMES.items()}
_NAME_OIDS.update({"email": "1.2.840.113549.1.9.1", "unstructuredname": "1.2.840.113549.1.9.2"})


def _rdns(name: ax509.Name) -> list[list[tuple[str, str]]]:
    """RDNs in IOS display order (most specific first), attributes as (ios-name, value)."""
    out: list[list[tuple[str, str]]] = []
    for rdn in name.chosen:
        attrs = []
        for ava in rdn:
            oid = ava["type"].dotted
            attrs.append((_OID_NAMES.get(oid, oid), str(ava["value"].native)))
        out.append(attrs)
    out.reverse()
    return out


def known_attribute(attr: str) -> bool:
    return attr.lower() in _NAME_OIDS


def _name(rdns: list[list[tuple[str, str]]], utf8: bool) -> ax509.Name:
    """Build a Name from RDNs given most-specific first (IOS/LDAP order)."""
    seq = []
    for rdn in reversed(rdns):
        avas = []
        for attr, value in rdn:
            oid = _NAME_OIDS[attr.lower()]
            if oid == "2.5.4.6":
                avas.append({"type": oid, "value": ax509.CountryName(value)})
                continue
            if oid == "2.5.4.5":
                avas.append({"type": oid, "value": ax509.PrintableString(value)})
                continue
            if oid.startswith("1.2.840.113549.1.9"):
                vtype = ax509.IA5String if oid.endswith(".1") else ax509.PrintableString
                avas.append({"type": oid, "value": vtype(value)})
                continue
            kind = "utf8_string" if utf8 else "printable_string"
            if not utf8 and not _printable(value):
                kind = "utf8_string"
            avas.append({"type": oid, "value": ax509.DirectoryString(name=kind, value=value)})
        seq.append(avas)
    return ax509.Name(name="", value=ax509.RDNSequence(seq))


def _printable(value: str) -> bool:
    allowed = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 '()+,-./:=?")
    return all(c in allowed for c in value)


def self_signed(
    key: rsa.RSAPrivateKey,
    rdns: list[list[tuple[str, str]]],
    *,
    not_before: datetime,
    not_after: datetime,
    hash_name: str,
    serial: int = 1,
    alt_names: list[str] | None = None,
    utf8: bool = False,
) -> Certificate:
    """A self-signed certificate as IOS makes it (serial 01, the given validity and hash)."""
    name = _name(rdns, utf8)
    spki = akeys.PublicKeyInfo.load(public_der(key))
    ski = hashlib.sha1(spki["public_key"].contents[1:]).digest()
    exts = [
        {"extn_id": "basic_constraints", "critical": True, "extn_value": {"ca": True}},
        {"extn_id": "key_identifier", "critical": False, "extn_value": ski},
        {
            "extn_id": "authority_key_identifier",
            "critical": False,
            "extn_value": {"key_identifier": ski},
        },
    ]
    if alt_names:
        gns = [ax509.GeneralName(name="dns_name", value=n) for n in alt_names]
        exts.append({"extn_id": "subject_alt_name", "critical": False, "extn_value": gns})
    algo = {"algorithm": SIG_ALGO[hash_name], "parameters": core.Null()}
    tbs = ax509.TbsCertificate(
        {
            "version": "v3",
            "serial_number": serial,
            "signature": algo,
            "issuer": name,
            "validity": {"not_before": _time(not_before), "not_after": _time(not_after)},
            "subject": name,
            "subject_public_key_info": spki,
            "extensions": exts,
        }
    )
    tbs_der = tbs.dump()
    signature = key.sign(tbs_der, padding.PKCS1v15(), HASHES[hash_name])
    cert = ax509.Certificate(
        {"tbs_certificate": tbs, "signature_algorithm": algo, "signature_value": signature}
    )
    return Certificate(cert.dump())


def _time(when: datetime) -> ax509.Time:
    aware = when.replace(tzinfo=UTC)
    if aware.year < 2050:
        return ax509.Time(name="utc_time", value=aware)
    return ax509.Time(name="general_time", value=aware)
