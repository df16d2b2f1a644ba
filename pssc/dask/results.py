"""Results that cross the wire between a Dask worker and the client, faithfully.

On the worker, :func:`sanitize_multiresult` turns a host's ``MultiResult`` into bytes: each
``Result.host`` is dropped (the client puts its own ``Host`` back, so no credentials travel back),
an exception that does not survive a pickle round trip is replaced by :class:`RemoteTaskError`
(same message, the original type's name, its traceback text and its plain attributes such as
``host``/``command``/``text``), and a ``NornirSubTaskError`` keeps its type with a light copy of
its subtask. On the client, :func:`restore_multiresult` loads the bytes and rebinds the host.
"""

from __future__ import annotations

import logging
import pickle
import traceback
from typing import Any

import cloudpickle  # type: ignore[import-untyped]
from nornir.core.exceptions import NornirSubTaskError
from nornir.core.inventory import Host
from nornir.core.task import MultiResult, Result, Task

logger = logging.getLogger(__name__)

_PLAIN = (str, int, float, bool, type(None), bytes)


class RemoteTaskError(Exception):
    """An exception raised on a worker that could not travel back as itself.

    >>> e = RemoteTaskError.wrap(ValueError("bad"))
    >>> (str(e), e.type_name)
    ('bad', 'builtins.ValueError')
    >>> pickle.loads(pickle.dumps(e)).type_name
    'builtins.ValueError'
    """

    def __init__(
        self, type_name: str, message: str, traceback_text: str, attributes: dict[str, Any]
    ) -> None:
        super().__init__(type_name, message, traceback_text, attributes)
        self.type_name = type_name
        self.message = message
        self.traceback_text = traceback_text
        self.attributes = attributes
        for key, value in attributes.items():
            if not hasattr(self, key):
                setattr(self, key, value)

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"RemoteTaskError({self.type_name}: {self.message})"

    @classmethod
    def wrap(cls, exc: BaseException) -> RemoteTaskError:
        kind = type(exc)
        attributes = {k: v for k, v in vars(exc).items() if isinstance(v, _PLAIN)}
        text = "".join(traceback.format_exception(exc))
        try:
            message = str(exc)
        except Exception:  # a broken __str__ must not lose the rest
            message = repr(exc)
        return cls(f"{kind.__module__}.{kind.__qualname__}", message, text, attributes)


def _round_trips(obj: object) -> bool:
    try:
        pickle.loads(cloudpickle.dumps(obj))
    except Exception:
        return False
    return True


def _light_subtask_error(exc: NornirSubTaskError) -> NornirSubTaskError:
    """The same error with a copy of its subtask that does not drag the worker's Nornir along."""
    sub = exc.task
    light = Task(
        sub.task,
        None,  # type: ignore[arg-type]  # the worker's Nornir stays on the worker
        sub.global_dry_run,
        None,  # type: ignore[arg-type]
        sub.name,
        sub.severity_level,
        None,
    )
    light.results = sub.results
    light.params = sub.params if _round_trips(sub.params) else {}
    if not _round_trips(light.task):
        light.task = _unavailable_task
    result = exc.result
    if isinstance(result, MultiResult | Result):
        _sanitize(result)
    travelling = NornirSubTaskError(task=light, result=result)
    travelling.args = (light, result)  # so that unpickling can call __init__(task, result)
    return travelling


def _unavailable_task(task: Task) -> None:  # stands in for a task function that cannot travel
    raise RuntimeError(f"task {task.name!r} ran on a Dask worker")


def _sanitize(node: Result | MultiResult) -> None:
    """Make ``node`` picklable in place: no host, exceptions and results that can travel."""
    if isinstance(node, MultiResult):
        for item in node:
            _sanitize(item)
        return
    node.host = None
    exc = node.exception
    if isinstance(exc, NornirSubTaskError):
        node.exception = _light_subtask_error(exc)
    elif exc is not None and not _round_trips(exc):
        node.exception = RemoteTaskError.wrap(exc)
    if node.result is not None and not _round_trips(node.result):
        logger.warning("result of %r cannot travel from the Dask worker", node.name)
        node.exception = node.exception or RemoteTaskError(
            f"{type(node.result).__module__}.{type(node.result).__qualname__}",
            f"the result of {node.name!r} cannot be sent back from the Dask worker",
            "",
            {},
        )
        node.result = repr(node.result)
        node.failed = True


def sanitize_multiresult(multi: MultiResult) -> bytes:
    """``multi`` as bytes the client can load; changes ``multi`` in place (worker side)."""
    for item in multi:
        _sanitize(item)
    try:
        return bytes(cloudpickle.dumps(multi))
    except Exception as exc:  # some attribute set through Result(**kwargs) cannot travel
        logger.warning("results of %r cannot travel whole: %s", multi.name, exc)
        plain = MultiResult(multi.name)
        for item in multi:
            copy = Result(
                None,
                result=repr(item.result),
                changed=item.changed,
                diff=str(item.diff),
                failed=item.failed,
                exception=item.exception,
                severity_level=item.severity_level,
            )
            copy.name = item.name
            plain.append(copy)
        return bytes(cloudpickle.dumps(plain))


def _rebind(node: Result | MultiResult, host: Host) -> None:
    if isinstance(node, MultiResult):
        for item in node:
            _rebind(item, host)
        return
    node.host = host
    if isinstance(node.exception, NornirSubTaskError):
        node.exception.task.host = host
        result = node.exception.result
        if isinstance(result, MultiResult | Result):
            _rebind(result, host)


def restore_multiresult(blob: bytes, host: Host) -> MultiResult:
    """Load a host's results on the client and point every ``Result.host`` at ``host``."""
    multi: MultiResult = pickle.loads(blob)
    _rebind(multi, host)
    return multi


def failed_multiresult(name: str, host: Host | None, exc: BaseException) -> MultiResult:
    """A failed result for ``host`` shaped as ``Task.start`` shapes one."""
    text = "".join(traceback.format_exception(exc))
    result = Result(host, exception=exc, result=text, failed=True, severity_level=logging.ERROR)
    result.name = name  # type: ignore[assignment]
    multi = MultiResult(name)
    multi.append(result)
    return multi
