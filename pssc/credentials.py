"""Credentials from the environment or an interactive prompt, applied to a Nornir inventory.

``PSSC_USERNAME``, ``PSSC_PASSWORD`` and ``PSSC_SECRET`` override what the inventory says;
``--ask-pass`` prompts (without echo). The values are only put on the hosts' connection options:
never logged, never in reports, and netmiko scrubs the password and secret from session logs.

>>> c = from_env({"PSSC_USERNAME": "ops", "PSSC_PASSWORD": "s3cret"})
>>> c.username, c.secret
('ops', None)
>>> "s3cret" in repr(c)
False
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from nornir.core import Nornir
from nornir.core.inventory import ConnectionOptions

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


def ask(
    current: Credentials,
    *,
    prompt: Callable[[str], str] = getpass.getpass,
    read_line: Callable[[str], str] = input,
) -> Credentials:
    """Ask for what the environment did not give: username (echoed), password, enable secret."""
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
