"""The running state of a device: configuration (structured), keys and certificates.

Trustpoints, keys and certificates are :mod:`lab.device.pki` records; this holds them together.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from lab.device.model.logbuf import LoggingConfig
from lab.device.pki.rsakeys import KeyPair
from lab.device.pki.trustpoints import Trustpoint


@dataclass
class Interface:
    name: str
    ip: str | None = None
    mask: str | None = None
    shutdown: bool = False
    description: str | None = None


def default_interfaces(serial: str) -> dict[str, Interface]:
    octet = sum(serial.encode()) % 250 + 1
    return {
        "GigabitEthernet0/0": Interface("GigabitEthernet0/0", f"10.0.0.{octet}", "255.255.255.0"),
        "GigabitEthernet0/1": Interface("GigabitEthernet0/1", shutdown=True),
    }


@dataclass
class RunningConfig:
    hostname: str
    domain_name: str | None = None
    interfaces: dict[str, Interface] = field(default_factory=dict)
    trustpoints: dict[str, Trustpoint] = field(default_factory=dict)
    http_server: bool = False
    http_secure_server: bool = False
    http_secure_trustpoint: str | None = None
    extra: list[str] = field(default_factory=list)  # lines we keep but do not model
    logging: LoggingConfig = field(default_factory=LoggingConfig)
    last_change: datetime | None = None
    banner_motd: str | None = None  # `banner motd`: device text printed before the prompt

    def fqdn(self) -> str:
        return f"{self.hostname}.{self.domain_name}" if self.domain_name else self.hostname


@dataclass
class DeviceState:
    """Everything that a reload rebuilds from NVRAM (running config and keys)."""

    config: RunningConfig
    keys: dict[str, KeyPair] = field(default_factory=dict)
    ssh_enabled: bool = False
