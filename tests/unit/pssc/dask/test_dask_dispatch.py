"""Watching the workers of a run, with a fake client: a worker is lost only when it stays gone."""

from __future__ import annotations

from typing import Any

from nornir.core import Nornir
from nornir.core.inventory import Defaults, Groups, Host, Hosts, Inventory
from nornir.core.processor import Processors
from nornir.core.task import Result, Task

from pssc.dask.dispatch import Dispatch, DispatchSettings, _Attempt
from pssc.dask.plan import Shard, plan_shards
from pssc.dask.shard import ShardPayload
from pssc.errors import WorkerLost


class FakeFuture:
    def __init__(self) -> None:
        self.cancelled = False

    def done(self) -> bool:
        return False

    def cancel(self) -> None:
        self.cancelled = True

    def add_done_callback(self, callback: Any) -> None: ...


class FakeClient:
    def __init__(self) -> None:
        self.submitted: list[dict[str, Any]] = []

    def submit(self, func: Any, payload: Any, **kwargs: Any) -> FakeFuture:
        self.submitted.append(kwargs)
        return FakeFuture()


class FakeCluster:
    """The scheduler's successive views of the live workers (the last one stays)."""

    def __init__(self, views: list[dict[str, str]]) -> None:
        self.client = FakeClient()
        self.views = views

    def live_workers(self) -> dict[str, str]:
        return self.views.pop(0) if len(self.views) > 1 else self.views[0]


def _dispatch(views: list[dict[str, str]]) -> tuple[Dispatch, FakeCluster]:
    cluster = FakeCluster(views)
    task = Task(lambda task: None, None, False, Processors(), "t")  # type: ignore[arg-type]
    settings = DispatchSettings(poll_interval=0.01)
    dispatch = Dispatch(cluster.client, task, live_workers=cluster.live_workers, settings=settings)
    shard = Shard("0", (Host("R1"), Host("R2")))
    attempt = _Attempt(shard, ShardPayload("t/0", ("R1", "R2"), b""), 1, "")
    dispatch._submit(attempt, {"tcp://a:1": "0"})
    return dispatch, cluster


def test_a_worker_missing_from_one_look_is_not_lost() -> None:
    dispatch, cluster = _dispatch([{}, {"tcp://a:1": "0"}, {"tcp://a:1": "0"}])
    dispatch._watch()
    dispatch._watch()
    dispatch._watch()
    assert len(cluster.client.submitted) == 1 and len(dispatch.pending) == 1
    assert not next(iter(dispatch.pending.values())).future.cancelled


def test_a_worker_gone_twice_is_lost_and_the_shard_retried_on_another() -> None:
    dispatch, cluster = _dispatch([{"tcp://b:1": "1"}])
    dispatch._watch()
    dispatch._watch()
    assert [s["workers"] for s in cluster.client.submitted] == [["tcp://a:1"], ["tcp://b:1"]]
    (retry,) = dispatch.pending.values()
    assert retry.number == 2 and retry.tried == ["tcp://a:1", "tcp://b:1"]


def test_lost_on_the_retry_too_fails_each_host_with_worker_lost() -> None:
    b = {"tcp://b:1": "1"}
    dispatch, cluster = _dispatch([b, b, b, {}, {}])
    for _ in range(4):
        dispatch._watch()
    assert not dispatch.pending and not dispatch.waiting
    for name in ("R1", "R2"):
        exc = dispatch.results[name].exception
        assert isinstance(exc, WorkerLost) and exc.workers == ["tcp://a:1", "tcp://b:1"]
    assert len(cluster.client.submitted) == 2


class DoneFuture:
    status = "finished"

    def __init__(self, value: Any) -> None:
        self.value = value

    def done(self) -> bool:
        return True

    def result(self, timeout: float | None = None) -> Any:
        return self.value

    def release(self) -> None: ...

    def add_done_callback(self, callback: Any) -> None:
        callback(self)


class InlineClient:
    """Runs each shard at once, in this process, as the worker it was sent to would."""

    def __init__(self) -> None:
        self.sent: list[str] = []

    def submit(self, func: Any, payload: Any, *, workers: list[str], **kwargs: Any) -> Any:
        self.sent.append(workers[0])
        return DoneFuture(func(payload))


def hello(task: Task) -> Result:
    return Result(task.host, result=f"hello {task.host.name}")


def test_a_run_returns_the_results_and_where_each_shard_went() -> None:
    hosts = Hosts({name: Host(name) for name in ("R1", "R2", "R3")})
    nr = Nornir(inventory=Inventory(hosts=hosts, groups=Groups(), defaults=Defaults()))
    task = Task(hello, nr, global_dry_run=False, processors=Processors(), name="hello")
    workers = {"tcp://a:1": "0", "tcp://b:1": "1"}
    client = InlineClient()
    dispatch = Dispatch(client, task, live_workers=lambda: workers)
    done = dispatch.run(plan_shards(list(hosts.values()), shards=2), workers)
    assert {name: multi.result for name, multi in done.results.items()} == {
        "R1": "hello R1",
        "R2": "hello R2",
        "R3": "hello R3",
    }
    assert done.placement == {"0": "tcp://a:1", "1": "tcp://b:1"} and client.sent == list(
        done.placement.values()
    )


def test_the_time_spent_restarting_a_worker_is_not_the_other_shards_time() -> None:
    """A hung shard's worker restart blocks the dispatch loop (seconds on a loaded machine): the
    other shards must not count that wait as theirs and be restarted in a cascade."""
    import time

    class SlowRestart(FakeClient):
        def restart_workers(self, workers: list[str], **kwargs: Any) -> None:
            time.sleep(0.3)

    views = {"tcp://a:1": "0", "tcp://b:1": "1"}
    cluster = FakeCluster([views])
    cluster.client = SlowRestart()
    task = Task(lambda task: None, None, False, Processors(), "t")  # type: ignore[arg-type]
    settings = DispatchSettings(poll_interval=0.01, shard_timeout=0.2)
    dispatch = Dispatch(cluster.client, task, live_workers=cluster.live_workers, settings=settings)
    hung = _Attempt(Shard("0", (Host("R1"),)), ShardPayload("t/0", ("R1",), b""), 1, "")
    dispatch._submit(hung, {"tcp://a:1": "0"})
    healthy = _Attempt(Shard("1", (Host("R2"),)), ShardPayload("t/1", ("R2",), b""), 1, "")
    dispatch._submit(healthy, {"tcp://b:1": "1"})
    hung.started -= 1.0  # over its timeout; the healthy shard started just now
    dispatch._watch()
    assert healthy in dispatch.pending.values() and not healthy.future.cancelled
    assert hung.future.cancelled
