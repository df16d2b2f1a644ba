"""The audit rules: pure functions from one host's facts to findings.

Each rule has a stable id, a severity and a remedy; its message names the host and trustpoint.
``evaluate`` runs them all. Time is passed in (``AuditOptions.now``) so results are reproducible.

>>> from datetime import datetime, UTC
>>> facts = HostFacts(host="R9", reachable=False, error_kind="unreachable", error="timed out")
>>> [f.rule for f in evaluate(facts, AuditOptions(now=datetime(2026, 1, 1, tzinfo=UTC)))]
['host-unreachable']
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

from pssc.audit.model import CertSummary, Finding, HostFacts, Severity, TrustpointFacts
from pssc.audit.rules.base import AuditOptions as AuditOptions
from pssc.audit.rules.base import Rule as Rule
from pssc.audit.rules.trust import TRUST_RULES

FN70489_END = datetime(2020, 1, 1, tzinfo=UTC)
MIN_RSA_BITS = 2048
WEAK_HASHES = {"md5": Severity.ERROR, "md2": Severity.ERROR, "sha1": Severity.WARNING}

FIX_ROLLOUT = "run `pssc rollout --fix` for this host"
FIX_FN70489 = (
    "upgrade to an image with the FN70489 fix, then configure a trustpoint with "
    "`enrollment selfsigned` and `rsakeypair NAME 2048`, `crypto pki enroll NAME`, "
    f"`ip http secure-trustpoint NAME`, `write memory` (or {FIX_ROLLOUT})"
)


def _when(iso: str) -> datetime:
    return datetime.fromisoformat(iso.replace("Z", "+00:00"))


def _certs(facts: HostFacts) -> Iterator[tuple[TrustpointFacts, CertSummary]]:
    for tp in facts.trustpoints:
        if tp.certificate is not None:
            yield tp, tp.certificate


def _unreachable(facts: HostFacts, opts: AuditOptions, rule: Rule) -> Iterator[Finding]:
    if not facts.reachable and facts.error_kind in (None, "unreachable"):
        yield rule.finding(
            facts,
            None,
            f"not audited: {facts.error or 'unreachable'}",
            "check that the device is up and reachable over SSH from here",
        )


def _auth_failed(facts: HostFacts, opts: AuditOptions, rule: Rule) -> Iterator[Finding]:
    if not facts.reachable and facts.error_kind == "authentication":
        yield rule.finding(
            facts,
            None,
            f"not audited: {facts.error or 'authentication failed'}",
            "check the username, password and enable secret (PSSC_USERNAME, PSSC_PASSWORD, "
            "PSSC_SECRET or the inventory)",
        )


def _audit_error(facts: HostFacts, opts: AuditOptions, rule: Rule) -> Iterator[Finding]:
    if not facts.reachable and facts.error_kind not in (None, "unreachable", "authentication"):
        yield rule.finding(
            facts,
            None,
            f"not audited: {facts.error or 'the facts could not be read'}",
            "run `pssc -vv audit --hosts HOST` and check the device's answers",
        )


def _fn70489(facts: HostFacts, opts: AuditOptions, rule: Rule) -> Iterator[Finding]:
    for tp, cert in _certs(facts):
        if _when(cert["not_after"]) == FN70489_END:
            yield rule.finding(
                facts,
                tp.name,
                "certificate ends 00:00:00 GMT Jan 1 2020 (field notice FN70489): expired, and "
                "this image cannot make new self-signed certificates",
                FIX_FN70489,
            )


def _expired(facts: HostFacts, opts: AuditOptions, rule: Rule) -> Iterator[Finding]:
    for tp, cert in _certs(facts):
        end = _when(cert["not_after"])
        if end <= opts.now and end != FN70489_END:
            yield rule.finding(
                facts, tp.name, f"certificate expired on {cert['not_after']}", FIX_ROLLOUT
            )


def _expiring(facts: HostFacts, opts: AuditOptions, rule: Rule) -> Iterator[Finding]:
    horizon = opts.now + timedelta(days=opts.expiry_days)
    for tp, cert in _certs(facts):
        end = _when(cert["not_after"])
        if opts.now < end <= horizon:
            days = (end - opts.now).days
            yield rule.finding(
                facts,
                tp.name,
                f"certificate expires on {cert['not_after']} (in {days} days, "
                f"within {opts.expiry_days})",
                f"renew it before then: {FIX_ROLLOUT}",
            )


def _weak_key(facts: HostFacts, opts: AuditOptions, rule: Rule) -> Iterator[Finding]:
    for tp, cert in _certs(facts):
        if cert["key_type"] == "RSA" and cert["key_size"] < MIN_RSA_BITS:
            yield rule.finding(
                facts,
                tp.name,
                f"RSA key of {cert['key_size']} bits (under {MIN_RSA_BITS}): browsers refuse it",
                f"re-key with `rsakeypair NAME {MIN_RSA_BITS}` and re-enroll: {FIX_ROLLOUT}",
            )


def _weak_signature(facts: HostFacts, opts: AuditOptions, rule: Rule) -> Iterator[Finding]:
    for tp, cert in _certs(facts):
        hash_name = (cert["signature_hash"] or "").lower()
        if hash_name in WEAK_HASHES:
            found = rule.finding(
                facts,
                tp.name,
                f"certificate signed with {hash_name.upper()} ({cert['signature_algorithm']})",
                f"set `hash sha256` on the trustpoint and re-enroll: {FIX_ROLLOUT}",
            )
            yield Finding(
                found.rule,
                WEAK_HASHES[hash_name],
                found.host,
                found.trustpoint,
                found.message,
                found.remedy,
            )


def _reload_loses_cert(facts: HostFacts) -> bool:
    """HTTPS is on but its certificate is not in the startup configuration."""
    if not facts.secure_server:
        return False
    tp = facts.trustpoint(facts.https_trustpoint)
    return tp is None or tp.certificate is None or not tp.saved


def _not_saved(facts: HostFacts, opts: AuditOptions, rule: Rule) -> Iterator[Finding]:
    for tp, _cert in _certs(facts):
        if tp.saved or (tp.name == facts.https_trustpoint and _reload_loses_cert(facts)):
            continue  # the HTTPS one is reported by https-not-persistent
        yield rule.finding(
            facts,
            tp.name,
            "certificate is in the running configuration but not in the startup configuration",
            "`write memory` (or `pssc rollout --fix`)",
        )


def _not_persistent(facts: HostFacts, opts: AuditOptions, rule: Rule) -> Iterator[Finding]:
    if _reload_loses_cert(facts):
        name = facts.https_trustpoint
        yield rule.finding(
            facts,
            name,
            "`ip http secure-server` is on but its certificate is not saved: a reload makes a "
            "new self-signed certificate and every browser that trusted this one warns",
            "save the trustpoint and its certificate with `write memory` (or "
            f"{FIX_ROLLOUT}), then `pssc verify --reload`",
        )


def _served_differs(facts: HostFacts, opts: AuditOptions, rule: Rule) -> Iterator[Finding]:
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


def _https_unreachable(facts: HostFacts, opts: AuditOptions, rule: Rule) -> Iterator[Finding]:
    if facts.reachable and facts.secure_server and facts.served and facts.served.error:
        yield rule.finding(
            facts,
            facts.https_trustpoint,
            f"`ip http secure-server` is on but port {facts.served.port} did not complete a "
            f"TLS handshake: {facts.served.error}",
            "check the HTTPS server and any filter between here and the device",
        )


def _several_selfsigned(facts: HostFacts, opts: AuditOptions, rule: Rule) -> Iterator[Finding]:
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


def _not_bound(facts: HostFacts, opts: AuditOptions, rule: Rule) -> Iterator[Finding]:
    if facts.secure_server and not facts.secure_trustpoint:
        yield rule.finding(
            facts,
            facts.https_trustpoint,
            "HTTPS is not bound with `ip http secure-trustpoint`: the device picks (or makes) "
            "a TP-self-signed trustpoint on its own",
            f"`ip http secure-trustpoint NAME` and `write memory` ({FIX_ROLLOUT})",
        )


def _pin_changed(facts: HostFacts, opts: AuditOptions, rule: Rule) -> Iterator[Finding]:
    pin, served = facts.pin, facts.served.sha256 if facts.served else None
    if pin is None or pin.status != "changed":
        return
    moved = ""
    if pin.pinned_trustpoint and pin.pinned_trustpoint != pin.trustpoint:
        moved = f" (pinned on trustpoint {pin.pinned_trustpoint})"
    yield rule.finding(
        facts,
        pin.trustpoint,
        f"HTTPS serves {(served or '?')[:16]}..., which differs from the fingerprint pinned "
        f"{pin.first_seen or ''} ({(pin.pinned_sha256 or '?')[:16]}...){moved}: a substituted "
        "certificate, or a rotation nobody accepted",
        "find out who changed it; if intended, `pssc pins accept HOST`",
    )


def _pin_new(facts: HostFacts, opts: AuditOptions, rule: Rule) -> Iterator[Finding]:
    if facts.pin is not None and facts.pin.status == "new":
        yield rule.finding(
            facts,
            facts.pin.trustpoint,
            "served fingerprint pinned on first sight",
            "nothing to do; later audits compare against this pin",
        )


RULES: tuple[Rule, ...] = (
    Rule("host-unreachable", Severity.ERROR, "Host unreachable", _unreachable),
    Rule("auth-failed", Severity.ERROR, "Authentication failed", _auth_failed),
    Rule("audit-error", Severity.ERROR, "Facts could not be read", _audit_error),
    Rule(
        "pin-mismatch", Severity.CRITICAL, "Served certificate differs from the pin", _pin_changed
    ),
    Rule("fn70489-end-date", Severity.ERROR, "FN70489 end date (Jan 1 2020)", _fn70489),
    Rule("cert-expired", Severity.ERROR, "Certificate expired", _expired),
    Rule("cert-expiring", Severity.WARNING, "Certificate expiring soon", _expiring),
    Rule("weak-rsa-key", Severity.ERROR, "RSA key under 2048 bits", _weak_key),
    Rule("weak-signature", Severity.WARNING, "SHA-1 or MD5 signature", _weak_signature),
    Rule(
        "https-not-persistent", Severity.ERROR, "HTTPS certificate lost on reload", _not_persistent
    ),
    Rule("cert-not-saved", Severity.WARNING, "Certificate not saved", _not_saved),
    Rule(
        "served-differs",
        Severity.ERROR,
        "Served certificate is not the configured one",
        _served_differs,
    ),
    Rule("https-unreachable", Severity.WARNING, "HTTPS handshake failed", _https_unreachable),
    Rule(
        "several-selfsigned",
        Severity.WARNING,
        "More than one self-signed trustpoint",
        _several_selfsigned,
    ),
    Rule("https-not-bound", Severity.WARNING, "HTTPS not bound to a trustpoint", _not_bound),
    Rule("pin-new", Severity.INFO, "Fingerprint pinned on first use", _pin_new),
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
