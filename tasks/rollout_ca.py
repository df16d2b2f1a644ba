"""``rollout_ca``: a CA-issued HTTPS certificate on one host, by terminal enrollment.

The trustpoint (``PSSC-CA`` unless ``--trustpoint``) gets ``enrollment terminal`` and the
device's name (``tasks.san``); the CA certificate is pasted (``crypto pki authenticate``), the
device makes its key and request (``crypto pki enroll``), the CA signs it with the device's names
(``tasks.ca``), the certificate is pasted back (``crypto pki import``), HTTPS is bound to it, the
configuration saved and read back. A host whose trustpoint already holds a certificate from this
CA, bound and saved, is left alone unless ``rotate`` (``pssc renew``). Nothing is saved before
the new certificate is in place and checked; when a step fails before that, a trustpoint this run
created is removed and one it changed gets its old lines back.
"""

from __future__ import annotations

import logging

from nornir.core.task import Result, Task

from parsers.certificate import issued_by
from parsers.show_version import parse_release
from parsers.types import CertificateInfo
from tasks.ca import Signer
from tasks.enroll_ca import CA_TRUSTPOINT, authenticate, ca_trustpoint_lines, install, request
from tasks.errors import CommandRejected, TaskError, VerifyFailed
from tasks.facts import SHOW_VERSION, PkiFacts, read_facts
from tasks.plan import RolloutOptions, https_lines, restore_lines, rsakeypair_label
from tasks.rollout import HostOutcome
from tasks.san import HostNames, host_names, with_names
from tasks.session import close, config_lines, config_mode, connect, send
from tasks.steps import remove_trustpoint, save_config

logger = logging.getLogger(__name__)


def router_certificate(facts: PkiFacts, tp: str, where: str = "running") -> CertificateInfo | None:
    """The router's own certificate in the trustpoint's chain (not the CA's)."""
    for chain in facts.config(where)["certificate_chains"]:
        if chain["trustpoint"] == tp:
            for entry in chain["certificates"]:
                if entry.get("type") == "router" and entry.get("certificate"):
                    return entry["certificate"]
    return None


def ca_certificate(facts: PkiFacts, tp: str) -> CertificateInfo | None:
    for chain in facts.running["certificate_chains"]:
        if chain["trustpoint"] == tp:
            for entry in chain["certificates"]:
                if entry.get("type") == "ca" and entry.get("certificate"):
                    return entry["certificate"]
    return None


def _from_ca(cert: CertificateInfo | None, ca_der: bytes) -> bool:
    return cert is not None and issued_by(bytes.fromhex(cert["der_hex"]), ca_der)


def _outcome(
    facts: PkiFacts, tp: str, status: str, reasons: list[str], cli: list[str]
) -> HostOutcome:
    cert = router_certificate(facts, tp)
    saved = cert is not None and cert == router_certificate(facts, tp, "startup")
    return HostOutcome(
        host=facts.host,
        status=status,
        trustpoint=tp,
        serial=cert["serial"] if cert else None,
        sha256=cert["sha256"] if cert else None,
        not_after=cert["not_after"] if cert else None,
        saved=saved,
        reasons=reasons,
        cli=cli,
    )


def _cli(tp: str, lines: list[str], https: list[str], reenroll: bool, ca_subject: str) -> list[str]:
    cli = ["configure terminal"]
    if lines:
        cli += [f"crypto pki trustpoint {tp}", *(f" {x}" for x in lines), " exit"]
    if not reenroll:
        cli += [f"crypto pki authenticate {tp}", f" ! paste the CA certificate ({ca_subject})"]
        cli.append(" ! answer % Do you accept this certificate? [yes/no]: yes (fingerprints match)")
    cli.append(f"crypto pki enroll {tp}")
    if reenroll:
        cli.append(" ! answer Do you want to continue with re-enrollment? [yes/no]: yes")
    cli += [
        " ! answer Display Certificate Request to terminal? [yes/no]: yes",
        f" ! the request is signed by {ca_subject}",
        f"crypto pki import {tp} certificate",
        " ! paste the signed certificate",
        *https,
        "end",
        "write memory",
    ]
    return cli


def rollout_ca(
    task: Task, *, options: RolloutOptions, signer: Signer, close_session: bool = True
) -> Result:
    """Plan, apply (unless dry run) and check; ``result`` is a ``HostOutcome``."""
    from cryptography.hazmat.primitives.serialization import Encoding

    host = task.host.name
    tp = options.trustpoint or CA_TRUSTPOINT
    ca_der = signer.ca_certificate.public_bytes(Encoding.DER)
    ca_subject = signer.ca_certificate.subject.rfc4514_string()
    try:
        conn = connect(task)
        before = read_facts(conn, host, detail=False, uptime=False)
        names = host_names(host, task.host.hostname, task.host.data)
        named, note = with_names(options, names, parse_release(send(conn, host, SHOW_VERSION)))
        reasons = [note] if note else []
        existing = before.trustpoint_config(tp)
        current = router_certificate(before, tp)
        bound = before.https_trustpoint() == tp
        if _from_ca(current, ca_der) and not options.rotate and bound and before.saved(tp):
            return Result(host=task.host, result=_outcome(before, tp, "unchanged", [], []))
        held = ca_certificate(before, tp)
        if held is not None and held["der_hex"] != ca_der.hex().upper():
            raise CommandRejected(
                f"trustpoint {tp} holds another CA certificate ({held['subject']}); "
                "use --trustpoint NEW",
                host=host,
            )
        if _from_ca(current, ca_der):
            reasons.append(f"{tp}: a new certificate from {ca_subject} (rotate or renew)")
        else:
            reasons.append(f"{tp} holds no certificate from {ca_subject}")
        label = rsakeypair_label(existing) or tp
        lines = ca_trustpoint_lines(
            existing,
            label,
            options.key_size,
            subject_name=named.subject_name or named.cn_fallback,
            subject_alt_name=named.subject_alt_name,
        )
        https = https_lines(before, tp, [])
        cli = _cli(tp, lines, https, held is not None, ca_subject)
        if task.is_dry_run():
            outcome = _outcome(before, tp, "changed", reasons, cli)
            outcome.dry_run = True
            return Result(host=task.host, result=outcome, changed=True, diff="\n".join(cli))
        after = _apply(task, before, tp, lines, signer, names, reenroll=current is not None)
        _check(after, tp, ca_der, names)
        outcome = _outcome(after, tp, "changed", reasons, cli)
        return Result(host=task.host, result=outcome, changed=True, diff="\n".join(cli))
    finally:
        if close_session:
            close(task)


def _apply(
    task: Task,
    before: PkiFacts,
    tp: str,
    lines: list[str],
    signer: Signer,
    names: HostNames,
    *,
    reenroll: bool,
) -> PkiFacts:
    host = task.host.name
    conn = connect(task)
    try:
        with config_mode(conn, host):
            if lines:
                config_lines(conn, host, [f"crypto pki trustpoint {tp}", *lines, "exit"])
            if ca_certificate(before, tp) is None:
                authenticate(conn, host, tp, signer)
            csr = request(conn, host, tp, reenroll=reenroll)
            pem = signer.sign(csr, host=host, dns=names.dns, ip=names.ip)
            install(conn, host, tp, pem)
    except TaskError as exc:
        _undo(task, before, tp, lines)
        raise exc.amended(exc.message + "; nothing was saved") from exc
    logger.info("%s: %s holds a certificate from %s", host, tp, signer.ca_certificate.subject)
    facts = read_facts(conn, host, detail=False, uptime=False, startup=before.startup)
    try:
        with config_mode(conn, host):
            https = https_lines(facts, tp, [])
            if https:
                config_lines(conn, host, https)
    except TaskError as exc:
        raise exc.amended(exc.message + "; nothing was saved") from exc
    saved: PkiFacts = save_config(task, trustpoint=tp).result
    return saved


def _undo(task: Task, before: PkiFacts, tp: str, lines: list[str]) -> None:
    """Best effort: the trustpoint as it was (removed when this run created it)."""
    existing = before.trustpoint_config(tp)
    close(task)  # the session may be the one that broke
    try:
        if existing is None:
            remove_trustpoint(task, trustpoint=tp)
            return
        back = restore_lines(existing, lines)
        if back:
            conn = connect(task)
            with config_mode(conn, before.host):
                config_lines(conn, before.host, [f"crypto pki trustpoint {tp}", *back, "exit"])
    except TaskError as exc:
        logger.warning("%s: could not undo the change of %s: %s", before.host, tp, exc)


def _check(after: PkiFacts, tp: str, ca_der: bytes, names: HostNames) -> None:
    cert = router_certificate(after, tp)
    problems = []
    if not _from_ca(cert, ca_der):
        problems.append(f"{tp} holds no certificate from the CA")
    if cert is not None and cert != router_certificate(after, tp, "startup"):
        problems.append("the certificate is not in the startup configuration")
    if after.https_trustpoint() != tp or after.https_trustpoint("startup") != tp:
        problems.append(f"HTTPS uses {after.https_trustpoint()}, not {tp}")
    if not after.startup["http"].get("secure_server"):
        problems.append("ip http secure-server missing from startup-config")
    if problems:
        raise VerifyFailed("; ".join(problems), host=after.host, command="verify")


__all__ = ["CA_TRUSTPOINT", "rollout_ca", "router_certificate"]
