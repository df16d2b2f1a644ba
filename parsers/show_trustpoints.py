"""``show crypto pki trustpoints [TP]`` and ``... status``: one record per trustpoint."""

from __future__ import annotations

import re
from typing import Any

from parsers import ttp_runner
from parsers.errors import ParseError
from parsers.text import compact_hex, flat_lines
from parsers.ttp_runner import as_list, scalar
from parsers.types import CertificateState, ShowTrustpoint, TrustpointStatus

_HEADER = re.compile(r"^Trustpoint \S+:$")
_STATUS_ONLY = ("Keys generated", "Issuing CA certificate", "Issuing CA authenticated")


def _bodies(lines: list[str]) -> list[list[str]]:
    """Lines of each trustpoint's body (without the ``Trustpoint X:`` line)."""
    bodies: list[list[str]] = []
    for line in lines:
        if _HEADER.match(line):
            bodies.append([])
        elif bodies and line:
            bodies[-1].append(line)
    return bodies


def _prepare(text: str, command: str) -> tuple[list[str], list[list[str]]]:
    lines = flat_lines(text, command)
    if not any(lines):
        return [], []
    first = next(line for line in lines if line)
    if not _HEADER.match(first):
        raise ParseError(
            f"expected 'Trustpoint NAME:', got {first[:60]!r}", command=command, text=text[:200]
        )
    return lines, _bodies(lines)


def _subject(item: dict[str, Any], inline: str, multiline: str) -> tuple[str | None, list[str]]:
    lines = [v.strip() for v in str(item.get(multiline) or "").split("\n") if v.strip()]
    if item.get(inline):
        lines.insert(0, str(item[inline]).strip())
    return (",".join(lines) or None), lines


def parse_trustpoints(text: str, *, command: str) -> list[ShowTrustpoint]:
    """Every trustpoint of ``show crypto pki trustpoints``; ``[]`` for empty output."""
    lines, bodies = _prepare(text, command)
    if not lines:
        return []
    if any(line.startswith(_STATUS_ONLY) for body in bodies for line in body):
        raise ParseError(
            "this is the output of 'show crypto pki trustpoints status'",
            command=command,
            text=text[:200],
        )
    raw = ttp_runner.run("show_crypto_pki_trustpoints", "\n".join(lines) + "\n")
    records: list[ShowTrustpoint] = []
    for item, body in zip(as_list(raw.get("trustpoints")), bodies, strict=False):
        subject, subject_lines = _subject(item, "subject_inline", "subject_lines")
        records.append(
            ShowTrustpoint(
                name=str(scalar(item, "name")),
                subject=subject,
                subject_lines=subject_lines,
                serial=scalar(item, "serial"),
                certificate_configured=scalar(item, "certificate_configured") == "yes",
                persistent_self_signed=scalar(item, "persistent") == "yes",
                key_label=scalar(item, "key_label"),
                enrollment_url=_strip(scalar(item, "enrollment_url")),
                crl_query_url=_strip(scalar(item, "crl_query_url")),
                lines=body,
            )
        )
    _check_count(records, bodies, command, text)
    return records


def _strip(value: Any) -> str | None:
    return str(value).strip() or None if value is not None else None


def _check_count(records: list[Any], bodies: list[list[str]], command: str, text: str) -> None:
    if len(records) != len(bodies):
        raise ParseError(
            f"found {len(bodies)} trustpoints but parsed {len(records)}",
            command=command,
            text=text[:200],
        )


def _certificate_state(item: dict[str, Any]) -> CertificateState:
    subject, _ = _subject(item, "subject_inline", "subject_lines")
    requested = bool(scalar(item, "requested") or scalar(item, "requested_inline"))
    requested_subject = None
    if requested:
        requested_subject, _ = _subject(item, "requested_inline", "subject_lines")
        subject = None
    usage = scalar(item, "usage")
    plain = compact_hex(scalar(item, "fingerprint"))
    request = compact_hex(scalar(item, "request_fingerprint"))
    return CertificateState(
        role=scalar(item, "role") or ("router" if usage is not None else "ca"),
        usage=usage,
        state=str(scalar(item, "state") or "configured"),
        subject=subject,
        requested_subject=requested_subject,
        fingerprint_md5=compact_hex(scalar(item, "fingerprint_md5")) or _sized(plain, 32),
        fingerprint_sha1=compact_hex(scalar(item, "fingerprint_sha1")) or _sized(plain, 40),
        fingerprint=plain,
        request_fingerprint_md5=compact_hex(scalar(item, "request_fingerprint_md5"))
        or _sized(request, 32),
        request_fingerprint_sha1=compact_hex(scalar(item, "request_fingerprint_sha1"))
        or _sized(request, 40),
    )


def _sized(value: str | None, digits: int) -> str | None:
    """The fingerprint when it has this many hex digits (32: MD5, 40: SHA-1).

    >>> _sized("C21514AC1281594609F635EDFBB6CF31", 32)
    'C21514AC1281594609F635EDFBB6CF31'
    >>> _sized("C21514AC1281594609F635EDFBB6CF31", 40) is None
    True
    """
    return value if value is not None and len(value) == digits else None


def _yes(value: Any) -> bool | None:
    if value is None:
        return None
    return str(value).strip().lower().startswith("yes")


def _detail(value: Any) -> str | None:
    match = re.search(r"\((.*)\)", str(value or ""))
    return match.group(1) if match else None


def summarise(status: TrustpointStatus) -> str:
    """One word for a trustpoint's enrollment state (see ``TrustpointStatus``)."""
    last = (status["last_enrollment_status"] or "").lower()
    routers = status["router_certificates"]
    ca = status["ca_certificate"]
    if last.startswith(("rejected", "failed")):
        return "rejected" if last.startswith("rejected") else "failed"
    if any(r["state"] == "pending" for r in routers) or last.startswith("pending"):
        return "pending"
    if (status["certificate_requests"] or "").lower().startswith("pending"):
        return "pending"
    if ca is not None and ca["state"] == "pending":
        return "enrolling"
    if any(r["state"] == "configured" for r in routers):
        return "granted"
    if status["next_enrollment_attempt"]:
        return "autoenroll"
    if ca is not None and ca["state"] == "configured":
        return "authenticated"
    if status["persistent_self_signed"]:
        return "self-signed"
    if ca is not None or status["ca_authenticated"] is False:
        return "not-authenticated"
    return "unknown"


def _status_record(item: dict[str, Any], body: list[str]) -> TrustpointStatus:
    certs = [_certificate_state(c) for c in as_list(item.get("certificates"))]
    ca = next((c for c in certs if c["role"] == "ca"), None)
    if ca is None and scalar(item, "ca_not_configured"):
        ca = _certificate_state({"state": "not configured"})
    record = TrustpointStatus(
        name=str(scalar(item, "name")),
        state="unknown",
        ca_certificate=ca,
        router_certificates=[c for c in certs if c["role"] == "router"],
        last_enrollment_status=scalar(item, "last_enrollment_status"),
        next_enrollment_attempt=scalar(item, "next_enrollment_attempt"),
        enrollment_polling=next(
            (
                scalar(c, "enrollment_polling")
                for c in as_list(item.get("certificates"))
                if scalar(c, "enrollment_polling")
            ),
            None,
        ),
        keys_generated=_yes(scalar(item, "keys_generated")),
        keys_detail=_detail(scalar(item, "keys_generated")),
        ca_authenticated=_yes(scalar(item, "ca_authenticated")),
        certificate_requests=scalar(item, "certificate_requests"),
        persistent_self_signed=scalar(item, "persistent") == "yes",
        lines=body,
    )
    record["state"] = summarise(record)
    return record


def parse_trustpoints_status(text: str, *, command: str) -> list[TrustpointStatus]:
    """Every trustpoint of ``show crypto pki trustpoints status``; ``[]`` for empty output."""
    lines, bodies = _prepare(text, command)
    if not lines:
        return []
    raw = ttp_runner.run("show_crypto_pki_trustpoints_status", "\n".join(lines) + "\n")
    items = as_list(raw.get("trustpoints"))
    records = [_status_record(i, b) for i, b in zip(items, bodies, strict=False)]
    _check_count(records, bodies, command, text)
    return records
