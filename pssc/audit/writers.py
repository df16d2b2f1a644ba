"""Pick a report format and write it atomically.

>>> sorted(FORMATS)
['csv', 'html', 'json', 'md', 'table']
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pssc.atomic import write_text
from pssc.audit.html import render_html
from pssc.audit.model import AuditReport
from pssc.audit.report import to_csv, to_json, to_markdown, to_table

FORMATS: dict[str, Callable[[AuditReport], str]] = {
    "table": to_table,
    "json": to_json,
    "csv": to_csv,
    "md": to_markdown,
    "html": render_html,
}
SUFFIXES = {".json": "json", ".csv": "csv", ".md": "md", ".html": "html", ".htm": "html"}


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
