"""Collect the facts of every host (read-only) and turn them into an ``AuditReport``.

Per host, in Nornir's threads: ``tasks.facts.gather_pki_facts`` (show commands only) and a TLS
probe of the HTTPS port. Then, in the calling thread: the pin store (one writer) and the rules.
A host that cannot be reached or refuses the login becomes a finding, never a crash.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import UTC, datetime
from logging import DEBUG
from pathlib import Path
from typing import Any

from nornir.core import Nornir
from nornir.core.exceptions import NornirSubTaskError
from nornir.core.task import MultiResult, Result, Task

from parsers.certificate import decode_der, issued_by, subject_alt_names
from parsers.types import CertificateInfo
from pssc.audit.model import (
    AuditReport,
    CertSummary,
    HostAudit,
    HostFacts,
    PinFacts,
    ServedFacts,
    TrustpointFacts,
)
from pssc.audit.rules import AuditOptions, evaluate
from pssc.pins import PinStore
from tasks.errors import AuthenticationFailed, DeviceTimeout, DeviceUnreachable, HostKeyMismatch
from tasks.facts import PkiFacts, gather_pki_facts
from tasks.san import host_names
from tasks.tls_probe import ProbeError, probe_https

logger = logging.getLogger(__name__)

_SUMMARY_KEYS = CertSummary.__annotations__.keys()
UNREACHABLE = (DeviceUnreachable, DeviceTimeout, HostKeyMismatch, OSError, TimeoutError)


def summarize(info: CertificateInfo | None) -> CertSummary | None:
    """The reported part of a decoded certificate (no DER, no PEM)."""
    if info is None:
        return None
    data: dict[str, Any] = dict(info)
    data["san"] = subject_alt_names(bytes.fromhex(info["der_hex"]))
    return {k: data[k] for k in _SUMMARY_KEYS}  # type: ignore[return-value]


def facts_from_pki(
    pki: PkiFacts,
    *,
    address: str | None,
    served: ServedFacts | None,
    https_expected: bool = False,
) -> HostFacts:
    """Translate ``tasks.facts.PkiFacts`` (contract section 5) into the audit's ``HostFacts``."""
    running, startup = pki.running, pki.startup
    names: list[str] = []
    declared = [tp["name"] for tp in running["trustpoints"]]
    for name in [*declared, *(chain["trustpoint"] for chain in running["certificate_chains"])]:
        if name and name not in names:
            names.append(name)
    startup_tps = {tp["name"] for tp in startup["trustpoints"]}
    trustpoints = []
    for name in names:
        config = next((tp for tp in running["trustpoints"] if tp["name"] == name), None)
        cert = summarize(pki.certificate(name, "running"))
        enrollment = config["enrollment"] if config else None
        trustpoints.append(
            TrustpointFacts(
                name=name,
                enrollment=enrollment,
                self_signed=enrollment == "selfsigned" or bool(cert and cert["self_signed"]),
                certificate=cert,
                saved=bool(cert) and bool(pki.saved(name)),
                in_startup=name in startup_tps,
            )
        )
    return HostFacts(
        host=pki.host,
        address=address,
        device_hostname=running.get("hostname"),
        uptime_seconds=pki.uptime_seconds,
        secure_server=bool(running["http"]["secure_server"]),
        secure_server_saved=bool(startup["http"]["secure_server"]),
        secure_trustpoint=running["http"]["secure_trustpoint"],
        https_trustpoint=pki.https_trustpoint(),
        trustpoints=tuple(trustpoints),
        served=served,
        https_expected=https_expected,
    )


def probe(address: str, port: int, timeout: float) -> tuple[ServedFacts, bytes | None]:
    """What the HTTPS port serves (and its DER); a failed handshake is recorded, not raised."""
    try:
        served = probe_https(address, port, timeout)
    except ProbeError as exc:
        return ServedFacts(port=port, certificate=None, error=exc.reason), None
    return ServedFacts(port=port, certificate=summarize(decode_der(served.der))), served.der


def collect_host(task: Task, *, probe_timeout: float = 5.0, ca_der: bytes | None = None) -> Result:
    """Nornir task: the host's PKI facts (show commands only) and what its HTTPS port serves
    (checked against the CA certificate ``ca_der`` when given)."""
    try:  # the facts sub-task at debug level: print_result shows the HostFacts only
        pki = task.run(
            task=gather_pki_facts, name="gather_pki_facts", detail=False, severity_level=DEBUG
        ).result
    except NornirSubTaskError as exc:  # one line for print_result, not Nornir's traceback
        cause = _exception(exc.result) or exc
        return Result(host=task.host, result=f"not audited: {cause}", failed=True, exception=cause)
    address = task.host.hostname or task.host.name
    served, der = None, None
    if pki.running["http"]["secure_server"]:
        port = int(task.host.get("https_port", 443))
        served, der = probe(address, port, probe_timeout)
    expected = task.host.get("https") is True  # data.https: true in the inventory
    facts = facts_from_pki(pki, address=address, served=served, https_expected=expected)
    names = host_names(task.host.name, task.host.hostname, task.host.data).names()
    verified = issued_by(der, ca_der) if der is not None and ca_der is not None else None
    return Result(host=task.host, result=replace(facts, names=tuple(names), ca_verified=verified))


def _redact(text: str, secrets: list[str | None]) -> str:
    for secret in secrets:
        if secret and len(secret) >= 3:
            text = text.replace(secret, "***")
    return text


def failed_facts(
    name: str, address: str | None, exc: BaseException | None, secrets: list[Any]
) -> HostFacts:
    """A host that could not be audited: which kind of failure, and the error (redacted)."""
    if isinstance(exc, AuthenticationFailed):
        kind = "authentication"
    elif exc is None or isinstance(exc, UNREACHABLE):
        kind = "unreachable"
    else:
        kind = "error"
    text = str(exc) if exc is not None else "failed"
    text = _redact(text.strip().splitlines()[0] if text.strip() else type(exc).__name__, secrets)
    text = text.removeprefix(f"{name}: ")  # the finding names the host already
    return HostFacts(host=name, address=address, reachable=False, error_kind=kind, error=text)


def _exception(multi: MultiResult) -> BaseException | None:
    """The real cause: a sub-task's exception rather than Nornir's wrapper around it."""
    found = [r.exception for r in multi if r.exception is not None]
    real = [e for e in found if not isinstance(e, NornirSubTaskError)]
    chosen = real or found
    return chosen[-1] if chosen else None


def _secrets(host: Any) -> list[Any]:
    extras = host.get_connection_parameters("netmiko").extras or {}
    return [host.password, extras.get("secret")]


def pin_facts(store: PinStore, facts: HostFacts) -> PinFacts | None:
    """Record what the host serves in the pin store (first use pins it) and report the answer."""
    cert = facts.served.certificate if facts.served else None
    if not facts.reachable or cert is None:
        return None
    trustpoint = facts.https_trustpoint or "?"
    check = store.record(facts.host, trustpoint, cert["sha256"], cert["spki_sha256_b64"])
    return PinFacts(
        trustpoint, check.status, check.pinned_sha256, check.first_seen, check.pinned_trustpoint
    )


def run_audit(
    nr: Nornir,
    *,
    options: AuditOptions | None = None,
    pins: Path | None = None,
    probe_timeout: float = 5.0,
    report_options: dict[str, Any] | None = None,
    ca_der: bytes | None = None,
) -> AuditReport:
    """Audit every host of ``nr``; hosts sorted by name. Changes nothing on any device."""
    opts = options or AuditOptions()
    results = nr.run(
        task=collect_host,
        name="audit",
        probe_timeout=probe_timeout,
        ca_der=ca_der,
        on_failed=True,
    )
    store = PinStore(pins) if pins is not None else None
    audits = []
    for name in sorted(nr.inventory.hosts):
        host = nr.inventory.hosts[name]
        multi = results[name]
        if multi.failed or not isinstance(multi[0].result, HostFacts):
            exc = _exception(multi)
            logger.info("%s: not audited: %s", name, type(exc).__name__ if exc else "failed")
            facts = failed_facts(name, host.hostname, exc, _secrets(host))
        else:
            facts = multi[0].result
        if store is not None:
            pin = pin_facts(store, facts)
            if pin is not None:
                facts = HostFacts(**{**facts.__dict__, "pin": pin})
        audits.append(HostAudit(facts, tuple(evaluate(facts, opts))))
    generated = opts.now.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    merged = {"expiry_days": opts.expiry_days, **(report_options or {})}
    return AuditReport(generated, tuple(audits), merged)


def now_utc() -> datetime:
    return datetime.now(UTC)
