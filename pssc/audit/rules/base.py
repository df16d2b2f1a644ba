"""What every rule is made of: the options, the ``Rule`` record, the constants and helpers."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime

from pssc.audit.model import CertSummary, Finding, HostFacts, Severity, TrustpointFacts

__all__ = [
    "FIX_FN70489",
    "FIX_ROLLOUT",
    "FN70489_END",
    "MIN_RSA_BITS",
    "WEAK_HASHES",
    "AuditOptions",
    "Check",
    "Rule",
    "certs",
    "when",
]

FN70489_END = datetime(2020, 1, 1, tzinfo=UTC)
MIN_RSA_BITS = 2048
WEAK_HASHES = {"md5": Severity.ERROR, "md2": Severity.ERROR, "sha1": Severity.WARNING}

FIX_ROLLOUT = "run `pssc rollout --fix` for this host"
FIX_FN70489 = (
    "upgrade to an image with the FN70489 fix, then configure a trustpoint with "
    "`enrollment selfsigned` and `rsakeypair NAME 2048`, `crypto pki enroll NAME`, "
    f"`ip http secure-trustpoint NAME`, `write memory` (or {FIX_ROLLOUT})"
)


@dataclass(frozen=True)
class AuditOptions:
    now: datetime = field(default_factory=lambda: datetime.now(UTC))
    expiry_days: int = 90


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    title: str
    check: Check

    def finding(
        self, facts: HostFacts, trustpoint: str | None, message: str, remedy: str
    ) -> Finding:
        where = f"{facts.host}" + (f" trustpoint {trustpoint}" if trustpoint else "")
        return Finding(
            self.id, self.severity, facts.host, trustpoint, f"{where}: {message}", remedy
        )


Check = Callable[[HostFacts, AuditOptions, Rule], Iterator[Finding]]


def when(iso: str) -> datetime:
    return datetime.fromisoformat(iso.replace("Z", "+00:00"))


def certs(facts: HostFacts) -> Iterator[tuple[TrustpointFacts, CertSummary]]:
    for tp in facts.trustpoints:
        if tp.certificate is not None:
            yield tp, tp.certificate
