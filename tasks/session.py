"""The host's CLI session: open it with clear errors, run commands, configuration mode.

Everything waits for a pattern (the device prompt or a dialog prompt), never for a quiet period.
Netmiko and paramiko errors become the ``tasks.errors`` classes, each naming the host; a command
IOS refuses is ``CommandRejected`` (``tasks.channel.check_output``).
"""

from __future__ import annotations

import logging
import re
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
from tasks.errors import (
    AuthenticationFailed,
    DeviceTimeout,
    DeviceUnreachable,
    HostKeyMismatch,
    TaskError,
)

logger = logging.getLogger(__name__)

CONNECTION = hostkeys.CONNECTION

_HOST_KEY = re.compile(
    r"not found in known_hosts|does not match|Host key for server|BadHostKey", re.I
)


def _is_host_key_error(exc: Exception) -> bool:
    return bool(_HOST_KEY.search(str(exc))) or type(exc).__name__ == "BadHostKeyException"


def _classify_connect_error(exc: Exception, host: str, endpoint: str = "") -> TaskError:
    """Map netmiko / paramiko / socket errors at login to one of ours (``endpoint`` says which
    address and known_hosts file a rejected host key was checked against)."""
    name = type(exc).__name__
    text = str(exc).strip()
    first = text.splitlines()[0] if text else name
    if _is_host_key_error(exc):
        # netmiko wraps paramiko's line ("Host key for server '[10.0.0.1]:22' does not match")
        why = next((x.strip() for x in text.splitlines() if _HOST_KEY.search(x)), first)
        return HostKeyMismatch(
            f"SSH host key rejected ({why.split(': got ')[0]}); check known_hosts or the "
            f"inventory's host_key_checking{endpoint}",
            host=host,
        )
    if "Authentication" in name or "Authentication" in text[:80]:
        return AuthenticationFailed("SSH authentication failed (username/password)", host=host)
    if isinstance(exc, TimeoutError) or "timed out" in text.lower():
        return DeviceUnreachable(f"SSH connection timed out ({first})", host=host)
    return DeviceUnreachable(f"SSH connection failed: {first}", host=host)


def _endpoint(task: Task) -> str:
    params = task.host.get_connection_parameters(CONNECTION)
    known_hosts = (params.extras or {}).get("alt_key_file")
    where = f" for {params.hostname}:{params.port or 22}"
    return where + (f" (known_hosts: {known_hosts})" if known_hosts else "")


def connect(task: Task) -> NetmikoLike:
    """The host's netmiko session in privileged EXEC, opened by Nornir on first use, its SSH host
    key checked as ``tasks.hostkeys`` says (whoever built the Nornir object)."""
    host = task.host.name
    if CONNECTION not in task.host.connections:
        # every path checks host keys unless the host's data says host_key_checking: false
        hostkeys.enforce(task.host, task.nornir.config)
    try:
        conn: NetmikoLike = task.host.get_connection(CONNECTION, task.nornir.config)
    except TaskError:
        raise
    except Exception as exc:  # netmiko/paramiko/socket errors share no base class
        endpoint = _endpoint(task) if _is_host_key_error(exc) else ""
        raise _classify_connect_error(exc, host, endpoint) from exc
    guard(conn, host)  # an output cap per command (tasks.channel.OUTPUT_LIMIT)
    try:
        if not conn.check_enable_mode():
            conn.enable()
    except (OSError, EOFError) as exc:
        raise DeviceUnreachable(f"session dropped while entering enable: {exc}", host=host) from exc
    except Exception as exc:
        if dropped(conn):  # a session that went away is not a refused enable secret
            raise DeviceUnreachable("session dropped while entering enable", host=host) from exc
        if "enable" in str(exc).lower() or type(exc).__name__ == "ReadTimeout":
            raise AuthenticationFailed(
                "could not enter privileged EXEC (enable secret refused)",
                host=host,
                command="enable",
            ) from exc
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
