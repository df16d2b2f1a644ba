"""The wave plan and the stop rule (pure): canary first and alone, batch sizes, groups never
together, --max-fail counted after the canary, bad values refused with one line."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pssc.errors import InvalidInput
from pssc.fleet.waves import (
    ALL_AT_ONCE,
    Count,
    FailGate,
    WavePolicy,
    describe_plan,
    groups_for,
    parse_count,
    plan_waves,
)

HOSTS = [f"R{i}" for i in range(1, 21)]


def test_default_policy_is_one_canary_then_ten_percent_batches() -> None:
    waves = plan_waves(HOSTS, WavePolicy())
    assert waves[0].kind == "canary" and waves[0].hosts == ("R1",)
    assert [len(w.hosts) for w in waves[1:]] == [2] * 9 + [1]
    assert [w.label for w in waves[:3]] == ["canary", "batch 1", "batch 2"]
    assert [h for w in waves for h in w.hosts] == HOSTS  # inventory order kept


def test_all_at_once_is_one_batch() -> None:
    waves = plan_waves(HOSTS, ALL_AT_ONCE)
    assert len(waves) == 1 and waves[0].hosts == tuple(HOSTS) and waves[0].label == "batch 1"


def test_canary_larger_than_the_fleet() -> None:
    waves = plan_waves(["R1", "R2"], WavePolicy(canary=5))
    assert [(w.kind, w.hosts) for w in waves] == [("canary", ("R1", "R2"))]


def test_empty_fleet_has_no_wave() -> None:
    assert plan_waves([], WavePolicy()) == []


@pytest.mark.parametrize(
    ("text", "option", "allow_zero", "words"),
    [
        ("0", "--batch", False, "at least 1"),
        ("0%", "--batch", False, "at least 1"),
        ("150%", "--batch", False, "at most 100%"),
        ("-1", "--max-fail", True, "--max-fail -1"),
        ("x", "--batch", False, "N) or a percentage"),
        ("1.5", "--batch", False, "whole number"),
    ],
)
def test_bad_counts_are_one_line(text: str, option: str, allow_zero: bool, words: str) -> None:
    with pytest.raises(InvalidInput) as err:
        parse_count(text, option=option, allow_zero=allow_zero)
    assert words in str(err.value) and "\n" not in str(err.value)
    assert str(err.value).startswith(f"{option} {text}")


def test_percentages_round_up_and_at_least_one_host_per_batch() -> None:
    assert parse_count("10%").of(5) == 1 and parse_count("10%").of(11) == 2
    assert parse_count("100%").of(7) == 7
    waves = plan_waves(["A", "B", "C"], WavePolicy(canary=0, batch=parse_count("1%")))
    assert [len(w.hosts) for w in waves] == [1, 1, 1]


def test_group_members_are_never_in_the_same_wave() -> None:
    groups = {h: f"pair{(int(h[1:]) + 1) // 2}" for h in HOSTS}  # R1+R2, R3+R4, ...
    waves = plan_waves(HOSTS, WavePolicy(canary=2, batch=Count(100, True)), groups)
    for wave in waves:
        seen = [groups[h] for h in wave.hosts]
        assert len(seen) == len(set(seen)), wave
    assert waves[0].hosts == ("R1", "R3")  # the canaries too: R2 is R1's partner


@given(
    st.lists(st.sampled_from("abcdef"), min_size=1, max_size=40),
    st.integers(0, 5),
    st.integers(1, 12),
)
def test_plan_properties(group_list: list[str], canary: int, batch: int) -> None:
    hosts = [f"H{i}" for i in range(len(group_list))]
    groups = dict(zip(hosts, group_list, strict=True))
    waves = plan_waves(hosts, WavePolicy(canary=canary, batch=Count(batch)), groups)
    flat = [h for w in waves for h in w.hosts]
    assert sorted(flat) == sorted(hosts)  # every host exactly once
    for wave in waves:
        assert wave.hosts  # no empty wave
        assert len({groups[h] for h in wave.hosts}) == len(wave.hosts)
        assert len(wave.hosts) <= (canary if wave.kind == "canary" else batch)
    assert [w.index for w in waves] == list(range(waves[0].index, waves[0].index + len(waves)))


def test_groups_for_names_every_host_without_the_key() -> None:
    hosts = {"R1": {"ha_pair": "a"}, "R2": {}, "R3": {"ha_pair": ""}}
    with pytest.raises(InvalidInput, match=r"--reload-group ha_pair: .* of R2, R3$"):
        groups_for(hosts, "ha_pair")
    assert groups_for(hosts, None) == {}


def test_a_failed_canary_stops_everything() -> None:
    gate = FailGate(WavePolicy(max_fail=Count(50, True)), planned=10)
    assert gate.record("canary", "R1", ok=False) == "canary R1 failed"
    assert gate.record("batch", "R2", ok=False) is None  # already stopped: reason kept
    assert gate.stopped == "canary R1 failed"


def test_max_fail_counts_after_the_canary() -> None:
    gate = FailGate(WavePolicy(max_fail=Count(20, True)), planned=10)  # 2 allowed
    assert gate.record("batch", "R2", ok=False) is None
    assert gate.record("batch", "R3", ok=True) is None
    assert gate.record("batch", "R4", ok=False) is None
    reason = gate.record("batch", "R5", ok=False)
    assert reason is not None and "--max-fail 20% exceeded: 3 hosts failed (R2, R4, R5)" in reason


def test_no_max_fail_never_stops() -> None:
    gate = FailGate(ALL_AT_ONCE, planned=3)
    for host in ("A", "B", "C"):
        assert gate.record("batch", host, ok=False) is None


def test_the_announcement_names_hosts_and_batches() -> None:
    text = describe_plan(plan_waves(HOSTS, WavePolicy()))
    assert text.startswith("reload 20 hosts: canary R1, then 10 batches of up to 2 (R2..R3")
    assert describe_plan(plan_waves(["R1"], WavePolicy(canary=0))) == (
        "reload 1 host: 1 batch of up to 1 (R1)"
    )
