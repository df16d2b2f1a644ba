"""The contract between the device model (``lab.device``) and the transports (``lab.server``).

The device model is synchronous and knows nothing of sockets; a transport (the asyncssh server,
a unit test) drives one :class:`CliSession` per interactive shell and carries out the
:class:`Action` values that it returns, in order.

- ``Write(text)``: send ``text`` to the client as is (the device already uses ``\\r\\n``).
- ``Sleep(seconds)``: wait before carrying out the next action (key generation, latency, boot).
- ``Disconnect()``: close this session now (``exit``, a dropped session fault).
- ``ReloadDevice()``: the device is going down: the transport drops every session of the device,
  stops its HTTPS endpoint, waits ``device.boot_seconds`` (``None``: never comes back), then calls
  ``device.boot()`` and starts listening again.
- ``Stream(chunks)``: write each chunk of the iterable in turn (it may never end), letting the
  client read and the other devices run between chunks; stop when the client has gone.
- ``HttpsChanged()``: the certificate or key that HTTPS should serve, or whether it serves at all,
  has changed; the transport reads ``device.https_identity()`` again.

Input: the transport calls ``feed_line(line)`` with each complete line (without its line end) while
``session.input_mode`` is ``"line"`` and echoes what the client types only while ``session.echo``
is true (it is false at ``Password:``). While ``input_mode`` is ``"key"`` (the ``--More--``
pager, ``[confirm]`` prompts) every typed character goes to ``feed_key(ch)`` at once, without
echo. Ctrl-Z (``\\x1a``) is passed to ``feed_key`` in any mode. A ``?`` typed in line mode with
echo on is echoed and goes to ``help(line_so_far)`` at once; the line typed so far stays pending.
``feed_line``, ``feed_key`` and ``help`` may run in a worker thread; the device serialises its own
state.

Output nobody typed for (a log message on a session with ``terminal monitor``, caused by another
session): a session that is also a :class:`MonitorSession` is given a ``wake`` callback by the
transport; the device calls it, from any thread, when something waits, and the transport then
calls ``take_async(typed)`` in its own turn (never in the middle of another answer) and carries
out what it returns.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal, Protocol, runtime_checkable


@dataclass(frozen=True)
class Write:
    text: str


@dataclass(frozen=True)
class Sleep:
    seconds: float


@dataclass(frozen=True)
class Disconnect:
    pass


@dataclass(frozen=True)
class ReloadDevice:
    pass


@dataclass(frozen=True)
class HttpsChanged:
    pass


@dataclass(frozen=True)
class Stream:
    chunks: Iterable[str]


Action = Write | Sleep | Disconnect | ReloadDevice | HttpsChanged | Stream
InputMode = Literal["line", "key"]


class CliSession(Protocol):
    """One interactive shell on the device (one SSH channel)."""

    @property
    def echo(self) -> bool: ...

    @property
    def input_mode(self) -> InputMode: ...

    def start(self) -> list[Action]:
        """Banner, MOTD and the first prompt."""
        ...

    def feed_line(self, line: str) -> list[Action]: ...

    def feed_key(self, key: str) -> list[Action]: ...

    def help(self, line: str) -> list[Action] | None:
        """``?`` typed after ``line`` (IOS's context help, no Enter needed): the actions to carry
        out, or None when ``?`` is an ordinary character here (a question, a paste, a password);
        the transport then adds it to the line."""
        ...

    def close(self) -> None:
        """The client went away; forget the session (``show users``)."""
        ...


@runtime_checkable
class MonitorSession(Protocol):
    """A session that may receive output asynchronously (log messages, ``terminal monitor``)."""

    def set_waker(self, wake: Callable[[], None]) -> None:
        """``wake()`` is called, from any thread, when :meth:`take_async` has something."""
        ...

    def take_async(self, typed: str = "") -> list[Action]:
        """What waits for the client now; ``typed`` is the line typed so far (not yet sent)."""
        ...


class DeviceModel(Protocol):
    """What a transport needs of a device."""

    name: str

    @property
    def up(self) -> bool: ...

    @property
    def boot_seconds(self) -> float | None:
        """How long a reload keeps the device down; ``None`` for a reload that never ends."""
        ...

    def boot(self) -> list[str]:
        """Load the startup configuration and keys from NVRAM; returns console/syslog lines."""
        ...

    def shutdown(self) -> None: ...

    def check_login(self, username: str, password: str) -> bool: ...

    def open_session(self, username: str, peer: str) -> CliSession: ...

    def https_identity(self) -> tuple[bytes, bytes] | None:
        """(certificate PEM, private key PEM) that HTTPS serves now, or None when it is off."""
        ...
