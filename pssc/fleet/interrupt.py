"""Ctrl-C during a fleet run: the first stops launching hosts (those in progress finish their
dialogs, then the table and ``--json`` say what was done and what was not); the second aborts.

>>> STOP.clear(); interrupted() is None
True
"""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import TextIO

from pssc.fleet.pool import STOP

__all__ = ["INTERRUPTED", "handle_interrupts", "interrupted"]

INTERRUPTED = "interrupted (Ctrl-C)"


def interrupted() -> str | None:
    """The reason to launch nothing more, once Ctrl-C was pressed."""
    return INTERRUPTED if STOP.is_set() else None


@contextmanager
def handle_interrupts(stream: TextIO | None = None) -> Iterator[None]:
    """Within the block, SIGINT sets ``STOP`` (first) or raises ``KeyboardInterrupt`` (second).

    Read ``interrupted()`` inside the block: ``STOP`` is cleared when it ends."""
    STOP.clear()
    if threading.current_thread() is not threading.main_thread():
        try:
            yield
        finally:
            STOP.clear()
        return
    out = stream if stream is not None else sys.stderr
    presses = 0

    def on_sigint(signum: int, frame: FrameType | None) -> None:
        nonlocal presses
        presses += 1
        if presses == 1:
            STOP.set()
            out.write(
                "\npssc: interrupted: starting no more hosts; the ones in progress finish "
                "(Ctrl-C again to abort)\n"
            )
            out.flush()
            return
        signal.signal(signal.SIGINT, previous)
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGINT, on_sigint)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        STOP.clear()  # a later run in this process (an audit after it) starts its hosts
