"""The HTTPS server: persistence across a reload, what it serves, how it is bound."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from pssc.audit.model import Finding, HostFacts, Severity
from pssc.audit.rules.base import FIX_ROLLOUT, AuditOptions, Rule, certs

__all__ = [
    "https_disabled",
    "https_unreachable",
    "no_certificate",
    "not_bound",
    "not_persistent",
    "not_saved",
    "reload_loses_cert",
    "served_differs",
    "several_selfsigned",
]


def reload_loses_cert(facts: HostFacts) -> bool:
    """HTTPS is on but its certificate is not in the startup configuration."""
    if not facts.secure_server:
        return False
    tp = facts.trustpoint(facts.https_trustpoint)
    return tp is not None and tp.certificate is not None and not tp.saved  # none: no-certificate


def not_saved(facts: HostFacts, opts: AuditOptions, rule: Rule) -> Iterator[Finding]:
    for tp, _cert in certs(facts):
        if tp.saved or (tp.name == facts.https_trustpoint and reload_loses_cert(facts)):
            continue  # the HTTPS one is reported by https-not-persistent
        yield rule.finding(
            facts,
            tp.name,
            "certificate is in the running configuration but not in the startup configuration",
            "`write memory` (or `pssc rollout --fix`)",
        )


def not_persistent(facts: HostFacts, opts: AuditOptions, rule: Rule) -> Iterator[Finding]:
    if reload_loses_cert(facts):
        name = facts.https_trustpoint
        yield rule.finding(
            facts,
            name,
            "`ip http secure-server` is on but its certificate is not saved: a reload makes a "
            "new self-signed certificate and every browser that trusted this one warns",
            "save the trustpoint and its certificate with `write memory` (or "
            f"{FIX_ROLLOUT}), then `pssc verify --reload`",
        )


def served_differs(facts: HostFacts, opts: AuditOptions, rule: Rule) -> Iterator[Finding]:
    tp = facts.trustpoint(facts.https_trustpoint)
    served = facts.served.sha256 if facts.served else None
    if tp is None or tp.certificate is None or served is None:
        return
    if served != tp.certificate["sha256"]:
        yield rule.finding(
            facts,
            tp.name,
            f"HTTPS serves {served[:16]}..., not the configured certificate "
            f"{tp.certificate['sha256'][:16]}...",
            "check `ip http secure-trustpoint` and restart the HTTPS server "
            "(`no ip http secure-server`, `ip http secure-server`)",
        )


def https_unreachable(facts: HostFacts, opts: AuditOptions, rule: Rule) -> Iterator[Finding]:
    if facts.reachable and facts.secure_server and facts.served and facts.served.error:
        yield rule.finding(
            facts,
            facts.https_trustpoint,
            f"`ip http secure-server` is on but port {facts.served.port} did not complete a "
            f"TLS handshake: {facts.served.error}",
            "check the HTTPS server and any filter between here and the device",
        )


def several_selfsigned(facts: HostFacts, opts: AuditOptions, rule: Rule) -> Iterator[Finding]:
    names = facts.self_signed_trustpoints()
    if len(names) > 1:
        yield rule.finding(
            facts,
            ",".join(names),
            f"{len(names)} self-signed trustpoints; only one can hold a persistent self-signed "
            "certificate",
            "keep the one bound with `ip http secure-trustpoint`, remove the others with "
            "`no crypto pki trustpoint NAME`",
        )


def not_bound(facts: HostFacts, opts: AuditOptions, rule: Rule) -> Iterator[Finding]:
    if facts.secure_server and not facts.secure_trustpoint:
        yield rule.finding(
            facts,
            facts.https_trustpoint,
            "HTTPS is not bound with `ip http secure-trustpoint`: the device picks (or makes) "
            "a TP-self-signed trustpoint on its own",
            f"`ip http secure-trustpoint NAME` and `write memory` ({FIX_ROLLOUT})",
        )


def https_disabled(facts: HostFacts, opts: AuditOptions, rule: Rule) -> Iterator[Finding]:
    """The HTTPS server is off: said, never a silent "ok" (an error when the inventory expects
    HTTPS and a certificate is there to serve; without one, ``no-certificate`` says it)."""
    if facts.secure_server:
        return
    tp = facts.trustpoint(facts.https_trustpoint)
    has_cert = tp is not None and tp.certificate is not None
    if facts.https_expected and not has_cert:
        return
    found = rule.finding(
        facts,
        None,
        "the HTTPS server is off (no `ip http secure-server`)"
        + (": the inventory says `data.https: true`" if facts.https_expected else ""),
        "nothing to do if the device should not serve HTTPS; otherwise `pssc rollout` for this "
        "host, and `data.https: true` in the inventory so that the audit expects it",
    )
    if facts.https_expected:
        found = replace(found, severity=Severity.ERROR)
    yield found


def no_certificate(facts: HostFacts, opts: AuditOptions, rule: Rule) -> Iterator[Finding]:
    """HTTPS is on (or the inventory says it should be) and no trustpoint holds its certificate."""
    if not (facts.secure_server or facts.https_expected):
        return
    tp = facts.trustpoint(facts.https_trustpoint)
    if tp is not None and tp.certificate is not None:
        return
    if facts.secure_server:
        why = (
            "`ip http secure-server` is on but no trustpoint holds a certificate: the device "
            "serves a temporary self-signed one, a new one after every reload"
        )
    else:
        why = "the inventory says `data.https: true` but the device has no HTTPS certificate"
    yield rule.finding(
        facts,
        facts.https_trustpoint,
        why,
        f"`pssc rollout --hosts {facts.host}` (a self-signed certificate, saved, bound with "
        "`ip http secure-trustpoint`), then `pssc verify --reload`",
    )
