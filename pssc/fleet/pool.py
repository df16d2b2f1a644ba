"""pssc's Nornir runner: every host at once up to a ceiling, logins paced, Ctrl-C honoured.

``FleetRunner(num_workers=1000, max_logins_per_second=50)`` (plugin name ``fleet``, pssc's
default): one thread per host up to ``num_workers`` (the threads mostly wait on the network: a
session waits on its channel, its paramiko reader wakes once a second, see ``tasks.channel``; the
interpreter's switch interval is raised during the run, see :data:`SWITCH_INTERVAL`), each host
started no sooner than the :class:`Pacer` allows (a TACACS+/RADIUS server sees at most that many
new logins a second), and none started once :data:`STOP` is set (the first Ctrl-C, see
:func:`pssc.fleet.interrupt.handle_interrupts`): the hosts in progress finish their dialogs; the
others are missing from the result and the caller reports them as not done.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

from nornir.core.inventory import Host
from nornir.core.task import AggregatedResult, MultiResult, Task

__all__ = [
    "DEFAULT_MAX_LOGINS",
    "DEFAULT_WORKERS",
    "STOP",
    "SWITCH_INTERVAL",
    "FleetRunner",
    "Pacer",
    "switch_interval",
]

DEFAULT_WORKERS = 1000  # threads are cheap while they wait: ~1 MiB resident per busy host
DEFAULT_MAX_LOGINS = 50.0
STOP = threading.Event()  # set: start no more hosts
# How long a thread may keep the interpreter lock while others wait for it. CPython's default,
# 5 ms, is made for a few threads: every waiting thread wakes up each interval to ask for the lock,
# so with hundreds of sessions ready to run (1,000 hosts) the process spent most of its CPU in the
# kernel handing the lock around (an audit of 999 lab devices: 150 s, 3/4 of its CPU system time).
# Sessions give the lock up whenever they wait on the network, so a longer interval costs them
# nothing: 50 ms during a fleet run (the same audit: 54 s, a fifth of the CPU).
SWITCH_INTERVAL = 0.05  # seconds
_switch = {"users": 0, "before": 0.0}
_switch_lock = threading.Lock()


@contextmanager
def switch_interval(seconds: float = SWITCH_INTERVAL) -> Iterator[None]:
    """``sys.setswitchinterval(seconds)`` while inside (never shortening it), the value before
    restored when the last of the runs nested or side by side in this process leaves."""
    with _switch_lock:
        if _switch["users"] == 0:
            _switch["before"] = sys.getswitchinterval()
            sys.setswitchinterval(max(seconds, _switch["before"]))
        _switch["users"] += 1
    try:
        yield
    finally:
        with _switch_lock:
            _switch["users"] -= 1
            if _switch["users"] == 0:
                sys.setswitchinterval(_switch["before"])


class Pacer:
    """At most ``rate`` starts a second, spread evenly (a token bucket of depth one).

    >>> t = [0.0]; slept = []
    >>> p = Pacer(2.0, clock=lambda: t[0], sleep=slept.append)
    >>> [p.wait() for _ in range(3)], slept
    ([True, True, True], [0.5, 1.0])
    """

    def __init__(
        self,
        rate: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], object] | None = None,
    ) -> None:
        self.interval = 1.0 / rate if rate > 0 else 0.0
        self._clock = clock
        self._sleep = sleep
        self._next = 0.0
        self._lock = threading.Lock()

    def wait(self, stop: threading.Event | None = None) -> bool:
        """Wait for this caller's slot; False when ``stop`` was set meanwhile."""
        with self._lock:
            now = self._clock()
            slot = max(now, self._next)
            self._next = slot + self.interval
        delay = slot - now
        if delay > 0:
            if self._sleep is not None:
                self._sleep(delay)
            elif stop is not None:
                return not stop.wait(delay)
            else:
                time.sleep(delay)
        return stop is None or not stop.is_set()


class FleetRunner:
    """A Nornir runner: ``num_workers`` is a ceiling, starts are paced, ``STOP`` is honoured."""

    def __init__(
        self, num_workers: int = DEFAULT_WORKERS, max_logins_per_second: float = DEFAULT_MAX_LOGINS
    ) -> None:
        self.num_workers = num_workers
        self.max_logins_per_second = max_logins_per_second

    def run(self, task: Task, hosts: list[Host]) -> AggregatedResult:
        result = AggregatedResult(task.name)
        if not hosts:
            return result
        pacer = Pacer(self.max_logins_per_second)

        def start(host: Host) -> MultiResult | None:
            if STOP.is_set() or not pacer.wait(STOP):
                return None  # not started: the caller reports it as not done
            return task.copy().start(host)

        workers = max(1, min(self.num_workers, len(hosts)))
        with switch_interval(), ThreadPoolExecutor(workers, thread_name_prefix="pssc-host") as pool:
            futures = [pool.submit(start, host) for host in hosts]
        for future in futures:
            done = future.result()
            if done is not None:
                result[done.host.name] = done
        return result
