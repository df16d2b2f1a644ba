"""pssc's Nornir runner: every host at once up to a ceiling, logins paced, Ctrl-C honoured.

``FleetRunner(num_workers=1000, max_logins_per_second=50)`` (plugin name ``fleet``, pssc's
default): one thread per host up to ``num_workers`` (the threads mostly wait on the network, and
the paramiko reader threads block in ``select`` rather than polling), each host started no sooner
than the :class:`Pacer` allows (a TACACS+/RADIUS server sees at most that many new logins a
second), and none started once :data:`STOP` is set (the first Ctrl-C, see
:func:`pssc.fleet.interrupt.handle_interrupts`): the hosts in progress finish their dialogs; the
others are missing from the result and the caller reports them as not done.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from nornir.core.inventory import Host
from nornir.core.task import AggregatedResult, MultiResult, Task

__all__ = ["DEFAULT_MAX_LOGINS", "DEFAULT_WORKERS", "STOP", "FleetRunner", "Pacer"]

DEFAULT_WORKERS = 1000  # threads are cheap while they wait: ~1 MiB resident per busy host
DEFAULT_MAX_LOGINS = 50.0
STOP = threading.Event()  # set: start no more hosts


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
        with ThreadPoolExecutor(workers, thread_name_prefix="pssc-host") as pool:
            futures = [pool.submit(start, host) for host in hosts]
        for future in futures:
            done = future.result()
            if done is not None:
                result[done.host.name] = done
        return result
