"""The audit as data: the JSON document (its schema is documented here) and its summary.

JSON schema ``pssc.audit/1`` (fields may be added, never renamed)::

    {
      "schema": "pssc.audit/1",
      "generated_at": "2026-06-01T12:00:00Z",          # ISO 8601 UTC
      "options": {"expiry_days": 90, "fail_on": "error", ...},
      "summary": {
        "hosts": 6, "reachable": 5, "hosts_with_findings": 4,
        "worst": "critical" | "error" | "warning" | "info" | null,
        "findings": {"critical": 1, "error": 3, "warning": 4, "info": 2},
        "by_rule": {"weak-rsa-key": 2, ...}
      },
      "hosts": [{
        "host": "R1", "worst": "error" | null,
        "facts": {                                      # pssc.audit.model.HostFacts
          "host", "address", "reachable", "error_kind", "error", "device_hostname",
          "uptime_seconds", "secure_server", "secure_server_saved", "secure_trustpoint",
          "https_trustpoint",
          "trustpoints": [{"name", "enrollment", "self_signed", "saved", "in_startup",
                           "certificate": CertSummary | null}],
          "served": {"port", "error", "certificate": CertSummary | null} | null,
          "pin": {"trustpoint", "status", "pinned_sha256", "first_seen"} | null,
          "https_expected"                              # data.https: true in the inventory
        },
        "findings": [{"rule", "severity", "host", "trustpoint", "message", "remedy"}]
      }]
    }

``CertSummary``: subject, issuer, serial, not_before, not_after (ISO 8601 UTC), key_type,
key_size, signature_algorithm, signature_hash, sha256 (upper-case hex), spki_sha256_b64,
self_signed. Hosts are sorted by name; findings worst first.
"""

from __future__ import annotations

import dataclasses
import json
from collections import Counter
from typing import Any

from pssc.audit.model import AuditReport, HostAudit

__all__ = ["SCHEMA", "host_dict", "summary", "to_dict", "to_json"]

SCHEMA = "pssc.audit/1"


def summary(report: AuditReport) -> dict[str, Any]:
    worst = report.worst()
    return {
        "hosts": len(report.hosts),
        "reachable": sum(1 for h in report.hosts if h.facts.reachable),
        "hosts_with_findings": sum(1 for h in report.hosts if h.findings),
        "worst": worst.label if worst else None,
        "findings": report.counts(),
        "by_rule": dict(sorted(Counter(f.rule for f in report.findings).items())),
    }


def host_dict(audit: HostAudit) -> dict[str, Any]:
    worst = audit.worst
    return {
        "host": audit.host,
        "worst": worst.label if worst else None,
        "facts": dataclasses.asdict(audit.facts),
        "findings": [f.as_dict() for f in audit.findings],
    }


def to_dict(report: AuditReport) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "generated_at": report.generated_at,
        "options": report.options,
        "summary": summary(report),
        "hosts": [host_dict(h) for h in report.hosts],
    }


def to_json(report: AuditReport) -> str:
    return json.dumps(to_dict(report), indent=2, sort_keys=False) + "\n"
