"""Credentials from the environment or an interactive prompt, applied to a Nornir inventory.

``PSSC_USERNAME``, ``PSSC_PASSWORD`` and ``PSSC_SECRET`` override what the inventory says;
``--ask-pass`` prompts (without echo) on the terminal (``/dev/tty``, else stderr when stdin is
one), never on stdout, which may hold a report (``pssc audit --format json --ask-pass > a.json``).
Without any terminal it is one line (``NoTerminal``, exit 2) rather than a password read from a
pipe. The values are only put on the hosts' connection options: never logged, never in reports,
and netmiko scrubs the password and secret from session logs.

>>> c = from_env({"PSSC_USERNAME": "ops", "PSSC_PASSWORD": "s3cret"})
>>> c.username, c.secret
('ops', None)
>>> "s3cret" in repr(c)
False
"""

from __future__ import annotations

import getpass
import io
import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from nornir.core import Nornir
from nornir.core.inventory import ConnectionOptions

from pssc.errors import UsageError

ENV_USERNAME = "PSSC_USERNAME"
ENV_PASSWORD = "PSSC_PASSWORD"
ENV_SECRET = "PSSC_SECRET"


@dataclass(frozen=True)
class Credentials:
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    secret: str | None = field(default=None, repr=False)

    def __bool__(self) -> bool:
        return any(v is not None for v in (self.username, self.password, self.secret))


def from_env(environ: Mapping[str, str] | None = None) -> Credentials:
    """The overrides set in the environment (empty variables count as unset)."""
    env = os.environ if environ is None else environ
    return Credentials(
        username=env.get(ENV_USERNAME) or None,
        password=env.get(ENV_PASSWORD) or None,
        secret=env.get(ENV_SECRET) or None,
    )


class NoTerminal(UsageError):
    """``--ask-pass`` without a terminal to ask on."""


def _open_tty() -> io.TextIOWrapper | None:
    """The controlling terminal for reading and writing, or None when there is none."""
    try:
        fd = os.open("/dev/tty", os.O_RDWR | os.O_NOCTTY)
    except OSError:
        return None
    return io.TextIOWrapper(io.FileIO(fd, "r+"), encoding="utf-8", line_buffering=True)


def has_terminal() -> bool:
    """Is there a terminal to ask on: ``/dev/tty``, or a stdin that is one?"""
    tty = _open_tty()
    if tty is not None:
        tty.close()
        return True
    return sys.stdin is not None and sys.stdin.isatty()


def _need_terminal() -> None:
    if not has_terminal():
        raise NoTerminal(
            "--ask-pass needs a terminal to ask on (stdin is not one and there is no /dev/tty);"
            " set PSSC_PASSWORD and PSSC_SECRET instead"
        )


def terminal_line(text: str) -> str:
    """Read one echoed line, the prompt written to the terminal (else stderr), never stdout."""
    _need_terminal()
    tty = _open_tty()
    if tty is None:
        sys.stderr.write(text)
        sys.stderr.flush()
        line = sys.stdin.readline()
    else:
        with tty:
            tty.write(text)
            tty.flush()
            line = tty.readline()
    if not line:
        raise EOFError
    return line.rstrip("\r\n")


def hidden_line(text: str) -> str:
    """Read a line without echo; getpass writes the prompt to ``/dev/tty`` (else stderr)."""
    _need_terminal()  # else getpass would warn and read a password from a pipe
    return getpass.getpass(text)  # stream None: /dev/tty, else stderr (never stdout)


def ask(
    current: Credentials,
    *,
    prompt: Callable[[str], str] | None = None,
    read_line: Callable[[str], str] | None = None,
) -> Credentials:
    """Ask for what the environment did not give: username (echoed), password, enable secret.

    Prompts go to the terminal (never stdout); with no terminal at all it is ``NoTerminal``, one
    line, before anything is read."""
    try:
        return _ask(current, prompt or hidden_line, read_line or terminal_line)
    except EOFError:
        raise NoTerminal("--ask-pass: no answer (end of input)") from None


def _ask(
    current: Credentials, prompt: Callable[[str], str], read_line: Callable[[str], str]
) -> Credentials:
    username = current.username or read_line("Username (empty: inventory's): ").strip() or None
    password = current.password or prompt("Password: ") or None
    secret = current.secret or prompt("Enable secret (empty: same as password): ") or password
    return replace(current, username=username, password=password, secret=secret)


def apply(nr: Nornir, creds: Credentials) -> None:
    """Put the credentials on every host, over whatever the inventory (or its groups) said."""
    if not creds:
        return
    for host in nr.inventory.hosts.values():
        params = host.get_connection_parameters("netmiko")
        extras: dict[str, Any] = dict(params.extras or {})
        if creds.username is not None:
            host.username = creds.username
        if creds.password is not None:
            host.password = creds.password
        if creds.secret is not None:
            extras["secret"] = creds.secret
        host.connection_options["netmiko"] = ConnectionOptions(
            hostname=params.hostname,
            port=params.port,
            username=creds.username if creds.username is not None else params.username,
            password=creds.password if creds.password is not None else params.password,
            platform=params.platform,
            extras=extras,
        )
