"""Real X.509 certificates, built with asn1crypto and signed with the raw RSA key.

See :mod:`lab.device.pki.rsakeys` for why (weak keys, SHA-1 and MD5 signatures of old images).
"""

from __future__ import annotations

import hashlib
import logging
from datetime import UTC, datetime
from functools import cached_property

from asn1crypto import core
from asn1crypto import keys as akeys
from asn1crypto import x509 as ax509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from lab.device.pki.rsakeys import public_der

log = logging.getLogger(__name__)

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
    def serial_hex(self) -> str:
        """The serial number as IOS prints it: the bytes of its encoding in hex (``0203``)."""
        return str(self.asn1["tbs_certificate"]["serial_number"].contents.hex().upper())

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
    """Build a Name from RDNs given most-specific first (IOS/LDAP order).

    Each attribute gets the string type X.509 wants: ``c`` and ``serialNumber`` a
    PrintableString, ``e`` an IA5String, the PKCS#9 ``hostname``/``ipaddress`` a PrintableString,
    the others a DirectoryString (UTF8String on IOS XE, else PrintableString where the text
    allows it). A value a type cannot hold raises ``ValueError``.
    """
    seq = []
    for rdn in reversed(rdns):
        seq.append([{"type": _NAME_OIDS[a.lower()], "value": _value(a, v, utf8)} for a, v in rdn])
    return ax509.Name(name="", value=ax509.RDNSequence(seq))


def _value(attr: str, value: str, utf8: bool) -> core.Asn1Value:
    oid = _NAME_OIDS[attr.lower()]
    if oid == "1.2.840.113549.1.9.1":  # e: an IA5String, ASCII only
        if not value.isascii():
            raise ValueError(f"{attr}={value!r}: an e-mail address is ASCII")
        return ax509.EmailAddress(value)
    printable = _printable(value)
    if oid.startswith("1.2.840.113549.1.9"):  # hostname, ipaddress (PKCS#9)
        return core.PrintableString(value) if printable else core.UTF8String(value)
    if oid in ("2.5.4.6", "2.5.4.5"):  # c, serialNumber: PrintableString where possible
        utf8 = not printable
    kind = "utf8_string" if utf8 or not printable else "printable_string"
    return ax509.DirectoryString(name=kind, value=value)


def encodable(rdns: list[list[tuple[str, str]]]) -> bool:
    """Whether a certificate can carry this name (every attribute known, every value fits).

    >>> encodable([[("cn", "r1")], [("c", "US")]]), encodable([[("e", "é@x")]])
    (True, False)
    """
    try:
        _name(rdns, False).dump()
    except (KeyError, ValueError, TypeError):
        return False
    return True


def x500_name(rdns: list[list[tuple[str, str]]], *, utf8: bool = False) -> ax509.Name:
    """A Name from RDNs given most-specific first, as IOS writes them (``cn=R1,o=Lab``)."""
    return _name(rdns, utf8)


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


def add_years(when: datetime, years: int) -> datetime:
    """The end of a validity of ``years`` (29 February ends on the 28th).

    >>> add_years(datetime(2024, 2, 29), 10)
    datetime.datetime(2034, 2, 28, 0, 0)
    """
    try:
        return when.replace(year=when.year + years)
    except ValueError:  # 29 February
        return when.replace(year=when.year + years, day=28)
