"""Safe waves: which hosts go first, how many at once, when to stop. Pure functions, no I/O.

A plan is a list of :class:`Wave`: the canary wave first (``--canary N`` hosts, alone), then
batches of ``--batch N|P%`` hosts. With ``--reload-group KEY`` no wave holds two hosts of one
group (an HA pair is never down together). :class:`FailGate` says when to stop launching waves:
any canary that is not a success, or more than ``--max-fail N|P%`` failures after it.

>>> plan = plan_waves([f"R{i}" for i in range(1, 8)], WavePolicy(canary=1, batch=parse_count("3")))
>>> [(w.kind, w.hosts) for w in plan]
[('canary', ('R1',)), ('batch', ('R2', 'R3', 'R4')), ('batch', ('R5', 'R6', 'R7'))]
>>> groups = {"A1": "a", "A2": "a", "B1": "b", "B2": "b"}
>>> [w.hosts for w in plan_waves(list(groups), WavePolicy(canary=0, batch=parse_count("100%"),
...                                                        group_key="ha"), groups)]
[('A1', 'B1'), ('A2', 'B2')]
>>> parse_count("150%", option="--batch")
Traceback (most recent call last):
...
pssc.errors.InvalidInput: --batch 150%: a percentage is at most 100%
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from pssc.errors import InvalidInput

__all__ = [
    "ALL_AT_ONCE",
    "Count",
    "FailGate",
    "Wave",
    "WavePolicy",
    "describe_plan",
    "groups_for",
    "parse_count",
    "plan_waves",
]

_COUNT = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(%?)\s*$")


@dataclass(frozen=True)
class Count:
    """``N`` hosts or ``P`` percent of the hosts (``--batch``, ``--max-fail``).

    >>> Count(10, percent=True).of(95), Count(3).of(95), Count(0).of(5)
    (10, 3, 0)
    """

    value: float
    percent: bool = False

    def of(self, total: int) -> int:
        """How many hosts out of ``total`` (a percentage rounds up: 10 % of 5 hosts is 1)."""
        if not self.percent:
            return int(self.value)
        return math.ceil(total * self.value / 100 - 1e-9)

    def __str__(self) -> str:
        return f"{self.value:g}%" if self.percent else f"{int(self.value)}"


def parse_count(text: str | int, *, option: str = "--batch", allow_zero: bool = False) -> Count:
    """``N`` or ``P%`` as typed on the command line; anything else is one line naming the option.

    >>> parse_count("10%"), parse_count("4")
    (Count(value=10.0, percent=True), Count(value=4.0, percent=False))
    >>> parse_count("0", option="--max-fail", allow_zero=True)
    Count(value=0.0, percent=False)
    >>> parse_count("-1", option="--max-fail", allow_zero=True)
    Traceback (most recent call last):
    ...
    pssc.errors.InvalidInput: --max-fail -1: give a number of hosts (N) or a percentage (P%)
    """
    match = _COUNT.match(str(text))
    if match is None:
        raise InvalidInput(f"{option} {text}: give a number of hosts (N) or a percentage (P%)")
    value, percent = float(match.group(1)), bool(match.group(2))
    if not percent and value != int(value):
        raise InvalidInput(f"{option} {text}: a number of hosts is a whole number")
    if percent and value > 100:
        raise InvalidInput(f"{option} {text}: a percentage is at most 100%")
    if value == 0 and not allow_zero:
        raise InvalidInput(f"{option} {text}: must be at least 1 host (or more than 0%)")
    return Count(value, percent)


@dataclass(frozen=True)
class WavePolicy:
    """How a fleet is worked on: canaries first, then batches; when to stop; which groups."""

    canary: int = 1
    batch: Count = field(default_factory=lambda: Count(10, percent=True))
    max_fail: Count | None = field(default_factory=lambda: Count(0))  # None: never stop
    group_key: str | None = None

    def __post_init__(self) -> None:
        if self.canary < 0:
            raise InvalidInput(f"--canary {self.canary}: must be 0 or more")


ALL_AT_ONCE = WavePolicy(canary=0, batch=Count(100, percent=True), max_fail=None)


@dataclass(frozen=True)
class Wave:
    index: int  # 0, 1, ... in launch order
    kind: Literal["canary", "batch"]
    hosts: tuple[str, ...]

    @property
    def label(self) -> str:
        return "canary" if self.kind == "canary" else f"batch {self.index}"


def groups_for(hosts: Mapping[str, Any], key: str | None) -> dict[str, str]:
    """Each host's value of inventory data ``key`` (``hosts``: name -> object with ``.get``).

    A host without the key is refused, all of them named in one line: pssc does not guess
    which hosts may go down together.

    >>> class H(dict):
    ...     pass
    >>> groups_for({"R1": H(ha="a"), "R2": H(ha="a")}, "ha")
    {'R1': 'a', 'R2': 'a'}
    >>> groups_for({"R1": H(ha="a"), "R2": H(), "R3": H()}, "ha")
    Traceback (most recent call last):
    ...
    pssc.errors.InvalidInput: --reload-group ha: no 'ha' in the inventory data of R2, R3
    """
    if key is None:
        return {}
    missing = [name for name, host in hosts.items() if host.get(key) in (None, "")]
    if missing:
        shown = ", ".join(missing[:10]) + (
            f" (and {len(missing) - 10} more)" if missing[10:] else ""
        )
        raise InvalidInput(f"--reload-group {key}: no {key!r} in the inventory data of {shown}")
    return {name: str(host.get(key)) for name, host in hosts.items()}


def _take(pending: list[str], size: int, groups: Mapping[str, str]) -> list[str]:
    """Up to ``size`` hosts from ``pending`` in order, at most one per group; removed from it."""
    taken: list[str] = []
    used: set[str] = set()
    for host in list(pending):
        if len(taken) >= size:
            break
        group = groups.get(host)
        if group is not None and group in used:
            continue
        taken.append(host)
        pending.remove(host)
        if group is not None:
            used.add(group)
    return taken


def plan_waves(
    hosts: Sequence[str], policy: WavePolicy, groups: Mapping[str, str] | None = None
) -> list[Wave]:
    """The waves for ``hosts`` (in their order): the canary wave, then the batches."""
    groups = groups or {}
    pending = list(dict.fromkeys(hosts))
    waves: list[Wave] = []
    if policy.canary and pending:
        waves.append(Wave(0, "canary", tuple(_take(pending, policy.canary, groups))))
    size = max(1, policy.batch.of(len(hosts)))
    while pending:
        waves.append(Wave(len(waves), "batch", tuple(_take(pending, size, groups))))
    if waves and waves[0].kind == "canary":
        return waves
    return [Wave(i + 1, w.kind, w.hosts) for i, w in enumerate(waves)]


def describe_plan(waves: Sequence[Wave], *, what: str = "reload") -> str:
    """One line announcing the plan: how many hosts, in how many batches.

    >>> w = plan_waves(["R1", "R2", "R3", "R4"], WavePolicy(canary=1, batch=Count(2)))
    >>> describe_plan(w)
    'reload 4 hosts: canary R1, then 2 batches of up to 2 (R2..R3, R4)'
    """
    total = sum(len(w.hosts) for w in waves)
    parts: list[str] = []
    canary = [w for w in waves if w.kind == "canary"]
    batches = [w for w in waves if w.kind == "batch"]
    if canary:
        parts.append(
            "canary " + ", ".join(canary[0].hosts[:5]) + ("..." if canary[0].hosts[5:] else "")
        )
    if batches:
        largest = max(len(b.hosts) for b in batches)
        spans = [
            b.hosts[0] if len(b.hosts) == 1 else f"{b.hosts[0]}..{b.hosts[-1]}" for b in batches
        ]
        shown = ", ".join(spans[:6]) + (", ..." if spans[6:] else "")
        word = "batch" if len(batches) == 1 else "batches"
        parts.append(f"{len(batches)} {word} of up to {largest} ({shown})")
    return f"{what} {total} host{'s' if total != 1 else ''}: " + ", then ".join(parts)


@dataclass
class FailGate:
    """When to stop launching waves.

    A canary that fails stops the run; after the canaries, more than ``max_fail`` failures
    (of the hosts planned after the canaries) stop it. ``stopped`` is the reason, once stopped.

    >>> gate = FailGate(WavePolicy(max_fail=Count(1)), planned=10)
    >>> gate.record("batch", "R2", ok=False), gate.stopped
    (None, None)
    >>> gate.record("batch", "R3", ok=False)
    '--max-fail 1 exceeded: 2 hosts failed (R2, R3)'
    """

    policy: WavePolicy
    planned: int  # hosts after the canaries
    failed: list[str] = field(default_factory=list)
    stopped: str | None = None

    @property
    def allowed(self) -> int | None:
        return None if self.policy.max_fail is None else self.policy.max_fail.of(self.planned)

    def record(self, kind: str, host: str, *, ok: bool) -> str | None:
        """Count one finished host; the reason to stop, the first time there is one."""
        if ok or self.stopped:
            return None
        if kind == "canary":
            self.stopped = f"canary {host} failed"
            return self.stopped
        self.failed.append(host)
        allowed = self.allowed
        if allowed is not None and len(self.failed) > allowed:
            names = ", ".join(self.failed[:5]) + ("..." if self.failed[5:] else "")
            self.stopped = (
                f"--max-fail {self.policy.max_fail} exceeded: {len(self.failed)} "
                f"host{'s' if len(self.failed) != 1 else ''} failed ({names})"
            )
            return self.stopped
        return None
