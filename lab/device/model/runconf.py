"""Render the running configuration (``show running-config``, what a save writes to NVRAM)."""

from __future__ import annotations

import base64
import hashlib
from typing import TYPE_CHECKING

from lab.device.model.clock import DAYS, MONTHS
from lab.device.model.state import Trustpoint

if TYPE_CHECKING:
    from lab.device.device import Device

QUIT = "  \tquit"


def secret_hash(secret: str, salt: str) -> str:
    """A type-9-looking hash (never the secret itself).

    >>> secret_hash("cisco", "R1").startswith("$9$")
    True
    """
    digest = hashlib.sha256((salt + secret).encode()).digest()
    return "$9$" + base64.b64encode(digest).decode()[:40].replace("+", ".")


def trustpoint_lines(tp: Trustpoint, xe: bool) -> list[str]:
    lines = [f"crypto pki trustpoint {tp.name}"]
    if tp.enrollment:
        lines.append(f" enrollment {tp.enrollment}")
    if tp.serial_number is not None:
        lines.append(" serial-number" + (" none" if tp.serial_number == "none" else ""))
    if tp.fqdn is not None:
        lines.append(f" fqdn {tp.fqdn}")
    if tp.ip_address is not None:
        lines.append(f" ip-address {tp.ip_address}")
    if tp.subject_name is not None:
        lines.append(f" subject-name {tp.subject_name}".rstrip())
    if tp.subject_alt_name is not None:
        lines.append(f" subject-alt-name {tp.subject_alt_name}")
    if tp.revocation_check is not None:
        lines.append(f" revocation-check {tp.revocation_check}")
    if tp.rsakeypair is not None:
        label, size, enc = tp.rsakeypair
        extra = "".join(f" {v}" for v in (size, enc) if v is not None)
        lines.append(f" rsakeypair {label}{extra}")
    if tp.hash is not None:
        lines.append(f" hash {tp.hash}")
    return lines


def chain_lines(tp: Trustpoint, *, brief: bool, trailing_space: bool) -> list[str]:
    cert = tp.certificate
    if cert is None:
        return []
    lines = [
        f"crypto pki certificate chain {tp.name}",
        f" certificate self-signed {cert.serial:02X}",
    ]
    if brief:
        return lines
    hexl = cert.hex_lines
    for i, h in enumerate(hexl):
        full = i < len(hexl) - 1
        lines.append(f"  {h}" + (" " if trailing_space and full else ""))
    lines.append(QUIT)
    return lines


def _head(dev: Device) -> list[str]:
    cfg = dev.state.config
    lines = ["!"]
    if cfg.last_change is not None:
        lc = cfg.last_change
        stamp = f"{lc:%H:%M:%S} UTC {DAYS[lc.weekday()]} {MONTHS[lc.month - 1]} {lc.day} {lc.year}"
        lines += [f"! Last configuration change at {stamp}", "!"]
    version = {"ios12": "12.3", "ios15": "15.7", "iosxe17": "17.12"}[dev.persona.name]
    lines += [
        f"version {version}",
        "service timestamps debug datetime msec",
        "service timestamps log datetime msec",
        "no service password-encryption",
        "!",
        f"hostname {cfg.hostname}",
        "!",
        "boot-start-marker",
        "boot-end-marker",
        "!",
        f"enable secret 9 {secret_hash(dev.spec.enable_secret, cfg.hostname)}",
        "!",
        "no aaa new-model",
        "!",
    ]
    if cfg.domain_name:
        lines += [f"ip domain name {cfg.domain_name}", "!"]
    return lines


def _pki(dev: Device, brief: bool) -> list[str]:
    lines: list[str] = []
    tps = dev.state.config.trustpoints.values()
    for tp in tps:
        lines += [*trustpoint_lines(tp, dev.persona.xe), "!"]
    for tp in tps:
        chain = chain_lines(tp, brief=brief, trailing_space=dev.persona.hex_trailing_space)
        if chain:
            lines += [*chain, "!"]
    return lines


def _interfaces(dev: Device) -> list[str]:
    lines = []
    for ifc in dev.state.config.interfaces.values():
        lines.append(f"interface {ifc.name}")
        if ifc.description:
            lines.append(f" description {ifc.description}")
        if ifc.ip and ifc.mask:
            lines.append(f" ip address {ifc.ip} {ifc.mask}")
        else:
            lines.append(" no ip address")
        if ifc.shutdown:
            lines.append(" shutdown")
        lines.append("!")
    return lines


def render(dev: Device, *, brief: bool = False) -> list[str]:
    """The configuration lines (no header), ending with ``end``."""
    user = dev.spec.username
    lines = _head(dev) + _pki(dev, brief)
    lines += [f"username {user} secret 9 {secret_hash(dev.spec.password, user)}", "!"]
    lines += _interfaces(dev) + http_lines(dev) + dev.state.config.extra
    lines += [
        "!",
        "line con 0",
        "line vty 0 15",
        " login local",
        " transport input ssh",
        "!",
        "end",
    ]
    return lines


def http_lines(dev: Device) -> list[str]:
    cfg = dev.state.config
    xe = dev.persona.xe
    lines = []
    if cfg.http_server:
        lines.append("ip http server")
    elif xe:
        lines.append("no ip http server")
    if cfg.http_secure_server:
        lines.append("ip http secure-server")
    elif xe:
        lines.append("no ip http secure-server")
    if cfg.http_secure_trustpoint:
        lines.append(f"ip http secure-trustpoint {cfg.http_secure_trustpoint}")
    return lines


def config_text(dev: Device, *, brief: bool = False) -> str:
    return "\n".join(render(dev, brief=brief)) + "\n"


def same_config(a: str, b: str | None) -> bool:
    """Running and startup are the same (comment lines aside)."""
    if b is None:
        return False

    def body(text: str) -> list[str]:
        return [ln.rstrip() for ln in text.splitlines() if not ln.startswith("!")]

    return body(a) == body(b)
