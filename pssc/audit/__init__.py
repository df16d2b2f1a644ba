"""Audit the fleet's HTTPS certificate posture (read-only): facts, rules, pins, reports.

``model``: the records (facts of a host, findings, the report); ``rules``: pure functions from
facts to findings; ``collect``: the Nornir task and ``run_audit`` (show commands and a TLS probe
only, the pin store); ``report/``: every output format (JSON, CSV, Markdown, table, HTML).

May import: ``tasks`` (facts, TLS probe, errors), ``parsers``, ``pssc.pins``, ``pssc.output``,
``pssc.atomic``. Never ``pssc.commands`` or ``pssc.cli``.
"""

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
