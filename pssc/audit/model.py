"""The records of an audit: what was seen on a host (``HostFacts``) and what is wrong (``Finding``).

These are plain frozen dataclasses so that the rules are pure functions over them, a unit test
can build them by hand, and the report writers turn them into JSON without surprises.

>>> Severity.parse("error") > Severity.WARNING
True
>>> Severity.CRITICAL.label
'critical'
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any, NotRequired, TypedDict


class Severity(enum.IntEnum):
    INFO = 1
    WARNING = 2
    ERROR = 3
    CRITICAL = 4

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity:
        try:
            return cls[text.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {text!r}") from None


SEVERITIES = tuple(s.label for s in sorted(Severity, reverse=True))  # critical first


class CertSummary(TypedDict):
    """The parts of a certificate an audit reports (never the private key, never the DER)."""

    subject: str
    issuer: str
    serial: str
    not_before: str  # ISO 8601 UTC
    not_after: str
    key_type: str
    key_size: int
    signature_algorithm: str
    signature_hash: str | None
    sha256: str  # upper-case hex
    spki_sha256_b64: str
    self_signed: bool
    san: NotRequired[list[str]]  # subjectAltName: DNS names, then IP addresses


@dataclass(frozen=True)
class TrustpointFacts:
    name: str
    enrollment: str | None  # "selfsigned", "terminal", ...
    self_signed: bool
    certificate: CertSummary | None  # in the running configuration
    saved: bool  # the same certificate is in the startup configuration
    in_startup: bool  # the trustpoint itself is in the startup configuration


@dataclass(frozen=True)
class ServedFacts:
    """What the HTTPS port offered to a TLS handshake."""

    port: int
    certificate: CertSummary | None
    error: str | None = None

    @property
    def sha256(self) -> str | None:
        return self.certificate["sha256"] if self.certificate else None


@dataclass(frozen=True)
class PinFacts:
    trustpoint: str
    status: str  # "new", "same", "changed"
    pinned_sha256: str | None
    first_seen: str | None
    pinned_trustpoint: str | None = None  # where the pin was seen (differs when HTTPS moved)


@dataclass(frozen=True)
class HostFacts:
    """Everything the rules look at for one host."""

    host: str
    address: str | None = None
    reachable: bool = True
    error_kind: str | None = None  # "unreachable", "authentication", "error"
    error: str | None = None
    device_hostname: str | None = None
    uptime_seconds: float | None = None
    secure_server: bool = False  # ``ip http secure-server`` in the running configuration
    secure_server_saved: bool = False  # ... and in the startup configuration
    secure_trustpoint: str | None = None  # ``ip http secure-trustpoint`` (running)
    https_trustpoint: str | None = None  # the bound one, else the one self-signed trustpoint
    trustpoints: tuple[TrustpointFacts, ...] = ()
    served: ServedFacts | None = None
    pin: PinFacts | None = None
    names: tuple[str, ...] = ()  # what clients call it (inventory: data.fqdn or name, address)
    ca_verified: bool | None = None  # served certificate issued by the CA of --ca-cert (None: none)
    https_expected: bool = False  # the inventory says ``data.https: true``

    def trustpoint(self, name: str | None) -> TrustpointFacts | None:
        return next((tp for tp in self.trustpoints if tp.name == name), None)

    def self_signed_trustpoints(self) -> list[str]:
        return [tp.name for tp in self.trustpoints if tp.self_signed]


@dataclass(frozen=True)
class Finding:
    rule: str  # stable id, e.g. "cert-expired"
    severity: Severity
    host: str
    trustpoint: str | None
    message: str
    remedy: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": self.severity.label,
            "host": self.host,
            "trustpoint": self.trustpoint,
            "message": self.message,
            "remedy": self.remedy,
        }


@dataclass(frozen=True)
class HostAudit:
    facts: HostFacts
    findings: tuple[Finding, ...] = ()

    @property
    def host(self) -> str:
        return self.facts.host

    @property
    def worst(self) -> Severity | None:
        return max((f.severity for f in self.findings), default=None)


@dataclass(frozen=True)
class AuditReport:
    generated_at: str  # ISO 8601 UTC
    hosts: tuple[HostAudit, ...]
    options: dict[str, Any] = field(default_factory=dict)

    @property
    def findings(self) -> list[Finding]:
        return [f for h in self.hosts for f in h.findings]

    def counts(self) -> dict[str, int]:
        """Findings per severity, critical first; every severity present (0 when none)."""
        counts = dict.fromkeys(SEVERITIES, 0)
        for finding in self.findings:
            counts[finding.severity.label] += 1
        return counts

    def worst(self) -> Severity | None:
        return max((f.severity for f in self.findings), default=None)

    def reaches(self, threshold: Severity) -> bool:
        worst = self.worst()
        return worst is not None and worst >= threshold
