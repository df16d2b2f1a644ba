"""Watching the workers of a run, with a fake client: a worker is lost only when it stays gone."""

from __future__ import annotations

from typing import Any

from nornir.core.inventory import Host
from nornir.core.processor import Processors
from nornir.core.task import Task

from pssc.dask_dispatch import Dispatch, _Attempt
from pssc.dask_plan import Shard
from pssc.dask_results import WorkerLost
from pssc.dask_shard import ShardPayload


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


class FakeRunner:
    def __init__(self, views: list[dict[str, str]]) -> None:
        self.client = FakeClient()
        self.views = views
        self.poll_interval = 0.01
        self.worker_timeout = 60.0
        self.last_placement: dict[str, str] = {}
        self.shard_timeout: float | None = None

    def live_workers(self) -> dict[str, str]:
        return self.views.pop(0) if len(self.views) > 1 else self.views[0]


def _dispatch(views: list[dict[str, str]]) -> tuple[Dispatch, FakeRunner]:
    runner = FakeRunner(views)
    task = Task(lambda task: None, None, False, Processors(), "t")  # type: ignore[arg-type]
    dispatch = Dispatch(runner, task)  # type: ignore[arg-type]
    shard = Shard("0", (Host("R1"), Host("R2")))
    attempt = _Attempt(shard, ShardPayload("t/0", ("R1", "R2"), b""), 1, "")
    dispatch._submit(attempt, {"tcp://a:1": "0"})
    return dispatch, runner


def test_a_worker_missing_from_one_look_is_not_lost() -> None:
    dispatch, runner = _dispatch([{}, {"tcp://a:1": "0"}, {"tcp://a:1": "0"}])
    dispatch._watch()
    dispatch._watch()
    dispatch._watch()
    assert len(runner.client.submitted) == 1 and len(dispatch.pending) == 1
    assert not next(iter(dispatch.pending.values())).future.cancelled


def test_a_worker_gone_twice_is_lost_and_the_shard_retried_on_another() -> None:
    dispatch, runner = _dispatch([{"tcp://b:1": "1"}])
    dispatch._watch()
    dispatch._watch()
    assert [s["workers"] for s in runner.client.submitted] == [["tcp://a:1"], ["tcp://b:1"]]
    (retry,) = dispatch.pending.values()
    assert retry.number == 2 and retry.tried == ["tcp://a:1", "tcp://b:1"]


def test_lost_on_the_retry_too_fails_each_host_with_worker_lost() -> None:
    b = {"tcp://b:1": "1"}
    dispatch, runner = _dispatch([b, b, b, {}, {}])
    for _ in range(4):
        dispatch._watch()
    assert not dispatch.pending and not dispatch.waiting
    for name in ("R1", "R2"):
        exc = dispatch.results[name].exception
        assert isinstance(exc, WorkerLost) and exc.workers == ["tcp://a:1", "tcp://b:1"]
    assert len(runner.client.submitted) == 2
