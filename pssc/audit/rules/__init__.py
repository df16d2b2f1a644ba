"""The audit rules: pure functions from one host's facts to findings.

One module per concern (``reachability``, ``certificate``, ``https``, ``pins``, ``trust``), each
rule a ``check(facts, options, rule)`` generator; ``base`` holds the ``Rule`` record and the
options. This module lists them all (``RULES``, in report order) and runs them (``evaluate``).

Each rule has a stable id, a severity and a remedy; its message names the host and trustpoint.
``evaluate`` runs them all. Time is passed in (``AuditOptions.now``) so results are reproducible.

>>> from datetime import datetime, UTC
>>> facts = HostFacts(host="R9", reachable=False, error_kind="unreachable", error="timed out")
>>> [f.rule for f in evaluate(facts, AuditOptions(now=datetime(2026, 1, 1, tzinfo=UTC)))]
['host-unreachable']
"""

from __future__ import annotations

from pssc.audit.model import Finding, HostFacts, Severity
from pssc.audit.rules import certificate, https, pins, reachability
from pssc.audit.rules.base import (
    FIX_FN70489,
    FIX_ROLLOUT,
    FN70489_END,
    MIN_RSA_BITS,
    WEAK_HASHES,
    AuditOptions,
    Rule,
)
from pssc.audit.rules.trust import TRUST_RULES

__all__ = [
    "FIX_FN70489",
    "FIX_ROLLOUT",
    "FN70489_END",
    "MIN_RSA_BITS",
    "NOT_AUDITED",
    "RULES",
    "RULES_BY_ID",
    "WEAK_HASHES",
    "AuditOptions",
    "Rule",
    "evaluate",
]

RULES: tuple[Rule, ...] = (
    Rule("host-unreachable", Severity.ERROR, "Host unreachable", reachability.unreachable),
    Rule("auth-failed", Severity.ERROR, "Authentication failed", reachability.auth_failed),
    Rule("audit-error", Severity.ERROR, "Facts could not be read", reachability.audit_error),
    Rule(
        "pin-mismatch",
        Severity.CRITICAL,
        "Served certificate differs from the pin",
        pins.pin_changed,
    ),
    Rule("fn70489-end-date", Severity.ERROR, "FN70489 end date (Jan 1 2020)", certificate.fn70489),
    Rule("cert-expired", Severity.ERROR, "Certificate expired", certificate.expired),
    Rule("cert-expiring", Severity.WARNING, "Certificate expiring soon", certificate.expiring),
    Rule("weak-rsa-key", Severity.ERROR, "RSA key under 2048 bits", certificate.weak_key),
    Rule("weak-signature", Severity.WARNING, "SHA-1 or MD5 signature", certificate.weak_signature),
    Rule(
        "https-not-persistent",
        Severity.ERROR,
        "HTTPS certificate lost on reload",
        https.not_persistent,
    ),
    Rule("cert-not-saved", Severity.WARNING, "Certificate not saved", https.not_saved),
    Rule(
        "served-differs",
        Severity.ERROR,
        "Served certificate is not the configured one",
        https.served_differs,
    ),
    Rule("https-unreachable", Severity.WARNING, "HTTPS handshake failed", https.https_unreachable),
    Rule(
        "several-selfsigned",
        Severity.WARNING,
        "More than one self-signed trustpoint",
        https.several_selfsigned,
    ),
    Rule("https-not-bound", Severity.WARNING, "HTTPS not bound to a trustpoint", https.not_bound),
    Rule("no-certificate", Severity.ERROR, "HTTPS without a certificate", https.no_certificate),
    Rule("https-disabled", Severity.INFO, "HTTPS server off", https.https_disabled),
    Rule("pin-new", Severity.INFO, "Fingerprint pinned on first use", pins.pin_new),
    *TRUST_RULES,
)
RULES_BY_ID = {rule.id: rule for rule in RULES}
NOT_AUDITED = ("host-unreachable", "auth-failed", "audit-error")


def evaluate(facts: HostFacts, options: AuditOptions | None = None) -> list[Finding]:
    """All findings for one host, worst first (stable within a severity)."""
    opts = options or AuditOptions()
    findings: list[Finding] = []
    for rule in RULES:
        if not facts.reachable and rule.id not in NOT_AUDITED:
            continue
        findings.extend(rule.check(facts, opts, rule))
    return sorted(findings, key=lambda f: -f.severity)
