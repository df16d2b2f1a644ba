"""The HTML report: one self-contained file (Jinja2, inline CSS, inline SVG, a little inline JS).

The view model is computed here (chart geometry included) so the template only lays it out.
"""

from __future__ import annotations

import functools
from collections import Counter
from datetime import datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from pssc.audit.model import SEVERITIES, AuditReport, HostAudit
from pssc.audit.report.schema import summary
from pssc.output.safe import html_value, terminal

TEMPLATES = Path(__file__).parent / "templates"
COLOURS = {"critical": "#7b1fa2", "error": "#c62828", "warning": "#ef6c00", "info": "#1565c0"}
OK_COLOUR = "#2e7d32"


def code_spans(text: str) -> Markup:
    """Markdown's code spans: ```write memory``` becomes ``<code>write memory</code>``, the rest
    is escaped (an odd backtick stays a backtick).

    >>> str(code_spans("run `pssc rollout` <now>"))
    'run <code>pssc rollout</code> &lt;now&gt;'
    """
    parts = terminal(text).split("`")  # device text: controls shown escaped, never acted on
    if len(parts) % 2 == 0:  # unbalanced: the last backtick opens nothing
        parts[-2:] = [parts[-2] + "`" + parts[-1]]
    out = [f"<code>{escape(p)}</code>" if i % 2 else str(escape(p)) for i, p in enumerate(parts)]
    return Markup("".join(out))


def fingerprint(sha256: str) -> Markup:
    """A SHA-256 in monospace, in two groups of 32 hex digits that never break inside: one line
    where there is room, two at most; the whole value is copied, and shown on hover."""
    sha256 = terminal(sha256)
    value = escape(sha256)
    half = len(sha256) // 2
    return Markup(
        f'<span class="fp" title="SHA-256 {value}"><span>{escape(sha256[:half])}</span>'
        f"<wbr><span>{escape(sha256[half:])}</span></span>"
    )


def pssc_version() -> str:
    try:
        return version("pssc")
    except PackageNotFoundError:  # pragma: no cover - run from a source tree not installed
        return "unknown"


@functools.cache
def _env() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        finalize=html_value,  # controls escaped, then autoescape does the markup
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["code_spans"] = code_spans
    env.filters["fingerprint"] = fingerprint
    return env


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
        "inventory": report.options.get("inventory"),
        "version": pssc_version(),
    }
    return _env().get_template("report.html.j2").render(**context)
