"""The device's channel: what pssc needs of a netmiko connection, reading it, noticing that the
session has gone, and the IOS prompt and error checks on what it sent.

A leaf of ``tasks``: it imports ``tasks.errors`` and the IOS vocabulary (``parsers.ios``) only, so
the session (``tasks.session``) and the dialog engine (``tasks.dialog``) both build on it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Protocol

from parsers import ios
from tasks.errors import CommandRejected, DeviceTimeout, OutputOverflow

# What pssc reads in answer to one command before it gives up on the host: the largest IOS
# configurations are a few megabytes; a device that sends more is broken or hostile (its output
# never ends, or is 50 MB). The other bound is time: netmiko's read_timeout per command.
OUTPUT_LIMIT = 8_000_000  # characters
# ... and what a whole session may take: a device that answers every command just inside its
# read_timeout would otherwise hold a worker for commands x timeout (enrollments included).
SESSION_DEADLINE = 900.0  # seconds from the login

# netmiko polls its channel every 10 ms while it waits for a prompt (read_until_pattern,
# read_channel_timing): 100 wake-ups a second for each waiting session, most of pssc's CPU in a
# fleet that waits on key generation and round trips. A read that finds nothing waits on the
# channel instead, until data arrives (then reads it at once) or IDLE_WAIT has passed. The wait
# only ends early on data, so nothing waits for it but a loop with nothing to read: netmiko's
# timeouts and the dialog's quiet period are at most IDLE_WAIT late. 0.1 s here cost a rollout
# 27 % more CPU than 1 s (199 lab devices: 21.0 against 15.4 CPU-seconds), the same wall time.
IDLE_WAIT = 1.0  # seconds
# paramiko's reader thread (one per session) wakes every 0.1 s from its socket read to see if its
# transport was closed: 10,000 wake-ups a second for 1,000 open sessions, each one a fight for the
# interpreter lock. Once logged in, the read waits up to TRANSPORT_CHECK instead: data still
# arrives at once, and a transport closed by pssc stops its thread within that time.
TRANSPORT_CHECK = 1.0  # seconds

_TRANSPORT_MODULES = frozenset({"netmiko", "paramiko"})


class NetmikoLike(Protocol):
    """The part of netmiko's ``BaseConnection`` that the tasks use (a test fake implements it)."""

    @property
    def base_prompt(self) -> str: ...

    @property
    def remote_conn(self) -> object:
        """The SSH channel; None once the session was closed."""
        ...

    def send_command(
        self,
        command_string: str,
        expect_string: str | None = None,
        read_timeout: float = 10.0,
        *,
        strip_prompt: bool = True,
        strip_command: bool = True,
    ) -> object: ...

    def write_channel(self, out_data: str) -> None: ...

    def read_channel(self) -> str: ...

    def check_enable_mode(self, check_string: str = "#") -> bool: ...

    def enable(self) -> str: ...


def is_transport_error(exc: BaseException) -> bool:
    """An exception of netmiko or paramiko (they share no base class with ``OSError``)."""
    return type(exc).__module__.split(".")[0] in _TRANSPORT_MODULES


def dropped(conn: NetmikoLike) -> bool:
    """Has the SSH session gone? (paramiko reads "" from a closed channel, it does not raise;
    netmiko sets ``remote_conn`` to None when it closes the session.)"""
    chan = conn.remote_conn
    if chan is None:
        return True
    if getattr(chan, "closed", False) or getattr(chan, "eof_received", False):
        return True
    transport = getattr(chan, "transport", None)
    return transport is not None and not transport.is_active()


def read(conn: NetmikoLike, *, wait: bool = True) -> str | None:
    """The text that arrived (maybe ""), or None when the session has gone. ``wait=False``: what
    is there now, without the guard's wait for data (draining what earlier commands left)."""
    reader = conn.read_channel if wait else getattr(conn, "_pssc_read_now", conn.read_channel)
    try:
        text = str(reader())
    except (OSError, EOFError):
        return None
    except Exception as exc:  # netmiko's ReadException: "Channel stream closed by remote device"
        if not is_transport_error(exc):
            raise
        return None
    return None if not text and dropped(conn) else text


def write(conn: NetmikoLike, text: str) -> bool:
    """Send ``text``; False when the session is already gone."""
    try:
        conn.write_channel(text)
    except (OSError, EOFError):
        return False
    except Exception as exc:
        if not is_transport_error(exc):
            raise
        return False
    return True


def prompt_pattern(conn: NetmikoLike) -> str:
    """A regex for the device prompt in any mode, on a line of its own."""
    return ios.prompt_regex(str(conn.base_prompt or ""))


def config_prompt_pattern(conn: NetmikoLike) -> str:
    """A regex for a configuration-mode prompt: ``R1(config)#``, ``R1(ca-trustpoint)#``."""
    return ios.config_prompt_regex(str(conn.base_prompt or ""))


def check_output(output: str, *, host: str, command: str) -> str:
    """``output`` itself, unless it starts with an IOS error: then ``CommandRejected``.

    Only the head counts (``parsers.ios.rejected``): the rest of a show command's output is
    device text, and a banner line ``% Access denied`` is not an error.
    """
    error = ios.rejected(output, command)
    if error:
        raise CommandRejected(error, host=host, command=command, seen=output.strip()[-500:])
    return output


def _arrival_event(conn: NetmikoLike) -> threading.Event | None:
    """An event set while the SSH channel holds unread data or has closed (paramiko's channel
    buffer keeps it so: set on data and on close, cleared by the read that empties it), or None
    when the connection has no paramiko channel (a test fake)."""
    pipe = getattr(getattr(conn, "remote_conn", None), "in_buffer", None)
    if pipe is None or not callable(getattr(pipe, "set_event", None)):
        return None
    event = threading.Event()
    pipe.set_event(event)
    return event


def _slow_transport_checks(conn: NetmikoLike, seconds: float = TRANSPORT_CHECK) -> None:
    """Make the session's paramiko reader thread wake every ``seconds`` when idle (see
    ``TRANSPORT_CHECK``); nothing for a connection without a paramiko transport (a test fake)."""
    transport = getattr(getattr(conn, "remote_conn", None), "transport", None)
    sock = getattr(transport, "sock", None)
    if sock is not None and callable(getattr(sock, "settimeout", None)):
        sock.settimeout(seconds)


def guard(
    conn: NetmikoLike,
    host: str,
    *,
    limit: int = OUTPUT_LIMIT,
    deadline: float = SESSION_DEADLINE,
    clock: Callable[[], float] = time.monotonic,
    idle_wait: float = IDLE_WAIT,
) -> None:
    """Bound what one command may make pssc read and how long the session may last: past
    ``limit`` characters since pssc last wrote to the channel, reading raises ``OutputOverflow``;
    ``deadline`` seconds after this call, ``DeviceTimeout``; both name the host and the command,
    whoever reads (netmiko's ``send_command``, a dialog). Installed once per session; the
    session is of no further use after it fired (the caller closes it). A read that finds
    nothing waits up to ``idle_wait`` for data (see ``IDLE_WAIT``), and paramiko's reader thread
    checks for a closed transport every ``TRANSPORT_CHECK`` s."""
    if getattr(conn, "_pssc_guarded", False):
        return
    read_channel, write_channel = conn.read_channel, conn.write_channel
    arrived = _arrival_event(conn)
    state = {"read": 0}
    last = {"command": ""}
    ends = clock() + deadline

    def guarded_read(wait: bool = True) -> str:
        if clock() > ends:
            raise DeviceTimeout(
                f"the session passed its deadline of {deadline:.0f} s (a device that answers too "
                "slowly); it was abandoned",
                host=host,
                command=last["command"],
            )
        text = str(read_channel())
        if not text and wait and arrived is not None and arrived.wait(idle_wait):
            text = str(read_channel())  # the data that ended the wait (or "" when it closed)
        state["read"] += len(text)
        if state["read"] > limit:
            raise OutputOverflow(
                f"more than {limit} characters of output to one command (a runaway or hostile "
                "device); the session was abandoned",
                host=host,
                command=last["command"],
            )
        return text

    def guarded_write(out_data: str) -> None:
        state["read"] = 0
        if out_data.strip():
            last["command"] = out_data.strip()[:80]
        write_channel(out_data)

    _slow_transport_checks(conn)
    setattr(conn, "read_channel", guarded_read)  # noqa: B010 (netmiko calls self.read_channel)
    setattr(conn, "write_channel", guarded_write)  # noqa: B010
    setattr(conn, "_pssc_read_now", lambda: guarded_read(wait=False))  # noqa: B010
    setattr(conn, "_pssc_guarded", True)  # noqa: B010
