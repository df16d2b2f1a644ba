"""``show crypto key mypubkey rsa [label]`` and ``... all``: one record per key pair."""

from __future__ import annotations

import base64
import hashlib
from typing import Any

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization

from parsers import ttp_runner
from parsers.certificate import der_length, hex_to_der
from parsers.dates import ios_date_iso
from parsers.errors import ParseError
from parsers.text import CleanText, clean
from parsers.ttp_runner import as_dict, as_list, scalar
from parsers.types import KeyPair

TEMPLATE = "show_crypto_key_mypubkey_rsa"


def _merge(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Join each lone ``generated_at`` group to the key that follows it."""
    keys: list[dict[str, Any]] = []
    pending: str | None = None
    for item in items:
        if "name" not in item:
            pending = item.get("generated_at", pending)
            continue
        if pending is not None and "generated_at" not in item:
            item["generated_at"] = pending
        pending = None
        keys.append(item)
    return keys


def _first_line(cleaned: CleanText, name: str) -> int:
    """Original line number of the first key data line of key ``name``."""
    seen = False
    for index, line in enumerate(cleaned.lines):
        stripped = line.strip()
        if stripped == f"Key name: {name}":
            seen = True
        elif seen and stripped == "Key Data:":
            return cleaned.original_line(index + 1)
    return 1


def _key_data(
    item: dict[str, Any], cleaned: CleanText, command: str, text: str
) -> tuple[str | None, str | None, int | None, str | None]:
    """(hex, SPKI pin, size, type) of the key data; ``ParseError`` when the hex is damaged."""
    hex_text = scalar(as_dict(item.get("data"), "Key Data"), "lines") or ""
    if not hex_text.strip():
        return None, None, None, None
    name = str(item["name"])
    first = _first_line(cleaned, name)
    try:
        der = hex_to_der(hex_text, chain=name, first_line=first)
    except ParseError as exc:
        raise exc.located(command=command, text=text) from exc
    if der_length(der) != len(der):
        raise ParseError(
            "key data is incomplete or damaged", command=command, text=text, chain=name, line=first
        )
    try:
        key = serialization.load_der_public_key(der)
    except (ValueError, UnsupportedAlgorithm) as exc:
        raise ParseError(
            f"key data is not a public key: {exc}", command=command, chain=name, line=first
        ) from exc
    pin = base64.b64encode(hashlib.sha256(der).digest()).decode("ascii")
    size = getattr(key, "key_size", None)
    if size is None:
        curve = getattr(key, "curve", None)
        size = getattr(curve, "key_size", None)
    kind = type(key).__name__.replace("PublicKey", "").replace("_", "").upper()
    kind = "EC" if "ELLIPTIC" in kind else "RSA" if "RSA" in kind else kind
    return der.hex().upper(), pin, size if isinstance(size, int) else None, kind


def _record(item: dict[str, Any], cleaned: CleanText, command: str, text: str) -> KeyPair:
    hex_der, pin, decoded_size, decoded_type = _key_data(item, cleaned, command, text)
    bits = item.get("key_bits")
    exportable = item.get("exportable")
    name = str(item["name"])
    return KeyPair(
        name=name,
        key_type=str(item.get("key_type") or decoded_type or "RSA"),
        key_size=int(bits) if bits and str(bits).isdigit() else decoded_size,
        generated_at=item.get("generated_at"),
        generated_at_iso=ios_date_iso(item.get("generated_at")),
        usage=item.get("usage"),
        exportable=None if exportable is None else exportable == "exportable",
        redundancy=item.get("redundancy") == "enabled",
        storage_device=item.get("storage_device"),
        temporary=item.get("temporary") == "yes",
        server=name.endswith(".server"),
        key_data=hex_der,
        spki_sha256_b64=pin,
    )


def parse_keys(text: str, *, command: str, template: str = TEMPLATE) -> list[KeyPair]:
    """Every key pair in order; ``[]`` for empty output."""
    cleaned = clean(text, command=command)
    lines = [line.strip() for line in cleaned.lines]
    if not any(lines):
        return []
    names = sum(1 for line in lines if line.startswith("Key name:"))
    if not names:
        raise ParseError("no 'Key name:' line in this output", command=command, text=text[:200])
    flat = CleanText(lines, cleaned.numbers)
    raw = ttp_runner.run(template, "\n".join(lines) + "\n")
    keys = [_record(item, flat, command, text) for item in _merge(as_list(raw.get("keys")))]
    if len(keys) != names:
        raise ParseError(
            f"found {names} keys but parsed {len(keys)}", command=command, text=text[:200]
        )
    return keys
