"""``crypto key generate rsa`` and ``crypto key zeroize rsa`` with their dialogs.

As ``docs/ios-behaviour.md`` section 2.3 describes them.
"""

from __future__ import annotations

from collections.abc import Generator

from lab.device.cli.context import Args, Context
from lab.device.cli.out import Ask, Dialog, Out, yes_no
from lab.device.cli.table import Command, Table
from lab.device.handlers.actions import generate
from lab.device.handlers.common import CONFIG, CRYPTO, CRYPTO_KEY, EXEC


def h_generate(ctx: Context, a: Args, out: Out) -> Dialog | None:
    cfg = ctx.state.config
    label = a.get("label")
    if label is None:
        if not cfg.domain_name:
            out.write("% Please define a domain-name first.\n")
            return None
        label = cfg.fqdn()
    return _generate(ctx, label, a, out)


def _generate(ctx: Context, label: str, a: Args, out: Out) -> Dialog:
    p = ctx.persona
    state = ctx.state
    exists = label in state.keys
    modulus = a.get("modulus")
    if exists:
        out.write(f"% You already have RSA keys defined named {label}.\n")
        if modulus is not None:
            out.write("% They will be replaced.\n\n")
        elif not (yield from yes_no("% Do you really want to replace them? [yes/no]: ", out)):
            return
    else:
        out.write(f"The name for the keys will be: {label}\n")
        if modulus is not None:
            out.write("\n")
    if modulus is None:
        bits = yield from _ask_modulus(ctx, out)
    else:
        bits = int(modulus)
        if not p.modulus_min <= bits <= 4096:
            out.write(f"% Key modulus size must be in the range of {p.modulus_min} to 4096\n")
            return
        out.write(f"% The key modulus size is {bits} bits\n")
    generate(ctx, out, label, bits, exportable="exportable" in a)
    out.write("\n")
    # a key replaced under a certificate makes that certificate useless: IOS drops it
    for tp in state.config.trustpoints.values():
        cert = tp.certificate
        if cert is not None and tp.key_label(state.config.fqdn()) == label:
            if cert.x509.public_key() != state.keys[label].key.public_key():
                tp.certificate = None


def _ask_modulus(ctx: Context, out: Out) -> Generator[Ask, str, int]:
    p = ctx.persona
    out.write(
        f"Choose the size of the key modulus in the range of {p.modulus_min} to 4096 for your\n"
    )
    out.write("  General Purpose Keys. Choosing a key modulus greater than 512 may take\n")
    out.write("  a few minutes.\n\n")
    while True:
        answer = (yield Ask(f"How many bits in the modulus [{p.modulus_default}]: ")).strip()
        if not answer:
            return p.modulus_default
        if answer.isdigit() and p.modulus_min <= int(answer) <= 4096:
            return int(answer)
        out.write(f"% Key modulus size must be in the range of {p.modulus_min} to 4096\n")


def h_zeroize(ctx: Context, a: Args, out: Out) -> Dialog | None:
    keys = ctx.state.keys
    label = a.get("label")
    if not keys or (label is not None and label not in keys):
        out.write("% No Signature RSA Keys found in configuration.\n")
        return None
    return _zeroize(ctx, label, out)


def _zeroize(ctx: Context, label: str | None, out: Out) -> Dialog:
    state = ctx.state
    if label is None:
        out.write("% All keys will be removed.\n")
    else:
        out.write(f"% Keys to be removed are named '{label}'.\n")
    out.write("% All router certs issued using these keys will also be removed.\n")
    if not (yield from yes_no("Do you really want to remove these keys? [yes/no]: ", out)):
        return
    gone = list(state.keys) if label is None else [label]
    fqdn = state.config.fqdn()
    for name in gone:
        state.keys.pop(name, None)
    for tp in state.config.trustpoints.values():
        if tp.key_label(fqdn) in gone:
            tp.certificate = None
    if not state.keys and state.ssh_enabled:
        state.ssh_enabled = False
        ctx.log(out, "SSH-5-DISABLED", "SSH 2.0 has been disabled")
    ctx.changed()


GENERATE_OPTIONS: dict[str, str | None] = {
    "general-keys": None,
    "label": "WORD",
    "modulus": "INT:360-4096",
    "exportable": None,
}
ZEROIZE = ("crypto key zeroize", "crypto key zeroize rsa", "crypto key zeroize rsa <label:WORD>")
TABLE = Table(
    {
        "crypto": CRYPTO,
        "crypto key": CRYPTO_KEY,
        "crypto key generate": "Generate new keys",
        "crypto key generate rsa": "Generate RSA keys",
        "general-keys": "Generate a general purpose RSA key pair for signing and encryption",
        "label": "Provide a label",
        "modulus": "Provide number of modulus bits on the command line",
        "exportable": "Allow the key to be exported",
        "crypto key zeroize": "Remove keys",
        "crypto key zeroize rsa": "Remove RSA keys",
        "crypto key zeroize rsa <label:WORD>": "Key pair label",
    },
    (
        *(Command(EXEC, path, h_zeroize, crypto=True) for path in ZEROIZE),
        Command(
            CONFIG, "crypto key generate rsa", h_generate, crypto=True, options=GENERATE_OPTIONS
        ),
        *(Command(CONFIG, path, h_zeroize, crypto=True) for path in ZEROIZE),
    ),
)
