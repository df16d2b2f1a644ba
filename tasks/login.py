"""Logging in: why an SSH login failed, in one line, and entering privileged EXEC quickly.

Netmiko and paramiko report a failed login as a wrapper (``NetmikoTimeoutException``: "TCP
connection to device failed.", "A paramiko SSHException occurred during connection creation:")
whose cause sits further down the exception chain. :func:`login_error` walks the chain and says
what happened, naming the address and port: connection refused, TCP connection timed out, the
connection closed before the SSH banner, no SSH answer, host key rejected, authentication
refused. :func:`enter_enable` answers ``enable``'s ``Password:`` once and stops at the second one
(docs/prompts.md 8.2: IOS asks three times, then prints ``% Bad secrets``), so a wrong enable
secret fails in well under a second instead of netmiko's two read timeouts.

>>> error = login_error(ConnectionRefusedError(111, "Connection refused"), "R1", "10.0.0.1", 22)
>>> str(error).split(" (")[0]
'R1: SSH to 10.0.0.1:22: connection refused'
"""

from __future__ import annotations

import re
import socket
import time
from collections.abc import Callable, Iterator

from tasks.channel import NetmikoLike, read, write
from tasks.errors import (
    AuthenticationFailed,
    DeviceTimeout,
    DeviceUnreachable,
    HostKeyMismatch,
    TaskError,
)

__all__ = ["enter_enable", "is_host_key_error", "login_error"]

_HOST_KEY = re.compile(
    r"not found in known_hosts|does not match|Host key for server|BadHostKey", re.I
)
_BANNER = "Error reading SSH protocol banner"
# docs/prompts.md 8.2: "Password: " after `enable`; "% Bad secrets" after the third wrong secret
_PASSWORD = re.compile(r"[Pp]assword:\s*\Z")
_PRIVILEGED = re.compile(r"#\s*\Z")
_USER_EXEC = re.compile(r">\s*\Z")
_BAD_SECRETS = re.compile(r"% (Bad secrets|Access denied)")


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def is_host_key_error(exc: BaseException) -> bool:
    return any(
        bool(_HOST_KEY.search(str(e))) or type(e).__name__ == "BadHostKeyException"
        for e in _chain(exc)
    )


def _socket_reason(error: BaseException, timeout: float | None) -> str | None:
    """The words for a socket error (refused, timed out, unresolvable, unreachable)."""
    if isinstance(error, ConnectionRefusedError):
        return "connection refused (nothing listens on that port, or a firewall rejects it)"
    if isinstance(error, socket.gaierror):
        return f"the address does not resolve ({error.strerror or error})"
    if isinstance(error, TimeoutError):  # socket.timeout is TimeoutError since 3.10
        after = f" after {timeout:g} s" if timeout else ""
        return (
            f"TCP connection timed out{after} (device down, wrong address, or a firewall "
            "dropping the packets)"
        )
    if isinstance(error, ConnectionResetError | EOFError | BrokenPipeError):
        return (
            "the connection was closed before the SSH banner (not an SSH server, its session "
            "limit reached, or an access list)"
        )
    if isinstance(error, OSError) and error.strerror:
        return error.strerror[0].lower() + error.strerror[1:]
    return None


def _reason(exc: BaseException, timeout: float | None) -> str:
    chain = list(_chain(exc))
    for error in chain:
        for inner in (getattr(error, "errors", None) or {}).values():  # NoValidConnectionsError
            if isinstance(inner, BaseException):
                words = _socket_reason(inner, timeout)
                if words:
                    return words
    for error in chain:
        words = _socket_reason(error, timeout)
        if words:
            return words
    texts = [str(e) for e in chain]
    if any(_BANNER in t for t in texts):
        return "no SSH banner: the port answered but is not an SSH server, or closed the connection"
    if any("No existing session" in t for t in texts):
        wait = f" within {timeout:g} s" if timeout else ""
        return (
            f"no SSH session{wait}: the port accepts connections but does not answer as an SSH "
            "server (or the device is overloaded)"
        )
    lines = [line.strip() for t in texts for line in t.splitlines()]
    useful = [x for x in lines if x and not x.endswith(":") and "Common causes" not in x]
    return (useful[0] if useful else type(exc).__name__).rstrip(".")


def login_error(
    exc: BaseException,
    host: str,
    address: str | None = None,
    port: int | None = None,
    *,
    timeout: float | None = None,
    username: str | None = None,
    known_hosts: str | None = None,
) -> TaskError:
    """One of ``tasks.errors`` for a failed SSH login, its message naming the endpoint and the
    cause found down the exception chain (``timeout``: the connect timeout, for the words)."""
    where = f"SSH to {address}:{port or 22}" if address else "SSH"
    if is_host_key_error(exc):
        text = "\n".join(str(e) for e in _chain(exc))
        line = next((x.strip() for x in text.splitlines() if _HOST_KEY.search(x)), "")
        why = line.split(": got ")[0] or type(exc).__name__
        kh = f" (known_hosts: {known_hosts})" if known_hosts else ""
        return HostKeyMismatch(
            f"{where}: host key rejected ({why}); check known_hosts{kh} or the inventory's "
            "host_key_checking",
            host=host,
        )
    names = " ".join(type(e).__name__ for e in _chain(exc))
    if "Authentication" in names or "Authentication" in str(exc)[:80]:
        user = f"user {username!r}" if username else "the username"
        return AuthenticationFailed(
            f"{where}: authentication failed: the device refused {user} and its password",
            host=host,
        )
    return DeviceUnreachable(f"{where}: {_reason(exc, timeout)}", host=host)


def _give_up(conn: NetmikoLike, clock: Callable[[], float], sleep: Callable[[float], None]) -> None:
    """Answer the remaining ``Password:`` prompts with empty lines until IOS gives up (``% Bad
    secrets``, then the user EXEC prompt), so that closing the session finds a prompt instead of
    waiting out netmiko's read timeout at a password prompt. Bounded: 5 s, 3 answers."""
    text, answers, end = "", 0, clock() + 5.0
    if not write(conn, "\n"):
        return
    while clock() < end:
        chunk = read(conn)
        if chunk is None:
            return
        text = (text + chunk)[-500:]
        if _USER_EXEC.search(text):
            return
        if _PASSWORD.search(text) and answers < 2:
            answers += 1
            text = ""
            if not write(conn, "\n"):
                return
        if not chunk:
            sleep(0.02)


def enter_enable(
    conn: NetmikoLike,
    host: str,
    secret: str,
    *,
    timeout: float = 20.0,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
) -> None:
    """``enable``, the secret typed once; a second ``Password:`` means it was refused."""
    if not write(conn, "enable\n"):
        raise DeviceUnreachable("session dropped while entering enable", host=host)
    text, answered = "", False
    end = clock() + timeout
    while clock() < end:
        chunk = read(conn)
        if chunk is None:
            raise DeviceUnreachable("session dropped while entering enable", host=host)
        text = (text + chunk)[-500:]
        if _BAD_SECRETS.search(text) or (answered and _PASSWORD.search(text)):
            if not _BAD_SECRETS.search(text):
                _give_up(conn, clock, sleep)
            raise AuthenticationFailed(
                "enable secret refused (the device asked for it again); check the secret "
                "(PSSC_SECRET, --ask-pass or the inventory's secret)",
                host=host,
                command="enable",
            )
        if _PRIVILEGED.search(text):
            return
        if _PASSWORD.search(text):
            if not write(conn, secret + "\n"):
                raise DeviceUnreachable("session dropped while entering enable", host=host)
            text, answered = "", True
            continue
        if answered and _USER_EXEC.search(text):
            raise AuthenticationFailed(
                "enable secret refused (still in user EXEC)", host=host, command="enable"
            )
        if not chunk:
            sleep(0.02)
    raise DeviceTimeout(f"no prompt within {timeout:g} s after enable", host=host, command="enable")
