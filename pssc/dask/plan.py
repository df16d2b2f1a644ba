"""Splitting hosts into shards and choosing a Dask worker for each: pure functions.

>>> from nornir.core.inventory import Host
>>> hosts = [Host(f"R{i}", data={"site": "a" if i < 3 else "b"}) for i in range(5)]
>>> [[h.name for h in s.hosts] for s in plan_shards(hosts, shards=2)]
[['R0', 'R1', 'R2'], ['R3', 'R4']]
>>> [(s.key, len(s.hosts)) for s in plan_shards(hosts, shards=9, shard_by="site")]
[('a', 3), ('b', 2)]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from nornir.core.inventory import Host


@dataclass(frozen=True)
class Shard:
    """Hosts that travel to one worker together; ``key`` is their ``shard_by`` value."""

    shard_id: str
    hosts: tuple[Host, ...]
    key: str | None = None

    @property
    def host_names(self) -> list[str]:
        return [h.name for h in self.hosts]


def _key_of(host: Host, shard_by: str) -> str | None:
    value = host.get(shard_by)
    return None if value is None else str(value)


def plan_shards(hosts: Sequence[Host], *, shards: int, shard_by: str | None = None) -> list[Shard]:
    """Hosts in ``shards`` contiguous slices of near-equal size (in inventory order), or, with
    ``shard_by``, one shard per value of that inventory data key (hosts without it together)."""
    if not hosts:
        return []
    if shard_by:
        groups: dict[str | None, list[Host]] = {}
        for host in hosts:
            groups.setdefault(_key_of(host, shard_by), []).append(host)
        return [
            Shard(f"{i}:{shard_by}={key}", tuple(members), key)
            for i, (key, members) in enumerate(groups.items())
        ]
    count = max(1, min(shards, len(hosts)))
    size, extra = divmod(len(hosts), count)
    out: list[Shard] = []
    start = 0
    for i in range(count):
        end = start + size + (1 if i < extra else 0)
        out.append(Shard(str(i), tuple(hosts[start:end])))
        start = end
    return out


def choose_worker(
    shard: Shard,
    workers: Mapping[str, str],
    load: Mapping[str, int],
    exclude: frozenset[str] = frozenset(),
) -> str | None:
    """The worker address for ``shard``: the worker *named* like the shard's key if there is one
    (``dask worker --name paris`` takes the hosts whose ``site`` is ``paris``), else the least
    loaded live worker (by hosts already given to it). None when no worker is left.

    >>> workers = {"tcp://a:1": "0", "tcp://b:1": "paris"}
    >>> choose_worker(Shard("0", (), "paris"), workers, {})
    'tcp://b:1'
    >>> choose_worker(Shard("1", ()), workers, {"tcp://a:1": 5})
    'tcp://b:1'
    >>> choose_worker(Shard("1", ()), workers, {}, frozenset(workers)) is None
    True
    """
    live = {addr: name for addr, name in workers.items() if addr not in exclude}
    if not live:
        return None
    if shard.key is not None:
        for addr, name in sorted(live.items()):
            if name == shard.key:
                return addr
    return min(sorted(live), key=lambda addr: load.get(addr, 0))
