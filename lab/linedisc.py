"""The terminal line discipline of an emulated IOS device: what the device does with each typed key.

IOS echoes every character as it is typed (netmiko and scrapli rely on it) and reads a line up to
CR, LF or CR LF; the line end itself is not echoed (the device's answer begins with ``\\r\\n``).
A ``?`` (echo on) is IOS's context help: it is reported at once with the line typed so far,
which stays pending. This module does that one character at a time, outside any SSH library
(asyncssh's own line editor echoes whole lines, which confuses clients under load), and without
I/O: the transport feeds characters and gets back the text to echo and the events for the
device.

>>> disc = LineDiscipline()
>>> disc.step("a", echo=True, key_mode=False)
('a', None)
>>> disc.step("\\r", echo=True, key_mode=False)       # the device answers with the line end
('', ('line', 'a'))
>>> disc.step("\\n", echo=True, key_mode=False)          # the LF of CR LF is swallowed
('', None)
>>> disc.step("x", echo=False, key_mode=False)          # hidden input (Password:)
('', None)
>>> disc.step("\\x7f", echo=False, key_mode=False)
('', None)
>>> disc.step("\\n", echo=False, key_mode=False)
('', ('line', ''))
>>> disc.step("y", echo=True, key_mode=True)            # --More--, [confirm]: a key at once
('', ('key', 'y'))
>>> disc.step("s", echo=True, key_mode=False)
('s', None)
>>> disc.step("?", echo=True, key_mode=False)           # context help: the line stays pending
('?', ('help', 's'))
>>> disc.insert("?")                                    # where the device wants a plain "?"
>>> disc.pending
's?'
"""

from __future__ import annotations

from typing import Literal

Event = tuple[Literal["line", "key", "help"], str]

CTRL_Z = "\x1a"
BACKSPACES = ("\x7f", "\x08")
CTRL_U = "\x15"
MAX_LINE = 4096  # longer input is dropped, as IOS drops what overflows its line buffer


class LineDiscipline:
    """Per-session state: the line typed so far and whether the last key was a CR."""

    def __init__(self) -> None:
        self._buffer: list[str] = []
        self._after_cr = False

    @property
    def pending(self) -> str:
        """What has been typed on the current line so far."""
        return "".join(self._buffer)

    def step(self, ch: str, *, echo: bool, key_mode: bool) -> tuple[str, Event | None]:
        """One character in; the text to echo and, if complete, an event for the device."""
        if ch == "\n" and self._after_cr:
            self._after_cr = False
            return "", None
        self._after_cr = ch == "\r"
        if ch == CTRL_Z:
            self._buffer.clear()
            return "", ("key", CTRL_Z)
        if key_mode:
            return "", ("key", ch)
        if ch in ("\r", "\n"):
            line = "".join(self._buffer)
            self._buffer.clear()
            return "", ("line", line)  # never echoed: the device's answer starts with it
        if ch == "?" and echo:  # IOS's context help at once; hidden input takes it as a char
            return "?", ("help", "".join(self._buffer))
        return self._edit(ch, echo), None

    def insert(self, text: str) -> None:
        """Add ``text`` to the line as typed (a ``?`` the device did not take as help)."""
        for ch in text:
            if len(self._buffer) < MAX_LINE:
                self._buffer.append(ch)

    def _edit(self, ch: str, echo: bool) -> str:
        if ch in BACKSPACES:
            if not self._buffer:
                return ""
            self._buffer.pop()
            return "\b \b" if echo else ""
        if ch == CTRL_U:
            count = len(self._buffer)
            self._buffer.clear()
            return "\b \b" * count if echo else ""
        if not ch.isprintable() or len(self._buffer) >= MAX_LINE:
            return ""  # other control characters (and overflow) are ignored, like IOS does
        self._buffer.append(ch)
        return ch if echo else ""
