"""Waiting for a device that reloads: exponential backoff to a deadline, and the uptime check
(the uptime itself is read by ``parsers.show_version.parse_uptime``).

>>> list(itertools.islice(backoff_delays(0.5, 2.0, 3.0), 5))
[0.5, 1.0, 2.0, 3.0, 3.0]
"""

from __future__ import annotations

import itertools
import logging
import time
from collections.abc import Callable, Iterator
from typing import TypeVar

from tasks.channel import is_transport_error
from tasks.errors import HostKeyMismatch, ReloadNotObserved, ReloadTimeout, TaskError

logger = logging.getLogger(__name__)

T = TypeVar("T")


def backoff_delays(
    initial: float = 0.25, factor: float = 2.0, cap: float = 30.0
) -> Iterator[float]:
    """Exponential delays between attempts: initial, initial*factor, ... capped at ``cap``."""
    delay = initial
    while True:
        yield min(delay, cap)
        delay = min(delay * factor, cap)


def wait_until(
    attempt: Callable[[], T],
    *,
    deadline: float,
    what: str,
    host: str,
    delays: Iterator[float] | None = None,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
) -> tuple[T, int]:
    """Call ``attempt`` until it returns without raising; ``ReloadTimeout`` at ``deadline``.

    Returns (the attempt's value, the number of attempts). ``deadline`` is on ``clock``.
    """
    delays = delays if delays is not None else backoff_delays()
    last = "no attempt made"
    for count in itertools.count(1):
        try:
            return attempt(), count
        except HostKeyMismatch:
            raise  # a different host key after a reload is an alarm, not a boot delay
        except (OSError, EOFError, TaskError) as exc:  # TaskError: also a failed HTTPS probe
            last = f"{type(exc).__name__}: {exc}"
        except Exception as exc:  # netmiko's own exceptions share no base with ours
            if not is_transport_error(exc):
                raise
            last = f"{type(exc).__name__}: {exc}"
        remaining = deadline - clock()
        if remaining <= 0:
            break
        sleep(min(next(delays), remaining))
    raise ReloadTimeout(
        f"{what} did not come back before the deadline ({last})", host=host, command="reload"
    )


def check_uptime(
    host: str, before: float | None, after: float | None, elapsed: float = 0.0, step: float = 60.0
) -> None:
    """Did the uptime reset? ``show version`` counts in whole minutes (``step``).

    Without a reboot the second reading is more than ``before + elapsed - step`` (``elapsed``: time
    between the two readings), so a reading at or below that proves the reboot, and so does any
    smaller reading. Equal readings less than a step apart cannot tell: the dropped session and
    the refused reconnects are then the evidence (logged). A larger reading is no reload.
    """
    if before is None or after is None:
        logger.info(
            "%s: uptime unknown (before %s, after %s); relying on the drop", host, before, after
        )
        return
    if after < before or after <= before + elapsed - step:
        return
    if after == before:
        logger.info(
            "%s: uptime %.0f s before and after (minute resolution); relying on the drop",
            host,
            after,
        )
        return
    raise ReloadNotObserved(
        f"uptime grew from {before:.0f} s to {after:.0f} s: the device did not reboot",
        host=host,
        command="show version",
    )
