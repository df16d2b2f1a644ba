"""The PKI facts of one host, read with show commands and parsed: ``gather_pki_facts``.

``PkiFacts`` answers the questions every later step asks: which trustpoint serves HTTPS, which
certificate it holds in the running and in the startup configuration, whether that is saved, and
which trustpoints are self-signed.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any, cast

from nornir.core.task import Result, Task

from parsers.types import CertificateInfo, ConfigPki
from tasks.session import connect, send

logger = logging.getLogger(__name__)

SHOW_RUNNING = "show running-config"
SHOW_STARTUP = "show startup-config"
SHOW_CERTIFICATES = "show crypto pki certificates verbose"
SHOW_TRUSTPOINTS_STATUS = "show crypto pki trustpoints status"
SHOW_KEYS = "show crypto key mypubkey rsa"
SHOW_VERSION = "show version"

_EMPTY_CONFIG: dict[str, Any] = {
    "hostname": None,
    "trustpoints": [],
    "certificate_chains": [],
    "http": {"server": False, "secure_server": False, "secure_trustpoint": None},
}


def empty_config() -> ConfigPki:
    """A configuration with nothing in it (a device whose startup-config is not present)."""
    return cast(ConfigPki, {**_EMPTY_CONFIG, "http": dict(_EMPTY_CONFIG["http"])})


@dataclass(frozen=True)
class PkiFacts:
    host: str
    running: ConfigPki
    startup: ConfigPki
    certificates: list[dict[str, Any]] = field(default_factory=list)
    trustpoints_status: list[dict[str, Any]] = field(default_factory=list)
    keys: list[dict[str, Any]] = field(default_factory=list)
    uptime_seconds: float | None = None

    def config(self, where: str = "running") -> ConfigPki:
        if where not in ("running", "startup"):
            raise ValueError(f"where must be 'running' or 'startup', not {where!r}")
        return self.running if where == "running" else self.startup

    def trustpoint_config(self, name: str, where: str = "running") -> dict[str, Any] | None:
        """The parsed ``crypto pki trustpoint NAME`` block, or None."""
        for tp in self.config(where)["trustpoints"]:
            if tp["name"] == name:
                return cast(dict[str, Any], tp)
        return None

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
        for key in self.keys:
            name = key.get("name") or key.get("label") or key.get("key_name")
            if name == label:
                for attr in ("key_size", "bits", "modulus", "size"):
                    value = key.get(attr)
                    if isinstance(value, int):
                        return value
        return None


def _parse(command: str, text: str, host: str) -> Any:
    from parsers import parse  # the parsers package is built alongside; import when used
    from parsers.errors import ParseError

    try:
        return parse(command, text)
    except ParseError as exc:
        exc.host = exc.host or host
        raise


def _startup(conn: Any, host: str) -> ConfigPki:
    text = send(conn, host, SHOW_STARTUP, timeout=60.0)
    short = text.strip()
    if not short or (len(short) < 200 and ("not present" in short or "memory invalid" in short)):
        return empty_config()
    return cast(ConfigPki, _parse(SHOW_STARTUP, text, host))


def read_facts(
    conn: Any,
    host: str,
    *,
    detail: bool = True,
    uptime: bool = True,
    startup: ConfigPki | None = None,
) -> PkiFacts:
    """Read and parse the facts over an open session.

    ``detail``: also the three ``show crypto`` commands; ``uptime``: also ``show version``;
    ``startup``: a startup configuration known to be current (not read again).
    """
    from tasks.reload import parse_uptime

    running = cast(
        ConfigPki, _parse(SHOW_RUNNING, send(conn, host, SHOW_RUNNING, timeout=60), host)
    )
    if startup is None:
        startup = _startup(conn, host)
    certificates: list[dict[str, Any]] = []
    status: list[dict[str, Any]] = []
    keys: list[dict[str, Any]] = []
    if detail:
        certificates = _parse(SHOW_CERTIFICATES, send(conn, host, SHOW_CERTIFICATES), host)
        status = _parse(SHOW_TRUSTPOINTS_STATUS, send(conn, host, SHOW_TRUSTPOINTS_STATUS), host)
        keys = _parse(SHOW_KEYS, send(conn, host, SHOW_KEYS), host)
    seconds = parse_uptime(send(conn, host, SHOW_VERSION)) if uptime else None
    return PkiFacts(
        host=host,
        running=running,
        startup=startup,
        certificates=list(certificates),
        trustpoints_status=list(status),
        keys=list(keys),
        uptime_seconds=seconds,
    )


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
