"""The host's CLI session: open it with clear errors, run commands, recognise IOS error replies.

Everything waits for a pattern (the device prompt or a dialog prompt), never for a quiet period.
Netmiko and paramiko errors become the ``tasks.errors`` classes, each naming the host.

>>> rejected("R1(config)#ip http secure-server\\n  ^\\n% Invalid input detected at '^' marker.")
"% Invalid input detected at '^' marker."
>>> rejected("% The serial number in the certificate will be: 9XVYC51FMT6") is None
True
>>> rejected("%Error writing nvram:startup-config")
'%Error writing nvram:startup-config'
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from nornir.core.task import Task

from tasks.errors import (
    AuthenticationFailed,
    CommandRejected,
    DeviceTimeout,
    DeviceUnreachable,
    HostKeyMismatch,
    TaskError,
)

logger = logging.getLogger(__name__)

CONNECTION = "netmiko"

# The "% Invalid input" family and the other error replies of IOS (scrapli's failed_when_contains).
_REJECTED = re.compile(
    r"^\s*(?:% ?(?:Invalid input detected|Incomplete command|Ambiguous command|Unknown command"
    r"|Unrecognized command|Bad secrets|Access denied|Not authorized)[^\r\n]*"
    r"|%\s?Error[^\r\n]*"
    r"|[^\r\n]*is not a valid subject name[^\r\n]*"
    r"|% ?Please define a domain-name first[^\r\n]*"
    r"|% ?Command authorization failed[^\r\n]*)",
    re.M,
)
_HOST_KEY = re.compile(
    r"not found in known_hosts|does not match|Host key for server|BadHostKey", re.I
)


def rejected(text: str) -> str | None:
    """The first IOS error line in ``text`` (``% Invalid input ...``, ``%Error ...``), else None."""
    match = _REJECTED.search(text)
    return match.group(0).strip() if match else None


def prompt_pattern(conn: Any) -> str:
    """A regex for the device prompt in any mode, anchored on a line of its own.

    Netmiko keeps the first 16 characters of the hostname (IOS truncates config prompts at 20).
    """
    base = re.escape(str(getattr(conn, "base_prompt", "") or ""))
    return rf"(?m:^{base}[^\r\n#>]{{0,40}}[#>][ \t]*\r?$)"


def config_prompt_pattern(conn: Any) -> str:
    """A regex for a configuration-mode prompt: ``R1(config)#``, ``R1(ca-trustpoint)#``."""
    base = re.escape(str(getattr(conn, "base_prompt", "") or ""))
    return rf"(?m:^{base}[^\r\n#>]{{0,24}}\([\w.\-]+\)#[ \t]*\r?$)"


def _classify_connect_error(exc: Exception, host: str) -> TaskError:
    """Map netmiko / paramiko / socket errors at login to one of ours."""
    name = type(exc).__name__
    text = str(exc).strip()
    first = text.splitlines()[0] if text else name
    if _HOST_KEY.search(text) or name in {"BadHostKeyException"}:
        # netmiko wraps paramiko's line ("Host key for server '[10.0.0.1]:22' does not match")
        why = next((x.strip() for x in text.splitlines() if _HOST_KEY.search(x)), first)
        return HostKeyMismatch(
            f"SSH host key rejected ({why.split(': got ')[0]}); check known_hosts or the "
            "inventory's host_key_checking",
            host=host,
        )
    if "Authentication" in name or "Authentication" in text[:80]:
        return AuthenticationFailed("SSH authentication failed (username/password)", host=host)
    if isinstance(exc, TimeoutError) or "timed out" in text.lower():
        return DeviceUnreachable(f"SSH connection timed out ({first})", host=host)
    return DeviceUnreachable(f"SSH connection failed: {first}", host=host)


def connect(task: Task) -> Any:
    """The host's netmiko session in privileged EXEC, opened by Nornir on first use."""
    host = task.host.name
    try:
        conn = task.host.get_connection(CONNECTION, task.nornir.config)
    except TaskError:
        raise
    except Exception as exc:  # netmiko/paramiko/socket errors share no base class
        error = _classify_connect_error(exc, host)
        if isinstance(error, HostKeyMismatch):
            params = task.host.get_connection_parameters(CONNECTION)
            extras = params.extras or {}
            error.message += f" for {params.hostname}:{params.port or 22}"
            if extras.get("alt_key_file"):
                error.message += f" (known_hosts: {extras['alt_key_file']})"
        raise error from exc
    try:
        if not conn.check_enable_mode():
            conn.enable()
    except (OSError, EOFError) as exc:
        raise DeviceUnreachable(f"session dropped while entering enable: {exc}", host=host) from exc
    except Exception as exc:
        if _dropped(conn):  # a session that went away is not a refused enable secret
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


def _dropped(conn: Any) -> bool:
    from tasks.dialog import dropped  # late: tasks.dialog imports this module

    return dropped(conn)


def _io_error(exc: Exception, host: str, command: str, conn: Any = None) -> TaskError:
    name = type(exc).__name__
    if conn is not None and _dropped(conn):
        return DeviceUnreachable(
            f"the session dropped (no answer; {name})", host=host, command=command
        )
    if name == "ReadTimeout":
        return DeviceTimeout(
            "no prompt within the timeout", host=host, command=command, seen=str(exc)[-300:]
        )
    return DeviceUnreachable(f"session lost ({name}: {exc})", host=host, command=command)


def send(conn: Any, host: str, command: str, *, timeout: float = 30.0, expect: str = "") -> str:
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
        if type(exc).__module__.split(".")[0] not in {"netmiko", "paramiko"}:
            raise
        raise _io_error(exc, host, command, conn) from exc
    error = rejected(output)
    if error:
        raise CommandRejected(error, host=host, command=command, seen=output.strip()[-500:])
    return output


def config_lines(conn: Any, host: str, lines: list[str], *, timeout: float = 30.0) -> str:
    """Send configuration lines one at a time (already in config mode), each checked."""
    pattern = config_prompt_pattern(conn)
    out = []
    for line in lines:
        out.append(send(conn, host, line, timeout=timeout, expect=pattern))
    return "\n".join(out)


def enter_config(conn: Any, host: str) -> None:
    send(conn, host, "configure terminal", expect=config_prompt_pattern(conn))


def leave_config(conn: Any, host: str) -> None:
    send(conn, host, "end")


@contextmanager
def config_mode(conn: Any, host: str) -> Iterator[None]:
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
