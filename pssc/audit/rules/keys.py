"""Key pairs: the ones no trustpoint uses (left behind by rotations)."""

from __future__ import annotations

from collections.abc import Iterator

from pssc.audit.model import Finding, HostFacts
from pssc.audit.rules.base import AuditOptions, Rule

__all__ = ["unused_key_pairs"]


def unused_key_pairs(facts: HostFacts, opts: AuditOptions, rule: Rule) -> Iterator[Finding]:
    if facts.unused_key_pairs:
        names = ", ".join(facts.unused_key_pairs)
        yield rule.finding(
            facts,
            None,
            f"{len(facts.unused_key_pairs)} RSA key pair(s) no trustpoint uses: {names}",
            f"`pssc rollout --prune-keys --hosts {facts.host}` (or `crypto key zeroize rsa "
            "LABEL` for each, then `write memory`)",
        )
