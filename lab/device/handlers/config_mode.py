"""Global configuration commands and the interface, line and certificate-chain sub-modes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lab.device.cli.out import Ask, Dialog, Out
from lab.device.model.state import Interface, Trustpoint
from lab.device.pki import trustpoints as pki
from lab.device.pki.certs import Certificate

if TYPE_CHECKING:
    from lab.device.cli.session import Session

Args = dict[str, str]


def h_hostname(s: Session, a: Args, out: Out) -> None:
    s.dev.state.config.hostname = "Router" if "no" in a else a["name"]
    s.dev.changed()


def h_domain(s: Session, a: Args, out: Out) -> None:
    s.dev.state.config.domain_name = None if "no" in a else a.get("name")
    s.dev.changed()


def h_ignore(s: Session, a: Args, out: Out) -> None:
    """Accepted and not modelled (``version``, ``service ...``, ``enable secret`` ...)."""


def h_extra(s: Session, a: Args, out: Out) -> None:
    """Kept in the configuration as typed (``ip ssh version 2``, ``logging ...``)."""
    line = " ".join(a["_line"].split())
    extra = s.dev.state.config.extra
    if line not in extra:
        extra.append(line)
        s.dev.changed()


def h_interface(s: Session, a: Args, out: Out) -> None:
    name = canonical_interface(a["name"], a.get("num", ""))
    ifs = s.dev.state.config.interfaces
    if name is None or (name not in ifs and not name.startswith("Loopback")):
        s.invalid_at(out, a["name"])
        return
    if name not in ifs:
        ifs[name] = Interface(name)
        s.dev.changed()
    s.mode, s.iface = "if", name


def canonical_interface(word: str, num: str = "") -> str | None:
    """``gi0/0``, ``GigabitEthernet 0/0``, ``lo0`` -> the interface name.

    >>> canonical_interface("gi0/0"), canonical_interface("gig", "0/1"), canonical_interface("x1")
    ('GigabitEthernet0/0', 'GigabitEthernet0/1', None)
    """
    text = (word + num).replace(" ", "")
    i = 0
    while i < len(text) and text[i].isalpha():
        i += 1
    kind, rest = text[:i].lower(), text[i:]
    if not kind or not rest:
        return None
    for full in ("GigabitEthernet", "Loopback"):
        if full.lower().startswith(kind):
            return full + rest
    return None


def h_if_ip(s: Session, a: Args, out: Out) -> None:
    ifc = s.dev.state.config.interfaces[s.iface or ""]
    if "no" in a:
        ifc.ip = ifc.mask = None
    else:
        ifc.ip, ifc.mask = a["ip"], a["mask"]
    s.dev.changed()


def h_if_shutdown(s: Session, a: Args, out: Out) -> None:
    s.dev.state.config.interfaces[s.iface or ""].shutdown = "no" not in a
    s.dev.changed()


def h_if_description(s: Session, a: Args, out: Out) -> None:
    s.dev.state.config.interfaces[s.iface or ""].description = a.get("text")
    s.dev.changed()


def h_line(s: Session, a: Args, out: Out) -> None:
    s.mode = "line"


def h_http_server(s: Session, a: Args, out: Out) -> None:
    s.dev.state.config.http_server = "no" not in a
    s.dev.changed()


def h_http_secure_server(s: Session, a: Args, out: Out) -> None:
    cfg = s.dev.state.config
    if "no" in a:
        cfg.http_secure_server = False
        s.dev.changed()
        return
    if not cfg.http_secure_server:
        cfg.http_secure_server = True
        s.dev.changed()
    pki.http_trustpoint(s.dev, out)


def h_http_secure_trustpoint(s: Session, a: Args, out: Out) -> None:
    s.dev.state.config.http_secure_trustpoint = None if "no" in a else a["name"]
    s.dev.changed()


def h_trustpoint(s: Session, a: Args, out: Out) -> None:
    tps = s.dev.state.config.trustpoints
    name = a["name"]
    if name not in tps:
        tps[name] = Trustpoint(name)
        s.dev.changed()
    s.mode, s.tp = "tp", name


def h_no_trustpoint(s: Session, a: Args, out: Out) -> Dialog | None:
    dev = s.dev
    tp = dev.state.config.trustpoints.get(a["name"])
    if tp is None:
        return None
    if tp.certificate is None or dev.loading:
        remove_trustpoint(s, tp.name)
        return None
    return _remove_dialog(s, tp.name, out)


def _remove_dialog(s: Session, name: str, out: Out) -> Dialog:
    out.write("% Removing an enrolled trustpoint will destroy all certificates\n")
    out.write("received from the related Certificate Authority.\n\n")
    while True:
        answer = (yield Ask("Are you sure you want to do this? [yes/no]: ")).strip().lower()
        if answer in ("yes", "y"):
            remove_trustpoint(s, name)
            out.write("% Be sure to ask the CA administrator to revoke your certificates.\n")
            return
        if answer in ("no", "n"):
            return
        out.write("% Please answer 'yes' or 'no'.\n")


def remove_trustpoint(s: Session, name: str) -> None:
    s.dev.state.config.trustpoints.pop(name, None)
    s.dev.changed()


def h_chain(s: Session, a: Args, out: Out) -> None:
    if a["name"] not in s.dev.state.config.trustpoints:
        out.write(f"% Trustpoint {a['name']} does not exist\n")
        return
    s.mode, s.tp = "chain", a["name"]


def h_no_chain(s: Session, a: Args, out: Out) -> None:
    tp = s.dev.state.config.trustpoints.get(a["name"])
    if tp is not None and tp.certificate is not None:
        tp.certificate = None
        s.dev.changed()


def h_chain_cert(s: Session, a: Args, out: Out) -> None:
    if not s.dev.loading:
        out.write("Enter the certificate in hexidecimal representation....\n")
        out.write('End with a blank line or the word "quit" on a line by itself\n')
    s.mode = "hex"
    s.hex_buf = []


def h_no_chain_cert(s: Session, a: Args, out: Out) -> None:
    tp = s.dev.state.config.trustpoints.get(s.tp or "")
    if tp is not None and tp.certificate is not None:
        tp.certificate = None
        s.dev.changed()


def hex_line(s: Session, line: str, out: Out) -> None:
    """A line of a certificate typed (or loaded) in hex; ``quit`` or a blank line ends it."""
    word = line.strip()
    if word and word.lower() != "quit":
        s.hex_buf.append(word.replace(" ", ""))
        return
    s.mode = "chain"
    tp = s.dev.state.config.trustpoints.get(s.tp or "")
    try:
        cert = Certificate(bytes.fromhex("".join(s.hex_buf)))
    except ValueError:
        out.write("% Error in parsing certificate\n")
        return
    if tp is not None:
        s.dev.install(tp, cert)
