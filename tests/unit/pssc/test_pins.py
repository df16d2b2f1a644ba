"""The pin store: statuses, accept/forget, history, and concurrent writers (threads, processes)."""

from __future__ import annotations

import multiprocessing
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from pssc.pins import PinStore

A = "AA" * 32
B = "BB" * 32
C = "CC" * 32


@pytest.fixture
def store(tmp_path: Path) -> PinStore:
    return PinStore(tmp_path / "state" / "pins.sqlite")


def test_first_use_pins_and_later_sightings_compare(store: PinStore) -> None:
    assert store.check("R1", "TP", A).status == "new"
    assert store.list() == []  # check changes nothing
    first = store.record("R1", "TP", A, spki_sha256_b64="spki=")
    assert first.status == "new" and first.pinned_sha256 is None
    same = store.record("R1", "TP", A.lower())
    assert same.status == "same" and same.pinned_sha256 == A
    changed = store.record("R1", "TP", B)
    assert changed.status == "changed"
    assert changed.pinned_sha256 == A and changed.observed_sha256 == B
    (pin,) = store.list()
    assert pin.sha256 == A and pin.pending_sha256 == B and pin.spki_sha256_b64 == "spki="
    assert pin.first_seen <= pin.last_seen
    # still changed on the next run: the substitute is never silently pinned
    assert store.record("R1", "TP", B).status == "changed"


def test_pins_are_per_host(store: PinStore) -> None:
    store.record("R1", "TP1", A)
    assert store.record("R2", "TP1", B).status == "new"
    assert [(p.host, p.trustpoint) for p in store.list()] == [("R1", "TP1"), ("R2", "TP1")]
    assert [p.trustpoint for p in store.list("R2")] == ["TP1"]


def test_https_moving_to_another_trustpoint_is_a_change(store: PinStore) -> None:
    """A browser pins the host: a new trustpoint with a new certificate is not 'new'."""
    store.record("R1", "TP-self-signed-1", A)
    moved = store.record("R1", "EVIL", B)
    assert moved.status == "changed"
    assert moved.pinned_sha256 == A and moved.pinned_trustpoint == "TP-self-signed-1"
    assert store.record("R1", "EVIL", B).status == "changed"  # not pinned behind our back
    (pin,) = store.list()
    assert pin.pending_trustpoint == "EVIL" and pin.pending_sha256 == B
    assert store.accept("R1") == 1
    assert [(p.trustpoint, p.sha256) for p in store.list()] == [("EVIL", B)]
    assert store.record("R1", "EVIL", B).status == "same"


def test_accept_makes_the_pending_fingerprint_the_pin(store: PinStore) -> None:
    store.record("R1", "TP", A)
    assert store.accept("R1") == 0  # nothing pending
    store.record("R1", "TP", B)
    assert store.accept("R2") == 0
    assert store.accept("R1") == 1
    (pin,) = store.list()
    assert pin.sha256 == B and pin.pending_sha256 is None
    assert store.check("R1", "TP", B).status == "same"
    assert store.check("R1", "TP", A).status == "changed"


def test_accept_with_a_fingerprint_pins_it_outright(store: PinStore) -> None:
    assert store.accept("R1", "TP", sha256=A) == 1
    assert store.check("R1", "TP", A).status == "same"
    assert store.accept("R1", "TP", sha256=C) == 1
    assert store.check("R1", "TP", C).status == "same"


def test_forget_and_history(store: PinStore) -> None:
    store.record("R1", "TP", A)
    store.record("R1", "TP", B)
    store.accept("R1")
    store.record("R2", "TP", C)
    assert store.forget("R1") == 1
    assert store.forget("R1") == 0
    assert [p.host for p in store.list()] == ["R2"]
    events = [(e.event, e.sha256) for e in store.history("R1")]
    assert events == [("pinned", A), ("seen-changed", B), ("accepted", B), ("forgotten", B)]
    assert store.record("R1", "TP", C).status == "new"


def test_the_file_is_sqlite_in_wal_mode(store: PinStore) -> None:
    store.record("R1", "TP", A)
    with sqlite3.connect(store.path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.integrity_ok()


def _hammer(path: str, worker: int, hosts: int) -> list[str]:
    """One writer: pins hosts shared with the others plus some of its own."""
    store = PinStore(path)
    statuses = []
    for i in range(hosts):
        statuses.append(store.record(f"shared{i}", "TP", A).status)
        store.record(f"w{worker}-h{i}", "TP", B)
        store.record(f"shared{i}", "TP", A)
    return statuses


def test_threads_never_lose_or_duplicate_a_pin(store: PinStore) -> None:
    hosts = 15
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(_hammer, [str(store.path)] * 8, range(8), [hosts] * 8))
    firsts = [s for statuses in results for s in statuses]
    # every shared host was new for exactly one writer, the same for every other
    assert firsts.count("new") == hosts
    assert set(firsts) == {"new", "same"}
    assert len(store.list()) == hosts + 8 * hosts
    assert store.integrity_ok()


def test_processes_never_lose_or_duplicate_a_pin(store: PinStore) -> None:
    hosts = 10
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(4) as pool:
        results = pool.starmap(_hammer, [(str(store.path), w, hosts) for w in range(4)])
    firsts = [s for statuses in results for s in statuses]
    assert firsts.count("new") == hosts
    assert len(store.list()) == hosts + 4 * hosts
    assert sum(1 for e in store.history() if e.event == "pinned") == hosts + 4 * hosts
    assert store.integrity_ok()
