"""``verify --reload`` over a fleet from the command line: journal, host locks, Ctrl-C.

Each host is recorded in the run journal as soon as its verdict is final (and pinned then, by the
runbook), so ``--resume`` after a killed or interrupted run does not reload it again. Hosts another
run holds are ``skipped`` ("in use by run N"); a verify without ``--reload`` changes nothing and
takes no lock.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nornir.core import Nornir

from pssc.fleet.guard import guarded_run
from pssc.fleet.interrupt import handle_interrupts
from pssc.fleet.pool import STOP
from pssc.verify.evidence import HostReport
from pssc.verify.runbook import run_verify

__all__ = ["FleetVerify", "verify_fleet"]


@dataclass
class FleetVerify:
    reports: list[HostReport]
    interrupted: bool


def _from_record(record: dict[str, Any], run: int | None) -> HostReport:
    report = HostReport(
        host=str(record["host"]),
        verdict=record["verdict"],
        reason=f"{record.get('reason', '')} (done by run {run}, --resume)",
        trustpoint=record.get("trustpoint"),
        reloaded=bool(record.get("reloaded")),
        pin=record.get("pin"),
        wave=record.get("wave"),
    )
    report.timeline = dict(record.get("timeline") or {})
    return report


def verify_fleet(
    nr: Nornir,
    *,
    reload: bool,
    journal_file: Path,
    resume: bool = False,
    run: Callable[..., list[HostReport]] = run_verify,
    **options: Any,
) -> FleetVerify:
    """``run_verify(nr, reload=reload, **options)`` under the journal and the host locks."""
    if not reload:
        with handle_interrupts():
            return FleetVerify(run(nr, reload=False, **options), STOP.is_set())
    with guarded_run(nr, "verify --reload", journal_file, resume=resume) as (todo, handle):
        reports = run(
            todo, reload=True, on_done=lambda r: handle.done(r.host, r.to_json()), **options
        )
        interrupted = STOP.is_set()
    by_host = {r.host: r for r in reports}
    for host, record in handle.resumed.items():
        by_host[host] = _from_record(record, handle.resumed_from)
    for host, holder in handle.refused.items():
        by_host[host] = HostReport(host, "skipped", f"not verified: in use by {holder}")
    return FleetVerify([by_host[h] for h in sorted(by_host)], interrupted)
