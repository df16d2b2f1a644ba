"""What the rollout will do on one host, decided from its facts alone (a pure function).

``plan_host(facts, options)`` returns a ``Plan``: the trustpoint lines that differ, whether a new
key and a new certificate are needed, which other self-signed trustpoints go, the HTTPS lines, and
whether to save. ``Plan.cli()`` is the exact CLI, dialog answers included, that ``--dry-run``
prints. A healthy, saved certificate with the wanted key size yields an empty plan.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from tasks.facts import PkiFacts
from tasks.policy import certificate_problems
from tasks.prompts import ENROLL_PROMPTS, KEYGEN_PROMPTS, REMOVE_PROMPTS, Prompt

DEFAULT_TRUSTPOINT = "PSSC-SELF-SIGNED"


@dataclass(frozen=True)
class RolloutOptions:
    trustpoint: str | None = None  # None: reuse the self-signed trustpoint, else DEFAULT_TRUSTPOINT
    key_size: int = 2048
    min_key_size: int = 2048
    subject_name: str | None = None
    hash: str | None = "sha256"  # `hash` under the trustpoint (None: leave the device default)
    serial_number: bool = True  # answer yes to "Include the router serial number ...?"
    subject_alt_name: str | None = None  # per host, set by the rollout (tasks.san)
    cn_fallback: str | None = None  # subject of new certificates where the image has no SAN
    san: bool = True  # name the device in the certificates it makes (tasks.san)
    rotate: bool = False
    fix: bool = False
    prune_keys: bool = False  # remove the key pairs no trustpoint uses, after the save


@dataclass(frozen=True)
class Plan:
    host: str
    trustpoint: str
    key_label: str
    key_size: int
    reasons: tuple[str, ...] = ()
    trustpoint_lines: tuple[str, ...] = ()
    generate_key: bool = False
    enroll: bool = False
    replace_certificate: bool = False
    remove_trustpoints: tuple[str, ...] = ()
    https_lines: tuple[str, ...] = ()
    save: bool = False
    blocked: str | None = None
    serial_number: bool = True
    asks_serial: bool = True  # the trustpoint has no serial-number line: the device asks
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def changes_config(self) -> bool:
        return bool(
            self.trustpoint_lines
            or self.generate_key
            or self.enroll
            or self.remove_trustpoints
            or self.https_lines
        )

    @property
    def empty(self) -> bool:
        return not (self.changes_config or self.save)

    def keygen_command(self) -> str:
        return (
            f"crypto key generate rsa general-keys label {self.key_label} modulus {self.key_size}"
        )

    def keygen_answers(self) -> dict[str, str | None]:
        return {"replace_keys": "yes", "modulus": str(self.key_size)}

    def enroll_answers(self) -> dict[str, str | None]:
        return {
            "serial": "yes" if self.serial_number else "no",
            "ip": "no",
            "ip_value": None,
            "generate": "yes",
            "replace_certificate": "yes" if self.replace_certificate else None,
            "replace_selfsigned": "yes" if self.remove_trustpoints else None,
        }

    def cli(self) -> list[str]:
        """The CLI this plan sends, in order; ``!`` lines are the answers to dialog questions."""
        lines: list[str] = []
        if self.changes_config:
            lines.append("configure terminal")
        if self.trustpoint_lines:
            lines.append(f"crypto pki trustpoint {self.trustpoint}")
            lines += [f" {line}" for line in self.trustpoint_lines]
            lines.append(" exit")
        if self.generate_key:
            lines.append(self.keygen_command())
            lines += _answer_lines(KEYGEN_PROMPTS, self.keygen_answers(), only=("replace_keys",))
        if self.enroll:
            lines.append(f"crypto pki enroll {self.trustpoint}")
            shown = ["serial", "generate"] if self.asks_serial else ["generate"]
            if self.replace_certificate:
                shown.insert(0, "replace_certificate")
            if self.remove_trustpoints:
                shown.insert(0, "replace_selfsigned")
            lines += _answer_lines(ENROLL_PROMPTS, self.enroll_answers(), only=tuple(shown))
        lines += list(self.https_lines)
        for name in self.remove_trustpoints:
            lines.append(f"no crypto pki trustpoint {name}")
            lines += _answer_lines(REMOVE_PROMPTS, {"remove_trustpoint": "yes"})
        if self.changes_config:
            lines.append("end")
        if self.save:
            lines.append("write memory")
        return lines


def _answer_lines(
    table: tuple[Prompt, ...], answers: dict[str, Any], only: tuple[str, ...] = ()
) -> list[str]:
    out = []
    for prompt in table:
        answer = answers.get(prompt.name)
        if answer is None or (only and prompt.name not in only):
            continue
        if callable(answer):
            answer = "yes"
        out.append(f" ! answer {prompt.sample.strip()} {answer}")
    return out


def choose_trustpoint(facts: PkiFacts, options: RolloutOptions) -> str:
    """``--trustpoint``, else the self-signed trustpoint HTTPS uses, else the default name."""
    if options.trustpoint:
        return options.trustpoint
    selfsigned = facts.self_signed_trustpoints()
    bound = facts.running["http"].get("secure_trustpoint")
    if bound and bound in selfsigned:
        return bound
    return selfsigned[0] if selfsigned else DEFAULT_TRUSTPOINT


def rsakeypair_label(existing: Mapping[str, Any] | None) -> str | None:
    """The ``rsakeypair`` label of a parsed trustpoint block, if it names one.

    >>> rsakeypair_label({"rsakeypair": {"label": "K", "key_size": 2048}}), rsakeypair_label(None)
    ('K', None)
    """
    pair = (existing or {}).get("rsakeypair") or {}
    label = pair.get("label")
    return str(label) if label else None


def trustpoint_lines(
    existing: Mapping[str, Any] | None, label: str, options: RolloutOptions
) -> list[str]:
    """Sub-commands of ``crypto pki trustpoint`` that differ from what is configured."""
    tp = existing or {}
    lines = []
    if tp.get("enrollment") != "selfsigned":
        lines.append("enrollment selfsigned")
    subject = options.subject_name or options.cn_fallback
    if subject and tp.get("subject_name") != subject:
        lines.append(f"subject-name {subject}")
    if options.subject_alt_name and tp.get("subject_alt_name") != options.subject_alt_name:
        lines.append(f"subject-alt-name {options.subject_alt_name}")
    if tp.get("ip_address") != "none":
        lines.append("ip-address none")
    pair = tp.get("rsakeypair") or {}
    if pair.get("label") != label or pair.get("key_size") != options.key_size:
        lines.append(f"rsakeypair {label} {options.key_size}")
    if options.hash and tp.get("hash") != options.hash:
        lines.append(f"hash {options.hash}")
    return lines


@dataclass(frozen=True)
class _Verdict:
    enroll: bool = False
    new_key: bool = False
    reasons: tuple[str, ...] = ()
    blocked: str | None = None


def _certificate_verdict(
    facts: PkiFacts, tp: str, options: RolloutOptions, now: datetime | None
) -> _Verdict:
    """Whether the trustpoint's present certificate must be replaced, and with a new key."""
    cert = facts.certificate(tp)
    if cert is None:
        return _Verdict(enroll=True, reasons=(f"{tp} holds no certificate",))
    problems = certificate_problems(cert, min_key_size=options.min_key_size, now=now)
    if problems:
        text = f"certificate of {tp} is rejected by policy: {'; '.join(problems)}"
        if not options.fix:
            return _Verdict(reasons=(text,), blocked=f"{text}; run with --fix to replace it")
        return _Verdict(True, True, (text + " (--fix)",))
    if options.rotate:
        return _Verdict(True, True, ("--rotate: new key and certificate",))
    if cert["key_size"] != options.key_size:
        return _Verdict(True, True, (f"{cert['key_size']}-bit key, {options.key_size} wanted",))
    subject = options.subject_name
    tp_config = facts.trustpoint_config(tp)
    if subject and (tp_config["subject_name"] if tp_config else None) != subject:
        return _Verdict(True, False, (f"subject-name {subject!r} wanted",))
    san = options.subject_alt_name
    if san and (tp_config["subject_alt_name"] if tp_config else None) != san:
        return _Verdict(True, False, (f"subject-alt-name {san} wanted (the device's name)",))
    return _Verdict()


def https_lines(facts: PkiFacts, tp: str, others: list[str]) -> list[str]:
    # Always bind explicitly: an implicit choice of "the one self-signed trustpoint" changes as
    # soon as a second trustpoint appears, and the audit flags an unbound HTTPS server.
    http = facts.running["http"]
    lines = []
    if http.get("secure_trustpoint") != tp:
        lines.append(f"ip http secure-trustpoint {tp}")
    if not http.get("secure_server"):
        lines.append("ip http secure-server")
    return lines


def https_reasons(facts: PkiFacts, tp: str, lines: Sequence[str]) -> list[str]:
    """Why the HTTPS lines of the plan are sent (every change says why)."""
    out = []
    if f"ip http secure-trustpoint {tp}" in lines:
        bound = facts.running["http"].get("secure_trustpoint")
        out.append(f"HTTPS is bound to {bound}, not {tp}" if bound else f"HTTPS not bound to {tp}")
    if "ip http secure-server" in lines:
        out.append("the HTTPS server is off (no ip http secure-server)")
    return out


def _needs_save(facts: PkiFacts, tp: str, changes: bool) -> bool:
    if changes or not facts.saved(tp):
        return True
    startup = facts.startup["http"]
    running = facts.running["http"]
    if not startup.get("secure_server") or startup.get("secure_trustpoint") != running.get(
        "secure_trustpoint"
    ):
        return True
    return facts.self_signed_trustpoints("startup") != facts.self_signed_trustpoints("running")


def plan_host(facts: PkiFacts, options: RolloutOptions, *, now: datetime | None = None) -> Plan:
    """Decide what to do on this host; see the module docstring."""
    tp = choose_trustpoint(facts, options)
    existing = facts.trustpoint_config(tp)
    label = rsakeypair_label(existing) or tp
    others = [name for name in facts.self_signed_trustpoints() if name != tp]
    bound = facts.running["http"].get("secure_trustpoint")
    base = Plan(
        facts.host,
        tp,
        label,
        options.key_size,
        serial_number=options.serial_number,
        asks_serial=existing is None or existing.get("serial_number") is None,
    )
    if bound and bound != tp and bound not in others and not options.fix:
        text = f"HTTPS uses trustpoint {bound}, which is not self-signed; pssc leaves it alone"
        return replace(base, reasons=(text,), blocked=f"{text} (--fix replaces it)")
    verdict = _certificate_verdict(facts, tp, options, now)
    if verdict.blocked:
        return replace(base, reasons=verdict.reasons, blocked=verdict.blocked)
    enroll, reasons = verdict.enroll, list(verdict.reasons)
    cert = facts.certificate(tp)
    pair = existing.get("rsakeypair") if existing else None
    if (
        existing is not None
        and enroll
        and (verdict.new_key or (pair["key_size"] if pair else None) != options.key_size)
    ):
        # a new key under a new label: the old key and certificate stay intact until the new
        # certificate exists, so a failed enrollment can be taken back by restoring one line
        label = new_key_label(tp, now)
    tp_lines = trustpoint_lines(existing, label, options) if enroll else []
    https = https_lines(facts, tp, others)
    if others:
        reasons.append(f"replaces self-signed trustpoint(s) {', '.join(others)}")
    reasons += https_reasons(facts, tp, https)
    changes = bool(tp_lines or enroll or others or https)
    save = _needs_save(facts, tp, changes)
    if save and not enroll and cert is not None and not facts.saved(tp):
        reasons.append(f"the certificate of {tp} is not in the startup configuration")
    elif save and not reasons:
        reasons.append("the startup configuration does not hold it all yet (certificate or HTTPS)")
    return replace(
        base,
        reasons=tuple(reasons),
        key_label=label,
        trustpoint_lines=tuple(tp_lines),
        enroll=enroll,
        replace_certificate=enroll and cert is not None,
        remove_trustpoints=tuple(others),
        https_lines=tuple(https),
        save=save,
    )


def new_key_label(trustpoint: str, now: datetime | None = None) -> str:
    """A key label that no key has yet: the trustpoint name and the time.

    >>> new_key_label("TP", datetime(2026, 11, 28, 3, 4, 5, tzinfo=UTC))
    'TP-20261128030405'
    """
    return f"{trustpoint}-{(now or datetime.now(UTC)):%Y%m%d%H%M%S}"


def restore_lines(existing: Mapping[str, Any], changed: Sequence[str]) -> list[str]:
    """Sub-commands that put back what ``changed`` altered in the trustpoint ``existing``.

    >>> tp = {"rsakeypair": {"label": "OLD", "key_size": 1024}, "hash": None}
    >>> restore_lines(tp, ["rsakeypair NEW 2048", "hash sha256"])
    ['rsakeypair OLD 1024', 'no hash sha256']
    """
    out = []
    for line in changed:
        word = line.split()[0]
        if word == "rsakeypair":
            pair = existing.get("rsakeypair") or {}
            size = f" {pair['key_size']}" if pair.get("key_size") else ""
            out.append(f"rsakeypair {pair['label']}{size}" if pair else "no rsakeypair")
        elif word in ("enrollment", "subject-name", "subject-alt-name", "ip-address", "hash"):
            key = word.replace("-", "_")
            value = existing.get(key)
            out.append(f"{word} {value}" if value else f"no {line}")
    return out


def enrolled_by_run(before: PkiFacts, after: PkiFacts, plan: Plan) -> bool:
    """Did this run make the certificate it leaves on ``plan.trustpoint``? Only when it enrolled
    one and the fingerprint read back now is none the host held (running or startup) before."""
    cert = after.certificate(plan.trustpoint)
    if not plan.enroll or cert is None:
        return False
    held = {
        info["sha256"]
        for where in ("running", "startup")
        for chain in before.config(where)["certificate_chains"]
        for c in chain["certificates"]
        if (info := c.get("certificate")) is not None
    }
    return cert["sha256"] not in held
