"""``rollout``: plan, apply and verify a persistent self-signed certificate on one host.

Plan from the facts (``tasks.plan``); a host that is already right is left alone; a certificate
the policy rejects is replaced only with ``fix``; in a dry run nothing is sent and the ``diff`` is
the exact CLI. Applying runs the steps of ``tasks.steps`` in order (trustpoint, enrollment, check
of the new certificate, HTTPS, removal of other self-signed trustpoints), saves, then verifies
from the configuration read after the save. Nothing is saved before the new certificate is in
place and checked, so a failure in the middle leaves the startup configuration as it was. A new
key always gets a new label, so the old key and certificate are intact until the new certificate
exists; when the enrollment fails, a trustpoint this run created is removed and one it changed
gets its old lines back. Running the rollout again converges.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import MISSING, asdict, dataclass, field, fields, replace
from typing import Any

from nornir.core.exceptions import NornirSubTaskError
from nornir.core.task import Result, Task

from parsers.show_version import parse_release
from tasks.arguments import check_text, check_word
from tasks.channel import NetmikoLike
from tasks.errors import PolicyRejected, TaskError, VerifyFailed
from tasks.facts import SHOW_VERSION, PkiFacts, read_facts
from tasks.keys import prune_saved
from tasks.plan import Plan, RolloutOptions, enrolled_by_run, plan_host, restore_lines
from tasks.policy import FN70489_END, certificate_problems
from tasks.san import host_names, with_names
from tasks.session import close, config_lines, config_mode, connect, send
from tasks.steps import (
    enroll_self_signed,
    ensure_https,
    ensure_trustpoint,
    remove_trustpoint,
    save_config,
)

logger = logging.getLogger(__name__)


@dataclass
class HostOutcome:
    """One line of the report (and one object of ``--json``)."""

    host: str
    status: str  # "changed", "unchanged", "failed" ("skipped": pssc never started it)
    trustpoint: str | None = None
    serial: str | None = None
    sha256: str | None = None
    not_after: str | None = None
    saved: bool | None = None
    error: str | None = None
    dry_run: bool = False
    reasons: list[str] = field(default_factory=list)
    cli: list[str] = field(default_factory=list)
    pruned_keys: list[str] = field(default_factory=list)  # unused key pairs removed
    # this run enrolled the certificate: its fingerprint differs from the one read before the
    # run, and was read back over the authenticated session (only such a certificate is pinned)
    enrolled: bool = False

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    def __repr__(self) -> str:
        """The fields not at their default, on one line (``print_result``; the CLI is the diff).

        >>> HostOutcome("R1", "failed", error="DeviceUnreachable: refused")
        HostOutcome(host='R1', status='failed', error='DeviceUnreachable: refused')
        """
        unset: dict[str, Any] = {f.name: f.default for f in fields(self)}
        unset |= {f.name: [] for f in fields(self) if f.default_factory is not MISSING}
        shown = [f"{k}={v!r}" for k, v in asdict(self).items()
                 if k in ("host", "status") or (k != "cli" and v != unset[k])]  # fmt: skip
        return f"HostOutcome({', '.join(shown)})"


def outcome_from_facts(
    facts: PkiFacts, trustpoint: str, status: str, *, plan: Plan | None = None
) -> HostOutcome:
    cert = facts.certificate(trustpoint)
    return HostOutcome(
        host=facts.host,
        status=status,
        trustpoint=trustpoint,
        serial=cert["serial"] if cert else None,
        sha256=cert["sha256"] if cert else None,
        not_after=cert["not_after"] if cert else None,
        saved=facts.saved(trustpoint) if cert else False,
        reasons=list(plan.reasons) if plan else [],
        cli=plan.cli() if plan else [],
    )


def verify(before: PkiFacts, after: PkiFacts, plan: Plan, options: RolloutOptions) -> None:
    """Raise ``VerifyFailed`` unless ``after`` is what the plan promised."""
    tp = plan.trustpoint
    cert = after.certificate(tp)
    problems: list[str] = []
    if cert is None:
        problems.append(f"{tp} holds no certificate")
    else:
        problems += certificate_problems(cert, min_key_size=options.min_key_size)
        if cert["key_size"] != options.key_size:
            problems.append(f"{cert['key_size']}-bit key, {options.key_size} wanted")
        old = before.certificate(tp)
        if plan.enroll and old is not None and old["sha256"] == cert["sha256"]:
            problems.append("the certificate was not replaced")
        if not after.saved(tp):
            problems.append("the certificate is not in the startup configuration")
    if after.https_trustpoint() != tp:
        problems.append(f"HTTPS uses {after.https_trustpoint()}, not {tp}")
    for where in ("running", "startup"):
        if not after.config(where)["http"].get("secure_server"):
            problems.append(f"ip http secure-server missing from {where}-config")
        extra = [t for t in after.self_signed_trustpoints(where) if t != tp]
        if extra:
            problems.append(f"other self-signed trustpoint(s) in {where}-config: {extra}")
    if problems:
        raise VerifyFailed("; ".join(problems), host=before.host, command="verify")


def check_new_certificate(facts: PkiFacts, plan: Plan, options: RolloutOptions) -> None:
    """Right after the enrollment, before HTTPS is pointed at it and anything is saved."""
    cert = facts.certificate(plan.trustpoint)
    if cert is None:
        raise VerifyFailed(
            f"no certificate in {plan.trustpoint} after the enrollment; nothing was saved",
            host=facts.host,
            command=f"crypto pki enroll {plan.trustpoint}",
        )
    problems = certificate_problems(cert, min_key_size=options.min_key_size)
    if cert["key_size"] != options.key_size:
        problems.append(f"{cert['key_size']}-bit key, {options.key_size} wanted")
    if not problems:
        return
    hint = ""
    if cert["not_after"] == FN70489_END:
        hint = " (this image makes self-signed certificates that end 2020-01-01, Cisco FN70489:"
        hint += " upgrade IOS)"
    raise VerifyFailed(
        f"the new certificate is rejected too: {'; '.join(problems)}{hint}; nothing was saved",
        host=facts.host,
        command=f"crypto pki enroll {plan.trustpoint}",
    )


def _step(task: Task, func: Callable[..., Result], **kwargs: Any) -> Result:
    """Run a step as a Nornir subtask; its own exception (not Nornir's wrapper) propagates."""
    try:
        return task.run(task=func, severity_level=logging.DEBUG, **kwargs)[0]
    except NornirSubTaskError as exc:
        inner = exc.result[0].exception if len(exc.result) else None
        if isinstance(inner, Exception):
            raise inner from None
        raise


def _apply(task: Task, before: PkiFacts, plan: Plan, options: RolloutOptions) -> PkiFacts:
    try:
        try:
            facts = _enroll(task, before, plan, options)
        except TaskError:
            _undo(task, before, plan)  # no new certificate: the trustpoint goes back as it was
            raise
        facts = _finish(task, facts, plan, options)
    except TaskError as exc:
        if "nothing was saved" in exc.message:
            raise
        raise exc.amended(exc.message + "; nothing was saved") from exc
    if plan.save:
        saved: PkiFacts = _step(task, save_config, trustpoint=plan.trustpoint).result
        return saved
    return read_facts(connect(task), task.host.name, detail=False, uptime=False)


def _enroll(task: Task, facts: PkiFacts, plan: Plan, options: RolloutOptions) -> PkiFacts:
    """The trustpoint lines and the enrollment, checked; the facts after (or as they were)."""
    tp = plan.trustpoint
    if plan.trustpoint_lines:
        _step(
            task,
            ensure_trustpoint,
            trustpoint=tp,
            key_label=plan.key_label,
            key_size=options.key_size,
            subject_name=options.subject_name or options.cn_fallback,
            subject_alt_name=options.subject_alt_name,
            hash=options.hash,
            serial_number=options.serial_number,
            facts=facts,
        )
    if plan.enroll:
        _step(
            task,
            enroll_self_signed,
            trustpoint=tp,
            key_label=plan.key_label,
            key_size=options.key_size,
            new_key=plan.generate_key,
            replace=plan.replace_certificate,
            replaces=plan.remove_trustpoints,
            serial_number=options.serial_number,
        )
        facts = read_facts(
            connect(task), task.host.name, detail=False, uptime=False, startup=facts.startup
        )
    return facts


def _finish(task: Task, facts: PkiFacts, plan: Plan, options: RolloutOptions) -> PkiFacts:
    """The new certificate checked, HTTPS on the trustpoint, the other self-signed trustpoints
    removed (all before the save)."""
    tp = plan.trustpoint
    if plan.enroll:
        check_new_certificate(facts, plan, options)
    if plan.https_lines or plan.enroll:
        _step(task, ensure_https, trustpoint=tp, facts=facts)
    for name in plan.remove_trustpoints:
        _step(task, remove_trustpoint, trustpoint=name)
    return facts


def _undo(task: Task, facts: PkiFacts, plan: Plan) -> None:
    """Best effort after a failure before the save: put the trustpoint back as it was.

    A trustpoint this run created is removed; one it changed gets its old lines back (its old key
    pair and certificate were never touched: a new key always gets a new label).
    """
    if not plan.trustpoint_lines:
        return
    existing = facts.trustpoint_config(plan.trustpoint)
    close(task)  # the session may be the one that broke; start from a fresh one
    try:
        if existing is None:
            remove_trustpoint(task, trustpoint=plan.trustpoint)
            return
        lines = restore_lines(existing, plan.trustpoint_lines)
        conn = connect(task)
        with config_mode(conn, facts.host):
            config_lines(conn, facts.host, [f"crypto pki trustpoint {plan.trustpoint}", *lines])
        logger.info("%s: %s restored: %s", facts.host, plan.trustpoint, "; ".join(lines))
    except TaskError as exc:
        logger.warning("%s: could not undo the change of %s: %s", facts.host, plan.trustpoint, exc)


def _finished(task: Task, facts: PkiFacts, plan: Plan, outcome: HostOutcome, prune: bool) -> Result:
    labels, cli = prune_saved(task, facts, plan.trustpoint, dry_run=outcome.dry_run, on=prune)
    if labels:
        outcome.pruned_keys, outcome.status, outcome.cli = labels, "changed", [*outcome.cli, *cli]
        outcome.reasons.append(f"unused key pair(s) removed: {', '.join(labels)}")
    changed = outcome.status == "changed"
    return Result(host=task.host, result=outcome, changed=changed, diff="\n".join(outcome.cli))


def check_options(options: RolloutOptions, host: str) -> None:
    """Refuse (``InvalidArgument``) options that IOS would not take as typed."""
    for what, word in (("trustpoint", options.trustpoint), ("hash", options.hash)):
        if word is not None:
            check_word(word, what=what, host=host)
    if options.subject_name is not None:
        check_text(options.subject_name, what="subject name", host=host)


def _named(
    task: Task, conn: NetmikoLike, options: RolloutOptions
) -> tuple[RolloutOptions, str | None]:
    """The options with the host's names (``tasks.san``), and what the plan should say."""
    host = task.host
    names = host_names(host.name, host.hostname, host.data)
    release = parse_release(send(conn, host.name, SHOW_VERSION))
    return with_names(options, names, release)


def rollout(
    task: Task, *, options: RolloutOptions | None = None, close_session: bool = True
) -> Result:
    """Plan, apply (unless dry run) and verify; ``result`` is a ``HostOutcome``."""
    options = options or RolloutOptions()
    try:
        return _rollout(task, options)
    except TaskError as exc:  # one line for print_result and the reports, not a traceback
        where = f" [{exc.command}]" if exc.command else ""
        failed = HostOutcome(
            host=task.host.name,
            status="failed",
            error=f"{type(exc).__name__}{where}: {exc.message}",
        )
        return Result(host=task.host, result=failed, failed=True, exception=exc)
    finally:
        if close_session:
            close(task)


def _rollout(task: Task, options: RolloutOptions) -> Result:
    host = task.host.name
    check_options(options, host)
    conn = connect(task)
    before = read_facts(conn, host, detail=False, uptime=False)
    note = None
    if options.san:  # the certificates it makes name the device (tasks.san)
        options, note = _named(task, conn, options)
    plan = plan_host(before, options)
    if note and plan.enroll:
        plan = replace(plan, reasons=(*plan.reasons, note))
    logger.info("%s: plan for %s: %s", host, plan.trustpoint, "; ".join(plan.reasons) or "-")
    if plan.blocked:  # a finding, not a crash: the facts are reported with the failure
        outcome = outcome_from_facts(before, plan.trustpoint, "failed", plan=plan)
        outcome.error = f"{PolicyRejected.__name__}: {plan.blocked}"
        return Result(host=task.host, result=outcome, failed=True)
    if task.is_dry_run() or plan.empty:
        outcome = outcome_from_facts(before, plan.trustpoint, "changed", plan=plan)
        outcome.dry_run = task.is_dry_run()
        outcome.status = "unchanged" if plan.empty else "changed"
        return _finished(task, before, plan, outcome, options.prune_keys)
    after = _apply(task, before, plan, options)
    verify(before, after, plan, options)
    outcome = outcome_from_facts(after, plan.trustpoint, "changed", plan=plan)
    outcome.enrolled = enrolled_by_run(before, after, plan)
    return _finished(task, after, plan, outcome, options.prune_keys)


__all__ = [
    "HostOutcome",
    "RolloutOptions",
    "outcome_from_facts",
    "rollout",
    "verify",
]
