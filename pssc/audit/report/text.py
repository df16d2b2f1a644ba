"""The audit as text: CSV (one row per finding), Markdown (for a ticket), terminal tables."""

from __future__ import annotations

import csv
import io

from pssc.audit.model import SEVERITIES, AuditReport, HostAudit
from pssc.output.safe import csv_cell, markdown
from pssc.output.table import Column, render_table

__all__ = ["CSV_FIELDS", "summary_line", "to_csv", "to_markdown", "to_table"]

CSV_FIELDS = ("host", "severity", "rule", "trustpoint", "message", "remedy", "generated_at")
_SEVERITY_STYLES = {"critical": "bold magenta", "error": "bold red", "warning": "yellow"}
HOST_COLUMNS = (
    Column("host", whole=True),
    Column("reachable"),
    Column("https trustpoint"),
    Column("ends", whole=True),
    Column("worst", whole=True, styles={**_SEVERITY_STYLES, "ok": "green"}),
    Column("findings", justify="right"),
)
FINDING_COLUMNS = (
    Column("host", whole=True),
    Column("severity", whole=True, styles=_SEVERITY_STYLES),
    Column("rule"),
    Column("message", detail=True),
)


def to_csv(report: AuditReport) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    for finding in report.findings:
        row = finding.as_dict()
        cells = {**{k: row[k] for k in CSV_FIELDS[:-1]}, "generated_at": report.generated_at}
        writer.writerow({k: csv_cell(v) for k, v in cells.items()})  # never a formula
    return out.getvalue()


def _md_cell(text: object) -> str:
    return markdown(text)  # inert: no markup, no HTML, no escape sequence, one line


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
        lines += ["", f"## {_md_cell(audit.host)}", ""]
        for f in audit.findings:
            lines.append(f"- **{f.severity.label}** `{f.rule}`: {_md_cell(f.message)}")
            lines.append(f"  - remedy: {_md_cell(f.remedy)}")
    return "\n".join(lines) + "\n"


def _https_end(audit: HostAudit) -> str | None:
    tp = audit.facts.trustpoint(audit.facts.https_trustpoint)
    if tp is not None and tp.certificate is not None:
        return tp.certificate["not_after"][:10]
    return None


def to_table(report: AuditReport, *, width: int | None = None, color: bool | None = False) -> str:
    """The terminal tables: one row per host, the counts, then one row per finding.

    Without colour by default: the same text goes to a file (``--output x.txt``).
    """
    hosts = [
        (
            a.host,
            "yes" if a.facts.reachable else "no",
            a.facts.https_trustpoint or "-",
            _https_end(a) or "-",
            a.worst.label if a.worst else "ok",
            len(a.findings),
        )
        for a in report.hosts
    ]
    text = render_table("pssc audit", HOST_COLUMNS, hosts, width=width, color=color)
    if report.findings:
        findings = [(f.host, f.severity.label, f.rule, f.message) for f in report.findings]
        text += "\n" + render_table("findings", FINDING_COLUMNS, findings, width=width, color=color)
    return text + summary_line(report) + "\n"


def summary_line(report: AuditReport) -> str:
    """One line after the tables: hosts, hosts without findings, findings per severity."""
    counts = report.counts()
    clean = sum(1 for a in report.hosts if not a.findings)
    return f"audit: {len(report.hosts)} hosts, {clean} without findings; " + ", ".join(
        f"{counts[s]} {s}" for s in SEVERITIES
    )
