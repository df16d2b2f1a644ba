"""``crypto pki trustpoint`` and ``crypto pki certificate chain`` in global configuration, the
``(config-cert-chain)#`` sub-mode and the certificate typed (or loaded at boot) in hex."""

from __future__ import annotations

from lab.device.cli.context import Args, Context
from lab.device.cli.out import Ask, Dialog, Out
from lab.device.cli.table import Command, Table
from lab.device.handlers.common import CHAIN, CONFIG, CRYPTO, CRYPTO_PKI, NO
from lab.device.pki.certs import Certificate
from lab.device.pki.trustpoints import Trustpoint


def h_trustpoint(ctx: Context, a: Args, out: Out) -> None:
    tps = ctx.state.config.trustpoints
    name = a["name"]
    if name not in tps:
        tps[name] = Trustpoint(name)
        ctx.changed()
    ctx.mode, ctx.tp = "tp", name


def h_no_trustpoint(ctx: Context, a: Args, out: Out) -> Dialog | None:
    tp = ctx.state.config.trustpoints.get(a["name"])
    if tp is None:
        return None
    if tp.certificate is None or ctx.loading:
        remove_trustpoint(ctx, tp.name)
        return None
    return _remove_dialog(ctx, tp.name, out)


def _remove_dialog(ctx: Context, name: str, out: Out) -> Dialog:
    out.write("% Removing an enrolled trustpoint will destroy all certificates\n")
    out.write("received from the related Certificate Authority.\n\n")
    while True:
        answer = (yield Ask("Are you sure you want to do this? [yes/no]: ")).strip().lower()
        if answer in ("yes", "y"):
            remove_trustpoint(ctx, name)
            out.write("% Be sure to ask the CA administrator to revoke your certificates.\n")
            return
        if answer in ("no", "n"):
            return
        out.write("% Please answer 'yes' or 'no'.\n")


def remove_trustpoint(ctx: Context, name: str) -> None:
    ctx.state.config.trustpoints.pop(name, None)
    ctx.changed()


def h_chain(ctx: Context, a: Args, out: Out) -> None:
    if a["name"] not in ctx.state.config.trustpoints:
        out.write(f"% Trustpoint {a['name']} does not exist\n")
        return
    ctx.mode, ctx.tp = "chain", a["name"]


def h_no_chain(ctx: Context, a: Args, out: Out) -> None:
    tp = ctx.state.config.trustpoints.get(a["name"])
    if tp is not None and (tp.certificate or tp.ca_certificate or tp.encryption_certificate):
        tp.certificate = tp.ca_certificate = tp.encryption_certificate = None
        ctx.changed()


def h_chain_cert(ctx: Context, a: Args, out: Out) -> None:
    if not ctx.loading:
        out.write("Enter the certificate in hexidecimal representation....\n")
        out.write('End with a blank line or the word "quit" on a line by itself\n')
    ctx.mode = "hex"
    ctx.hex_buf = []
    ctx.hex_role = a.get("role", "router")


def h_no_chain_cert(ctx: Context, a: Args, out: Out) -> None:
    """``no certificate [ca|self-signed] SERIAL``: that certificate goes."""
    tp = ctx.state.config.trustpoints.get(ctx.tp or "")
    if tp is None:
        return
    want = a["serial"].upper().lstrip("0")
    for attr in ("certificate", "encryption_certificate", "ca_certificate"):
        cert = getattr(tp, attr)
        if cert is not None and cert.serial_hex.lstrip("0") == want:
            setattr(tp, attr, None)
            ctx.changed()


def hex_line(ctx: Context, line: str, out: Out) -> None:
    """A line of a certificate typed (or loaded) in hex; ``quit`` or a blank line ends it."""
    word = line.strip()
    if word and word.lower() != "quit":
        ctx.hex_buf.append(word.replace(" ", ""))
        return
    ctx.mode = "chain"
    tp = ctx.state.config.trustpoints.get(ctx.tp or "")
    try:
        cert = Certificate(bytes.fromhex("".join(ctx.hex_buf)))
    except ValueError:
        out.write("% Error in parsing certificate\n")
        return
    if tp is None:
        return
    role = ctx.hex_role
    if role == "router" and tp.certificate is not None and tp.certificate.der != cert.der:
        # special-usage keys: the second router certificate is the encryption key's
        key = ctx.state.keys.get(tp.key_label(ctx.state.config.fqdn()))
        enc = key.encryption if key is not None else None
        if enc is not None and cert.x509.public_key() == enc.key.public_key():
            role = "encryption"
    ctx.install(tp, cert, role)


ROLE = {"self-signed": {"role": "router"}, "ca": {"role": "ca"}}
HELP = {
    "no": NO,
    "crypto": CRYPTO,
    "crypto pki": CRYPTO_PKI,
    "crypto pki trustpoint": "Define a CA trustpoint",
    "crypto pki trustpoint <name:WORD>": "Trustpoint name",
    "crypto pki certificate": "Actions on certificates",
    "crypto pki certificate chain": "Enter certificate chain editor",
    "crypto pki certificate chain <name:WORD>": "Trustpoint name",
    "certificate": "Import a certificate",
    "self-signed": "self-signed certificate",
    "ca": "CA certificate",
    "certificate <serial:WORD>": "Certificate serial number (hex)",
    "<serial:WORD>": "Certificate serial number (hex)",
}
TABLE = Table(
    HELP,
    (
        Command(CONFIG, "crypto pki trustpoint <name:WORD>", h_trustpoint, crypto=True),
        Command(CONFIG, "no crypto pki trustpoint <name:WORD>", h_no_trustpoint, crypto=True),
        Command(CONFIG, "crypto pki certificate chain <name:WORD>", h_chain, crypto=True),
        Command(CONFIG, "no crypto pki certificate chain <name:WORD>", h_no_chain, crypto=True),
        *(
            cmd
            for kind in ("self-signed", "ca")
            for cmd in (
                Command(
                    CHAIN,
                    f"certificate {kind} <serial:WORD>",
                    h_chain_cert,
                    static=ROLE[kind],
                ),
                Command(CHAIN, f"no certificate {kind} <serial:WORD>", h_no_chain_cert),
            )
        ),
        Command(CHAIN, "certificate <serial:WORD>", h_chain_cert),
        Command(CHAIN, "no certificate <serial:WORD>", h_no_chain_cert),
    ),
    raw={"hex": hex_line},
)
