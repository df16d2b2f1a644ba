"""``show crypto pki certificates [TP] [verbose]``: one record per certificate block."""

from __future__ import annotations

import re
from typing import Any

from parsers import ttp_runner
from parsers.dates import ios_date_iso
from parsers.errors import ParseError
from parsers.text import compact_hex, flat_lines
from parsers.ttp_runner import as_dict, as_list, scalar
from parsers.types import ShowCertificate

TEMPLATE = "show_crypto_pki_certificates"
_KINDS = {
    "certificate": "router",
    "router certificate": "router",
    "router self-signed certificate": "self-signed",
    "ca certificate": "ca",
    "certificate request": "request",
}
_HEADING = re.compile(r"^(?:[A-Za-z][\w\- ]*[ ])?Certificate(?: Request)?$")


def kind_of(heading: str) -> str:
    """The kind of a certificate block from its heading.

    >>> kind_of("Router Self-Signed Certificate"), kind_of("RA Signature Certificate")
    ('self-signed', 'ra')
    """
    lowered = heading.lower()
    if lowered in _KINDS:
        return _KINDS[lowered]
    if lowered.startswith("ra "):
        return "ra"
    return lowered


def _lines(value: Any) -> list[str]:
    return [v.strip() for v in str(value or "").split("\n") if v.strip()]


def _int(value: Any) -> int | None:
    return int(value) if value is not None and str(value).isdigit() else None


def _record(raw: dict[str, Any]) -> ShowCertificate:
    issuer = _lines(as_dict(raw.get("issuer"), "Issuer").get("lines"))
    subject_group = as_dict(raw.get("subject"), "Subject")
    subject = _lines(subject_group.get("lines"))
    validity = as_dict(raw.get("validity"), "Validity Date")
    status = scalar(raw, "status")
    dates = {k: scalar(validity, k) for k in ("start", "end", "renew")}

    def get(key: str) -> str | None:
        return scalar(raw, key)

    return ShowCertificate(
        kind=kind_of(str(get("heading"))),
        heading=str(get("heading")),
        status=status,
        pending=bool(status and status.lower().startswith("pending")),
        serial=get("serial"),
        usage=get("usage"),
        issuer=",".join(issuer) or None,
        issuer_lines=issuer,
        subject=",".join(subject) or None,
        subject_lines=subject,
        subject_name=scalar(subject_group, "name"),
        subject_ip_address=scalar(subject_group, "ip_address"),
        subject_serial_number=scalar(subject_group, "serial_number"),
        crl_distribution_points=_lines(as_dict(raw.get("crl"), "CRL").get("urls")),
        start_date=dates["start"],
        start_date_iso=ios_date_iso(dates["start"]),
        end_date=dates["end"],
        end_date_iso=ios_date_iso(dates["end"]),
        renew_date=dates["renew"],
        renew_date_iso=ios_date_iso(dates["renew"]),
        associated_trustpoints=str(get("associated_trustpoints") or "").split(),
        storage=get("storage"),
        fingerprint=compact_hex(get("fingerprint")),
        fingerprint_md5=compact_hex(get("fingerprint_md5")),
        fingerprint_sha1=compact_hex(get("fingerprint_sha1")),
        version=_int(get("version")),
        public_key_algorithm=get("public_key_algorithm"),
        public_key_size=_int(get("public_key_size")),
        signature_algorithm=get("signature_algorithm"),
        key_usage_hex=get("key_usage_hex"),
        key_usage=[k for k in str(get("key_usage") or "").split(",") if k],
        subject_key_id=compact_hex(get("subject_key_id")),
        authority_key_id=compact_hex(get("authority_key_id")),
        install_time=get("install_time"),
        install_time_iso=ios_date_iso(get("install_time")),
        key_label=get("key_label"),
    )


def parse_certificates(
    text: str, *, command: str, template: str = TEMPLATE
) -> list[ShowCertificate]:
    """Every certificate block, in order; ``[]`` for empty output."""
    lines = flat_lines(text, command)
    if not any(lines):
        return []
    blocks = sum(1 for line in lines if _HEADING.match(line))
    if not blocks:
        raise ParseError("no certificate block in this output", command=command, text=text[:200])
    raw = ttp_runner.run(template, "\n".join(lines) + "\n")
    records = [_record(item) for item in as_list(raw.get("certificates"))]
    empty = [r["heading"] for r in records if _is_empty(r)]
    if len(records) != blocks or empty:
        raise ParseError(
            "a certificate block has none of the expected fields", command=command, text=text[:200]
        )
    return records


def _is_empty(record: ShowCertificate) -> bool:
    return not (record["status"] or record["serial"] or record["subject_lines"])
