"""Run a Nornir task wave after wave (``pssc.fleet.waves`` makes the plan and the stop rule).

Each wave is one ``nr.run`` over its hosts; a wave runs to its end (nothing is cut mid-dialog),
then the :class:`~pssc.fleet.waves.FailGate` says whether the next one is launched. Hosts of the
waves not launched are ``skipped``, each with the reason.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from nornir.core import Nornir
from nornir.core.task import MultiResult

from pssc.fleet.waves import FailGate, Wave

logger = logging.getLogger(__name__)

__all__ = ["OnHostDone", "WaveRun", "run_waves"]


class OnHostDone:
    """A Nornir processor calling ``callback(host, result)`` as each host finishes the top-level
    task (in the worker thread: pin or journal it at once, not at the end of the run)."""

    def __init__(self, callback: Callable[[str, MultiResult], None]) -> None:
        self.callback = callback

    def task_started(self, task: Any) -> None:
        return None

    def task_completed(self, task: Any, result: Any) -> None:
        return None

    def task_instance_started(self, task: Any, host: Any) -> None:
        return None

    def task_instance_completed(self, task: Any, host: Any, result: MultiResult) -> None:
        self.callback(host.name, result)

    def subtask_instance_started(self, task: Any, host: Any) -> None:
        return None

    def subtask_instance_completed(self, task: Any, host: Any, result: MultiResult) -> None:
        return None


@dataclass
class WaveRun:
    """What a wave run did: the results of the hosts launched, the reason for the others."""

    results: dict[str, MultiResult] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)
    wave_of: dict[str, Wave] = field(default_factory=dict)
    stopped: str | None = None


def run_waves(
    nr: Nornir,
    waves: Sequence[Wave],
    task: Callable[..., Any],
    *,
    gate: FailGate,
    ok: Callable[[str, MultiResult], bool],
    stop: Callable[[], str | None] = lambda: None,
    on_wave: Callable[[Wave], None] | None = None,
    **kwargs: Any,
) -> WaveRun:
    """Run ``task`` on each wave's hosts in turn; ``ok`` judges a finished host for the gate,
    ``stop`` (e.g. an interrupt) returns a reason to launch nothing more."""
    run = WaveRun()
    for wave in waves:
        for host in wave.hosts:
            run.wave_of[host] = wave
        reason = gate.stopped or stop()
        if reason:
            run.stopped = run.stopped or reason
            run.skipped.update(dict.fromkeys(wave.hosts, reason))
            continue
        if on_wave is not None:
            on_wave(wave)
        names = frozenset(wave.hosts)
        sub = nr.filter(filter_func=lambda h, names=names: h.name in names)
        logger.info("%s: %d host(s): %s", wave.label, len(wave.hosts), ", ".join(wave.hosts))
        result = sub.run(
            task=task, name=getattr(task, "__name__", "task"), on_failed=True, **kwargs
        )
        for host in wave.hosts:
            multi = result.get(host)
            if multi is None:  # not started: Ctrl-C
                run.skipped[host] = stop() or "not started"
                continue
            run.results[host] = multi
            gate.record(wave.kind, host, ok=ok(host, multi))
    run.stopped = run.stopped or gate.stopped
    return run
