"""Audit the fleet's HTTPS certificate posture: facts, rules, pins, reports (read-only)."""

from __future__ import annotations

from pssc.audit.model import (
    AuditReport,
    CertSummary,
    Finding,
    HostAudit,
    HostFacts,
    PinFacts,
    ServedFacts,
    Severity,
    TrustpointFacts,
)
from pssc.audit.rules import RULES, AuditOptions, evaluate

__all__ = [
    "RULES",
    "AuditOptions",
    "AuditReport",
    "CertSummary",
    "Finding",
    "HostAudit",
    "HostFacts",
    "PinFacts",
    "ServedFacts",
    "Severity",
    "TrustpointFacts",
    "evaluate",
]
