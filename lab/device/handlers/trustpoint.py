"""The ``(ca-trustpoint)#`` sub-commands of spec 2.1, each with its ``no`` form."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from lab.device.cli.out import Out
from lab.device.model.state import Trustpoint
from lab.device.pki.certs import known_attribute

if TYPE_CHECKING:
    from lab.device.cli.session import Session

Args = dict[str, str]
_RDN_RE = re.compile(r"^\s*([A-Za-z][A-Za-z0-9-]*)\s*=\s*(.+?)\s*$")


def _tp(s: Session) -> Trustpoint:
    return s.dev.state.config.trustpoints[s.tp or ""]


def parse_subject(text: str) -> list[list[tuple[str, str]]] | None:
    """An X.500 name as IOS takes it (``cn=R1, o=Lab``), most specific first; None if invalid.

    >>> parse_subject("CN=r1.lab, O=Lab")
    [[('CN', 'r1.lab')], [('O', 'Lab')]]
    >>> parse_subject("1.2.3.4") is None
    True
    """
    rdns: list[list[tuple[str, str]]] = []
    for part in re.split(r"(?<!\\),", text):
        avas: list[tuple[str, str]] = []
        for ava in part.split("+"):
            m = _RDN_RE.match(ava)
            if not m or not known_attribute(m.group(1)):
                return None
            avas.append((m.group(1), m.group(2)))
        rdns.append(avas)
    return rdns or None


def h_enrollment(s: Session, a: Args, out: Out) -> None:
    tp = _tp(s)
    if "no" in a:
        tp.enrollment = None
    elif "url" in a:
        tp.enrollment = f"url {a['url']}"
    else:
        tp.enrollment = a["how"]
    s.dev.changed()


def h_subject_name(s: Session, a: Args, out: Out) -> None:
    tp = _tp(s)
    if "no" in a:
        tp.subject_name = None
    elif "name" not in a:  # bare `subject-name`: the FQDN, the default subject
        tp.subject_name = ""
    else:
        text = a["name"]
        if parse_subject(text) is None:
            out.write(f'"{text}" is not a valid subject name\n')
            out.write("The subject name must be in X.500 (LDAP) format\n")
            return
        tp.subject_name = text
    s.dev.changed()


def h_subject_alt_name(s: Session, a: Args, out: Out) -> None:
    _tp(s).subject_alt_name = None if "no" in a else a["name"]
    s.dev.changed()


def h_rsakeypair(s: Session, a: Args, out: Out) -> None:
    tp = _tp(s)
    if "no" in a:
        tp.rsakeypair = None
    else:
        size = int(a["size"]) if "size" in a else None
        enc = int(a["enc"]) if "enc" in a else None
        tp.rsakeypair = (a["label"], size, enc)
    s.dev.changed()


def h_serial(s: Session, a: Args, out: Out) -> None:
    _tp(s).serial_number = None if "no" in a else ("none" if "none" in a else "")
    s.dev.changed()


def h_ip_address(s: Session, a: Args, out: Out) -> None:
    tp = _tp(s)
    if "no" in a:
        tp.ip_address = None
    elif "none" in a:
        tp.ip_address = "none"
    else:
        tp.ip_address = a.get("ip") or a["iface"]
    s.dev.changed()


def h_fqdn(s: Session, a: Args, out: Out) -> None:
    tp = _tp(s)
    tp.fqdn = None if "no" in a else ("none" if "none" in a else a["name"])
    s.dev.changed()


def h_revocation(s: Session, a: Args, out: Out) -> None:
    _tp(s).revocation_check = None if "no" in a else a["how"]
    s.dev.changed()


def h_hash(s: Session, a: Args, out: Out) -> None:
    _tp(s).hash = None if "no" in a else a["algo"]
    s.dev.changed()


def register(t: object) -> None:
    """Add the sub-commands to the trustpoint tree ``t``."""
    from lab.device.cli.cmdtree import CommandTree

    assert isinstance(t, CommandTree)
    for how in ("selfsigned", "terminal"):
        t.add(f"enrollment {how}", h_enrollment, how=how)
        t.add(f"no enrollment {how}", h_enrollment, no="1")
    t.add("enrollment url <url:WORD>", h_enrollment, url="1")
    t.add("no enrollment url <url:WORD>", h_enrollment, no="1")
    t.add("no enrollment", h_enrollment, no="1")
    t.add("subject-name", h_subject_name)
    t.add("subject-name <name:LINE>", h_subject_name)
    t.add("no subject-name", h_subject_name, no="1")
    t.add("no subject-name <name:LINE>", h_subject_name, no="1")
    t.add("subject-alt-name <name:LINE>", h_subject_alt_name)
    t.add("no subject-alt-name", h_subject_alt_name, no="1")
    t.add("no subject-alt-name <name:LINE>", h_subject_alt_name, no="1")
    t.add("rsakeypair <label:WORD>", h_rsakeypair)
    t.add("rsakeypair <label:WORD> <size:INT:360-4096>", h_rsakeypair)
    t.add("rsakeypair <label:WORD> <size:INT:360-4096> <enc:INT:360-4096>", h_rsakeypair)
    t.add("no rsakeypair", h_rsakeypair, no="1")
    t.add("no rsakeypair <rest:LINE>", h_rsakeypair, no="1")
    t.add("serial-number", h_serial)
    t.add("serial-number none", h_serial, none="1")
    t.add("no serial-number", h_serial, no="1")
    t.add("no serial-number none", h_serial, no="1")
    t.add("ip-address none", h_ip_address, none="1")
    t.add("ip-address <ip:IP>", h_ip_address)
    t.add("ip-address <iface:WORD>", h_ip_address)
    t.add("no ip-address", h_ip_address, no="1")
    t.add("no ip-address <rest:LINE>", h_ip_address, no="1")
    t.add("fqdn none", h_fqdn, none="1")
    t.add("fqdn <name:WORD>", h_fqdn)
    t.add("no fqdn", h_fqdn, no="1")
    t.add("no fqdn <rest:LINE>", h_fqdn, no="1")
    for how in ("none", "crl", "ocsp"):
        t.add(f"revocation-check {how}", h_revocation, how=how)
    t.add("no revocation-check", h_revocation, no="1")
    t.add("no revocation-check <rest:LINE>", h_revocation, no="1")
    for algo in ("md5", "sha1", "sha256", "sha384", "sha512"):
        t.add(f"hash {algo}", h_hash, algo=algo)
    t.add("no hash", h_hash, no="1")
    t.add("no hash <rest:LINE>", h_hash, no="1")
