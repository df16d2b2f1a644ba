"""Render the running configuration (``show running-config``, what a save writes to NVRAM)."""

from __future__ import annotations

import base64
import hashlib

from lab.device.model.clock import DAYS, MONTHS
from lab.device.model.personality import Personality
from lab.device.model.spec import DeviceSpec
from lab.device.model.state import RunningConfig
from lab.device.pki.certs import Certificate
from lab.device.pki.trustpoints import Trustpoint

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
    if tp.http_proxy is not None:
        lines.append(f" enrollment http-proxy {tp.http_proxy}")
    if tp.primary:
        lines.append(" primary")
    if tp.root is not None:
        lines.append(f" root {tp.root}")
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
    if tp.crl_query is not None:
        lines.append(f" crl query {tp.crl_query}")
    if tp.revocation_check is not None:
        lines.append(f" revocation-check {tp.revocation_check}")
    if tp.rsakeypair is not None:
        label, size, enc = tp.rsakeypair
        extra = "".join(f" {v}" for v in (size, enc) if v is not None)
        lines.append(f" rsakeypair {label}{extra}")
    if tp.match_certificate is not None:
        lines.append(f" match certificate {tp.match_certificate}")
    if tp.auto_enroll is not None:
        lines.append(f" auto-enroll {tp.auto_enroll}".rstrip())
    if tp.hash is not None:
        lines.append(f" hash {tp.hash}")
    return lines


def _chain_entries(tp: Trustpoint) -> list[tuple[str, Certificate]]:
    """The certificates of a chain, as IOS lists them: the router's, then the CA's."""
    cert = tp.certificate
    self_issued = cert is not None and cert.asn1.issuer == cert.asn1.subject
    if cert is not None and (tp.selfsigned or (self_issued and tp.ca_certificate is None)):
        return [("self-signed ", cert)]
    entries = [("", c) for c in tp.router_certificates()]
    if tp.ca_certificate is not None:
        entries.append(("ca ", tp.ca_certificate))
    return entries


def chain_lines(tp: Trustpoint, *, brief: bool, trailing_space: bool) -> list[str]:
    entries = _chain_entries(tp)
    if not entries:
        return []
    lines = [f"crypto pki certificate chain {tp.name}"]
    for kind, cert in entries:
        lines.append(f" certificate {kind}{cert.serial_hex}")
        if brief:
            continue
        hexl = cert.hex_lines
        for i, h in enumerate(hexl):
            full = i < len(hexl) - 1
            lines.append(f"  {h}" + (" " if trailing_space and full else ""))
        lines.append(QUIT)
    return lines


def _head(cfg: RunningConfig, persona: Personality, spec: DeviceSpec) -> list[str]:
    lines = ["!"]
    if cfg.last_change is not None:
        lc = cfg.last_change
        stamp = f"{lc:%H:%M:%S} UTC {DAYS[lc.weekday()]} {MONTHS[lc.month - 1]} {lc.day} {lc.year}"
        lines += [f"! Last configuration change at {stamp}", "!"]
    version = {"ios12": "12.3", "ios15": "15.7", "iosxe17": "17.12"}[persona.name]
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
        *_logging_lines(cfg),
        f"enable secret 9 {secret_hash(spec.enable_secret, cfg.hostname)}",
        "!",
        "no aaa new-model",
        "!",
    ]
    if cfg.domain_name:
        lines += [f"ip domain name {cfg.domain_name}", "!"]
    return lines


def _logging_lines(cfg: RunningConfig) -> list[str]:
    """``logging buffered`` where it differs from the default (on, the image's size)."""
    log = cfg.logging
    if not log.buffered:
        return ["no logging buffered", "!"]
    words = [str(v) for v in (log.buffer_size, log.buffer_level) if v is not None]
    return [" ".join(["logging buffered", *words]), "!"] if words else []


def _pki(cfg: RunningConfig, persona: Personality, brief: bool) -> list[str]:
    lines: list[str] = []
    tps = cfg.trustpoints.values()
    for tp in tps:
        lines += [*trustpoint_lines(tp, persona.xe), "!"]
    for tp in tps:
        chain = chain_lines(tp, brief=brief, trailing_space=persona.hex_trailing_space)
        if chain:
            lines += [*chain, "!"]
    return lines


def _interfaces(cfg: RunningConfig) -> list[str]:
    lines = []
    for ifc in cfg.interfaces.values():
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


def render(
    cfg: RunningConfig, persona: Personality, spec: DeviceSpec, *, brief: bool = False
) -> list[str]:
    """The configuration lines (no header), ending with ``end``."""
    user = spec.username
    lines = _head(cfg, persona, spec) + _pki(cfg, persona, brief)
    lines += [f"username {user} secret 9 {secret_hash(spec.password, user)}", "!"]
    lines += _interfaces(cfg) + http_lines(cfg, persona) + cfg.extra
    if cfg.banner_motd is not None:  # IOS: `banner motd ^C<text>^C`, the text over many lines
        lines += [f"banner motd ^C{cfg.banner_motd}^C", "!"]
    lines += [
        "!",
        "line con 0",
        "line vty 0 15",
        *([" logging synchronous"] if cfg.logging.vty_synchronous else []),
        " login local",
        " transport input ssh",
        "!",
        "end",
    ]
    return lines


def http_lines(cfg: RunningConfig, persona: Personality) -> list[str]:
    xe = persona.xe
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


def config_text(
    cfg: RunningConfig, persona: Personality, spec: DeviceSpec, *, brief: bool = False
) -> str:
    """The running configuration as ``show running-config`` prints it after its header."""
    return "\n".join(render(cfg, persona, spec, brief=brief)) + "\n"


def same_config(a: str, b: str | None) -> bool:
    """Running and startup are the same (comment lines aside)."""
    if b is None:
        return False

    def body(text: str) -> list[str]:
        return [ln.rstrip() for ln in text.splitlines() if not ln.startswith("!")]

    return body(a) == body(b)
