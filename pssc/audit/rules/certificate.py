"""The certificates themselves: FN70489, expiry, key size, signature hash."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from pssc.audit.model import Finding, HostFacts
from pssc.audit.rules.base import (
    FIX_FN70489,
    FIX_ROLLOUT,
    FN70489_END,
    MIN_RSA_BITS,
    WEAK_HASHES,
    AuditOptions,
    Rule,
    certs,
    when,
)

__all__ = ["expired", "expiring", "fn70489", "weak_key", "weak_signature"]


def fn70489(facts: HostFacts, opts: AuditOptions, rule: Rule) -> Iterator[Finding]:
    for tp, cert in certs(facts):
        if when(cert["not_after"]) == FN70489_END:
            yield rule.finding(
                facts,
                tp.name,
                "certificate ends 00:00:00 GMT Jan 1 2020 (field notice FN70489): expired, and "
                "this image cannot make new self-signed certificates",
                FIX_FN70489,
            )


def expired(facts: HostFacts, opts: AuditOptions, rule: Rule) -> Iterator[Finding]:
    for tp, cert in certs(facts):
        end = when(cert["not_after"])
        if end <= opts.now and end != FN70489_END:
            yield rule.finding(
                facts, tp.name, f"certificate expired on {cert['not_after']}", FIX_ROLLOUT
            )


def expiring(facts: HostFacts, opts: AuditOptions, rule: Rule) -> Iterator[Finding]:
    horizon = opts.now + timedelta(days=opts.expiry_days)
    for tp, cert in certs(facts):
        end = when(cert["not_after"])
        if opts.now < end <= horizon:
            days = (end - opts.now).days
            yield rule.finding(
                facts,
                tp.name,
                f"certificate expires on {cert['not_after']} (in {days} days, "
                f"within {opts.expiry_days})",
                f"renew it before then: {FIX_ROLLOUT}",
            )


def weak_key(facts: HostFacts, opts: AuditOptions, rule: Rule) -> Iterator[Finding]:
    for tp, cert in certs(facts):
        if cert["key_type"] == "RSA" and cert["key_size"] < MIN_RSA_BITS:
            yield rule.finding(
                facts,
                tp.name,
                f"RSA key of {cert['key_size']} bits (under {MIN_RSA_BITS}): browsers refuse it",
                f"re-key with `rsakeypair NAME {MIN_RSA_BITS}` and re-enroll: {FIX_ROLLOUT}",
            )


def weak_signature(facts: HostFacts, opts: AuditOptions, rule: Rule) -> Iterator[Finding]:
    for tp, cert in certs(facts):
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
