"""Issue 13 finding 2: the rollout pins only a certificate it enrolled itself, and never a
certificate over a pending pin mismatch."""

from __future__ import annotations

from pathlib import Path

from pssc.pins import PinStore
from pssc.rollout import pin_changes, pin_outcomes
from tasks.rollout import HostOutcome

A, B, C = "AA" * 32, "BB" * 32, "CC" * 32


def _made(sha: str, *, enrolled: bool) -> HostOutcome:
    return HostOutcome("R1", "changed", trustpoint="TP", sha256=sha, enrolled=enrolled)


def test_only_an_enrolled_certificate_is_pinned(tmp_path: Path) -> None:
    pins = tmp_path / "pins.sqlite"
    assert pin_changes([_made(A, enrolled=False)], pins) == 0
    assert not pins.exists() or PinStore(pins).list() == []
    assert pin_changes([_made(A, enrolled=True)], pins) == 1
    assert [p.sha256 for p in PinStore(pins).list()] == [A]


def test_a_pending_mismatch_is_never_overwritten(tmp_path: Path) -> None:
    store = PinStore(tmp_path / "pins.sqlite")
    store.record("R1", "TP", A)
    store.record("R1", "TP", B)  # an audit saw a substituted certificate
    pinned, notes = pin_outcomes([_made(C, enrolled=True)], store.path)
    assert pinned == 0 and len(notes) == 1 and notes[0].startswith("R1: new certificate not")
    [pin] = store.list("R1")
    assert (pin.sha256, pin.pending_sha256) == (A, B)


def test_the_runs_own_certificate_seen_pending_is_pinned(tmp_path: Path) -> None:
    store = PinStore(tmp_path / "pins.sqlite")
    store.record("R1", "TP", A)
    store.record("R1", "TP", C)  # a verify between the enrollment and the pinning saw it
    assert pin_outcomes([_made(C, enrolled=True)], store.path) == (1, [])
    assert [p.sha256 for p in store.list("R1")] == [C]
