"""Shard planning and worker choice: pure functions, no cluster."""

from __future__ import annotations

import pytest
from nornir.core.inventory import Defaults, Group, Host, ParentGroups

from pssc.dask.plan import Shard, choose_worker, plan_shards


def _hosts(count: int, **data: object) -> list[Host]:
    return [Host(f"R{i}", data=dict(data)) for i in range(count)]


@pytest.mark.parametrize(
    ("count", "shards", "sizes"),
    [
        (10, 2, [5, 5]),
        (10, 3, [4, 3, 3]),
        (2, 5, [1, 1]),
        (1, 1, [1]),
        (7, 0, [7]),
    ],
)
def test_contiguous_shards_of_near_equal_size(count: int, shards: int, sizes: list[int]) -> None:
    plan = plan_shards(_hosts(count), shards=shards)
    assert [len(s.hosts) for s in plan] == sizes
    assert [h.name for s in plan for h in s.hosts] == [f"R{i}" for i in range(count)]
    assert len({s.shard_id for s in plan}) == len(plan)


def test_no_hosts_no_shards() -> None:
    assert plan_shards([], shards=4) == []


def test_shard_by_keeps_a_key_together_including_inherited_data() -> None:
    paris = Group("paris", data={"site": "paris"})
    hosts = [
        Host("A", data={"site": "lyon"}),
        Host("B", groups=ParentGroups([paris])),
        Host("C", data={"site": "lyon"}),
        Host("D"),
        Host("E", defaults=Defaults(data={"site": "nice"})),
    ]
    plan = plan_shards(hosts, shards=99, shard_by="site")
    assert [(s.key, s.host_names) for s in plan] == [
        ("lyon", ["A", "C"]),
        ("paris", ["B"]),
        (None, ["D"]),
        ("nice", ["E"]),
    ]


def test_worker_named_like_the_key_gets_the_shard() -> None:
    workers = {"tcp://127.0.0.1:1": "lyon", "tcp://127.0.0.1:2": "paris"}
    shard = Shard("0", (), "paris")
    assert choose_worker(shard, workers, {"tcp://127.0.0.1:2": 100}) == "tcp://127.0.0.1:2"


def test_named_worker_excluded_falls_back_to_least_loaded() -> None:
    workers = {"tcp://a:1": "paris", "tcp://b:1": "1", "tcp://c:1": "2"}
    load = {"tcp://b:1": 10, "tcp://c:1": 3}
    shard = Shard("0", (), "paris")
    assert choose_worker(shard, workers, load, frozenset({"tcp://a:1"})) == "tcp://c:1"


def test_least_loaded_then_address_order() -> None:
    workers = {"tcp://b:1": "1", "tcp://a:1": "0"}
    assert choose_worker(Shard("0", ()), workers, {}) == "tcp://a:1"
    assert choose_worker(Shard("0", ()), workers, {"tcp://a:1": 1}) == "tcp://b:1"


def test_no_worker_left() -> None:
    assert choose_worker(Shard("0", ()), {}, {}) is None
