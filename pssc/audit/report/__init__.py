"""The audit's output, every format in one place: pick one, render it, write it atomically.

``schema``: the JSON document (``pssc.audit/1``, documented there) and its summary; ``text``: CSV,
Markdown and the terminal tables (through :mod:`pssc.output.table`); ``html``: the
self-contained HTML page (Jinja2, ``templates/``); ``metrics``: the Prometheus text format.
This module maps the format names to them.

May import: ``pssc.audit.model``, ``pssc.output``, ``pssc.atomic``, Jinja2. Never the collection
(``pssc.audit.collect``), ``tasks`` or a device: a report is made from an ``AuditReport`` alone.

>>> sorted(FORMATS)
['csv', 'html', 'json', 'md', 'openmetrics', 'table']
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pssc.atomic import write_text
from pssc.audit.model import AuditReport
from pssc.audit.report.html import render_html
from pssc.audit.report.metrics import to_openmetrics
from pssc.audit.report.schema import SCHEMA, summary, to_dict, to_json
from pssc.audit.report.text import to_csv, to_markdown, to_table

__all__ = [
    "FORMATS",
    "SCHEMA",
    "SUFFIXES",
    "format_for",
    "render",
    "summary",
    "to_dict",
    "write_report",
]

FORMATS: dict[str, Callable[[AuditReport], str]] = {
    "table": to_table,
    "json": to_json,
    "csv": to_csv,
    "md": to_markdown,
    "html": render_html,
    "openmetrics": to_openmetrics,
}
SUFFIXES = {
    ".json": "json",
    ".csv": "csv",
    ".md": "md",
    ".html": "html",
    ".htm": "html",
    ".prom": "openmetrics",
}


def render(report: AuditReport, fmt: str) -> str:
    try:
        return FORMATS[fmt](report)
    except KeyError:
        raise ValueError(f"unknown report format {fmt!r} (one of {', '.join(FORMATS)})") from None


def format_for(path: Path | None, fmt: str | None) -> str:
    """The format asked for, else the one the output file's suffix names, else ``table``.

    >>> format_for(Path("r.html"), None), format_for(None, None), format_for(Path("x"), "csv")
    ('html', 'table', 'csv')
    """
    if fmt:
        return fmt
    if path is not None:
        return SUFFIXES.get(path.suffix.lower(), "table")
    return "table"


def write_report(report: AuditReport, fmt: str, path: Path) -> Path:
    """Render ``report`` as ``fmt`` and write it to ``path`` atomically."""
    return write_text(path, render(report, fmt))
