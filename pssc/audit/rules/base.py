"""What every audit rule is built on: ``AuditOptions`` (time passed in) and ``Rule``."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime

from pssc.audit.model import Finding, HostFacts, Severity


@dataclass(frozen=True)
class AuditOptions:
    now: datetime = field(default_factory=lambda: datetime.now(UTC))
    expiry_days: int = 90


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    title: str
    check: Callable[[HostFacts, AuditOptions, Rule], Iterator[Finding]]

    def finding(
        self, facts: HostFacts, trustpoint: str | None, message: str, remedy: str
    ) -> Finding:
        where = f"{facts.host}" + (f" trustpoint {trustpoint}" if trustpoint else "")
        return Finding(
            self.id, self.severity, facts.host, trustpoint, f"{where}: {message}", remedy
        )
