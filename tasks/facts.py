"""The PKI facts of one host, read with show commands and parsed: ``gather_pki_facts``.

``PkiFacts`` answers the questions every later step asks: which trustpoint serves HTTPS, which
certificate it holds in the running and in the startup configuration, whether that is saved, and
which trustpoints are self-signed.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from typing import Final

from nornir.core.task import Result, Task

from parsers import parse
from parsers.errors import ParseError
from parsers.show_version import parse_uptime
from parsers.types import (
    CertificateInfo,
    ConfigPki,
    HttpSettings,
    KeyPair,
    ShowCertificate,
    Trustpoint,
    TrustpointStatus,
)
from tasks.channel import NetmikoLike
from tasks.session import connect, send

logger = logging.getLogger(__name__)

SHOW_RUNNING: Final = "show running-config"
SHOW_STARTUP: Final = "show startup-config"
SHOW_CERTIFICATES: Final = "show crypto pki certificates verbose"
SHOW_TRUSTPOINTS_STATUS: Final = "show crypto pki trustpoints status"
SHOW_KEYS: Final = "show crypto key mypubkey rsa"
SHOW_VERSION: Final = "show version"


def empty_config() -> ConfigPki:
    """A configuration with nothing in it (a device whose startup-config is not present)."""
    http = HttpSettings(server=False, secure_server=False, secure_trustpoint=None)
    return ConfigPki(hostname=None, trustpoints=[], certificate_chains=[], http=http)


@dataclass(frozen=True)
class PkiFacts:
    host: str
    running: ConfigPki
    startup: ConfigPki
    certificates: list[ShowCertificate] = field(default_factory=list)
    trustpoints_status: list[TrustpointStatus] = field(default_factory=list)
    keys: list[KeyPair] = field(default_factory=list)
    uptime_seconds: float | None = None

    def config(self, where: str = "running") -> ConfigPki:
        if where not in ("running", "startup"):
            raise ValueError(f"where must be 'running' or 'startup', not {where!r}")
        return self.running if where == "running" else self.startup

    def trustpoint_config(self, name: str, where: str = "running") -> Trustpoint | None:
        """The parsed ``crypto pki trustpoint NAME`` block, or None."""
        return next((tp for tp in self.config(where)["trustpoints"] if tp["name"] == name), None)

    def self_signed_trustpoints(self, where: str = "running") -> list[str]:
        """Trustpoints with ``enrollment selfsigned`` or a self-signed certificate, in order."""
        config = self.config(where)
        names = [tp["name"] for tp in config["trustpoints"] if tp.get("enrollment") == "selfsigned"]
        for chain in config["certificate_chains"]:
            kinds = {cert.get("type") for cert in chain["certificates"]}
            if "self-signed" in kinds and chain["trustpoint"] not in names:
                names.append(chain["trustpoint"])
        return names

    def https_trustpoint(self, where: str = "running") -> str | None:
        """``ip http secure-trustpoint``, else the one self-signed trustpoint, else None."""
        bound = self.config(where)["http"].get("secure_trustpoint")
        if bound:
            return bound
        selfsigned = self.self_signed_trustpoints(where)
        return selfsigned[0] if selfsigned else None

    def certificate(self, trustpoint: str, where: str = "running") -> CertificateInfo | None:
        """The trustpoint's own certificate (the self-signed one first), decoded, or None."""
        for chain in self.config(where)["certificate_chains"]:
            if chain["trustpoint"] != trustpoint:
                continue
            certs = sorted(chain["certificates"], key=lambda c: c.get("type") != "self-signed")
            for cert in certs:
                if cert.get("certificate"):
                    return cert["certificate"]
        return None

    def saved(self, trustpoint: str) -> bool:
        """True when the startup configuration holds the same certificate (same DER)."""
        running = self.certificate(trustpoint, "running")
        startup = self.certificate(trustpoint, "startup")
        return bool(running and startup and running["der_hex"] == startup["der_hex"])

    def key_size(self, label: str) -> int | None:
        """Modulus size of the RSA key pair ``label`` from ``show crypto key mypubkey rsa``."""
        return next((key["key_size"] for key in self.keys if key["name"] == label), None)


def _startup(conn: NetmikoLike, host: str) -> ConfigPki:
    text = send(conn, host, SHOW_STARTUP, timeout=60.0)
    short = text.strip()
    if not short or (len(short) < 200 and ("not present" in short or "memory invalid" in short)):
        return empty_config()
    return parse(SHOW_STARTUP, text)


def read_facts(
    conn: NetmikoLike,
    host: str,
    *,
    detail: bool = True,
    uptime: bool = True,
    startup: ConfigPki | None = None,
) -> PkiFacts:
    """Read and parse the facts over an open session (a ``ParseError`` names the host).

    ``detail``: also the three ``show crypto`` commands; ``uptime``: also ``show version``;
    ``startup``: a startup configuration known to be current (not read again).
    """
    try:
        return _read_facts(conn, host, detail=detail, uptime=uptime, startup=startup)
    except ParseError as exc:
        raise exc.located(host=exc.host or host) from exc


def _read_facts(
    conn: NetmikoLike, host: str, *, detail: bool, uptime: bool, startup: ConfigPki | None
) -> PkiFacts:
    running = parse(SHOW_RUNNING, send(conn, host, SHOW_RUNNING, timeout=60))
    facts = PkiFacts(
        host=host, running=running, startup=startup if startup is not None else _startup(conn, host)
    )
    if detail:
        facts = replace(
            facts,
            certificates=parse(SHOW_CERTIFICATES, send(conn, host, SHOW_CERTIFICATES)),
            trustpoints_status=parse(
                SHOW_TRUSTPOINTS_STATUS, send(conn, host, SHOW_TRUSTPOINTS_STATUS)
            ),
            keys=parse(SHOW_KEYS, send(conn, host, SHOW_KEYS)),
        )
    if uptime:
        facts = replace(facts, uptime_seconds=parse_uptime(send(conn, host, SHOW_VERSION)))
    return facts


def gather_pki_facts(task: Task, *, detail: bool = True, uptime: bool = True) -> Result:
    """Read the running and startup configuration, certificates, trustpoints, keys and uptime.

    ``detail=False`` skips the three ``show crypto`` commands (the configurations carry the
    certificates); the rollout uses that to save round trips.
    """
    conn = connect(task)
    facts = read_facts(conn, task.host.name, detail=detail, uptime=uptime)
    logger.debug(
        "%s: facts: %d trustpoints, https on %s",
        task.host.name,
        len(facts.running["trustpoints"]),
        facts.https_trustpoint(),
    )
    return Result(host=task.host, result=facts)


__all__ = ["PkiFacts", "empty_config", "gather_pki_facts", "read_facts"]
