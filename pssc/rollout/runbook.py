"""The rollout runbook: run ``tasks.rollout`` on every host, turn the results into outcomes, and
pin the certificates it made.

>>> describe_error(ValueError("boom"))
'ValueError: boom'
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from nornir.core import Nornir
from nornir.core.task import AggregatedResult

from pssc.fleet.interrupt import interrupted
from pssc.fleet.runner import run_waves
from pssc.fleet.waves import FailGate, WavePolicy, plan_waves
from pssc.pins import PinStore
from tasks.ca import Signer
from tasks.errors import TaskError
from tasks.plan import RolloutOptions
from tasks.rollout import HostOutcome, rollout
from tasks.rollout_ca import rollout_ca

logger = logging.getLogger(__name__)


def describe_error(exc: BaseException | None) -> str:
    """One line for a failed host: the error class and its message (and the command)."""
    if exc is None:
        return "failed (no exception recorded)"
    if isinstance(exc, TaskError):
        where = f" [{exc.command}]" if exc.command else ""
        return f"{type(exc).__name__}{where}: {exc.message}"
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0] if text else ''}".rstrip(": ")


def outcomes(
    result: AggregatedResult | Mapping[str, Any], hosts: Sequence[str]
) -> list[HostOutcome]:
    """One ``HostOutcome`` per host, in inventory order (failed hosts carry the error)."""
    out = []
    for name in hosts:
        multi = result.get(name)
        if isinstance(multi, HostOutcome):  # not started (a wave not launched)
            out.append(multi)
            continue
        if multi is None:  # the runner did not start it (Ctrl-C)
            why = interrupted() or "not run"
            out.append(HostOutcome(host=name, status="skipped", error=f"not started: {why}"))
            continue
        if multi and isinstance(multi[0].result, HostOutcome):
            out.append(multi[0].result)
            continue
        exc = multi[0].exception if multi else None
        out.append(HostOutcome(host=name, status="failed", error=describe_error(exc)))
    return out


def _in_waves(
    nr: Nornir,
    options: RolloutOptions,
    policy: WavePolicy,
    task: Any = rollout,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Batch after batch; once more than ``--max-fail`` hosts failed, the rest are skipped."""
    hosts = list(nr.inventory.hosts)
    run = run_waves(
        nr,
        plan_waves(hosts, policy),
        task,
        gate=FailGate(policy, planned=len(hosts)),
        ok=lambda _h, multi: not multi.failed,
        stop=interrupted,
        options=options,
        **(extra or {}),
    )
    skipped = {
        h: HostOutcome(host=h, status="skipped", error=f"not started: {why}")
        for h, why in run.skipped.items()
    }
    return {**run.results, **skipped}


def run_rollout(
    nr: Nornir,
    *,
    options: RolloutOptions | None = None,
    dry_run: bool = False,
    processors: Sequence[Any] = (),
    signer: Signer | None = None,
    waves: WavePolicy | None = None,
    **option_values: Any,
) -> list[HostOutcome]:
    """Roll out on every host of ``nr``; ``option_values`` build the options (``fix=True``).

    With ``signer`` the certificates are issued by that CA (``tasks.rollout_ca``). ``waves``
    (``--batch``, ``--max-fail``; no canary): batches of hosts, and no new batch once too many
    failed (those hosts are ``skipped``). Default: every host at once, never stopping.
    """
    options = options or RolloutOptions(**option_values)
    runner = nr.with_processors(list(processors)) if processors else nr
    previous, nr.data.dry_run = nr.data.dry_run, dry_run  # shared with `runner`
    try:
        task: Any = rollout if signer is None else rollout_ca
        extra: dict[str, Any] = {} if signer is None else {"signer": signer}
        if waves is None:
            result: Any = runner.run(
                task=task, name="rollout", options=options, on_failed=True, **extra
            )
        else:
            result = _in_waves(runner, options, replace(waves, canary=0), task, extra)
    finally:
        nr.data.dry_run = previous
    hosts = list(nr.inventory.hosts)
    done = outcomes(result, hosts)
    failed = sum(o.status == "failed" for o in done)
    logger.info("rollout: %d host(s), %d failed", len(done), failed)
    return done


def pin_outcomes(done: Sequence[HostOutcome], pins: Path) -> tuple[int, list[str]]:
    """Pin the certificates this rollout enrolled itself: (pins changed, one line per host whose
    certificate was left unpinned and why).

    A certificate the run enrolled (``HostOutcome.enrolled``: a fingerprint the host did not hold
    before, read back over the authenticated SSH session) is an intended rotation, vouched for as
    ``pssc pins accept`` would. A host where the run only bound HTTPS or saved is not pinned: its
    certificate may have been put there by someone else. Nor is one with a pin mismatch pending
    (a certificate seen but not accepted): the operator decides about it. Dry runs and failures
    pin nothing.
    """
    made = [
        o
        for o in done
        if o.status == "changed" and not o.dry_run and o.enrolled and o.sha256 and o.trustpoint
    ]
    if not made:
        return 0, []
    store = PinStore(pins)
    pinned, notes = 0, []
    for o in made:
        assert o.trustpoint is not None and o.sha256 is not None
        pending = [p for p in store.list(o.host) if p.pending_sha256 not in (None, o.sha256)]
        if pending:
            notes.append(
                f"{o.host}: new certificate not pinned: a pin mismatch is pending"
                f" ({(pending[0].pending_sha256 or '')[:16]}..., seen {pending[0].pending_seen});"
                f" check it, then `pssc pins accept {o.host}` or `pssc pins forget {o.host}`"
            )
            continue
        pinned += store.accept(o.host, o.trustpoint, sha256=o.sha256)
    for note in notes:
        logger.warning("%s", note)
    return pinned, notes


def pin_changes(done: Sequence[HostOutcome], pins: Path) -> int:
    """Pin the certificates this rollout enrolled itself (``pin_outcomes``); how many pins
    changed."""
    return pin_outcomes(done, pins)[0]


__all__ = ["describe_error", "outcomes", "pin_changes", "pin_outcomes", "run_rollout"]
