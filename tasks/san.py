"""The names a device's certificate carries (its subjectAltName), from the inventory.

``subject-alt-name NAME`` puts a DNS name in the certificates a trustpoint makes; it exists on
15.x and IOS XE, not on 12.3(14)T (``docs/ios-behaviour.md`` sections 2.1 and 8). The name is
``data.fqdn``, else the inventory ``hostname`` when it is a name, else the host's inventory name;
the management address is added (as an IP address) to the certificates pssc signs itself
(``--issuer ca``), since IOS's ``subject-alt-name`` takes a DNS name only. On an image without
the command the name goes into the subject CN instead (``cn=NAME``), which curl and Python's
``ssl`` still match when a certificate has no subjectAltName; browsers do not.

>>> host_names("R1", "127.0.0.1", {})
HostNames(dns='R1', ip='127.0.0.1')
>>> host_names("R1", "r1.example.net", {"fqdn": "r1.mgmt.example.net"})
HostNames(dns='r1.mgmt.example.net', ip=None)
>>> host_names("core switch", "10.0.0.1", {}).dns is None
True
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from parsers.show_version import Release
from tasks.plan import RolloutOptions

_LABEL = r"[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9])?"
_DNS = re.compile(rf"(?=.{{1,253}}\Z){_LABEL}(?:\.{_LABEL})*\.?\Z")


@dataclass(frozen=True)
class HostNames:
    dns: str | None  # the DNS name clients use for the device
    ip: str | None  # the management address, when the inventory names the host by address

    def names(self) -> list[str]:
        return [n for n in (self.dns, self.ip) if n]


def is_address(text: str | None) -> bool:
    try:
        ipaddress.ip_address(text or "")
    except ValueError:
        return False
    return True


def is_dns_name(text: str | None) -> bool:
    return bool(text) and not is_address(text) and bool(_DNS.match(text or ""))


def host_names(name: str, hostname: str | None, data: Mapping[str, Any]) -> HostNames:
    """The names of one inventory host (see the module docstring)."""
    ip = hostname if is_address(hostname) else None
    fqdn = data.get("fqdn")
    for candidate in (fqdn, None if ip else hostname, name):
        if isinstance(candidate, str) and is_dns_name(candidate):
            return HostNames(candidate.rstrip("."), ip)
    return HostNames(None, ip)


def supports_subject_alt_name(release: Release | None) -> bool:
    """``subject-alt-name`` exists on this release (unknown releases are assumed recent)."""
    return release is None or release.xe or release.major >= 15


def with_names(
    options: RolloutOptions, names: HostNames, release: Release | None
) -> tuple[RolloutOptions, str | None]:
    """``options`` with the subjectAltName (or the CN fallback), and a note for the plan."""
    if names.dns is None:
        return options, "no DNS name to put in the certificate (set data.fqdn in the inventory)"
    if supports_subject_alt_name(release):
        return replace(options, subject_alt_name=names.dns), None
    assert release is not None
    note = (
        f"IOS {release.text} has no subject-alt-name: the certificate names {names.dns} in its "
        "subject CN only (curl and requests accept that; browsers need a subjectAltName)"
    )
    return replace(options, cn_fallback=f"cn={names.dns}"), note
