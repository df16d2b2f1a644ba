"""CA enrollment by terminal: ``crypto pki authenticate``, ``enroll``, ``import``, ``export``.

The dialogs of ``docs/ios-behaviour.md`` section 3 and ``docs/prompts.md`` section 2, worded as
the transcripts print them: [IOSV-CA-NOTES] (IOSv 15.x: authenticate, enroll, import), [QYT]
(C8000V IOS XE 17: ``ip-address`` statements, PEM), [FN74135] (``enrollment terminal pem``).
A pasted certificate ends with a blank line or ``quit``; it is decoded and checked for real:
the router's certificate must carry the public key of the trustpoint's key pair and be signed by
the authenticated CA, else IOS refuses it. ``crypto pki enroll`` of a ``selfsigned`` trustpoint
is :mod:`lab.device.handlers.enroll`'s.
"""

from __future__ import annotations

from collections.abc import Generator

from lab.device.cli.context import Args, Context
from lab.device.cli.out import Ask, Dialog, Out, yes_no
from lab.device.cli.table import Command, Table
from lab.device.handlers import actions, enroll
from lab.device.handlers.common import CONFIG, CRYPTO, CRYPTO_PKI
from lab.device.pki import terminal
from lab.device.pki.certs import Certificate
from lab.device.pki.terminal import Request
from lab.device.pki.trustpoints import Rdns, Trustpoint, parse_subject

PASTE_END = 'End with a blank line or the word "quit" on a line by itself\n'
END_LINE = "---End - This line not part of the certificate request---"
UNKNOWN = "% Certificate Authority (trustpoint) {} is unknown\n"
NOT_AUTHENTICATED = (
    "% You must authenticate the Certificate Authority before you can enroll with it.\n"
)
IMPORT_NOT_AUTHENTICATED = (
    "% You must authenticate the Certificate Authority before you can import the router's "
    "certificate.\n"
)
RECEIVE_FAILED = (
    "% Error in receiving Certificate Authority certificate: status = FAIL, cert length = 0\n"
)
IMPORT_FAILED = "% Failed to parse or verify imported certificate\n"


def paste(out: Out) -> Generator[Ask, str, list[str]]:
    """Lines pasted until a blank line or ``quit`` (no prompt per line, as IOS)."""
    lines: list[str] = []
    while True:
        line = (yield Ask("")).strip()
        if not line or line.lower() == "quit":
            return lines
        lines.append(line)


# -- crypto pki authenticate ------------------------------------------------------------------
def h_authenticate(ctx: Context, a: Args, out: Out) -> Dialog | None:
    tp = ctx.state.config.trustpoints.get(a["name"])
    if tp is None:
        out.write(UNKNOWN.format(a["name"]))
        return None
    if tp.selfsigned:
        out.write(f"% Trustpoint {tp.name} is self-signed: there is no CA to authenticate.\n")
        return None
    if tp.ca_certificate is not None:
        out.write("% Please delete your existing CA certificate first.\n")
        out.write(
            "% You must use 'no crypto pki trustpoint <trustpoint-name>' to delete the CA "
            "certificate.\n"
        )
        return None
    if not tp.terminal:  # SCEP: no CA answers in the lab
        out.write(RECEIVE_FAILED)
        return None
    return _authenticate(ctx, tp, out)


def _authenticate(ctx: Context, tp: Trustpoint, out: Out) -> Dialog:
    out.write("\nEnter the base 64 encoded CA certificate.\n" + PASTE_END + "\n")
    cert = terminal.paste_certificate((yield from paste(out)))
    if cert is None:
        out.write(RECEIVE_FAILED)
        return
    out.write("Certificate has the following attributes:\n")
    out.write(f"       Fingerprint MD5: {cert.md5} \n      Fingerprint SHA1: {cert.sha1} \n\n")
    if not (yield from yes_no("% Do you accept this certificate? [yes/no]: ", out)):
        out.write("% Certificate not accepted.\n")
        return
    ctx.install(tp, cert, "ca")
    out.write("Trustpoint CA certificate accepted.\n% Certificate successfully imported\n\n")


# -- crypto pki enroll (a CA trustpoint) ------------------------------------------------------
def h_enroll(ctx: Context, a: Args, out: Out) -> Dialog | None:
    """``crypto pki enroll TP``: self-signed (:mod:`enroll`) or from a CA, by terminal."""
    tp = ctx.state.config.trustpoints.get(a["name"])
    if tp is None or tp.selfsigned:
        return enroll.h_enroll(ctx, a, out)
    if tp.ca_certificate is None or not tp.terminal:
        out.write(NOT_AUTHENTICATED)
        return None
    if ctx.spec.faults.drop_during_enroll:
        return enroll._drop_after_first_answer(_enroll(ctx, tp, out), out)
    return _enroll(ctx, tp, out)


def _subject_lines(ctx: Context, tp: Trustpoint, fqdn: str, out: Out) -> None:
    if ctx.persona.name == "ios12":  # the 12.3(14)T guide: one line
        out.write(f"% The subject name in the certificate will be: {tp.subject_name or fqdn}\n")
        return
    if tp.subject_name:
        out.write(f"% The subject name in the certificate will include: {tp.subject_name}\n")
    if tp.fqdn != "none":
        out.write(f"% The subject name in the certificate will include: {fqdn}\n")


def request_subject(tp: Trustpoint, parts: list[tuple[str, str]], fqdn: str) -> Rdns:
    """The subject IOS requests: serial, address and host name in one part, then the
    ``subject-name`` ([QYT]: ``ipaddress=...+hostname=...,cn=...,ou=...,o=...``)."""
    first = list(parts)
    if tp.fqdn != "none":
        first.append(("hostname", fqdn))
    rdns: Rdns = [first] if first else []
    if tp.subject_name:
        rdns += parse_subject(tp.subject_name) or []
    return rdns


def _enroll(ctx: Context, tp: Trustpoint, out: Out) -> Dialog:
    if tp.router_certificates():
        out.write(
            f"Trustpoint {tp.name} has already enrolled and has a router cert issued to it.\n"
            "If you successfully re-enroll this trustpoint,"
            "the existing certificate will be replaced.\n\n"
        )
        if not (yield from yes_no("Do you want to continue with re-enrollment? [yes/no]: ", out)):
            return
    key = actions.trustpoint_key(ctx, tp, out)
    trail = "" if ctx.persona.xe else " "
    out.write(f"% Start certificate enrollment ..{trail}\n\n")
    cfg = ctx.state.config
    fqdn = tp.fqdn if tp.fqdn not in (None, "none") else cfg.fqdn()
    _subject_lines(ctx, tp, fqdn, out)
    parts = yield from enroll._subject_parts(ctx, tp, out)
    rdns = request_subject(tp, parts, fqdn)
    ips = [v for k, v in parts if k == "ipaddress"]
    alt = [tp.subject_alt_name] if tp.subject_alt_name else None
    pairs = [("General Purpose", key)]
    if key.encryption is not None:
        pairs = [("Signature", key), ("Encryption", key.encryption)]
    tp.requests = [
        Request(
            usage,
            terminal.request_der(
                pair.key, rdns, hash_name=tp.hash or "sha1", alt_names=alt, ips=ips
            ),
            rdns,
            ctx.clock.now(),
        )
        for usage, pair in pairs
    ]
    if not (yield from yes_no("Display Certificate Request to terminal? [yes/no]: ", out)):
        return
    while True:
        out.write(request_text(tp))
        if not (yield from yes_no("Redisplay enrollment request? [yes/no]: ", out)):
            return


def request_text(tp: Trustpoint) -> str:
    """``Certificate Request follows:`` and the request(s), base 64 or PEM."""
    text = ""
    pem = (tp.enrollment or "").endswith("pem")
    for req in tp.requests:
        if len(tp.requests) > 1:
            text += f"{req.usage} key certificate request -\n"
        body = (
            terminal.pem_lines(req.der, "CERTIFICATE REQUEST")
            if pem
            else terminal.base64_lines(req.der)
        )
        text += "Certificate Request follows:\n\n" + "\n".join(body) + f"\n\n{END_LINE}\n\n"
    return text


# -- crypto pki import TP certificate ---------------------------------------------------------
def h_import(ctx: Context, a: Args, out: Out) -> Dialog | None:
    tp = ctx.state.config.trustpoints.get(a["name"])
    if tp is None:
        out.write(UNKNOWN.format(a["name"]))
        return None
    if tp.ca_certificate is None:
        out.write(IMPORT_NOT_AUTHENTICATED)
        return None
    return _import(ctx, tp, out)


def _import(ctx: Context, tp: Trustpoint, out: Out) -> Dialog:
    if tp.ip_address not in (None, "none"):
        ip = enroll._resolve_ip(ctx, tp.ip_address or "") or tp.ip_address
        out.write(f"% The IP address in the certificate is {ip}\n\n")
    out.write("\nEnter the base 64 encoded certificate.\n" + PASTE_END + "\n")
    cert = terminal.paste_certificate((yield from paste(out)))
    if cert is None:
        out.write(IMPORT_FAILED)
        return
    role = _role_of(ctx, tp, cert)
    if role is None:
        out.write(f"% The certificate does not match the key pair of trustpoint {tp.name}.\n")
        out.write(IMPORT_FAILED)
        return
    assert tp.ca_certificate is not None
    if not terminal.signed_by(cert, tp.ca_certificate):
        out.write(f"% The certificate was not issued by the CA of trustpoint {tp.name}.\n")
        out.write(IMPORT_FAILED)
        return
    ctx.install(tp, cert, role)
    usage = {"router": ("General Purpose", "Signature"), "encryption": ("Encryption",)}[role]
    tp.requests = [r for r in tp.requests if r.usage not in usage]
    out.write("% Router Certificate successfully imported\n\n")


def _role_of(ctx: Context, tp: Trustpoint, cert: Certificate) -> str | None:
    """Which of the trustpoint's keys the certificate is for: ``router``, ``encryption``."""
    key = ctx.state.keys.get(tp.key_label(ctx.state.config.fqdn()))
    if key is None:
        return None
    if terminal.same_key(cert, key.key):
        return "router"
    if key.encryption is not None and terminal.same_key(cert, key.encryption.key):
        return "encryption"
    return None


# -- crypto pki export TP pem terminal --------------------------------------------------------
def export_text(tp: Trustpoint) -> str | None:
    """The PEM blocks of ``crypto pki export TP pem terminal``; None when there is nothing.

    Headings as IOS writes them: ``% Self-signed CA certificate:``, ``% CA certificate:``,
    ``% General Purpose Certificate:`` ([CVP], [IOSV-CA-NOTES])."""
    blocks: list[tuple[str, Certificate]] = []
    routers = tp.router_certificates()
    if tp.selfsigned and tp.certificate is not None:
        blocks = [("Self-signed CA certificate", tp.certificate)]
        blocks.append(("General Purpose Certificate", tp.certificate))
    elif routers:
        if tp.ca_certificate is not None:
            blocks.append(("CA certificate", tp.ca_certificate))
        if tp.encryption_certificate is not None and tp.certificate is not None:
            blocks.append(("Signature Certificate", tp.certificate))
            blocks.append(("Encryption Certificate", tp.encryption_certificate))
        else:
            blocks += [("General Purpose Certificate", c) for c in routers]
    if not blocks:
        return None
    return "\n".join(f"% {what}:\n{c.pem.decode().rstrip()}\n" for what, c in blocks)


def h_export(ctx: Context, a: Args, out: Out) -> None:
    tp = ctx.state.config.trustpoints.get(a["name"])
    if tp is None:
        out.write(UNKNOWN.format(a["name"]))
        return
    text = export_text(tp)
    if text is not None:
        out.write(text + "\n")
        return
    out.write(f"% The specified trustpoint is not enrolled ({tp.name}).\n")
    if tp.ca_certificate is not None:  # [IOSV-CA-NOTES]: only the CA certificate
        out.write("% Only export the CA certificate in PEM format.\n")
        out.write(f"% CA certificate:\n{tp.ca_certificate.pem.decode()}\n")


TABLE = Table(
    {
        "crypto": CRYPTO,
        "crypto pki": CRYPTO_PKI,
        "crypto pki enroll": "Request a certificate from a CA",
        "crypto pki enroll <name:WORD>": "Trustpoint name",
        "crypto pki authenticate": "Get the CA certificate",
        "crypto pki authenticate <name:WORD>": "Trustpoint name",
        "crypto pki import": "Import certificates or keys",
        "crypto pki import <name:WORD>": "Trustpoint name",
        "crypto pki import <name:WORD> certificate": "Import a certificate from the terminal",
        "crypto pki export": "Export certificates or keys",
        "crypto pki export <name:WORD>": "Trustpoint name",
        "crypto pki export <name:WORD> pem": "File format is PEM",
        "crypto pki export <name:WORD> pem terminal": "Export to the terminal",
    },
    (
        Command(CONFIG, "crypto pki enroll <name:WORD>", h_enroll, crypto=True),
        Command(CONFIG, "crypto pki authenticate <name:WORD>", h_authenticate, crypto=True),
        Command(CONFIG, "crypto pki import <name:WORD> certificate", h_import, crypto=True),
        Command(CONFIG, "crypto pki export <name:WORD> pem terminal", h_export, crypto=True),
    ),
)
