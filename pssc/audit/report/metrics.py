"""The audit as metrics: the Prometheus text format (OpenMetrics compatible), for monitoring.

``pssc audit --format openmetrics --output /var/lib/node_exporter/textfile/pssc.prom`` gives
node_exporter's textfile collector one file per run (written atomically). Every metric is a
gauge; the series:

- ``pssc_audit_timestamp_seconds``: when the audit ran (alert when it gets old);
- ``pssc_host_reachable{host}``: 1 when the host could be audited, else 0;
- ``pssc_certificate_expiry_days{host,trustpoint,https}``: days until the certificate of each
  trustpoint ends, negative once past (``https="true"`` for the one HTTPS uses);
- ``pssc_certificate_not_after_timestamp_seconds{host,trustpoint,https}``: its end, as a time;
- ``pssc_findings{severity,rule}``: findings of the fleet per severity and rule;
- ``pssc_host_findings{host,severity}``: findings per host and severity (every severity, 0 too);
- ``pssc_pin_status{host,trustpoint,status}``: 1 for the pin store's answer about the served
  fingerprint (``new``, ``same``, ``changed``), 0 for the others.

Written by hand (the format is a few lines of text); the tests read it back with
``prometheus_client``'s parsers, both the Prometheus text and the OpenMetrics one.

>>> escape_label('R1 "core"\\n')
'R1 \\\\"core\\\\"\\\\n'
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping
from datetime import datetime

from pssc.audit.model import SEVERITIES, AuditReport, HostAudit

__all__ = ["PIN_STATUSES", "escape_label", "to_openmetrics"]

PIN_STATUSES = ("new", "same", "changed")
_HELP = {
    "pssc_audit_timestamp_seconds": "When the audit ran (Unix time).",
    "pssc_host_reachable": "1 when the host could be audited over SSH, else 0.",
    "pssc_certificate_expiry_days": "Days until the certificate of the trustpoint ends.",
    "pssc_certificate_not_after_timestamp_seconds": "When the certificate ends (Unix time).",
    "pssc_findings": "Audit findings of the fleet per severity and rule.",
    "pssc_host_findings": "Audit findings per host and severity.",
    "pssc_pin_status": "1 for the pin store's answer about the served fingerprint.",
}


def escape_label(value: str) -> str:
    """A label value as the text format wants it: backslash, double quote and newline escaped."""
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _when(iso: str) -> datetime:
    return datetime.fromisoformat(iso.replace("Z", "+00:00"))


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(round(value, 3))


def _sample(name: str, labels: Mapping[str, str], value: float) -> str:
    inner = ",".join(f'{key}="{escape_label(text)}"' for key, text in labels.items())
    return f"{name}{{{inner}}} {_number(value)}" if inner else f"{name} {_number(value)}"


def _certificates(audit: HostAudit, now: datetime) -> Iterator[tuple[dict[str, str], float, float]]:
    facts = audit.facts
    for tp in facts.trustpoints:
        if tp.certificate is None:
            continue
        end = _when(tp.certificate["not_after"])
        labels = {
            "host": facts.host,
            "trustpoint": tp.name,
            "https": "true" if tp.name == facts.https_trustpoint else "false",
        }
        yield labels, (end - now).total_seconds() / 86400, end.timestamp()


def _families(report: AuditReport) -> dict[str, list[str]]:
    now = _when(report.generated_at)
    out: dict[str, list[str]] = {name: [] for name in _HELP}
    out["pssc_audit_timestamp_seconds"].append(
        _sample("pssc_audit_timestamp_seconds", {}, now.timestamp())
    )
    for audit in report.hosts:
        host = audit.host
        out["pssc_host_reachable"].append(
            _sample("pssc_host_reachable", {"host": host}, int(audit.facts.reachable))
        )
        for labels, days, end in _certificates(audit, now):
            out["pssc_certificate_expiry_days"].append(
                _sample("pssc_certificate_expiry_days", labels, days)
            )
            out["pssc_certificate_not_after_timestamp_seconds"].append(
                _sample("pssc_certificate_not_after_timestamp_seconds", labels, end)
            )
        per_severity = Counter(f.severity.label for f in audit.findings)
        for severity in SEVERITIES:
            labels = {"host": host, "severity": severity}
            out["pssc_host_findings"].append(
                _sample("pssc_host_findings", labels, per_severity[severity])
            )
        pin = audit.facts.pin
        if pin is not None:
            for status in PIN_STATUSES:
                labels = {"host": host, "trustpoint": pin.trustpoint, "status": status}
                out["pssc_pin_status"].append(
                    _sample("pssc_pin_status", labels, int(pin.status == status))
                )
    rules = Counter((f.severity.label, f.rule) for f in report.findings)
    for (severity, rule), count in sorted(rules.items()):
        labels = {"severity": severity, "rule": rule}
        out["pssc_findings"].append(_sample("pssc_findings", labels, count))
    return out


def to_openmetrics(report: AuditReport) -> str:
    """The report as metric families (``# HELP``, ``# TYPE gauge``), ending with ``# EOF``."""
    lines: list[str] = []
    for name, samples in _families(report).items():
        lines += [f"# HELP {name} {_HELP[name]}", f"# TYPE {name} gauge", *samples]
    lines.append("# EOF")
    return "\n".join(lines) + "\n"
