"""What only a given page carries, for ``load_page(..., expect=...)`` and ``screenshot``."""

from __future__ import annotations

from pssc.audit.model import AuditReport


def report_markers(report: AuditReport) -> tuple[str, ...]:
    """Texts that only this audit report's HTML page carries: its header line (time of the audit
    and number of hosts) and one table row per host."""
    header = f"generated {report.generated_at} · {len(report.hosts)} hosts"
    return (header, *(f'<tr data-host="{h.host}">' for h in report.hosts))
