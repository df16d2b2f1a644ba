"""``show crypto pki certificates pem [TP]``: each PEM certificate, decoded when it is intact."""

from __future__ import annotations

import base64
import binascii
import re
from typing import Any

from parsers import ttp_runner
from parsers.certificate import decode_der
from parsers.errors import ParseError
from parsers.text import flat_lines
from parsers.ttp_runner import as_list, scalar
from parsers.types import PemCertificate

TEMPLATE = "show_crypto_pki_certificates_pem"
_PEM = re.compile(r"-----BEGIN CERTIFICATE-----(.*?)-----END CERTIFICATE-----", re.S)


def _decode(body: str) -> tuple[str, Any, str | None]:
    match = _PEM.search(body)
    if match is None:
        return body.strip(), None, "no BEGIN/END CERTIFICATE lines"
    pem = match.group(0)
    try:
        der = base64.b64decode("".join(match.group(1).split()), validate=True)
    except (binascii.Error, ValueError):
        return pem, None, "the PEM body is not base64"
    try:
        return pem, decode_der(der), None
    except ParseError:
        return pem, None, "the PEM body is not an X.509 certificate"


def parse_pem(text: str, *, command: str) -> list[PemCertificate]:
    """Every PEM certificate in order, with its trustpoint and label; ``[]`` for empty output."""
    lines = flat_lines(text, command)
    if not any(lines):
        return []
    if not any(line.startswith("-----BEGIN CERTIFICATE-----") for line in lines):
        raise ParseError("no PEM certificate in this output", command=command, text=text[:200])
    raw = ttp_runner.run(TEMPLATE, "\n".join(lines) + "\n")
    records: list[PemCertificate] = []
    for block in as_list(raw.get("trustpoints")):
        for item in as_list(block.get("certificates")):
            pem, cert, error = _decode(scalar(item, "body") or "")
            records.append(
                PemCertificate(
                    trustpoint=scalar(block, "name"),
                    label=scalar(item, "label") or "",
                    pem=pem,
                    certificate=cert,
                    error=error,
                )
            )
    if not records:
        raise ParseError("no '% LABEL:' line before the PEM", command=command, text=text[:200])
    return records
