"""One interactive SSH shell on an emulated device: bytes in, the device's actions carried out.

Input that arrives is queued and handled one character at a time by a single task per session, so
the device's actions (writes, sleeps, a reload) are carried out in order and anything typed
meanwhile waits its turn, as on a real terminal. The device is called in a worker thread so that a
slow RSA key generation on one device never stalls the other sessions of the lab.
"""

from __future__ import annotations

import asyncio
import codecs
import logging
from collections.abc import Callable
from concurrent.futures import Executor
from typing import Protocol

import asyncssh

from lab.linedisc import Event, LineDiscipline
from lab.protocol import (
    Action,
    CliSession,
    DeviceModel,
    Disconnect,
    HttpsChanged,
    MonitorSession,
    ReloadDevice,
    Sleep,
    Stream,
    Write,
)

log = logging.getLogger(__name__)
STREAM_BUFFER = 1 << 20  # bytes a Stream action may leave unread by the client


class _Wake:
    """Queued when the device has output for the session that nobody typed for."""


_WAKE = _Wake()


class ShellHost(Protocol):
    """What a shell needs of the server that hosts its device (``lab.server.DeviceServer``)."""

    name: str
    device: DeviceModel
    executor: Executor
    shells: set[
        asyncio.Task[None]
    ]  # the running session tasks, cancelled when the device goes down

    @property
    def latency(self) -> float: ...

    def request_reload(self) -> None: ...

    async def https_changed(self) -> None: ...


class DeviceShell(asyncssh.SSHServerSession[bytes]):
    """An asyncssh server session (binary channel, no line editor) around one ``CliSession``."""

    def __init__(self, host: ShellHost, username: str, peer: str) -> None:
        self._host = host
        self._username = username
        self._peer = peer
        self._chan: asyncssh.SSHServerChannel[bytes] | None = None
        self._session: CliSession | None = None
        self._queue: asyncio.Queue[str | _Wake | None] = asyncio.Queue()
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._disc = LineDiscipline()
        self._task: asyncio.Task[None] | None = None
        self._gone = False  # the client's connection was lost

    # asyncssh callbacks -----------------------------------------------------------------------
    def connection_made(self, chan: asyncssh.SSHServerChannel[bytes]) -> None:
        self._chan = chan

    def pty_requested(self, term_type: str, term_size: object, term_modes: object) -> bool:
        return True

    def shell_requested(self) -> bool:
        # IOS offers an interactive shell on a PTY only; a shell without one is refused.
        return self._chan is not None and self._chan.get_terminal_type() is not None

    def exec_requested(self, command: str) -> bool:
        log.info("%s: refused exec request from %s", self._host.name, self._peer)
        return False

    def subsystem_requested(self, subsystem: str) -> bool:
        return False

    def session_started(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run())
        self._host.shells.add(self._task)
        self._task.add_done_callback(self._host.shells.discard)

    def data_received(self, data: bytes, datatype: asyncssh.DataType) -> None:
        text = self._decoder.decode(data)
        if text:
            self._queue.put_nowait(text)

    def eof_received(self) -> bool:
        self._queue.put_nowait(None)
        return False

    def connection_lost(self, exc: Exception | None) -> None:
        self._gone = True
        self._queue.put_nowait(None)

    # the session task -------------------------------------------------------------------------
    async def _run(self) -> None:
        try:
            loop = asyncio.get_running_loop()
            device, executor = self._host.device, self._host.executor
            session = await loop.run_in_executor(
                executor, device.open_session, self._username, self._peer
            )
            self._session = session
            if isinstance(session, MonitorSession):
                session.set_waker(self._waker(loop))
            if await self._perform(await loop.run_in_executor(executor, session.start)):
                while await self._pump():
                    pass
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("%s: session of %s failed; closing it", self._host.name, self._peer)
        finally:
            await self._finish()

    def _waker(self, loop: asyncio.AbstractEventLoop) -> Callable[[], None]:
        """What the device calls (from a worker thread) when output waits for this session."""
        queue = self._queue

        def wake() -> None:
            try:
                loop.call_soon_threadsafe(queue.put_nowait, _WAKE)
            except RuntimeError:  # the lab is stopping: nobody is left to read it
                pass

        return wake

    async def _pump(self) -> bool:
        """Handle one chunk of typed input; False once the session is over."""
        text = await self._queue.get()
        if text is None:
            return False
        if isinstance(text, _Wake):
            return await self._perform(await self._take_async())
        echo: list[str] = []
        for ch in text:
            assert self._session is not None
            out, event = self._disc.step(
                ch, echo=self._session.echo, key_mode=self._session.input_mode == "key"
            )
            echo.append(out)
            if event is not None:
                self._write("".join(echo))
                echo.clear()
                actions = await self._feed(event)
                if actions is None:  # `?` as an ordinary character (a question, a paste)
                    self._disc.insert("?")
                    continue
                if not await self._perform(actions):
                    return False
        self._write("".join(echo))
        return True

    async def _feed(self, event: Event) -> list[Action] | None:
        assert self._session is not None
        kind, value = event
        loop = asyncio.get_running_loop()
        if kind == "help":
            return await loop.run_in_executor(self._host.executor, self._session.help, value)
        func = self._session.feed_line if kind == "line" else self._session.feed_key
        actions = await loop.run_in_executor(self._host.executor, func, value)
        if self._host.latency > 0:
            await asyncio.sleep(self._host.latency)
        return actions

    async def _take_async(self) -> list[Action]:
        session = self._session
        if not isinstance(session, MonitorSession):
            return []
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(
            self._host.executor, session.take_async, self._disc.pending
        )

    async def _perform(self, actions: list[Action]) -> bool:
        """Carry out the device's actions in order; False when the session must end."""
        for action in actions:
            if isinstance(action, Write):
                self._write(action.text)
            elif isinstance(action, Sleep):
                await asyncio.sleep(action.seconds)
            elif isinstance(action, Disconnect):
                return False
            elif isinstance(action, ReloadDevice):
                self._host.request_reload()
                return False
            elif isinstance(action, HttpsChanged):
                await self._host.https_changed()
            elif isinstance(action, Stream) and not await self._stream(action):
                return False
        return True

    async def _stream(self, action: Stream) -> bool:
        """Write the chunks as the client reads them (at most ~1 MB buffered); False once the
        client has gone."""
        for chunk in action.chunks:
            chan = self._chan
            if chan is None or self._lost(chan):
                return False
            self._write(chunk)
            while chan.get_write_buffer_size() > STREAM_BUFFER:
                if self._lost(chan):
                    return False
                await asyncio.sleep(0.01)
            await asyncio.sleep(0)
        return True

    def _lost(self, chan: asyncssh.SSHServerChannel[bytes]) -> bool:
        """The client has gone: the channel closes, or already the TCP connection under it (the
        SSH layer hears of it a little later; writing meanwhile only makes asyncio complain)."""
        if self._gone or chan.is_closing():
            return True
        transport = getattr(chan.get_extra_info("connection"), "_transport", None)
        return transport is None or bool(transport.is_closing())

    def _write(self, text: str) -> None:
        if text and self._chan is not None and not self._chan.is_closing():
            self._chan.write(text.encode("utf-8", errors="replace"))

    async def _finish(self) -> None:
        if self._session is not None:
            session, self._session = self._session, None
            try:
                await asyncio.get_running_loop().run_in_executor(self._host.executor, session.close)
            except Exception:
                log.exception("%s: closing the session of %s failed", self._host.name, self._peer)
        if self._chan is not None:
            conn = self._chan.get_extra_info("connection")
            self._chan.close()
            if conn is not None:
                conn.close()  # IOS drops the whole SSH connection when its shell ends
