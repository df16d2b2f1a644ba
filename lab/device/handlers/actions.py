"""PKI actions a command performs on its device: a new key pair, the HTTPS self-signed trustpoint.

They print and log like IOS, so they take the handler's :class:`~lab.device.cli.context.Context`
and ``out`` (used by ``crypto key generate``, ``crypto pki enroll``, ``ip http secure-server``).
The one module of ``handlers`` without a ``TABLE``: it serves no command of its own.
"""

from __future__ import annotations

import time

from lab.device.cli.context import Context
from lab.device.cli.out import Out
from lab.device.pki import trustpoints
from lab.device.pki.rsakeys import POOL, KeyPair
from lab.device.pki.trustpoints import Trustpoint

SAVE_TEXT = {
    "PKI-4-NOAUTOSAVE": 'Configuration was modified.  Issue "write memory" to save new certificate',
    "PKI-4-NOCONFIGAUTOSAVE": (
        'Configuration was modified.  Issue "write memory" to save new IOS PKI configuration'
    ),
}


def save_reminder(ctx: Context, out: Out) -> None:
    """The personality's ``%PKI-4-NO...AUTOSAVE`` after a new certificate."""
    mn = ctx.persona.save_mnemonic
    ctx.log(out, mn, SAVE_TEXT[mn])


def add_key(
    ctx: Context, out: Out, label: str, bits: int, *, exportable: bool = False
) -> tuple[KeyPair, float]:
    """Generate (or take from the pool) a key pair; the first key on the box starts SSH."""
    faults = ctx.spec.faults
    state = ctx.state
    start = time.monotonic()
    key = POOL.take(bits)
    POOL.prime(trustpoints.server_bits(bits))
    if faults.slow_keygen > 0 and not ctx.loading:
        out.sleep(faults.slow_keygen)
    elapsed = time.monotonic() - start + faults.slow_keygen
    replaced = label in state.keys
    pair = KeyPair(label, key, exportable=exportable, created=ctx.clock.now())
    state.keys[label] = pair
    if replaced and state.ssh_enabled:
        ctx.log(out, "SSH-5-DISABLED", "SSH 2.0 has been disabled")
    if not state.ssh_enabled or replaced:
        state.ssh_enabled = True
        if bits < ctx.persona.ssh_v2_min_bits:  # 12.3 enables 1.99 with 512 bits (prompts 7.3)
            ctx.log_text(out, " RSA key size needs to be atleast 768 bits for ssh version 2")
            ctx.log(out, "SSH-5-ENABLED", "SSH 1.5 has been enabled")
        else:
            ctx.log(out, "SSH-5-ENABLED", "SSH 1.99 has been enabled")
    ctx.changed()
    return pair, elapsed


def generate(ctx: Context, out: Out, label: str, bits: int, *, exportable: bool = False) -> KeyPair:
    """A key pair made by a command, with the release's progress text around the wait:
    12.3 prints ``% Generating 1024 bit RSA keys ...[OK]`` on one line, later releases
    ``..., keys will be non-exportable...`` then ``[OK] (elapsed time was N seconds)``
    (``docs/prompts.md`` 3.3, 3.4)."""
    if ctx.persona.keygen_one_line:
        out.write(f"% Generating {bits} bit RSA keys ...")
        key, _ = add_key(ctx, out, label, bits, exportable=exportable)
        out.write("[OK]\n")
        return key
    how = "exportable" if exportable else "non-exportable"
    out.write(f"% Generating {bits} bit RSA keys, keys will be {how}...\n")
    key, elapsed = add_key(ctx, out, label, bits, exportable=exportable)
    out.write(f"[OK] (elapsed time was {int(elapsed)} seconds)\n")
    return key


def _new_http_trustpoint(ctx: Context, name: str) -> Trustpoint:
    number = name.rsplit("-", 1)[1]
    tp = ctx.state.config.trustpoints.get(name) or Trustpoint(name)
    tp.enrollment = "selfsigned"
    tp.subject_name = f"cn=IOS-Self-Signed-Certificate-{number}"
    tp.revocation_check = "none"
    tp.rsakeypair = (name, None, None)
    tp.persistent = True
    if ctx.persona.xe:
        tp.hash = "sha256"
    ctx.state.config.trustpoints[name] = tp
    return tp


def http_trustpoint(ctx: Context, out: Out) -> None:
    """``ip http secure-server`` with no self-signed certificate: make TP-self-signed-<n>."""
    p = ctx.persona
    if trustpoints.selfsigned_holder(ctx.state.config.trustpoints) is not None:
        return
    if p.xe and ctx.loading and not ctx.clock.authoritative:
        text = (
            "PKI functions can not be initialized until an authoritative time source, "
            "like NTP, can be obtained."
        )
        ctx.log(out, "PKI-2-NON_AUTHORITATIVE_CLOCK", text)
        return
    name = trustpoints.tp_self_signed_name(ctx.spec.serial)
    number = name.rsplit("-", 1)[1]
    if not ctx.loading and p.name == "ios15":
        out.write(f"CRYPTO_PKI: setting trustpoint policy {name} to use keypair {name}")
    tp = _new_http_trustpoint(ctx, name)
    # always a fresh key pair: the new certificate must differ from any earlier one
    key = generate(ctx, out, name, p.http_key_bits)
    if p.xe:
        text = f"A key named {name} has been generated or imported by crypto-engine"
        ctx.log(out, "CRYPTO_ENGINE-5-KEY_ADDITION", text)
    rdns = [[("cn", f"IOS-Self-Signed-Certificate-{number}")]]
    cert = trustpoints.issue(tp, key, rdns, now=ctx.clock.now(), image=p)
    if cert is None:  # an image past its fixed end date (FN70489)
        failed = "Failed to generate persistent self-signed certificate."
        temporary = "    Secure server will use temporary self-signed certificate."
        if ctx.loading:  # on the console at boot
            ctx.log_text(out, failed)
            ctx.log_text(out, temporary)
        else:
            out.write(f"{failed}\n{temporary}\n")
        return
    ctx.install(tp, cert)
    if p.xe and ctx.loading:
        ctx.log(out, "PKI-6-TRUSTPOINT_CREATE", f"Trustpoint: {name} created succesfully")
    save_reminder(ctx, out)
    ctx.changed()


def trustpoint_key(ctx: Context, tp: Trustpoint, out: Out) -> KeyPair:
    """The trustpoint's key pair, made now if missing (``%CRYPTO-6-AUTOGEN``).

    ``rsakeypair LABEL SIG-SIZE ENC-SIZE`` asks for special-usage keys: a signature key pair
    (``Usage: Signature Key``) and an encryption key pair under the same label.
    """
    cfg = ctx.state.config
    label = tp.key_label(cfg.fqdn())
    key = ctx.state.keys.get(label)
    if key is not None:
        return key
    size = tp.rsakeypair[1] if tp.rsakeypair and tp.rsakeypair[1] else ctx.persona.autogen_bits
    enc = tp.rsakeypair[2] if tp.rsakeypair else None
    key, _ = add_key(ctx, out, label, size)
    ctx.log(out, "CRYPTO-6-AUTOGEN", f"Generated new {size} bit key pair")
    if enc:
        key.usage = "Signature Key"
        key.encryption = KeyPair(label, POOL.take(enc), created=key.created, usage="Encryption Key")
        ctx.log(out, "CRYPTO-6-AUTOGEN", f"Generated new {enc} bit key pair")
    return key
