"""PKI operations on a device: keys, self-signed certificates, the HTTPS trustpoint, syslog."""

from __future__ import annotations

import time
import zlib
from datetime import datetime
from typing import TYPE_CHECKING

from lab.device.cli.out import Out
from lab.device.model.clock import add_years
from lab.device.model.state import Trustpoint
from lab.device.pki.certs import Certificate, self_signed
from lab.device.pki.rsakeys import POOL, KeyPair

if TYPE_CHECKING:
    from lab.device.device import Device

SAVE_TEXT = {
    "PKI-4-NOAUTOSAVE": 'Configuration was modified.  Issue "write memory" to save new certificate',
    "PKI-4-NOCONFIGAUTOSAVE": (
        'Configuration was modified.  Issue "write memory" to save new IOS PKI configuration'
    ),
}


def serial_number(serial: str) -> int:
    """The number in ``TP-self-signed-<n>``: the serial read as hex, else a CRC of it.

    >>> serial_number("C63EBBE9")
    3326000105
    >>> serial_number("FTX1234A0BC") == zlib.crc32(b"FTX1234A0BC")
    True
    """
    try:
        if len(serial) <= 8:
            return int(serial, 16)
    except ValueError:
        pass
    return zlib.crc32(serial.encode())


def tp_self_signed_name(dev: Device) -> str:
    return f"TP-self-signed-{serial_number(dev.spec.serial)}"


def log(dev: Device, out: Out, mnemonic: str, text: str) -> None:
    """A syslog line stamped by the device clock, shown to the session that caused it."""
    out.log(f"{dev.clock.syslog_stamp()}: %{mnemonic}: {text}")


def log_save_reminder(dev: Device, out: Out) -> None:
    mn = dev.persona.save_mnemonic
    log(dev, out, mn, SAVE_TEXT[mn])


def add_key(
    dev: Device, out: Out, label: str, bits: int, *, exportable: bool = False
) -> tuple[KeyPair, float]:
    """Generate (or take from the pool) a key pair; the first key on the box starts SSH."""
    faults = dev.spec.faults
    start = time.monotonic()
    key = POOL.take(bits)
    POOL.prime(server_bits(bits))
    if faults.slow_keygen > 0 and not dev.loading:
        out.sleep(faults.slow_keygen)
    elapsed = time.monotonic() - start + faults.slow_keygen
    replaced = label in dev.state.keys
    pair = KeyPair(label, key, exportable=exportable, created=dev.clock.now())
    dev.state.keys[label] = pair
    if replaced and dev.state.ssh_enabled:
        log(dev, out, "SSH-5-DISABLED", "SSH 2.0 has been disabled")
    if not dev.state.ssh_enabled or replaced:
        dev.state.ssh_enabled = True
        if bits < 768:
            out.log(" RSA key size needs to be atleast 768 bits for ssh version 2")
            log(dev, out, "SSH-5-ENABLED", "SSH 1.5 has been enabled")
        else:
            log(dev, out, "SSH-5-ENABLED", "SSH 1.99 has been enabled")
    dev.changed()
    return pair, elapsed


def server_bits(bits: int) -> int:
    """The size of the ``<label>.server`` SSH key IOS pairs with a key of ``bits``.

    >>> server_bits(1024), server_bits(2048)
    (768, 2176)
    """
    return 768 if bits <= 1024 else bits + 128


def validity(dev: Device) -> tuple[datetime, datetime] | None:
    """Start and end of a new self-signed certificate; None when the image cannot make one."""
    start = dev.clock.now().replace(microsecond=0)
    fixed = dev.persona.fixed_end
    end = fixed if fixed is not None else add_years(start, 10)
    if end <= start:
        return None
    return start, end


def issue(
    dev: Device,
    tp: Trustpoint,
    key: KeyPair,
    rdns: list[list[tuple[str, str]]],
) -> Certificate | None:
    """A self-signed certificate for ``tp`` (serial 01), or None past the image's end date."""
    span = validity(dev)
    if span is None:
        return None
    alt = [tp.subject_alt_name] if tp.subject_alt_name else None
    return self_signed(
        key.key,
        rdns,
        not_before=span[0],
        not_after=span[1],
        hash_name=tp.hash or dev.persona.sig_hash,
        alt_names=alt,
        utf8=dev.persona.xe,
    )


def selfsigned_holder(dev: Device, other_than: str | None = None) -> Trustpoint | None:
    """The trustpoint that holds the box's self-signed certificate (there should be one)."""
    for tp in dev.state.config.trustpoints.values():
        if tp.selfsigned and tp.certificate is not None and tp.name != other_than:
            return tp
    return None


def key_of(dev: Device, tp: Trustpoint) -> KeyPair | None:
    return dev.state.keys.get(tp.key_label(dev.state.config.fqdn()))


def http_trustpoint(dev: Device, out: Out) -> None:
    """``ip http secure-server`` with no self-signed certificate: make TP-self-signed-<n>."""
    if selfsigned_holder(dev) is not None:
        return
    if dev.persona.xe and dev.loading and not dev.clock.authoritative:
        text = (
            "PKI functions can not be initialized until an authoritative time source, "
            "like NTP, can be obtained."
        )
        log(dev, out, "PKI-2-NON_AUTHORITATIVE_CLOCK", text)
        return
    name = tp_self_signed_name(dev)
    number = name.rsplit("-", 1)[1]
    p = dev.persona
    if not dev.loading and p.name == "ios15":
        out.write(f"CRYPTO_PKI: setting trustpoint policy {name} to use keypair {name}")
    tp = dev.state.config.trustpoints.get(name) or Trustpoint(name)
    tp.enrollment = "selfsigned"
    tp.subject_name = f"cn=IOS-Self-Signed-Certificate-{number}"
    tp.revocation_check = "none"
    tp.rsakeypair = (name, None, None)
    tp.persistent = True
    if p.xe:
        tp.hash = "sha256"
    dev.state.config.trustpoints[name] = tp
    # always a fresh key pair: the new certificate must differ from any earlier one
    out.write(f"% Generating {p.http_key_bits} bit RSA keys, keys will be non-exportable...\n")
    key, elapsed = add_key(dev, out, name, p.http_key_bits)
    out.write(f"[OK] (elapsed time was {int(elapsed)} seconds)\n")
    if p.xe:
        text = f"A key named {name} has been generated or imported by crypto-engine"
        log(dev, out, "CRYPTO_ENGINE-5-KEY_ADDITION", text)
    cert = issue(dev, tp, key, [[("cn", f"IOS-Self-Signed-Certificate-{number}")]])
    if cert is None:  # an image past its fixed end date (FN70489)
        failed = "Failed to generate persistent self-signed certificate."
        temporary = "    Secure server will use temporary self-signed certificate."
        if dev.loading:  # on the console at boot
            out.log(failed)
            out.log(temporary)
        else:
            out.write(f"{failed}\n{temporary}\n")
        return
    dev.install(tp, cert)
    if p.xe and dev.loading:
        log(dev, out, "PKI-6-TRUSTPOINT_CREATE", f"Trustpoint: {name} created succesfully")
    log_save_reminder(dev, out)
    dev.changed()


def https_pair(dev: Device) -> tuple[Certificate, KeyPair] | None:
    """The certificate and key HTTPS serves (secure-trustpoint's, else the self-signed one)."""
    cfg = dev.state.config
    cands = []
    if cfg.http_secure_trustpoint and cfg.http_secure_trustpoint in cfg.trustpoints:
        cands.append(cfg.trustpoints[cfg.http_secure_trustpoint])
    holder = selfsigned_holder(dev)
    if holder is not None:
        cands.append(holder)
    for tp in cands:
        key = key_of(dev, tp)
        if tp.certificate is not None and key is not None:
            if tp.certificate.x509.public_key() == key.key.public_key():
                return tp.certificate, key
    return None
