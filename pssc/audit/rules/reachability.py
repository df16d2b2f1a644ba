"""Hosts that could not be audited: unreachable, authentication, facts unreadable."""

from __future__ import annotations

from collections.abc import Iterator

from pssc.audit.model import Finding, HostFacts
from pssc.audit.rules.base import AuditOptions, Rule

__all__ = ["audit_error", "auth_failed", "unreachable"]


def unreachable(facts: HostFacts, opts: AuditOptions, rule: Rule) -> Iterator[Finding]:
    if not facts.reachable and facts.error_kind in (None, "unreachable"):
        yield rule.finding(
            facts,
            None,
            f"not audited: {facts.error or 'unreachable'}",
            "check that the device is up and reachable over SSH from here",
        )


def auth_failed(facts: HostFacts, opts: AuditOptions, rule: Rule) -> Iterator[Finding]:
    if not facts.reachable and facts.error_kind == "authentication":
        yield rule.finding(
            facts,
            None,
            f"not audited: {facts.error or 'authentication failed'}",
            "check the username, password and enable secret (PSSC_USERNAME, PSSC_PASSWORD, "
            "PSSC_SECRET or the inventory)",
        )


def audit_error(facts: HostFacts, opts: AuditOptions, rule: Rule) -> Iterator[Finding]:
    if not facts.reachable and facts.error_kind not in (None, "unreachable", "authentication"):
        yield rule.finding(
            facts,
            None,
            f"not audited: {facts.error or 'the facts could not be read'}",
            "run `pssc -vv audit --hosts HOST` and check the device's answers",
        )
