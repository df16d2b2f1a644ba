"""What a reload run shows while it waits: hosts down, back, verified, the slowest one named.

:class:`ReloadProgress` is fed from the worker threads (``event(host, "down" | "back")``,
``verified(host, ok)``) and renders one status line; :func:`reload_progress` shows it on stderr,
refreshed, only when stderr is a terminal (a pipe or a file gets nothing).

>>> t = [100.0]
>>> p = ReloadProgress(total=3, clock=lambda: t[0])
>>> p.event("R1", "down"); p.event("R2", "down"); t[0] = 130.0; p.event("R1", "back")
>>> p.line()
'reload: 3 planned, 1 down, 1 back, 0 verified (slowest: R2, down 30 s)'
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

__all__ = ["ReloadProgress", "reload_progress"]


class ReloadProgress:
    def __init__(self, total: int, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.total = total
        self._clock = clock
        self._lock = threading.Lock()
        self._down: dict[str, float] = {}
        self.back = 0
        self.verified = 0
        self.failed = 0

    def event(self, host: str, what: str) -> None:
        """``down`` (the session dropped after the reload) or ``back`` (SSH answers again)."""
        with self._lock:
            if what == "down":
                self._down[host] = self._clock()
            elif what == "back" and self._down.pop(host, None) is not None:
                self.back += 1

    def verified_host(self, host: str, ok: bool) -> None:
        with self._lock:
            self._down.pop(host, None)  # one that never came back is no longer waited for
            self.verified += 1
            self.failed += not ok

    def line(self) -> str:
        with self._lock:
            now = self._clock()
            text = (
                f"reload: {self.total} planned, {len(self._down)} down, {self.back} back, "
                f"{self.verified} verified"
            )
            if self.failed:
                text += f", {self.failed} not persistent"
            if self._down:
                host, since = min(self._down.items(), key=lambda item: item[1])
                text += f" (slowest: {host}, down {now - since:.0f} s)"
            return text


@contextmanager
def reload_progress(
    total: int, *, stream: TextIO | None = None, enabled: bool | None = None
) -> Iterator[ReloadProgress]:
    """A ``ReloadProgress`` whose line is redrawn on ``stream`` (stderr) while the block runs."""
    out = stream if stream is not None else sys.stderr
    progress = ReloadProgress(total)
    if not (out.isatty() if enabled is None else enabled):
        yield progress
        return
    from rich.console import Console
    from rich.live import Live
    from rich.text import Text

    class _Line:
        def __rich__(self) -> Text:
            return Text(progress.line())

    with Live(_Line(), console=Console(file=out), refresh_per_second=2, transient=True):
        yield progress
