"""``crypto key generate rsa`` and ``crypto key zeroize rsa`` with their dialogs (spec 2.3)."""

from __future__ import annotations

from collections.abc import Generator
from typing import TYPE_CHECKING

from lab.device.cli.out import Ask, Dialog, Out, yes_no
from lab.device.pki import trustpoints as pki

if TYPE_CHECKING:
    from lab.device.cli.session import Session

Args = dict[str, str]


def h_generate(s: Session, a: Args, out: Out) -> Dialog | None:
    dev = s.dev
    cfg = dev.state.config
    label = a.get("label")
    if label is None:
        if not cfg.domain_name:
            out.write("% Please define a domain-name first.\n")
            return None
        label = cfg.fqdn()
    return _generate(s, label, a, out)


def _generate(s: Session, label: str, a: Args, out: Out) -> Dialog:
    dev = s.dev
    p = dev.persona
    exists = label in dev.state.keys
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
        bits = yield from _ask_modulus(s, out)
    else:
        bits = int(modulus)
        if not p.modulus_min <= bits <= 4096:
            out.write(f"% Key modulus size must be in the range of {p.modulus_min} to 4096\n")
            return
        out.write(f"% The key modulus size is {bits} bits\n")
    how = "exportable" if "exportable" in a else "non-exportable"
    out.write(f"% Generating {bits} bit RSA keys, keys will be {how}...\n")
    _, elapsed = pki.add_key(dev, out, label, bits, exportable="exportable" in a)
    out.write(f"[OK] (elapsed time was {int(elapsed)} seconds)\n\n")
    # a key replaced under a certificate makes that certificate useless: IOS drops it
    for tp in dev.state.config.trustpoints.values():
        cert = tp.certificate
        if cert is not None and tp.key_label(dev.state.config.fqdn()) == label:
            if cert.x509.public_key() != dev.state.keys[label].key.public_key():
                tp.certificate = None


def _ask_modulus(s: Session, out: Out) -> Generator[Ask, str, int]:
    p = s.dev.persona
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


def h_zeroize(s: Session, a: Args, out: Out) -> Dialog | None:
    keys = s.dev.state.keys
    label = a.get("label")
    if not keys or (label is not None and label not in keys):
        out.write("% No Signature RSA Keys found in configuration.\n")
        return None
    return _zeroize(s, label, out)


def _zeroize(s: Session, label: str | None, out: Out) -> Dialog:
    dev = s.dev
    if label is None:
        out.write("% All keys will be removed.\n")
    else:
        out.write(f"% Keys to be removed are named '{label}'.\n")
    out.write("% All router certs issued using these keys will also be removed.\n")
    if not (yield from yes_no("Do you really want to remove these keys? [yes/no]: ", out)):
        return
    gone = list(dev.state.keys) if label is None else [label]
    fqdn = dev.state.config.fqdn()
    for name in gone:
        dev.state.keys.pop(name, None)
    for tp in dev.state.config.trustpoints.values():
        if tp.key_label(fqdn) in gone:
            tp.certificate = None
    if not dev.state.keys and dev.state.ssh_enabled:
        dev.state.ssh_enabled = False
        pki.log(dev, out, "SSH-5-DISABLED", "SSH 2.0 has been disabled")
    dev.changed()
