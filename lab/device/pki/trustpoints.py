"""Trustpoints: the record, and the logic on it (names, subjects, which key and certificate).

Pure functions of the records and values they are given (no output, no device, no ``model``).
What an image decides (signature hash, validity) comes as an :class:`Image` (a personality).
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from lab.device.pki.certs import Certificate, add_years, encodable, known_attribute, self_signed
from lab.device.pki.rsakeys import KeyPair
from lab.device.pki.terminal import Request

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
    certificate: Certificate | None = None  # self-signed, or the router's (signature) one
    persistent: bool = False  # made by the HTTPS server (TP-self-signed-N)
    # CA enrollment (docs/ios-behaviour.md section 3): the authenticated CA, the encryption
    # certificate of special-usage keys, the requests printed by `crypto pki enroll` (not saved)
    ca_certificate: Certificate | None = None
    encryption_certificate: Certificate | None = None
    requests: list[Request] = field(default_factory=list)
    # the other sub-commands of the feature guide's list (stored, rendered, not acted upon)
    crl_query: str | None = None
    http_proxy: str | None = None  # "HOST PORT"
    match_certificate: str | None = None
    primary: bool = False
    root: str | None = None  # "tftp SERVER FILE"
    auto_enroll: str | None = None  # "" | "PERCENT" | "[PERCENT ]regenerate"

    @property
    def selfsigned(self) -> bool:
        return self.enrollment == "selfsigned"

    @property
    def terminal(self) -> bool:
        """``enrollment terminal [pem]``: cut-and-paste enrollment."""
        return (self.enrollment or "").startswith("terminal")

    def router_certificates(self) -> list[Certificate]:
        """The router's certificates (not the CA's): one, or two with special-usage keys."""
        return [c for c in (self.certificate, self.encryption_certificate) if c is not None]

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

    Every attribute of ``docs/ios-behaviour.md`` section 2.1 (``cn``, ``o``, ``ou``, ``l``,
    ``st``, ``c``, ``e``, ``serialNumber``), any case; a name a certificate cannot carry (an
    unknown attribute, a non-ASCII e-mail address) is refused like a name that is not X.500.

    >>> parse_subject("CN=r1.lab, O=Lab")
    [[('CN', 'r1.lab')], [('O', 'Lab')]]
    >>> parse_subject("cn=r1,o=Example,c=US")
    [[('cn', 'r1')], [('o', 'Example')], [('c', 'US')]]
    >>> parse_subject("1.2.3.4") is None, parse_subject("cn=r1,x=y") is None
    (True, True)
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
    return rdns if rdns and encodable(rdns) else None


def subject_rdns(tp: Trustpoint, parts: list[tuple[str, str]], *, hostname: str, fqdn: str) -> Rdns:
    """The subject of a self-signed enrollment, most specific first: one multi-valued part of
    the answers (``parts``: serial number, IP address) and ``hostname=<fqdn>`` (unless
    ``fqdn none``), then the ``subject-name``: IOS 15.x shows ``hostname=Router.domain`` above
    ``cn=myvpn`` (``docs/ios-behaviour.md`` section 2.2, item 6).

    >>> tp = Trustpoint("TP", subject_name="cn=r1,c=US")
    >>> subject_rdns(tp, [("serialNumber", "X1")], hostname="R1", fqdn="R1.lab")
    [[('serialNumber', 'X1'), ('hostname', 'R1.lab')], [('cn', 'r1')], [('c', 'US')]]
    """
    avas = list(parts)
    if tp.fqdn != "none":
        avas.append(("hostname", tp.fqdn if tp.fqdn is not None else fqdn))
    named = parse_subject(tp.subject_name) if tp.subject_name else None
    if named:
        return ([avas] if avas else []) + named
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


def chain_of(trustpoints: Mapping[str, Trustpoint], cert: Certificate) -> list[Certificate]:
    """``cert`` and the CA certificate of the trustpoint that holds it (the chain HTTPS sends)."""
    for tp in trustpoints.values():
        if tp.certificate is cert and tp.ca_certificate is not None and not tp.selfsigned:
            return [cert, tp.ca_certificate]
    return [cert]


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
