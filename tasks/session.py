"""The host's CLI session: open it with clear errors, run commands, configuration mode.

Everything waits for a pattern (the device prompt or a dialog prompt), never for a quiet period.
Netmiko and paramiko errors become the ``tasks.errors`` classes, each naming the host; a command
IOS refuses is ``CommandRejected`` (``tasks.channel.check_output``).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from nornir.core.task import Task

from tasks import hostkeys
from tasks.channel import (
    NetmikoLike,
    check_output,
    config_prompt_pattern,
    dropped,
    guard,
    is_transport_error,
    prompt_pattern,
)
from tasks.errors import DeviceTimeout, DeviceUnreachable, TaskError
from tasks.login import enter_enable, login_error

logger = logging.getLogger(__name__)

CONNECTION = hostkeys.CONNECTION


def _classify_connect_error(exc: Exception, host: str, endpoint: str = "") -> TaskError:
    """Map netmiko / paramiko / socket errors at login to one of ours (kept for callers that
    know only the host; :func:`connect` names the endpoint, see ``tasks.login``)."""
    return login_error(exc, host, known_hosts=endpoint or None)


def connect(task: Task) -> NetmikoLike:
    """The host's netmiko session in privileged EXEC, opened by Nornir on first use, its SSH host
    key checked as ``tasks.hostkeys`` says (whoever built the Nornir object).

    A failed login is one line naming the address, the port and the cause (``tasks.login``).
    """
    host = task.host.name
    if CONNECTION not in task.host.connections:
        # every path checks host keys unless the host's data says host_key_checking: false
        hostkeys.enforce(task.host, task.nornir.config)
    try:
        conn: NetmikoLike = task.host.get_connection(CONNECTION, task.nornir.config)
    except TaskError:
        raise
    except Exception as exc:  # netmiko/paramiko/socket errors share no base class
        params = task.host.get_connection_parameters(CONNECTION)
        extras = params.extras or {}
        raise login_error(
            exc,
            host,
            params.hostname,
            params.port,
            timeout=extras.get("conn_timeout"),
            username=params.username,
            known_hosts=extras.get("alt_key_file"),
        ) from exc
    guard(conn, host)  # an output cap per command (tasks.channel.OUTPUT_LIMIT)
    try:
        if not conn.check_enable_mode():
            enter_enable(conn, host, str(getattr(conn, "secret", "") or ""))
    except TaskError:
        raise
    except (OSError, EOFError) as exc:
        raise DeviceUnreachable(f"session dropped while entering enable: {exc}", host=host) from exc
    except Exception as exc:
        if dropped(conn):  # a session that went away is not a refused enable secret
            raise DeviceUnreachable("session dropped while entering enable", host=host) from exc
        raise
    return conn


def close(task: Task) -> None:
    """Close the host's session if it is open; a session that already dropped is fine."""
    if CONNECTION in task.host.connections:
        try:
            task.host.close_connection(CONNECTION)
        except Exception:  # a dead transport may raise anything on close
            logger.debug("%s: closing the session failed", task.host.name, exc_info=True)


def _io_error(exc: Exception, host: str, command: str, conn: NetmikoLike) -> TaskError:
    name = type(exc).__name__
    if dropped(conn):
        return DeviceUnreachable(
            f"the session dropped (no answer; {name})", host=host, command=command
        )
    if name == "ReadTimeout":
        return DeviceTimeout(
            "no prompt within the timeout", host=host, command=command, seen=str(exc)[-300:]
        )
    return DeviceUnreachable(f"session lost ({name}: {exc})", host=host, command=command)


def send(
    conn: NetmikoLike, host: str, command: str, *, timeout: float = 30.0, expect: str = ""
) -> str:
    """Send one command, wait for ``expect`` (default: the prompt), fail on IOS error replies."""
    try:
        output = str(
            conn.send_command(
                command,
                expect_string=expect or prompt_pattern(conn),
                read_timeout=timeout,
                strip_prompt=True,
                strip_command=True,
            )
        )
    except (OSError, EOFError) as exc:
        raise _io_error(exc, host, command, conn) from exc
    except Exception as exc:
        if not is_transport_error(exc):
            raise
        raise _io_error(exc, host, command, conn) from exc
    return check_output(output, host=host, command=command)


def config_lines(conn: NetmikoLike, host: str, lines: list[str], *, timeout: float = 30.0) -> str:
    """Send configuration lines one at a time (already in config mode), each checked."""
    pattern = config_prompt_pattern(conn)
    out = []
    for line in lines:
        out.append(send(conn, host, line, timeout=timeout, expect=pattern))
    return "\n".join(out)


def enter_config(conn: NetmikoLike, host: str) -> None:
    send(conn, host, "configure terminal", expect=config_prompt_pattern(conn))


def leave_config(conn: NetmikoLike, host: str) -> None:
    send(conn, host, "end")


@contextmanager
def config_mode(conn: NetmikoLike, host: str) -> Iterator[None]:
    """Global configuration mode for the block, ``end`` afterwards.

    When the block fails, a failing ``end`` (the session may be gone) does not hide its error.
    """
    enter_config(conn, host)
    try:
        yield
    except BaseException:
        try:
            leave_config(conn, host)
        except TaskError:
            logger.debug("%s: 'end' after a failure failed too", host, exc_info=True)
        raise
    leave_config(conn, host)
