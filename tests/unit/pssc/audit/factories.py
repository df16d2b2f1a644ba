"""Hand-built facts for the rule and report tests (no device, no socket)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from pssc.audit.model import CertSummary, HostFacts, PinFacts, ServedFacts, TrustpointFacts
from pssc.audit.rules import AuditOptions

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
OPTS = AuditOptions(now=NOW, expiry_days=90)
GOOD_SHA = "A1" * 32
OTHER_SHA = "B2" * 32


def cert(**over: object) -> CertSummary:
    base: CertSummary = {
        "subject": "cn=R1.lab",
        "issuer": "cn=R1.lab",
        "serial": "01",
        "not_before": "2025-01-01T00:00:00Z",
        "not_after": "2035-01-01T00:00:00Z",
        "key_type": "RSA",
        "key_size": 2048,
        "signature_algorithm": "sha256WithRSAEncryption",
        "signature_hash": "sha256",
        "sha256": GOOD_SHA,
        "spki_sha256_b64": "c3BraQ==",
        "self_signed": True,
    }
    return {**base, **over}  # type: ignore[typeddict-item]


def trustpoint(name: str = "PSSC", **over: object) -> TrustpointFacts:
    tp = TrustpointFacts(
        name=name,
        enrollment="selfsigned",
        self_signed=True,
        certificate=cert(),
        saved=True,
        in_startup=True,
    )
    return replace(tp, **over)  # type: ignore[arg-type]


def healthy(host: str = "R1", **over: object) -> HostFacts:
    """A host with nothing to report: bound, saved, 2048-bit SHA-256, served as configured."""
    facts = HostFacts(
        host=host,
        address="127.0.0.1",
        device_hostname=host,
        uptime_seconds=3600.0,
        secure_server=True,
        secure_server_saved=True,
        secure_trustpoint="PSSC",
        https_trustpoint="PSSC",
        trustpoints=(trustpoint(),),
        served=ServedFacts(port=8443, certificate=cert()),
        pin=PinFacts(trustpoint="PSSC", status="same", pinned_sha256=GOOD_SHA, first_seen="x"),
    )
    return replace(facts, **over)  # type: ignore[arg-type]
