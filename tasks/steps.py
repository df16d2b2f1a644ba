"""The rollout's steps as plain Nornir tasks, each usable alone in a user's own runbook.

``ensure_trustpoint``, ``enroll_self_signed``, ``remove_trustpoint``, ``ensure_https`` and
``save_config``: each reads what it needs (or takes ``facts``), changes only what differs, honours
``task.is_dry_run()`` (then it sends nothing and its ``diff`` is the CLI it would send) and reports
``changed`` and a ``diff``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence

from nornir.core.task import Result, Task

from tasks.arguments import check_text, check_word
from tasks.channel import NetmikoLike, config_prompt_pattern, prompt_pattern
from tasks.dialog import Answer, Transcript, run_dialog
from tasks.errors import CommandRejected, SaveFailed, TaskError
from tasks.facts import PkiFacts, read_facts
from tasks.plan import Plan, RolloutOptions, https_lines, rsakeypair_label, trustpoint_lines
from tasks.prompts import ENROLL_PROMPTS, KEYGEN_PROMPTS, REMOVE_PROMPTS, SAVE_PROMPTS
from tasks.session import config_lines, config_mode, connect, send

logger = logging.getLogger(__name__)

_NAMED_TP = re.compile(r"trustpoint\s+(\S+?)\.?\s", re.I)


def _facts(task: Task, facts: PkiFacts | None) -> PkiFacts:
    if facts is not None:
        return facts
    return read_facts(connect(task), task.host.name, detail=False, uptime=False)


def _words(task: Task, **values: str | None) -> None:
    """Refuse (``InvalidArgument``) a name that is not one IOS word, before anything is sent."""
    for what, value in values.items():
        if value is not None:
            check_word(value, what=what.replace("_", " "), host=task.host.name)


def _in_config(task: Task, lines: Sequence[str]) -> str:
    """Send ``lines`` in global configuration mode and come back to privileged EXEC."""
    conn = connect(task)
    host = task.host.name
    with config_mode(conn, host):
        return config_lines(conn, host, list(lines))


def ensure_trustpoint(
    task: Task,
    *,
    trustpoint: str,
    key_label: str | None = None,
    key_size: int = 2048,
    subject_name: str | None = None,
    hash: str | None = "sha256",
    serial_number: bool = True,
    facts: PkiFacts | None = None,
    subject_alt_name: str | None = None,
) -> Result:
    """``crypto pki trustpoint TRUSTPOINT``: ``enrollment selfsigned``, ``rsakeypair LABEL SIZE``,
    ``subject-name``, ``subject-alt-name``, ``ip-address none`` and ``hash``, each changed only
    where it differs.
    """
    _words(task, trustpoint=trustpoint, key_label=key_label, hash=hash)
    if subject_name is not None:
        check_text(subject_name, what="subject name", host=task.host.name)
    facts = _facts(task, facts)
    name = trustpoint
    options = RolloutOptions(
        trustpoint=name,
        key_size=key_size,
        subject_name=subject_name,
        subject_alt_name=subject_alt_name,
        hash=hash,
        serial_number=serial_number,
    )
    existing = facts.trustpoint_config(name)
    label = key_label or rsakeypair_label(existing) or name
    lines = trustpoint_lines(existing, label, options)
    diff = "\n".join([f"crypto pki trustpoint {name}"] + [f" {x}" for x in lines]) if lines else ""
    if lines and not task.is_dry_run():
        try:
            _in_config(task, [f"crypto pki trustpoint {name}", *lines, "exit"])
        except CommandRejected as exc:
            if "Invalid input" in exc.message and (exc.command or "").startswith("crypto pki"):
                hint = " (no crypto image? this IOS has no crypto commands: it needs k9)"
                raise exc.amended(exc.message + hint) from exc
            raise
        logger.info("%s: trustpoint %s: %s", task.host.name, name, "; ".join(lines))
    return Result(host=task.host, changed=bool(lines), diff=diff, result=lines)


def _selfsigned_answer(
    trustpoint: str, replace: bool, replaces: Sequence[str]
) -> Callable[[str], str | None]:
    def answer(text: str) -> str | None:
        named = _NAMED_TP.search(text)
        other = named.group(1) if named else None
        if other in replaces or (other == trustpoint and replace):
            return "yes"
        return None  # a trustpoint we did not plan to lose: abandon the dialog

    return answer


def _enroll_dialogs(conn: NetmikoLike, host: str, plan: Plan, timeout: float) -> list[Transcript]:
    """The key generation (when planned) and the enrollment dialog, in configuration mode."""
    done = config_prompt_pattern(conn)
    transcript = []
    if plan.generate_key:
        transcript.append(
            run_dialog(
                conn,
                host,
                plan.keygen_command(),
                table=KEYGEN_PROMPTS,
                answers=plan.keygen_answers(),
                done=done,
                timeout=timeout,
            )
        )
    answers: dict[str, Answer] = dict(plan.enroll_answers())
    answers["replace_selfsigned"] = _selfsigned_answer(
        plan.trustpoint, plan.replace_certificate, plan.remove_trustpoints
    )
    transcript.append(
        run_dialog(
            conn,
            host,
            f"crypto pki enroll {plan.trustpoint}",
            table=ENROLL_PROMPTS,
            answers=answers,
            done=done,
            timeout=timeout,
        )
    )
    return transcript


def enroll_self_signed(
    task: Task,
    *,
    trustpoint: str,
    key_label: str | None = None,
    key_size: int = 2048,
    new_key: bool = False,
    replace: bool = False,
    replaces: Sequence[str] = (),
    serial_number: bool = True,
    timeout: float = 600.0,
) -> Result:
    """``crypto pki enroll TRUSTPOINT`` answered from the prompt table (``new_key``: first
    ``crypto key generate rsa`` for ``key_label``). ``replace`` allows replacing the trustpoint's
    certificate, ``replaces`` names the other self-signed trustpoints the device may delete."""
    _words(task, trustpoint=trustpoint, key_label=key_label)
    for other in replaces:
        _words(task, trustpoint=other)
    plan = Plan(
        task.host.name,
        trustpoint,
        key_label or trustpoint,
        key_size,
        generate_key=new_key,
        enroll=True,
        replace_certificate=replace,
        remove_trustpoints=tuple(replaces),
        serial_number=serial_number,
    )
    diff_lines = [x for x in plan.cli() if x not in ("configure terminal", "end")]
    if task.is_dry_run():
        return Result(host=task.host, changed=True, diff="\n".join(diff_lines))
    conn = connect(task)
    host = task.host.name
    try:
        with config_mode(conn, host):
            transcript = _enroll_dialogs(conn, host, plan, timeout)
    except CommandRejected as exc:
        if "Failed to generate" in exc.message:
            hint = (
                " (images hit by Cisco FN70489 cannot make self-signed certificates after"
                " 2020-01-01: upgrade IOS; also check hostname and ip domain-name)"
            )
            raise exc.amended(exc.message + hint) from exc
        raise
    lines = []
    for part in transcript:
        lines.append(part.command)
        lines += [f" ! answer {question} {answer}" for question, answer in part.answers]
    logger.info("%s: enrolled %s (new key: %s)", host, trustpoint, new_key)
    return Result(host=task.host, changed=True, diff="\n".join(lines), result=transcript)


def remove_trustpoint(task: Task, *, trustpoint: str) -> Result:
    """``no crypto pki trustpoint TRUSTPOINT`` (confirming the removal), if it is configured."""
    _words(task, trustpoint=trustpoint)
    name = trustpoint
    if task.is_dry_run():
        return Result(host=task.host, changed=True, diff=f"no crypto pki trustpoint {name}")
    conn = connect(task)
    host = task.host.name
    present = send(conn, host, "show running-config | include ^crypto pki trustpoint")
    if not re.search(rf"^crypto pki trustpoint {re.escape(name)}\s*$", present, re.M):
        return Result(host=task.host, changed=False, result=None)
    with config_mode(conn, host):
        run_dialog(
            conn,
            host,
            f"no crypto pki trustpoint {name}",
            table=REMOVE_PROMPTS,
            answers={"remove_trustpoint": "yes"},
            done=config_prompt_pattern(conn),
        )
    logger.info("%s: removed trustpoint %s", host, name)
    return Result(host=task.host, changed=True, diff=f"no crypto pki trustpoint {name}")


def ensure_https(task: Task, *, trustpoint: str, facts: PkiFacts | None = None) -> Result:
    """``ip http secure-trustpoint TRUSTPOINT`` and ``ip http secure-server``, where missing."""
    _words(task, trustpoint=trustpoint)
    facts = _facts(task, facts)
    others = [t for t in facts.self_signed_trustpoints() if t != trustpoint]
    lines = https_lines(facts, trustpoint, others)
    if lines and not task.is_dry_run():
        _in_config(task, lines)
        logger.info("%s: https: %s", task.host.name, "; ".join(lines))
    return Result(host=task.host, changed=bool(lines), diff="\n".join(lines), result=lines)


def save_config(task: Task, *, trustpoint: str | None = None, timeout: float = 120.0) -> Result:
    """``write memory``: check ``[OK]``, then that startup holds the same certificate as running.

    The result is the facts read after the save (running and startup).
    """
    _words(task, trustpoint=trustpoint)
    if task.is_dry_run():
        return Result(host=task.host, changed=True, diff="write memory")
    conn = connect(task)
    host = task.host.name
    try:
        saved = run_dialog(
            conn,
            host,
            "write memory",
            table=SAVE_PROMPTS,
            answers={"destination": "", "overwrite": ""},
            done=prompt_pattern(conn),
            timeout=timeout,
        )
    except CommandRejected as exc:
        raise SaveFailed(exc.message, host=host, command="write memory", seen=exc.seen) from exc
    if "[OK]" not in saved.text:
        raise SaveFailed(
            "no [OK] after write memory", host=host, command="write memory", seen=saved.text[-400:]
        )
    facts = read_facts(conn, host, detail=False, uptime=False)
    name = trustpoint or facts.https_trustpoint()
    if name and facts.certificate(name) and not facts.saved(name):
        raise SaveFailed(
            f"startup-config does not hold the certificate of {name} after the save",
            host=host,
            command="show startup-config",
        )
    return Result(host=task.host, changed=True, diff="write memory", result=facts)


__all__ = [
    "TaskError",
    "enroll_self_signed",
    "ensure_https",
    "ensure_trustpoint",
    "remove_trustpoint",
    "save_config",
]
