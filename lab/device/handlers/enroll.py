"""``crypto pki enroll`` for ``enrollment selfsigned`` (spec 2.2, prompt-variants section 1)."""

from __future__ import annotations

import re
from collections.abc import Generator
from typing import TYPE_CHECKING

from lab.device.cli.out import Ask, Dialog, Out, yes_no
from lab.device.handlers.config_mode import canonical_interface
from lab.device.handlers.trustpoint import parse_subject
from lab.device.model.state import Trustpoint
from lab.device.pki import trustpoints as pki
from lab.protocol import Disconnect

if TYPE_CHECKING:
    from lab.device.cli.session import Session

Args = dict[str, str]
_IP = re.compile(r"^\d{1,3}(\.\d{1,3}){3}$")
EXTRA_QUESTION = (
    "% Proceed with self-signed enrollment despite the unsynchronized clock? [yes/no]: "
)


def h_enroll(s: Session, a: Args, out: Out) -> Dialog | None:
    tp = s.dev.state.config.trustpoints.get(a["name"])
    if tp is None:
        out.write(f"% Certificate Authority (trustpoint) {a['name']} is unknown\n")
        return None
    if not tp.selfsigned:
        out.write(
            "% You must authenticate the Certificate Authority before you can enroll with it.\n"
        )
        return None
    if s.dev.spec.faults.drop_during_enroll:
        return _drop_after_first_answer(_enroll(s, tp, out), out)
    return _enroll(s, tp, out)


def _drop_after_first_answer(dialog: Dialog, out: Out) -> Dialog:
    """The ``drop_during_enroll`` fault: the session dies once the first answer is typed."""
    try:
        ask = next(dialog)
    except StopIteration:
        return
    yield ask
    dialog.close()  # nothing was created: certificates and keys come at the end
    out.after(Disconnect())


def _confirm(s: Session, tp: Trustpoint, out: Out) -> Generator[Ask, str, bool]:
    """The replace questions; True when the enrollment may go on."""
    other = pki.selfsigned_holder(s.dev, other_than=tp.name)
    if other is not None:
        out.write("The router has already generated a Self Signed Certificate for\n")
        out.write(f"trustpoint {other.name}.\n")
        out.write("If you continue the existing trustpoint and Self Signed Certificate\n")
        out.write("will be deleted.\n\n")
        q = "Do you want to continue generating a new Self Signed Certificate? [yes/no]: "
        if not (yield from yes_no(q, out)):
            return False
    if tp.certificate is not None:
        out.write(
            f"Trustpoint {tp.name} has already enrolled and has a router cert issued to it.\n"
        )
        out.write(
            "If you successfully re-enroll this trustpoint,"
            "the existing certificate will be replaced.\n\n"
        )
        return (yield from yes_no("Do you want to continue with re-enrollment? [yes/no]: ", out))
    return True


def _subject_parts(
    s: Session, tp: Trustpoint, out: Out
) -> Generator[Ask, str, list[tuple[str, str]]]:
    """The serial / IP questions or statements: the subject attributes."""
    dev = s.dev
    parts: list[tuple[str, str]] = []
    if tp.fqdn == "none":
        out.write("% The fully-qualified domain name will not be included in the certificate\n")
    if tp.serial_number is None:
        q = "% Include the router serial number in the subject name? [yes/no]: "
        if (yield from yes_no(q, out)):
            parts.append(("serialNumber", dev.spec.serial))
    elif tp.serial_number == "":
        out.write(f"% The serial number in the certificate will be: {dev.spec.serial}\n")
        parts.append(("serialNumber", dev.spec.serial))
    if tp.ip_address is None:
        q = "% Include an IP address in the subject name? [no]: "
        if (yield from yes_no(q, out, default="no")):
            ip = yield from _ask_ip(s, out)
            parts.append(("ipaddress", ip))
    elif tp.ip_address != "none":
        ip = _resolve_ip(s, tp.ip_address) or tp.ip_address
        out.write(f"% The IP address in the certificate is {ip}\n\n")
        parts.append(("ipaddress", ip))
    return parts


def _resolve_ip(s: Session, text: str) -> str | None:
    text = text.strip()
    if _IP.match(text):
        return text
    name = canonical_interface(text)
    ifc = s.dev.state.config.interfaces.get(name or "")
    return ifc.ip if ifc is not None else None


def _ask_ip(s: Session, out: Out) -> Generator[Ask, str, str]:
    while True:
        answer = yield Ask("Enter Interface name or IP Address[]: ")
        ip = _resolve_ip(s, answer)
        if ip:
            return ip


def _enroll(s: Session, tp: Trustpoint, out: Out) -> Dialog:
    dev = s.dev
    if not (yield from _confirm(s, tp, out)):
        return
    parts = yield from _subject_parts(s, tp, out)
    if dev.spec.faults.extra_prompt:
        if not (yield from yes_no(EXTRA_QUESTION, out, strict=True)):
            return
    if not (yield from yes_no("Generate Self Signed Router Certificate? [yes/no]: ", out)):
        return
    create(s, tp, parts, out)


def subject_rdns(
    s: Session, tp: Trustpoint, parts: list[tuple[str, str]]
) -> list[list[tuple[str, str]]]:
    cfg = s.dev.state.config
    rdns: list[list[tuple[str, str]]] = []
    if tp.subject_name:
        extra = list(parts)
        if extra:
            rdns.append(extra)
        rdns += parse_subject(tp.subject_name) or []
        return rdns
    host = tp.fqdn if tp.fqdn not in (None, "none") else cfg.fqdn()
    avas = list(parts)
    if tp.fqdn != "none":
        avas.append(("hostname", host or cfg.fqdn()))
    return [avas] if avas else [[("cn", cfg.hostname)]]


def create(s: Session, tp: Trustpoint, parts: list[tuple[str, str]], out: Out) -> None:
    dev = s.dev
    label = tp.key_label(dev.state.config.fqdn())
    key = dev.state.keys.get(label)
    if key is None:
        size = tp.rsakeypair[1] if tp.rsakeypair and tp.rsakeypair[1] else dev.persona.autogen_bits
        key, _ = pki.add_key(dev, out, label, size)
        pki.log(dev, out, "CRYPTO-6-AUTOGEN", f"Generated new {size} bit key pair")
    cert = pki.issue(dev, tp, key, subject_rdns(s, tp, parts))
    if cert is None:
        out.write("% Failed to generate self-signed certificate.\n")
        return
    other = pki.selfsigned_holder(dev, other_than=tp.name)
    if other is not None:
        dev.state.config.trustpoints.pop(other.name, None)
    dev.install(tp, cert)
    out.write("\nRouter Self Signed Certificate successfully created\n")
    pki.log_save_reminder(dev, out)
