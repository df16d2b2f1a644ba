"""``crypto pki enroll`` for ``enrollment selfsigned`` (``docs/ios-behaviour.md`` section 2.2,
``docs/prompts.md`` section 1).

The trustpoint's key pair, when it does not exist yet, is generated first, before any question
(the feature guide's console shows ``%SSH-5-ENABLED`` and ``%CRYPTO-6-AUTOGEN`` before the first
question): a slow key generation delays the questions, and the key stays even when the dialog is
answered ``no`` or the session drops. The certificate is made after the last answer.
"""

from __future__ import annotations

import re
from collections.abc import Generator

from lab.device.cli.context import Args, Context
from lab.device.cli.out import Ask, Dialog, Out, yes_no
from lab.device.cli.table import Table
from lab.device.handlers import actions
from lab.device.handlers.interface import canonical_interface
from lab.device.pki import trustpoints
from lab.device.pki.trustpoints import Trustpoint
from lab.protocol import Disconnect

_IP = re.compile(r"^\d{1,3}(\.\d{1,3}){3}$")
EXTRA_QUESTION = (
    "% Proceed with self-signed enrollment despite the unsynchronized clock? [yes/no]: "
)


def h_enroll(ctx: Context, a: Args, out: Out) -> Dialog | None:
    tp = ctx.state.config.trustpoints.get(a["name"])
    if tp is None:
        out.write(f"% Certificate Authority (trustpoint) {a['name']} is unknown\n")
        return None
    if not tp.selfsigned:
        out.write(
            "% You must authenticate the Certificate Authority before you can enroll with it.\n"
        )
        return None
    if ctx.spec.faults.drop_during_enroll:
        return _drop_after_first_answer(_enroll(ctx, tp, out), out)
    return _enroll(ctx, tp, out)


def _drop_after_first_answer(dialog: Dialog, out: Out) -> Dialog:
    """The ``drop_during_enroll`` fault: the session dies once the first answer is typed."""
    try:
        ask = next(dialog)
    except StopIteration:
        return
    yield ask
    dialog.close()  # no certificate was made (it comes at the end); a new key stays
    out.after(Disconnect())


def _confirm(ctx: Context, tp: Trustpoint, out: Out) -> Generator[Ask, str, bool]:
    """The replace questions; True when the enrollment may go on."""
    other = trustpoints.selfsigned_holder(ctx.state.config.trustpoints, other_than=tp.name)
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
    ctx: Context, tp: Trustpoint, out: Out
) -> Generator[Ask, str, list[tuple[str, str]]]:
    """The serial / IP questions or statements: the subject attributes."""
    serial = ctx.spec.serial
    parts: list[tuple[str, str]] = []
    if tp.fqdn == "none":
        out.write("% The fully-qualified domain name will not be included in the certificate\n")
    if tp.serial_number is None:
        q = "% Include the router serial number in the subject name? [yes/no]: "
        if (yield from yes_no(q, out)):
            parts.append(("serialNumber", serial))
    elif tp.serial_number == "":
        out.write(f"% The serial number in the certificate will be: {serial}\n")
        parts.append(("serialNumber", serial))
    if tp.ip_address is None:
        q = "% Include an IP address in the subject name? [no]: "
        if (yield from yes_no(q, out, default="no")):
            ip = yield from _ask_ip(ctx, out)
            parts.append(("ipaddress", ip))
    elif tp.ip_address != "none":
        ip = _resolve_ip(ctx, tp.ip_address) or tp.ip_address
        out.write(f"% The IP address in the certificate is {ip}\n\n")
        parts.append(("ipaddress", ip))
    return parts


def _resolve_ip(ctx: Context, text: str) -> str | None:
    text = text.strip()
    if _IP.match(text):
        return text
    name = canonical_interface(text)
    ifc = ctx.state.config.interfaces.get(name or "")
    return ifc.ip if ifc is not None else None


def _ask_ip(ctx: Context, out: Out) -> Generator[Ask, str, str]:
    while True:
        answer = yield Ask("Enter Interface name or IP Address[]: ")
        ip = _resolve_ip(ctx, answer)
        if ip:
            return ip


def _enroll(ctx: Context, tp: Trustpoint, out: Out) -> Dialog:
    actions.trustpoint_key(ctx, tp, out)  # before any question (docs/ios-behaviour.md 2.2)
    if not (yield from _confirm(ctx, tp, out)):
        return
    parts = yield from _subject_parts(ctx, tp, out)
    if ctx.spec.faults.extra_prompt:
        if not (yield from yes_no(EXTRA_QUESTION, out, strict=True)):
            return
    if not (yield from yes_no("Generate Self Signed Router Certificate? [yes/no]: ", out)):
        return
    create(ctx, tp, parts, out)


def create(ctx: Context, tp: Trustpoint, parts: list[tuple[str, str]], out: Out) -> None:
    """The certificate, signed by the trustpoint's key (made again if another session removed
    it meanwhile); the other self-signed trustpoint goes.

    No save reminder follows: no published transcript of a self-signed enrollment shows one
    (``docs/ios-behaviour.md`` section 2.2, item 8)."""
    cfg = ctx.state.config
    key = actions.trustpoint_key(ctx, tp, out)  # general purpose, or special-usage keys
    rdns = trustpoints.subject_rdns(tp, parts, hostname=cfg.hostname, fqdn=cfg.fqdn())
    cert = trustpoints.issue(tp, key, rdns, now=ctx.clock.now(), image=ctx.persona)
    if cert is None:
        out.write("% Failed to generate self-signed certificate.\n")
        return
    other = trustpoints.selfsigned_holder(cfg.trustpoints, other_than=tp.name)
    if other is not None:
        cfg.trustpoints.pop(other.name, None)
    ctx.install(tp, cert)
    out.write("\nRouter Self Signed Certificate successfully created\n")


# `crypto pki enroll` is registered by `ca_enroll`, which hands self-signed trustpoints to
# `h_enroll` (a CA trustpoint's request is printed there).
TABLE = Table({}, ())
