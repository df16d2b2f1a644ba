"""The rules of trust every client can verify (issue 17): the HTTPS certificate names the
device (``no-san``, ``san-mismatch``) and, with ``--ca-cert``, chains to that CA (``ca-chain``).
Certificates ending soon are ``cert-expiring``'s."""

from __future__ import annotations

from collections.abc import Iterator

from pssc.audit.model import CertSummary, Finding, HostFacts, Severity
from pssc.audit.rules.base import AuditOptions, Rule

FIX_SAN = (
    "run `pssc rollout --rotate` for this host (subject-alt-name: IOS 15.x and IOS XE), or "
    "`pssc rollout --issuer ca ...` (pssc signs the names in)"
)


def https_certificate(facts: HostFacts) -> tuple[str | None, CertSummary | None]:
    """The certificate clients get: the served one, else the HTTPS trustpoint's configured one
    (none while HTTPS is off)."""
    if not facts.secure_server:
        return None, None
    if facts.served is not None and facts.served.certificate is not None:
        return facts.https_trustpoint, facts.served.certificate
    tp = facts.trustpoint(facts.https_trustpoint)
    return (tp.name, tp.certificate) if tp is not None else (None, None)


def _no_san(facts: HostFacts, opts: AuditOptions, rule: Rule) -> Iterator[Finding]:
    tp, cert = https_certificate(facts)
    if cert is not None and "san" in cert and not cert["san"]:
        yield rule.finding(
            facts,
            tp,
            "the HTTPS certificate has no subjectAltName: browsers and current TLS clients "
            "cannot match it to the device's name, so they are told to skip verification",
            FIX_SAN,
        )


def _san_mismatch(facts: HostFacts, opts: AuditOptions, rule: Rule) -> Iterator[Finding]:
    tp, cert = https_certificate(facts)
    if cert is None or not cert.get("san") or not facts.names:
        return
    have = {n.lower().rstrip(".") for n in cert.get("san", [])}
    if not any(n.lower().rstrip(".") in have for n in facts.names):
        yield rule.finding(
            facts,
            tp,
            f"the certificate names {', '.join(cert.get('san', []))}, not "
            f"{' or '.join(facts.names)} (the inventory's name for it)",
            "set data.fqdn in the inventory to the name clients use, then " + FIX_SAN,
        )


def _ca_chain(facts: HostFacts, opts: AuditOptions, rule: Rule) -> Iterator[Finding]:
    if facts.ca_verified is False:
        tp, _cert = https_certificate(facts)
        yield rule.finding(
            facts,
            tp,
            "the HTTPS certificate does not verify to the configured CA (--ca-cert)",
            "`pssc rollout --issuer ca --ca-cert CA.pem ...` for this host",
        )


TRUST_RULES: tuple[Rule, ...] = (
    Rule("ca-chain", Severity.ERROR, "Certificate not issued by the configured CA", _ca_chain),
    Rule("no-san", Severity.WARNING, "Certificate without subjectAltName", _no_san),
    Rule("san-mismatch", Severity.WARNING, "subjectAltName does not name the host", _san_mismatch),
)
