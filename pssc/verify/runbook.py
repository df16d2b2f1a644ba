"""The verify runbook: evidence, optional reload, evidence again, verdict, pins.

``verify_host`` is a plain Nornir task (usable in a user's own runbook); ``run_verify`` runs it on
every host of a Nornir object and records the served fingerprint of each ``persistent`` host in the
pin store, from the calling thread (SQLite sees one writer).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from nornir.core import Nornir
from nornir.core.task import Result, Task

from pssc.fleet.interrupt import interrupted
from pssc.fleet.progress import ReloadProgress
from pssc.fleet.runner import run_waves
from pssc.fleet.waves import ALL_AT_ONCE, FailGate, Wave, WavePolicy, groups_for, plan_waves
from pssc.pins import DEFAULT_PATH
from pssc.verify.evidence import (
    CertEvidence,
    Evidence,
    HostReport,
    judge,
    predict,
    verdict_for_error,
)
from tasks.errors import ReloadTimeout, TaskError
from tasks.reload import ReloadOutcome, reload_device
from tasks.tls_probe import ProbeError, probe_https

logger = logging.getLogger(__name__)

DEFAULT_PINS = DEFAULT_PATH


def _served(hostname: str, port: int, timeout: float) -> tuple[CertEvidence | None, str | None]:
    from parsers.certificate import decode_der

    try:
        served = probe_https(hostname, port, timeout=timeout)
    except ProbeError as exc:
        return None, exc.reason
    return CertEvidence.from_info(decode_der(served.der)), None


def collect_evidence(task: Task, *, https_port: int, probe_timeout: float = 5.0) -> Evidence:
    """Configured, saved and served certificate of the host's HTTPS trustpoint, right now."""
    from tasks.facts import gather_pki_facts

    facts = gather_pki_facts(task, detail=False).result
    trustpoint = facts.https_trustpoint()
    configured = facts.certificate(trustpoint, "running") if trustpoint else None
    saved = facts.certificate(trustpoint, "startup") if trustpoint else None
    served, served_error = _served(task.host.hostname or task.host.name, https_port, probe_timeout)
    return Evidence(
        trustpoint=trustpoint,
        configured=CertEvidence.from_info(configured) if configured else None,
        saved=CertEvidence.from_info(saved) if saved else None,
        served=served,
        https_running=bool(facts.running["http"]["secure_server"]),
        https_saved=bool(facts.startup["http"]["secure_server"]),
        served_error=served_error,
        uptime_seconds=facts.uptime_seconds,
    )


def _timeline(started: float, outcome: ReloadOutcome | None) -> dict[str, float | None]:
    times: dict[str, float | None] = {"started": started}
    if outcome is not None:
        times |= {
            "reload_requested": outcome.requested_at,
            "went_down": outcome.down_at,
            "ssh_back": outcome.ssh_back_at,
            "https_back": outcome.https_back_at,
        }
    return times


def _failure(report: HostReport, exc: TaskError, stage: str) -> HostReport:
    report.verdict = verdict_for_error(exc)
    report.timeline["gave_up"] = time.time()
    report.reason = f"{stage}: {exc}"
    report.error = f"{type(exc).__name__}: {exc}"
    return report


def _wants_reload(report: HostReport, reload_anyway: bool) -> bool:
    """Saved certificates are reloaded; unsaved ones (a reload destroys them) and hosts with none
    (nothing to prove) only with ``reload_anyway``; hosts without evidence never."""
    before = report.before
    if before is None or report.error is not None:
        return False
    return reload_anyway or not (report.verdict == "not-saved" or before.configured is None)


def verify_before(
    task: Task, *, reload: bool = False, reload_anyway: bool = False, probe_timeout: float = 5.0
) -> Result:
    """The evidence before anything is done and the prediction: a ``HostReport``."""
    host = task.host.name
    https_port = int(task.host.data.get("https_port", 443))
    report = HostReport(host=host, verdict="failed", reason="")
    report.timeline = _timeline(time.time(), None)
    try:
        report.before = before = collect_evidence(
            task, https_port=https_port, probe_timeout=probe_timeout
        )
    except TaskError as exc:
        return Result(host=task.host, result=_failure(report, exc, "before"), failed=False)
    report.trustpoint = before.trustpoint
    prediction = predict(before)
    report.would_survive = prediction.verdict == "persistent"
    report.verdict, report.reason = prediction.verdict, prediction.reason
    if reload and not _wants_reload(report, reload_anyway):
        report.reason += "; not reloaded (--reload-anyway)"
        logger.warning("%s: %s: not reloading", host, prediction.reason)
    return Result(host=task.host, result=report)


def verify_after(
    task: Task,
    *,
    report: HostReport,
    boot_timeout: float = 600.0,
    probe_timeout: float = 5.0,
    on_event: Callable[[str, str], None] | None = None,
) -> Result:
    """Reload the host of ``report`` (its evidence gathered), gather it again, judge."""
    https_port = int(task.host.data.get("https_port", 443))
    before = report.before
    assert before is not None  # only hosts with evidence are reloaded
    went_down: list[bool] = []

    def event(name: str, what: str) -> None:
        went_down.append(what == "down")
        if on_event is not None:
            on_event(name, what)

    try:
        outcome = reload_device(
            task,
            boot_timeout=boot_timeout,
            https_port=https_port if before.https_saved else None,
            on_event=event,
        ).result
        report.reloaded, report.declined_save = True, outcome.declined_save
        report.timeline = _timeline(report.timeline["started"] or 0.0, outcome)
        report.after = after = collect_evidence(
            task, https_port=https_port, probe_timeout=probe_timeout
        )
    except TaskError as exc:
        if any(went_down) and not report.reloaded:  # sent, went down, never answered again
            report.reloaded = True
            failed = _failure(report, exc, "reload")
            if isinstance(exc, ReloadTimeout):
                failed.reason = f"reloaded, did not come back within {boot_timeout:g} s"
            return Result(host=task.host, result=failed, failed=False)
        return Result(host=task.host, result=_failure(report, exc, "reload"), failed=False)
    verdict = judge(before, after)
    report.verdict, report.reason = verdict.verdict, verdict.reason
    if outcome.declined_save:
        report.reason += "; answered 'no' to 'Save?'"
    report.timeline["finished"] = time.time()
    return Result(host=task.host, result=report, changed=True)


def verify_host(
    task: Task,
    *,
    reload: bool = False,
    reload_anyway: bool = False,
    boot_timeout: float = 600.0,
    probe_timeout: float = 5.0,
) -> Result:
    """Evidence, then (with ``reload``) reload, evidence again and the verdict: a ``HostReport``.

    A host whose running certificate is not saved (a reload destroys it), or that has none (nothing
    to prove), is not reloaded unless ``reload_anyway``; the
    reload answers ``no`` to ``Save?``. Typed task errors become the verdict (``unreachable`` or
    ``failed``) with the evidence gathered so far.
    """
    first = verify_before(
        task, reload=reload, reload_anyway=reload_anyway, probe_timeout=probe_timeout
    )
    report = first.result
    if not reload or not _wants_reload(report, reload_anyway):
        return first
    return verify_after(task, report=report, boot_timeout=boot_timeout, probe_timeout=probe_timeout)


def _report_from(host: str, multi: Any) -> HostReport:
    first = multi[0]
    if not first.failed and isinstance(first.result, HostReport):
        return first.result
    exc = first.exception
    if exc is None:
        return HostReport(host=host, verdict="failed", reason=str(first.result), error="failed")
    return HostReport(
        host=host,
        verdict=verdict_for_error(exc),
        reason=str(exc),
        error=f"{type(exc).__name__}: {exc}",
    )


def record_pins(reports: list[HostReport], path: Path) -> None:
    """Pin the served fingerprint of every ``persistent`` host, as a browser would."""
    from pssc.pins import PinStore

    store = PinStore(path)
    for report in reports:
        latest = report.after or report.before
        served = latest.served if latest else None
        if report.verdict != "persistent" or served is None:
            continue
        check = store.record(
            report.host,
            report.trustpoint or "?",
            served.sha256,
            spki_sha256_b64=served.spki_sha256_b64,
        )
        report.pin = str(getattr(check, "status", check))
        if report.pin == "changed":
            logger.warning("%s: served fingerprint differs from the pinned one", report.host)


def _after_task(
    task: Task,
    *,
    reports: dict[str, HostReport],
    boot_timeout: float,
    probe_timeout: float,
    progress: ReloadProgress | None,
    pins: Path | None,
    on_done: Callable[[HostReport], None] | None,
) -> Result:
    result = verify_after(
        task,
        report=reports[task.host.name],
        boot_timeout=boot_timeout,
        probe_timeout=probe_timeout,
        on_event=progress.event if progress is not None else None,
    )
    report: HostReport = result.result
    if progress is not None:
        progress.verified_host(report.host, report.ok)
    if pins is not None:
        record_pins([report], pins)  # now: an interrupted run keeps what it proved
    if on_done is not None:
        on_done(report)
    return result


def run_verify(
    nr: Nornir,
    *,
    reload: bool = False,
    reload_anyway: bool = False,
    boot_timeout: float = 600.0,
    probe_timeout: float = 5.0,
    pins: Path | None = DEFAULT_PINS,
    waves: WavePolicy | None = None,
    confirm: Callable[[list[Wave]], bool] | None = None,
    progress: ReloadProgress | None = None,
    on_done: Callable[[HostReport], None] | None = None,
) -> list[HostReport]:
    """Evidence on every host; with ``reload``, the reloads in ``waves`` (default: all at once),
    each host judged and pinned as it finishes; reports sorted by host name.

    ``confirm(plan)`` is asked once the plan is known (False: nothing is reloaded). Hosts of the
    waves not launched (a canary failed, ``max_fail`` exceeded, Ctrl-C) are ``skipped`` with the
    reason. ``on_done(report)`` is called for each host as soon as its verdict is final.
    """
    policy = waves or ALL_AT_ONCE
    groups = groups_for(dict(nr.inventory.hosts), policy.group_key) if reload else {}
    results = nr.run(
        task=verify_before,
        name="verify",
        on_failed=True,  # hosts that failed an earlier run on this Nornir object are verified too
        reload=reload,
        reload_anyway=reload_anyway,
        probe_timeout=probe_timeout,
    )
    reports = {h: _report_from(h, m) for h, m in results.items()}
    for host in nr.inventory.hosts:
        if host not in reports:  # not started: Ctrl-C
            reports[host] = HostReport(host, "skipped", f"not verified: {interrupted() or '?'}")
    planned = [h for h in nr.inventory.hosts if reload and _wants_reload(reports[h], reload_anyway)]
    final = [r for h, r in reports.items() if h not in planned and r.verdict != "skipped"]
    if pins is not None:
        record_pins(final, pins)
    if on_done is not None:
        for report in final:
            on_done(report)
    if planned:
        plan = plan_waves(planned, policy, groups)
        if confirm is not None and not confirm(plan):
            for host in planned:
                _skip(reports[host], "the reload was not confirmed")
        else:
            run = run_waves(
                nr,
                plan,
                _after_task,
                gate=FailGate(policy, planned=max(0, len(planned) - policy.canary)),
                ok=lambda h, m: _report_from(h, m).ok,
                stop=interrupted,
                reports=reports,
                boot_timeout=boot_timeout,
                probe_timeout=probe_timeout,
                progress=progress,
                pins=pins,
                on_done=on_done,
            )
            for host, multi in run.results.items():
                reports[host] = _report_from(host, multi)
            for host, reason in run.skipped.items():
                _skip(reports[host], reason)
            for host, wave in run.wave_of.items():
                reports[host].wave = wave.label
    return sorted(reports.values(), key=lambda r: r.host)


def _skip(report: HostReport, reason: str) -> None:
    predicted, report.verdict = report.verdict, "skipped"
    report.reason = f"not reloaded: {reason} (predicted {predicted})"
