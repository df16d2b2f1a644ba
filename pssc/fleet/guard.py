"""One fleet run from the command line: its journal entry, its host locks, its Ctrl-C.

``with guarded_run(nr, "rollout", journal_file, resume=...) as (todo, run):`` yields the Nornir
object of the hosts to work on (without those a resumed run already finished and those another
run holds, each said in one line on stderr) and the journal handle to record finished hosts in;
the first Ctrl-C inside the block stops launching hosts (``pssc.fleet.interrupt``).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from nornir.core import Nornir

from pssc.fleet.interrupt import handle_interrupts
from pssc.fleet.journal import Journal, RunHandle
from pssc.fleet.pool import STOP

__all__ = ["guarded_run"]


def _names(hosts: list[str]) -> str:
    return ", ".join(hosts[:8]) + (f" (and {len(hosts) - 8} more)" if hosts[8:] else "")


@contextmanager
def guarded_run(
    nr: Nornir,
    command: str,
    journal_file: Path,
    *,
    resume: bool = False,
    stderr: TextIO | None = None,
) -> Iterator[tuple[Nornir, RunHandle]]:
    out = stderr if stderr is not None else sys.stderr
    run = Journal(journal_file).begin(command, list(nr.inventory.hosts), resume=resume)
    if run.refused:
        holders = sorted(set(run.refused.values()))
        out.write(
            f"{command}: {_names(sorted(run.refused))}: in use by {'; '.join(holders)}; "
            "not touched\n"
        )
    if resume:
        if run.resumed_from is None:
            out.write(f"{command}: --resume: no interrupted run to resume; doing every host\n")
        else:
            done = sorted(run.resumed)
            out.write(
                f"{command}: resuming run {run.resumed_from}: {len(done)} host(s) already done"
                + (f" ({_names(done)})" if done else "")
                + "\n"
            )
    skip = set(run.refused) | set(run.resumed)
    todo = nr.filter(filter_func=lambda h: h.name not in skip)
    completed = False
    try:
        with handle_interrupts(out):
            yield todo, run
            completed = not STOP.is_set() and not run.refused
    finally:
        run.end(completed=completed)
