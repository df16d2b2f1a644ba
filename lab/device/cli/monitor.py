"""Log messages on a session: its own after the prompt, the device's whenever they happen.

A vty session sees log messages only after ``terminal monitor`` (``docs/ios-behaviour.md``
section 1.7). The messages its own command caused come after its prompt (or before the next
question of a dialog); those of other sessions reach it through :meth:`Monitored.take_async`,
which the transport calls once the device has woken it. IOS does not print the prompt again after
them unless ``logging synchronous`` is set under ``line vty``: then it reprints the prompt (or the
question a dialog waits at) and what was typed so far.
"""

from __future__ import annotations

from collections.abc import Callable

from lab.device.cli.host import Host
from lab.device.cli.out import Dialog, Out
from lab.device.cli.pager import Pager
from lab.protocol import Action, Sleep, Write


class Monitored:
    """The message half of a :class:`~lab.device.cli.session.Session` (a mixin: the session
    holds the attributes below)."""

    dev: Host
    closed: bool
    _echo: bool
    _pager: Pager
    _dialog: Dialog | None
    _ask: str | None
    _async: list[str]
    _wake: Callable[[], None] | None

    def prompt(self) -> str:
        raise NotImplementedError

    def _messages(self, out: Out) -> list[Action]:
        """This session's own messages (``terminal monitor``), each on a line of its own."""
        if not out.syslog:
            return []
        lines, out.syslog[:] = list(out.syslog), []
        return [Write("\r\n".join(lines) + "\r\n")]

    def _syslog(self, out: Out) -> list[Action]:
        """Messages after the prompt: a moment later, on a new line, the prompt not reprinted
        (``logging synchronous`` reprints it)."""
        if not out.syslog:
            return []
        lines, out.syslog[:] = list(out.syslog), []
        return [Sleep(0.01), Write(self._async_text(lines, ""))]

    def _async_text(self, lines: list[str], typed: str) -> str:
        text = "\r\n" + "\r\n".join(lines) + "\r\n"
        if self.dev.state.config.logging.vty_synchronous and not self._pager.active:
            again = self._ask if self._dialog is not None and self._ask else self.prompt()
            text += again + (typed if self._echo else "")
        return text

    # -- messages of other sessions (terminal monitor), delivered by the transport ----------------
    def set_waker(self, wake: Callable[[], None]) -> None:
        """The transport's callback, called (from any thread) when a message waits."""
        with self.dev.lock:
            self._wake = wake

    def push_async(self, line: str) -> None:
        """A message of the device for this monitoring session (called by the device)."""
        self._async.append(line)
        if self._wake is not None:
            self._wake()

    def take_async(self, typed: str = "") -> list[Action]:
        """The messages waiting, as IOS writes them where the cursor is; ``typed`` is the line
        typed so far (``logging synchronous`` prints it again after the prompt)."""
        with self.dev.lock:
            lines, self._async = self._async, []
            if not lines or self.closed or not self.dev.up:
                return []
            return [Write(self._async_text(lines, typed))]
