"""Trustpoints: the record, and the logic on it (names, subjects, which key and certificate).

Pure functions of the records and values they are given (no output, no device, no ``model``).
What an image decides (signature hash, validity) comes as an :class:`Image` (a personality).
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from lab.device.pki.certs import Certificate, add_years, known_attribute, self_signed
from lab.device.pki.rsakeys import KeyPair

Rdns = list[list[tuple[str, str]]]
_RDN_RE = re.compile(r"^\s*([A-Za-z][A-Za-z0-9-]*)\s*=\s*(.+?)\s*$")


@dataclass
class Trustpoint:
    name: str
    enrollment: str | None = None  # "selfsigned" | "terminal" | "url <URL>"
    subject_name: str | None = None
    subject_alt_name: str | None = None
    rsakeypair: tuple[str, int | None, int | None] | None = None
    serial_number: str | None = None  # "" (bare `serial-number`) | "none"
    ip_address: str | None = None  # "none" | A.B.C.D | interface
    fqdn: str | None = None  # "none" | name
    revocation_check: str | None = None
    hash: str | None = None
    certificate: Certificate | None = None
    persistent: bool = False  # made by the HTTPS server (TP-self-signed-N)

    @property
    def selfsigned(self) -> bool:
        return self.enrollment == "selfsigned"

    def key_label(self, hostname_fqdn: str) -> str:
        """The key pair the trustpoint uses: ``rsakeypair`` label, else the default key."""
        if self.rsakeypair is not None:
            return self.rsakeypair[0]
        return hostname_fqdn


class Image(Protocol):
    """What the IOS image decides about a new self-signed certificate (a ``Personality``)."""

    @property
    def fixed_end(self) -> datetime | None: ...

    @property
    def sig_hash(self) -> str: ...

    @property
    def xe(self) -> bool: ...


def serial_number(serial: str) -> int:
    """The number in ``TP-self-signed-<n>``: the serial read as hex, else a CRC of it.

    >>> serial_number("C63EBBE9")
    3326000105
    >>> serial_number("FTX1234A0BC") == zlib.crc32(b"FTX1234A0BC")
    True
    """
    try:
        if len(serial) <= 8:
            return int(serial, 16)
    except ValueError:
        pass
    return zlib.crc32(serial.encode())


def tp_self_signed_name(serial: str) -> str:
    """``TP-self-signed-<n>`` of a device with this serial number."""
    return f"TP-self-signed-{serial_number(serial)}"


def server_bits(bits: int) -> int:
    """The size of the ``<label>.server`` SSH key IOS pairs with a key of ``bits``.

    >>> server_bits(1024), server_bits(2048)
    (768, 2176)
    """
    return 768 if bits <= 1024 else bits + 128


def parse_subject(text: str) -> Rdns | None:
    """An X.500 name as IOS takes it (``cn=R1, o=Lab``), most specific first; None if invalid.

    >>> parse_subject("CN=r1.lab, O=Lab")
    [[('CN', 'r1.lab')], [('O', 'Lab')]]
    >>> parse_subject("1.2.3.4") is None
    True
    """
    rdns: Rdns = []
    for part in re.split(r"(?<!\\),", text):
        avas: list[tuple[str, str]] = []
        for ava in part.split("+"):
            m = _RDN_RE.match(ava)
            if not m or not known_attribute(m.group(1)):
                return None
            avas.append((m.group(1), m.group(2)))
        rdns.append(avas)
    return rdns or None


def subject_rdns(tp: Trustpoint, parts: list[tuple[str, str]], *, hostname: str, fqdn: str) -> Rdns:
    """The subject of a self-signed enrollment: ``subject-name`` (or the FQDN) and ``parts``."""
    rdns: Rdns = []
    if tp.subject_name:
        extra = list(parts)
        if extra:
            rdns.append(extra)
        rdns += parse_subject(tp.subject_name) or []
        return rdns
    host = tp.fqdn if tp.fqdn not in (None, "none") else fqdn
    avas = list(parts)
    if tp.fqdn != "none":
        avas.append(("hostname", host or fqdn))
    return [avas] if avas else [[("cn", hostname)]]


def validity(now: datetime, fixed_end: datetime | None) -> tuple[datetime, datetime] | None:
    """Start and end of a new self-signed certificate; None when the image cannot make one.

    >>> validity(datetime(2021, 5, 1), datetime(2020, 1, 1)) is None
    True
    """
    start = now.replace(microsecond=0)
    end = fixed_end if fixed_end is not None else add_years(start, 10)
    if end <= start:
        return None
    return start, end


def issue(
    tp: Trustpoint, key: KeyPair, rdns: Rdns, *, now: datetime, image: Image
) -> Certificate | None:
    """A self-signed certificate for ``tp`` (serial 01), or None past the image's end date."""
    span = validity(now, image.fixed_end)
    if span is None:
        return None
    alt = [tp.subject_alt_name] if tp.subject_alt_name else None
    return self_signed(
        key.key,
        rdns,
        not_before=span[0],
        not_after=span[1],
        hash_name=tp.hash or image.sig_hash,
        alt_names=alt,
        utf8=image.xe,
    )


def selfsigned_holder(
    trustpoints: Mapping[str, Trustpoint], other_than: str | None = None
) -> Trustpoint | None:
    """The trustpoint that holds the box's self-signed certificate (there should be one)."""
    for tp in trustpoints.values():
        if tp.selfsigned and tp.certificate is not None and tp.name != other_than:
            return tp
    return None


def key_of(keys: Mapping[str, KeyPair], tp: Trustpoint, fqdn: str) -> KeyPair | None:
    """The key pair of ``tp`` (its ``rsakeypair``, else the default key named by the FQDN)."""
    return keys.get(tp.key_label(fqdn))


def https_pair(
    trustpoints: Mapping[str, Trustpoint],
    secure_trustpoint: str | None,
    keys: Mapping[str, KeyPair],
    fqdn: str,
) -> tuple[Certificate, KeyPair] | None:
    """The certificate and key HTTPS serves (secure-trustpoint's, else the self-signed one)."""
    cands = []
    if secure_trustpoint and secure_trustpoint in trustpoints:
        cands.append(trustpoints[secure_trustpoint])
    holder = selfsigned_holder(trustpoints)
    if holder is not None:
        cands.append(holder)
    for tp in cands:
        key = key_of(keys, tp, fqdn)
        if tp.certificate is not None and key is not None:
            if tp.certificate.x509.public_key() == key.key.public_key():
                return tp.certificate, key
    return None
