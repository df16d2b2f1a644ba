"""The HTML report: one self-contained file (Jinja2, inline CSS, inline SVG, a little inline JS).

The view model is computed here (chart geometry included) so the template only lays it out.
"""

from __future__ import annotations

import functools
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

import jinja2

from pssc.audit.model import SEVERITIES, AuditReport, HostAudit
from pssc.audit.report.schema import summary
from pssc.output.safe import html_value

TEMPLATES = Path(__file__).parent / "templates"
COLOURS = {"critical": "#7b1fa2", "error": "#c62828", "warning": "#ef6c00", "info": "#1565c0"}
OK_COLOUR = "#2e7d32"


@functools.cache
def _env() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        finalize=html_value,  # controls escaped, then autoescape does the markup
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )


def _severity_bars(counts: dict[str, int]) -> list[dict[str, Any]]:
    """Horizontal bars, one per severity, scaled to the largest count."""
    top = max(counts.values(), default=0) or 1
    bars = []
    for i, sev in enumerate(SEVERITIES):
        bars.append(
            {
                "label": sev,
                "count": counts[sev],
                "y": 10 + i * 34,
                "width": round(300 * counts[sev] / top, 1),
                "colour": COLOURS[sev],
            }
        )
    return bars


def _end_dates(report: AuditReport, now: datetime) -> list[dict[str, Any]]:
    """Columns of the HTTPS certificates' end dates per year (expired years in red)."""
    years: Counter[int] = Counter()
    for audit in report.hosts:
        tp = audit.facts.trustpoint(audit.facts.https_trustpoint)
        if tp is not None and tp.certificate is not None:
            years[int(tp.certificate["not_after"][:4])] += 1
    if not years:
        return []
    span = list(range(min(years), max(years) + 1))
    if len(span) > 24:  # keep the chart readable: only the years that have certificates
        span = sorted(years)
    top = max(years.values())
    width = max(12.0, min(48.0, 400 / len(span)))
    cols = []
    for i, year in enumerate(span):
        height = round(120 * years[year] / top, 1)
        colour = COLOURS["error"] if year < now.year else (
            COLOURS["warning"] if year == now.year else OK_COLOUR
        )  # fmt: skip
        cols.append(
            {
                "year": year,
                "count": years[year],
                "x": round(30 + i * (width + 4), 1),
                "w": round(width, 1),
                "h": height,
                "y": round(140 - height, 1),
                "colour": colour,
                "label_every": len(span) <= 12 or i % 2 == 0,
            }
        )
    return cols


def _host_row(audit: HostAudit) -> dict[str, Any]:
    facts = audit.facts
    tp = facts.trustpoint(facts.https_trustpoint)
    cert = tp.certificate if tp else None
    counts = Counter(f.severity.label for f in audit.findings)
    return {
        "host": audit.host,
        "anchor": "host-" + "".join(c if c.isalnum() else "-" for c in audit.host),
        "reachable": facts.reachable,
        "https_trustpoint": facts.https_trustpoint or "",
        "not_after": cert["not_after"][:10] if cert else "",
        "key": f"{cert['key_type']} {cert['key_size']}" if cert else "",
        "key_size": cert["key_size"] if cert else 0,
        "saved_text": ("yes" if tp.saved else "no") if tp and cert else "-",
        "pin": facts.pin.status if facts.pin else "",
        "worst": audit.worst.label if audit.worst else "ok",
        "worst_rank": int(audit.worst) if audit.worst else 0,
        "counts": [counts.get(s, 0) for s in SEVERITIES],
        "findings": audit.findings,
        "facts": facts,
    }


def render_html(report: AuditReport, *, title: str = "pssc audit") -> str:
    now = datetime.fromisoformat(report.generated_at.replace("Z", "+00:00"))
    counts = report.counts()
    context = {
        "title": title,
        "generated_at": report.generated_at,
        "summary": summary(report),
        "severities": SEVERITIES,
        "colours": COLOURS,
        "ok_colour": OK_COLOUR,
        "bars": _severity_bars(counts),
        "years": _end_dates(report, now),
        "rows": [_host_row(a) for a in report.hosts],
        "options": report.options,
    }
    return _env().get_template("report.html.j2").render(**context)
