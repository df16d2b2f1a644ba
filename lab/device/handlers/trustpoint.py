"""The ``(ca-trustpoint)#`` sub-commands, each with its ``no`` form.

As ``docs/ios-behaviour.md`` section 2.1 describes them.
"""

from __future__ import annotations

from lab.device.cli.context import Args, Context
from lab.device.cli.out import Out
from lab.device.cli.table import Command, Table
from lab.device.handlers.common import NO, TP
from lab.device.pki.trustpoints import Trustpoint, parse_subject


def _tp(ctx: Context) -> Trustpoint:
    return ctx.state.config.trustpoints[ctx.tp or ""]


def h_enrollment(ctx: Context, a: Args, out: Out) -> None:
    tp = _tp(ctx)
    if "no" not in a and a.get("how", "").startswith("terminal"):
        if ctx.spec.faults.no_enrollment_terminal:  # an image without cut-and-paste enrollment
            ctx.invalid_at(out, "terminal")
            return
    if "no" in a:
        tp.enrollment = None
    elif "url" in a:
        tp.enrollment = f"url {a['url']}"
    else:
        tp.enrollment = a["how"]
    ctx.changed()


def h_subject_name(ctx: Context, a: Args, out: Out) -> None:
    tp = _tp(ctx)
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
    ctx.changed()


def h_subject_alt_name(ctx: Context, a: Args, out: Out) -> None:
    _tp(ctx).subject_alt_name = None if "no" in a else a["name"]
    ctx.changed()


def h_rsakeypair(ctx: Context, a: Args, out: Out) -> None:
    tp = _tp(ctx)
    if "no" in a:
        tp.rsakeypair = None
    else:
        size = int(a["size"]) if "size" in a else None
        enc = int(a["enc"]) if "enc" in a else None
        tp.rsakeypair = (a["label"], size, enc)
    ctx.changed()


def h_serial(ctx: Context, a: Args, out: Out) -> None:
    _tp(ctx).serial_number = None if "no" in a else ("none" if "none" in a else "")
    ctx.changed()


def h_ip_address(ctx: Context, a: Args, out: Out) -> None:
    tp = _tp(ctx)
    if "no" in a:
        tp.ip_address = None
    elif "none" in a:
        tp.ip_address = "none"
    else:
        tp.ip_address = a.get("ip") or a["iface"]
    ctx.changed()


def h_fqdn(ctx: Context, a: Args, out: Out) -> None:
    tp = _tp(ctx)
    tp.fqdn = None if "no" in a else ("none" if "none" in a else a["name"])
    ctx.changed()


def h_revocation(ctx: Context, a: Args, out: Out) -> None:
    _tp(ctx).revocation_check = None if "no" in a else a["how"]
    ctx.changed()


def h_hash(ctx: Context, a: Args, out: Out) -> None:
    _tp(ctx).hash = None if "no" in a else a["algo"]
    ctx.changed()


HELP = {
    "no": NO,
    "enrollment": "Enrollment parameters",
    "enrollment selfsigned": "Self Signed Certificate",
    "enrollment terminal": "Enroll via the terminal (cut-and-paste)",
    "enrollment terminal pem": "Use PEM encapsulation for the certificate request",
    "enrollment url": "Enrollment URL",
    "enrollment url <url:WORD>": "URL of the enrollment server",
    "subject-name": "Subject Name",
    "subject-name <name:LINE>": "subject name (X.500 format)",
    "subject-alt-name": "Subject Alternative Name",
    "subject-alt-name <name:LINE>": "subject alternative name",
    "rsakeypair": "Specify rsakeypair",
    "rsakeypair <label:WORD>": "RSA keypair label",
    "rsakeypair <label:WORD> <size:INT:360-4096>": "Key size (the signature key of special usage)",
    "rsakeypair <label:WORD> <size:INT:360-4096> <enc:INT:360-4096>": "Encryption key size",
    "serial-number": "Request serial number in the certificate",
    "serial-number none": "Do not include serial number",
    "ip-address": "Include the IP address in the certificate",
    "ip-address none": "Do not include IP address",
    "ip-address <ip:IP>": "IP address",
    "ip-address <iface:WORD>": "Interface name",
    "fqdn": "Fully Qualified Domain Name",
    "fqdn none": "Do not include FQDN",
    "fqdn <name:WORD>": "Fully Qualified Domain Name",
    "revocation-check": "Revocation checking options",
    "revocation-check none": "Ignore revocation check",
    "revocation-check crl": "Revocation check by CRL",
    "revocation-check ocsp": "Revocation check by OCSP",
    "hash": "Hash algorithm",
    "md5": "use md5 hash algorithm",
    "sha1": "use sha1 hash algorithm",
    "sha256": "use sha256 hash algorithm",
    "sha384": "use sha384 hash algorithm",
    "sha512": "use sha512 hash algorithm",
    "<rest:LINE>": "The rest of the command",
}
NO_FORM = {"no": "1"}
SAN = ("ios15", "iosxe17")  # the releases with `subject-alt-name`
TABLE = Table(
    HELP,
    (
        *(
            Command(TP, f"enrollment {how}", h_enrollment, static={"how": how})
            for how in ("selfsigned", "terminal", "terminal pem")
        ),
        *(
            Command(TP, f"no enrollment {how}", h_enrollment, static=NO_FORM)
            for how in ("selfsigned", "terminal", "terminal pem")
        ),
        Command(TP, "enrollment url <url:WORD>", h_enrollment, static={"url": "1"}),
        Command(TP, "no enrollment url <url:WORD>", h_enrollment, static=NO_FORM),
        Command(TP, "no enrollment", h_enrollment, static=NO_FORM),
        Command(TP, "subject-name", h_subject_name),
        Command(TP, "subject-name <name:LINE>", h_subject_name),
        Command(TP, "no subject-name", h_subject_name, static=NO_FORM),
        Command(TP, "no subject-name <name:LINE>", h_subject_name, static=NO_FORM),
        # later releases only (docs/ios-behaviour.md sections 2.1, 8): not on 12.3(14)T
        Command(TP, "subject-alt-name <name:LINE>", h_subject_alt_name, personalities=SAN),
        Command(TP, "no subject-alt-name", h_subject_alt_name, static=NO_FORM, personalities=SAN),
        Command(
            TP,
            "no subject-alt-name <name:LINE>",
            h_subject_alt_name,
            static=NO_FORM,
            personalities=SAN,
        ),
        Command(TP, "rsakeypair <label:WORD>", h_rsakeypair),
        Command(TP, "rsakeypair <label:WORD> <size:INT:360-4096>", h_rsakeypair),
        Command(TP, "rsakeypair <label:WORD> <size:INT:360-4096> <enc:INT:360-4096>", h_rsakeypair),
        Command(TP, "no rsakeypair", h_rsakeypair, static=NO_FORM),
        Command(TP, "no rsakeypair <rest:LINE>", h_rsakeypair, static=NO_FORM),
        Command(TP, "serial-number", h_serial),
        Command(TP, "serial-number none", h_serial, static={"none": "1"}),
        Command(TP, "no serial-number", h_serial, static=NO_FORM),
        Command(TP, "no serial-number none", h_serial, static=NO_FORM),
        Command(TP, "ip-address none", h_ip_address, static={"none": "1"}),
        Command(TP, "ip-address <ip:IP>", h_ip_address),
        Command(TP, "ip-address <iface:WORD>", h_ip_address),
        Command(TP, "no ip-address", h_ip_address, static=NO_FORM),
        Command(TP, "no ip-address <rest:LINE>", h_ip_address, static=NO_FORM),
        Command(TP, "fqdn none", h_fqdn, static={"none": "1"}),
        Command(TP, "fqdn <name:WORD>", h_fqdn),
        Command(TP, "no fqdn", h_fqdn, static=NO_FORM),
        Command(TP, "no fqdn <rest:LINE>", h_fqdn, static=NO_FORM),
        *(
            Command(TP, f"revocation-check {how}", h_revocation, static={"how": how})
            for how in ("none", "crl", "ocsp")
        ),
        Command(TP, "no revocation-check", h_revocation, static=NO_FORM),
        Command(TP, "no revocation-check <rest:LINE>", h_revocation, static=NO_FORM),
        *(
            Command(TP, f"hash {algo}", h_hash, static={"algo": algo})
            for algo in ("md5", "sha1", "sha256", "sha384", "sha512")
        ),
        Command(TP, "no hash", h_hash, static=NO_FORM),
        Command(TP, "no hash <rest:LINE>", h_hash, static=NO_FORM),
    ),
)
