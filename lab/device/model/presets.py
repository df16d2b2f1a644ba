"""Starting states applied at the first boot (empty NVRAM), written to NVRAM as if saved."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from cryptography.hazmat.primitives.asymmetric import rsa

from lab.device.model.clock import add_years
from lab.device.model.state import DeviceState, RunningConfig, Trustpoint, default_interfaces
from lab.device.pki import trustpoints as pki
from lab.device.pki.certs import Certificate, self_signed
from lab.device.pki.rsakeys import POOL, KeyPair, new_rsa_key, pem_private

if TYPE_CHECKING:
    from lab.device.device import Device

LEGACY_START = datetime(2018, 4, 23, 21, 37, 27)


def _key(bits: int) -> rsa.RSAPrivateKey:
    return POOL.take(bits) if bits >= 1024 else new_rsa_key(bits)


def _cert(
    dev: Device,
    tp: Trustpoint,
    pair: KeyPair,
    rdns: list[list[tuple[str, str]]],
    *,
    start: datetime | None = None,
    end: datetime | None = None,
    hash_name: str | None = None,
) -> Certificate:
    p = dev.persona
    now = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    if start is None:
        start = now - timedelta(days=120)
        if p.fixed_end is not None and p.fixed_end <= start:
            start = p.fixed_end - timedelta(days=400)
    if end is None:
        end = p.fixed_end if p.fixed_end is not None else add_years(start, 10)
    return self_signed(
        pair.key,
        rdns,
        not_before=start,
        not_after=end,
        hash_name=hash_name or tp.hash or p.sig_hash,
        utf8=p.xe,
    )


def _tp_self_signed(
    dev: Device,
    bits: int,
    *,
    start: datetime | None = None,
    end: datetime | None = None,
    hash_name: str | None = None,
) -> Trustpoint:
    name = pki.tp_self_signed_name(dev)
    number = name.rsplit("-", 1)[1]
    tp = Trustpoint(
        name,
        enrollment="selfsigned",
        subject_name=f"cn=IOS-Self-Signed-Certificate-{number}",
        revocation_check="none",
        rsakeypair=(name, None, None),
        persistent=True,
        hash="sha256" if dev.persona.xe else None,
    )
    pair = _pair(dev, name, bits)
    rdns = [[("cn", f"IOS-Self-Signed-Certificate-{number}")]]
    tp.certificate = _cert(dev, tp, pair, rdns, start=start, end=end, hash_name=hash_name)
    dev.state.config.trustpoints[name] = tp
    return tp


def _pair(dev: Device, label: str, bits: int) -> KeyPair:
    key = _key(bits)
    pair = KeyPair(label, key, created=datetime.now(UTC).replace(tzinfo=None, microsecond=0))
    dev.state.keys[label] = pair
    return pair


def apply(dev: Device) -> None:
    """Build the preset's state in memory and save it as the device's NVRAM."""
    spec = dev.spec
    cfg = RunningConfig(
        hostname=spec.name,
        domain_name=spec.domain_name,
        interfaces=default_interfaces(spec.serial),
    )
    dev.state = DeviceState(cfg)
    xe = dev.persona.xe
    cfg.http_server = xe
    cfg.http_secure_server = xe
    preset = spec.preset
    if preset == "legacy-fn70489":
        cfg.http_server = cfg.http_secure_server = True
        _tp_self_signed(dev, 1024, start=LEGACY_START, end=datetime(2020, 1, 1), hash_name="sha1")
    elif preset == "unsaved":
        cfg.http_server = cfg.http_secure_server = True
    elif preset == "weak-key":
        cfg.http_server = cfg.http_secure_server = True
        _tp_self_signed(dev, 512)
    elif preset == "healthy":
        _healthy(dev)
    elif preset == "two-selfsigned":
        cfg.http_server = cfg.http_secure_server = True
        _tp_self_signed(dev, 1024)
        tp = Trustpoint(
            "LOCAL-SELFSIGNED", enrollment="selfsigned", rsakeypair=("LOCAL-SELFSIGNED", 1024, None)
        )
        pair = _pair(dev, "LOCAL-SELFSIGNED", 1024)
        tp.certificate = _cert(dev, tp, pair, [[("hostname", cfg.fqdn())]])
        cfg.trustpoints[tp.name] = tp
    dev.state.ssh_enabled = bool(dev.state.keys)
    dev.nvram.save(dev.image())


def _healthy(dev: Device) -> None:
    cfg = dev.state.config
    name = "PSSC-SELFSIGNED"
    tp = Trustpoint(
        name,
        enrollment="selfsigned",
        subject_name=f"cn={cfg.fqdn()}",
        revocation_check="none",
        rsakeypair=(name, 2048, None),
        hash="sha256",
    )
    pair = _pair(dev, name, 2048)
    tp.certificate = _cert(dev, tp, pair, [[("cn", cfg.fqdn())]])
    cfg.trustpoints[name] = tp
    cfg.http_server = cfg.http_secure_server = True
    cfg.http_secure_trustpoint = name


def temporary_identity(dev: Device) -> tuple[bytes, bytes]:
    """What HTTPS serves when no persistent certificate can be used (made once per boot)."""
    number = pki.tp_self_signed_name(dev).rsplit("-", 1)[1]
    key = _key(dev.persona.http_key_bits)
    now = dev.clock.now().replace(microsecond=0)
    cert = self_signed(
        key,
        [[("cn", f"IOS-Self-Signed-Certificate-{number}")]],
        not_before=now,
        not_after=now + timedelta(days=365),
        hash_name=dev.persona.sig_hash,
    )
    return cert.pem, pem_private(key)
