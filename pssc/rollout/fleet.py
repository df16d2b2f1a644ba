"""A rollout over a fleet from the command line: journal, host locks, Ctrl-C, pins at once.

Each certificate the run enrolled itself is pinned (``pin_outcomes``) and each host recorded in
the run journal the moment it finishes, so an interrupted or killed run keeps what it did, and
``--resume`` skips it. Hosts another run holds are ``skipped`` ("in use by run N"); hosts a
resumed run already did come back with their recorded outcome. A dry run reads only: no journal,
no locks.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from nornir.core import Nornir
from nornir.core.task import MultiResult

from pssc.fleet.guard import guarded_run
from pssc.fleet.interrupt import handle_interrupts
from pssc.fleet.pool import STOP
from pssc.fleet.runner import OnHostDone
from pssc.fleet.waves import WavePolicy
from pssc.rollout.report import json_record
from pssc.rollout.runbook import outcomes, pin_outcomes, run_rollout
from tasks.ca import Signer
from tasks.plan import RolloutOptions
from tasks.rollout import HostOutcome

__all__ = ["FleetRollout", "rollout_fleet"]

_FIELDS = {f.name for f in fields(HostOutcome)}


@dataclass
class FleetRollout:
    outcomes: list[HostOutcome]
    pinned: int
    interrupted: bool
    notes: list[str] = field(default_factory=list)  # certificates left unpinned, and why


def _from_record(host: str, record: dict[str, Any], why: str) -> HostOutcome:
    values = {k: v for k, v in record.items() if k in _FIELDS and k != "host"}
    outcome = HostOutcome(host=host, **values)
    outcome.reasons = [*outcome.reasons, why]
    return outcome


def rollout_fleet(
    nr: Nornir,
    *,
    options: RolloutOptions,
    dry_run: bool,
    waves: WavePolicy | None,
    pins: Path | None,
    journal_file: Path,
    resume: bool = False,
    processors: Sequence[Any] = (),
    signer: Signer | None = None,
) -> FleetRollout:
    hosts = list(nr.inventory.hosts)
    pinned = [0]
    notes: list[str] = []
    lock = threading.Lock()
    if dry_run:
        with handle_interrupts():
            done = run_rollout(
                nr, options=options, dry_run=True, processors=processors, signer=signer
            )
            return FleetRollout(done, 0, STOP.is_set())
    with guarded_run(nr, "rollout", journal_file, resume=resume) as (todo, run):

        def finished(host: str, multi: MultiResult) -> None:
            outcome = outcomes({host: multi}, [host])[0]
            if pins is not None:
                count, why = pin_outcomes([outcome], pins)
                with lock:
                    pinned[0] += count
                    notes.extend(why)
            run.done(host, json_record(outcome))

        ran = run_rollout(
            todo,
            options=options,
            processors=[*processors, OnHostDone(finished)],
            waves=waves,
            signer=signer,
        )
        interrupted = STOP.is_set()
    by_host = {o.host: o for o in ran}
    for host, record in run.resumed.items():
        by_host[host] = _from_record(host, record, f"done by run {run.resumed_from} (--resume)")
    for host, holder in run.refused.items():
        by_host[host] = HostOutcome(host=host, status="skipped", error=f"in use by {holder}")
    return FleetRollout([by_host[h] for h in hosts], pinned[0], interrupted, notes)
