"""What a rollout reports: the table of outcomes, the CLI a dry run would send, the JSON document.

JSON schema ``pssc.rollout/1`` (``--json``; fields may be added, never renamed; docs/json.md)::

    {
      "schema": "pssc.rollout/1",
      "generated_at": "2026-06-01T12:00:00Z",           # ISO 8601 UTC
      "dry_run": false,
      "summary": {"hosts": 3, "changed": 1, "unchanged": 1, "failed": 1, "skipped": 0,
                  "ok": false},                          # ok: no host failed or was skipped
      "hosts": [{"host", "status", "trustpoint", "serial", "sha256", "not_after", "saved",
                 "error", "dry_run", "reasons", "cli"}]
    }

>>> from tasks.rollout import HostOutcome
>>> json_record(HostOutcome(host="R1", status="failed", error="boom"))["error"]
'boom'
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from pssc.output.safe import terminal
from pssc.output.table import Column, render_table
from tasks.rollout import HostOutcome

__all__ = ["JSON_KEYS", "SCHEMA", "json_document", "json_record", "render", "summary", "would_send"]

SCHEMA = "pssc.rollout/1"
STATUSES = ("changed", "unchanged", "failed", "skipped")

JSON_KEYS = ("host", "status", "trustpoint", "serial", "sha256", "not_after", "saved", "error")
STYLES = {"changed": "yellow", "unchanged": "green", "failed": "bold red", "skipped": "magenta"}
COLUMNS = (
    Column("host", whole=True),
    Column("status", whole=True, styles=STYLES),
    Column("trustpoint"),
    Column("serial"),
    Column("sha256", shorten=True),
    Column("not after", whole=True),
    Column("saved", whole=True),
    Column("note", detail=True),
)


def _short(value: str | None, n: int = 16) -> str:
    if not value:
        return "-"
    return value[:n] + "…" if len(value) > n else value


def _row(o: HostOutcome) -> list[str]:
    saved = "-" if o.saved is None else ("yes" if o.saved else "no")
    note = o.error or "; ".join(o.reasons) or ""
    return [
        o.host,
        o.status,
        o.trustpoint or "-",
        o.serial or "-",
        _short(o.sha256),
        (o.not_after or "-")[:10],
        saved,
        note,
    ]


def render(outcomes: Sequence[HostOutcome], *, dry_run: bool, width: int | None = None) -> str:
    """The table of ``pssc rollout``: one row per host."""
    title = "pssc rollout" + (" (dry run: nothing was changed)" if dry_run else "")
    return render_table(title, COLUMNS, [_row(o) for o in outcomes], width=width)


def summary(outcomes: Sequence[HostOutcome], *, dry_run: bool = False) -> str:
    """One line after the table: how many hosts, how many of each status.

    >>> summary([HostOutcome("R1", "changed"), HostOutcome("R2", "failed")])
    'rollout: 2 hosts: 1 changed, 1 failed'
    """
    counts = Counter(o.status for o in outcomes)
    parts = [f"{counts[s]} {s}" for s in ("changed", "unchanged", "failed") if counts[s]]
    head = "rollout (dry run)" if dry_run else "rollout"
    return f"{head}: {len(outcomes)} hosts: " + ", ".join(parts)


def would_send(outcomes: Sequence[HostOutcome]) -> str:
    """The exact CLI of a dry run, host by host (dialog answers included)."""
    blocks = [f"! {o.host}: would send\n" + "\n".join(o.cli) + "\n\n" for o in outcomes if o.cli]
    return terminal("".join(blocks))  # trustpoint names come from the device


def json_record(outcome: HostOutcome) -> dict[str, Any]:
    """The ``--json`` object of one host: the keys of the issue, then the details."""
    data = outcome.to_json()
    record = {key: data.get(key) for key in JSON_KEYS}
    record["dry_run"] = outcome.dry_run
    record["reasons"] = outcome.reasons
    record["cli"] = outcome.cli
    return record


def json_document(
    outcomes: Sequence[HostOutcome], *, dry_run: bool, generated_at: datetime | None = None
) -> dict[str, Any]:
    """The ``--json`` document: schema, time, summary, one record per host (``json_record``).

    >>> doc = json_document([HostOutcome("R1", "changed")], dry_run=False)
    >>> doc["schema"], doc["summary"]["changed"], doc["summary"]["ok"], doc["hosts"][0]["host"]
    ('pssc.rollout/1', 1, True, 'R1')
    """
    counts = Counter(o.status for o in outcomes)
    when = (generated_at or datetime.now(UTC)).astimezone(UTC)
    return {
        "schema": SCHEMA,
        "generated_at": when.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "dry_run": dry_run,
        "summary": {
            "hosts": len(outcomes),
            **{status: counts[status] for status in STATUSES},
            "ok": not (counts["failed"] or counts["skipped"]),
        },
        "hosts": [json_record(o) for o in outcomes],
    }
