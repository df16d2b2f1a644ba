"""The steps of a CA-issued certificate by terminal enrollment (``docs/ios-behaviour.md``
section 3, ``docs/prompts.md`` section 2), each a plain function over an open session:

``ca_trustpoint_lines`` (what differs: ``enrollment terminal``, ``subject-alt-name``,
``rsakeypair``, ...), ``authenticate`` (the CA certificate pasted; the fingerprint question
answered ``yes`` only when the fingerprints shown are the CA file's), ``request`` (``crypto pki
enroll``: the PKCS#10 request read from the output; the key is generated on the device and never
leaves it), ``install`` (``crypto pki import TP certificate``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

from cryptography.hazmat.primitives import serialization

from parsers.pki_terminal import fingerprints, request_der
from tasks.ca import Signer, ca_pem
from tasks.channel import NetmikoLike, config_prompt_pattern
from tasks.dialog import run_dialog
from tasks.errors import CommandRejected
from tasks.prompts import CA_AUTH_PROMPTS, CA_ENROLL_PROMPTS, IMPORT_PROMPTS

CA_TRUSTPOINT = "PSSC-CA"


def ca_trustpoint_lines(
    existing: Mapping[str, Any] | None,
    label: str,
    key_size: int,
    *,
    subject_name: str | None,
    subject_alt_name: str | None,
) -> list[str]:
    """Sub-commands of the CA trustpoint that differ from what is configured."""
    tp = existing or {}
    lines = []
    if tp.get("enrollment") != "terminal":
        lines.append("enrollment terminal")
    if subject_name and tp.get("subject_name") != subject_name:
        lines.append(f"subject-name {subject_name}")
    if subject_alt_name and tp.get("subject_alt_name") != subject_alt_name:
        lines.append(f"subject-alt-name {subject_alt_name}")
    if tp.get("serial_number") != "none":
        lines.append("serial-number none")
    if tp.get("ip_address") != "none":
        lines.append("ip-address none")
    if tp.get("revocation_check") != "none":
        lines.append("revocation-check none")
    pair = tp.get("rsakeypair") or {}
    if pair.get("label") != label or pair.get("key_size") != key_size:
        lines.append(f"rsakeypair {label} {key_size}")
    if tp.get("hash") != "sha256":
        lines.append("hash sha256")
    return lines


def ca_fingerprints(signer: Signer) -> dict[str, str]:
    der = signer.ca_certificate.public_bytes(serialization.Encoding.DER)
    return {
        "md5": hashlib.md5(der, usedforsecurity=False).hexdigest().upper(),
        "sha1": hashlib.sha1(der, usedforsecurity=False).hexdigest().upper(),
    }


def authenticate(conn: NetmikoLike, host: str, trustpoint: str, signer: Signer) -> None:
    """``crypto pki authenticate TP`` in configuration mode: paste the CA certificate."""
    wanted = ca_fingerprints(signer)

    def accept(text: str) -> str | None:
        shown = fingerprints(text)
        ok = bool(shown) and all(wanted.get(kind) == value for kind, value in shown.items())
        return "yes" if ok else None  # not the CA file's: abandon (answers no)

    done = run_dialog(
        conn,
        host,
        f"crypto pki authenticate {trustpoint}",
        table=CA_AUTH_PROMPTS,
        answers={"paste": ca_pem(signer).strip() + "\n", "accept_ca": accept},
        done=config_prompt_pattern(conn),
    )
    if "accept_ca" not in done.prompts or "successfully imported" not in done.text:
        raise CommandRejected(
            "the CA certificate was not accepted",
            host=host,
            command=f"crypto pki authenticate {trustpoint}",
            seen=done.text.strip()[-300:],
        )


def request(
    conn: NetmikoLike, host: str, trustpoint: str, *, reenroll: bool, timeout: float = 600.0
) -> bytes:
    """``crypto pki enroll TP`` (``enrollment terminal``): the DER of the request printed."""
    done = run_dialog(
        conn,
        host,
        f"crypto pki enroll {trustpoint}",
        table=CA_ENROLL_PROMPTS,
        answers={
            "replace_certificate": "yes" if reenroll else None,
            "serial": "no",
            "ip": "no",
            "display_request": "yes",
            "redisplay": "no",
        },
        done=config_prompt_pattern(conn),
        timeout=timeout,
    )
    return request_der(done.text)


def install(conn: NetmikoLike, host: str, trustpoint: str, pem: bytes) -> None:
    """``crypto pki import TP certificate``: paste the signed certificate."""
    command = f"crypto pki import {trustpoint} certificate"
    done = run_dialog(
        conn,
        host,
        command,
        table=IMPORT_PROMPTS,
        answers={"paste": pem.decode().strip() + "\n"},
        done=config_prompt_pattern(conn),
    )
    if "Certificate successfully imported" not in done.text:
        raise CommandRejected(
            "the device did not import the signed certificate",
            host=host,
            command=command,
            seen=done.text.strip()[-300:],
        )
