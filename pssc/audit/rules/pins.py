"""The pin store's view: a served fingerprint that changed, or pinned on first sight."""

from __future__ import annotations

from collections.abc import Iterator

from pssc.audit.model import Finding, HostFacts
from pssc.audit.rules.base import AuditOptions, Rule

__all__ = ["pin_changed", "pin_new"]


def pin_changed(facts: HostFacts, opts: AuditOptions, rule: Rule) -> Iterator[Finding]:
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


def pin_new(facts: HostFacts, opts: AuditOptions, rule: Rule) -> Iterator[Finding]:
    if facts.pin is not None and facts.pin.status == "new":
        yield rule.finding(
            facts,
            facts.pin.trustpoint,
            "served fingerprint pinned on first sight",
            "nothing to do; later audits compare against this pin",
        )
