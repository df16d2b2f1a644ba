"""Results crossing the wire: exceptions kept or wrapped faithfully, hosts rebound, no secrets."""

from __future__ import annotations

import pickle
import threading

from nornir.core.exceptions import NornirSubTaskError
from nornir.core.inventory import Host
from nornir.core.task import MultiResult, Result, Task

from pssc.dask.results import (
    RemoteTaskError,
    failed_multiresult,
    restore_multiresult,
    sanitize_multiresult,
)
from pssc.errors import WorkerLost
from tasks.errors import CommandRejected

SECRET = "s3cr3t-Pa55"


class NeedsTwoArgs(Exception):
    """Pickles but does not unpickle: Exception pickling replays only ``args``."""

    def __init__(self, code: int, detail: str) -> None:
        super().__init__(f"{code}: {detail}")
        self.code = code
        self.detail = detail
        self.lock = threading.Lock()  # and this cannot pickle at all


def _host() -> Host:
    return Host("R1", hostname="127.0.0.1", username="admin", password=SECRET)


def _multi(*results: Result) -> MultiResult:
    multi = MultiResult("t")
    for r in results:
        r.name = "t"  # type: ignore[assignment]
        multi.append(r)
    return multi


def test_round_trip_rebinds_the_callers_host_and_carries_no_password() -> None:
    worker_host, client_host = _host(), _host()
    multi = _multi(Result(worker_host, result={"ok": 1}, changed=True, diff="+x"))
    blob = sanitize_multiresult(multi)
    assert SECRET.encode() not in blob
    back = restore_multiresult(blob, client_host)
    assert back[0].host is client_host
    assert (back[0].result, back[0].changed, back[0].diff, back[0].name) == (
        {"ok": 1},
        True,
        "+x",
        "t",
    )
    assert back.name == "t"


def test_task_error_travels_as_itself() -> None:
    exc = CommandRejected("% Invalid input", host="R1", command="crypto pki x", seen="^")
    back = restore_multiresult(
        sanitize_multiresult(_multi(Result(_host(), exception=exc, failed=True))), _host()
    )
    got = back[0].exception
    assert type(got) is CommandRejected
    assert (got.host, got.command, got.seen, str(got)) == ("R1", "crypto pki x", "^", str(exc))


def test_unpicklable_exception_is_wrapped_with_message_type_and_attributes() -> None:
    try:
        raise NeedsTwoArgs(7, "bad thing")
    except NeedsTwoArgs as exc:
        caught = exc
    multi = _multi(Result(_host(), exception=caught, result="tb", failed=True))
    back = restore_multiresult(sanitize_multiresult(multi), _host())
    got = back[0].exception
    assert isinstance(got, RemoteTaskError)
    assert str(got) == "7: bad thing"
    assert got.type_name.endswith("NeedsTwoArgs")
    assert (got.code, got.detail) == (7, "bad thing")  # type: ignore[attr-defined]
    assert "raise NeedsTwoArgs" in got.traceback_text
    assert back[0].failed and back[0].result == "tb"


def test_subtask_error_keeps_its_type_its_subtask_and_the_host() -> None:
    def sub(task: Task) -> None:
        raise ValueError("inner")

    host = _host()
    sub_task = Task(sub, object(), False, None, "sub")  # type: ignore[arg-type]
    sub_task.host = host
    inner = _multi(Result(host, exception=ValueError("inner"), failed=True))
    outer = Result(host, exception=NornirSubTaskError(sub_task, inner), failed=True)
    client = _host()
    back = restore_multiresult(sanitize_multiresult(_multi(outer, inner[0])), client)
    got = back[0].exception
    assert isinstance(got, NornirSubTaskError)
    assert str(got) == "Subtask: sub (failed)\n"
    assert got.task.host is client and got.task.nornir is None
    assert isinstance(got.result, MultiResult) and got.result[0].host is client
    assert got.result[0] is back[1]  # the same result object, as in the threaded runner


def test_a_result_that_cannot_travel_fails_the_host_visibly() -> None:
    multi = _multi(Result(_host(), result=threading.Lock()))
    back = restore_multiresult(sanitize_multiresult(multi), _host())
    assert back[0].failed
    assert isinstance(back[0].exception, RemoteTaskError)
    assert "cannot be sent back" in str(back[0].exception)


def test_worker_lost_message_and_pickling() -> None:
    exc = WorkerLost("R3", "t/1", ["tcp://127.0.0.1:1", "tcp://127.0.0.1:2"])
    again = pickle.loads(pickle.dumps(exc))
    assert str(again) == str(exc)
    assert "R3" in str(exc) and "tcp://127.0.0.1:2" in str(exc)


def test_failed_multiresult_is_shaped_like_task_start() -> None:
    host = _host()
    multi = failed_multiresult("rollout", host, ValueError("x"))
    assert multi.failed and multi.name == "rollout"
    assert multi[0].host is host and multi[0].severity_level == 40
    assert "ValueError: x" in multi[0].result
