"""The device's message log: the buffer ``show logging`` reads and the counters it prints.

IOS sends every message to the console, to the buffer (``logging buffered``, on by default) and
to every vty session that typed ``terminal monitor`` (``docs/ios-behaviour.md`` section 1.7).
This holds the buffer (oldest messages dropped when it is full, like IOS's ring buffer) and the
counts; who receives a message is the device's business. The buffer lives in RAM: a reload
empties it.

>>> log = MessageLog()
>>> log.add("*Mar  1 00:00:01.000: %SYS-5-CONFIG_I: Configured from console", capacity=4096)
>>> log.lines()
['*Mar  1 00:00:01.000: %SYS-5-CONFIG_I: Configured from console']
>>> log.add("*Mar  1 00:00:02.000: %SYS-5-CONFIG_I: Configured from console", capacity=None)
>>> len(log.lines()), log.console_count
(1, 2)
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

LEVELS = (
    "emergencies",
    "alerts",
    "critical",
    "errors",
    "warnings",
    "notifications",
    "informational",
    "debugging",
)
MIN_SIZE = 4096  # `logging buffered SIZE`: the range IOS takes
MAX_SIZE = 2147483647


def level_name(word: str) -> str | None:
    """A severity as IOS takes it (``6``, ``info``, ``informational``) -> its full name.

    >>> level_name("6"), level_name("warn"), level_name("bogus")
    ('informational', 'warnings', None)
    """
    if word.isdigit():
        n = int(word)
        return LEVELS[n] if 0 <= n < len(LEVELS) else None
    hits = [lv for lv in LEVELS if lv.startswith(word.lower())]
    return hits[0] if len(hits) == 1 else None


@dataclass
class LoggingConfig:
    """The logging lines of the configuration that the lab models (the rest is kept as typed)."""

    buffered: bool = True  # ``no logging buffered`` turns it off
    buffer_size: int | None = None  # ``logging buffered SIZE``; None: the image's default
    buffer_level: str | None = None  # ``logging buffered [SIZE] LEVEL``; None: debugging
    vty_synchronous: bool = False  # ``logging synchronous`` under ``line vty``

    def capacity(self, default_size: int) -> int | None:
        """Bytes the buffer holds, None while buffering is off."""
        if not self.buffered:
            return None
        return self.buffer_size if self.buffer_size is not None else default_size


@dataclass
class MessageLog:
    """The buffer of ``show logging`` and its counters (the buffer holds ``capacity`` bytes)."""

    console_count: int = 0
    monitor_count: int = 0
    buffer_count: int = 0
    _lines: deque[str] = field(default_factory=deque)
    _used: int = 0

    def add(self, line: str, *, capacity: int | None, monitored: bool = False) -> None:
        """A message was logged: counted, and kept in the buffer while buffering is on."""
        self.console_count += 1
        if monitored:
            self.monitor_count += 1
        if capacity is None:
            return
        self.buffer_count += 1
        self._lines.append(line)
        self._used += len(line) + 1
        while self._used > capacity and len(self._lines) > 1:
            self._used -= len(self._lines.popleft()) + 1

    def lines(self) -> list[str]:
        return list(self._lines)

    def clear(self) -> None:
        """``clear logging``, a new buffer size, or a reload: the buffer is empty again."""
        self._lines.clear()
        self._used = 0
