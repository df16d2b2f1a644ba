"""Report writers: JSON (the documented schema), CSV, Markdown and a plain-text table.

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
          "pin": {"trustpoint", "status", "pinned_sha256", "first_seen"} | null
        },
        "findings": [{"rule", "severity", "host", "trustpoint", "message", "remedy"}]
      }]
    }

``CertSummary``: subject, issuer, serial, not_before, not_after (ISO 8601 UTC), key_type,
key_size, signature_algorithm, signature_hash, sha256 (upper-case hex), spki_sha256_b64,
self_signed. Hosts are sorted by name; findings worst first.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from collections import Counter
from typing import Any

from pssc.audit.model import SEVERITIES, AuditReport, HostAudit

SCHEMA = "pssc.audit/1"
CSV_FIELDS = ("host", "severity", "rule", "trustpoint", "message", "remedy", "generated_at")


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


def to_csv(report: AuditReport) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    for finding in report.findings:
        row = finding.as_dict()
        writer.writerow(
            {**{k: row[k] for k in CSV_FIELDS[:-1]}, "generated_at": report.generated_at}
        )
    return out.getvalue()


def _md_cell(text: object) -> str:
    return str("" if text is None else text).replace("|", "\\|").replace("\n", " ")


def to_markdown(report: AuditReport) -> str:
    """A ticket-ready Markdown summary: counts, one row per host, then the findings per host."""
    counts = report.counts()
    lines = [
        "# pssc audit",
        "",
        f"Generated {report.generated_at}: {len(report.hosts)} hosts, "
        + ", ".join(f"{counts[s]} {s}" for s in SEVERITIES)
        + ".",
        "",
        "| Host | Reachable | HTTPS trustpoint | Ends | Worst | Findings |",
        "|---|---|---|---|---|---|",
    ]
    for audit in report.hosts:
        lines.append(
            "| "
            + " | ".join(
                _md_cell(v)
                for v in (
                    audit.host,
                    "yes" if audit.facts.reachable else "no",
                    audit.facts.https_trustpoint or "-",
                    _https_end(audit) or "-",
                    audit.worst.label if audit.worst else "ok",
                    len(audit.findings),
                )
            )
            + " |"
        )
    for audit in report.hosts:
        if not audit.findings:
            continue
        lines += ["", f"## {audit.host}", ""]
        for f in audit.findings:
            lines.append(f"- **{f.severity.label}** `{f.rule}`: {_md_cell(f.message)}")
            lines.append(f"  - remedy: {_md_cell(f.remedy)}")
    return "\n".join(lines) + "\n"


def _https_end(audit: HostAudit) -> str | None:
    tp = audit.facts.trustpoint(audit.facts.https_trustpoint)
    if tp is not None and tp.certificate is not None:
        return tp.certificate["not_after"][:10]
    return None


def to_table(report: AuditReport) -> str:
    """A plain-text table for the terminal: one row per host, then the findings."""
    header = ("HOST", "REACHABLE", "HTTPS TRUSTPOINT", "ENDS", "WORST", "FINDINGS")
    rows = [
        (
            a.host,
            "yes" if a.facts.reachable else "no",
            a.facts.https_trustpoint or "-",
            _https_end(a) or "-",
            a.worst.label if a.worst else "ok",
            str(len(a.findings)),
        )
        for a in report.hosts
    ]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = [
        "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()
        for r in [header, *rows]
    ]
    counts = report.counts()
    lines.append("")
    lines.append(", ".join(f"{counts[s]} {s}" for s in SEVERITIES))
    for f in report.findings:
        lines.append(f"{f.severity.label.upper():8} {f.rule:22} {f.message}")
    return "\n".join(lines) + "\n"
