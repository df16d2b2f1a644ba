"""``renew``: re-issue the HTTPS certificate of a host when it ends within a given time, the
way it was issued: a self-signed one by the rollout with a new key (``rotate``), a CA-issued one
by terminal enrollment again (``tasks.rollout_ca``; the signer is needed). A certificate that
ends later is left alone and reported as such.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from nornir.core.task import Result, Task

from parsers.types import CertificateInfo
from tasks.ca import Signer
from tasks.facts import PkiFacts, read_facts
from tasks.plan import RolloutOptions
from tasks.rollout import HostOutcome, rollout
from tasks.rollout_ca import rollout_ca, router_certificate
from tasks.session import close, connect


def https_certificate(facts: PkiFacts) -> tuple[str | None, CertificateInfo | None, bool]:
    """The HTTPS trustpoint, its certificate, and whether that one is CA-issued."""
    tp = facts.https_trustpoint()
    if tp is None:
        return None, None, False
    router = router_certificate(facts, tp)
    if router is not None and not router["self_signed"]:
        return tp, router, True
    return tp, facts.certificate(tp), False


def renew(
    task: Task,
    *,
    within: timedelta,
    options: RolloutOptions,
    signer: Signer | None = None,
    now: datetime | None = None,
) -> Result:
    """Re-issue when due (see the module docstring); ``result`` is a ``HostOutcome``."""
    host = task.host.name
    try:
        facts = read_facts(connect(task), host, detail=False, uptime=False)
        tp, cert, from_ca = https_certificate(facts)
        if cert is None or tp is None:
            outcome = HostOutcome(host, "failed", tp, error="HTTPS has no certificate to renew")
            return Result(host=task.host, result=outcome, failed=True)
        end = datetime.fromisoformat(cert["not_after"].replace("Z", "+00:00"))
        if end - (now or datetime.now(UTC)) > within:
            outcome = HostOutcome(
                host, "unchanged", tp, cert["serial"], cert["sha256"], cert["not_after"],
                reasons=[f"ends {end:%Y-%m-%d}, not within {within.days} days"],
            )  # fmt: skip
            return Result(host=task.host, result=outcome)
        due = replace(options, trustpoint=tp, rotate=True, fix=True)
        if from_ca:
            if signer is None:
                outcome = HostOutcome(
                    host, "failed", tp, cert["serial"], cert["sha256"], cert["not_after"],
                    error=f"the CA-issued certificate of {tp} ends {end:%Y-%m-%d}: renew it "
                    "with --issuer ca --ca-cert FILE and --ca-key FILE or --ca-sign-command",
                )  # fmt: skip
                return Result(host=task.host, result=outcome, failed=True)
            done = rollout_ca(task, options=due, signer=signer, close_session=False)
        else:
            done = rollout(task, options=due, close_session=False)
        result: HostOutcome = done.result
        result.reasons.insert(0, f"ended or ends {end:%Y-%m-%d}, within {within.days} days")
        return done
    finally:
        close(task)
