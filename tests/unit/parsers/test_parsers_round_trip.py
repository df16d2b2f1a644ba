"""Every complete hex dump in the corpus copies decodes, re-encodes to itself and verifies."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from parsers import ParseError, parse
from parsers.certificate import decode_der, der_length

GOLDEN = Path(__file__).resolve().parents[2] / "golden"
_HEX_LINE = re.compile(r"^\s*(?:[0-9A-F]{1,8}\s+)*[0-9A-F]{1,8}\s*$")


def hex_dumps(text: str) -> list[bytes]:
    """Runs of hex lines found without the parser (so a dump it missed still counts).

    A blank line does not end a run: the seed document splits one key dump across two blocks.
    """
    dumps: list[bytes] = []
    run: list[str] = []

    def flush() -> None:
        if len(run) >= 2 and len("".join(run)) % 2 == 0:
            dumps.append(bytes.fromhex("".join(run)))
        run.clear()

    for line in text.replace("\r", "").split("\n"):
        if _HEX_LINE.match(line):
            run.append("".join(line.split()))
        elif line.strip():
            flush()
    flush()
    return dumps


def complete_dumps() -> list[tuple[str, bytes]]:
    found = []
    for path in sorted(GOLDEN.glob("*/*.txt")):
        for der in hex_dumps(path.read_text(encoding="utf-8")):
            if der_length(der) == len(der):
                found.append((f"{path.parent.name}/{path.stem}", der))
    return found


DUMPS = complete_dumps()


def _is_certificate(der: bytes) -> bool:
    try:
        x509.load_der_x509_certificate(der)
    except ValueError:
        return False
    return True


def test_the_corpus_has_certificates_and_keys() -> None:
    certificates = sum(1 for _, der in DUMPS if _is_certificate(der))
    assert certificates >= 3
    assert len(DUMPS) - certificates >= 10


@pytest.mark.parametrize(("source", "der"), DUMPS, ids=[s for s, _ in DUMPS])
def test_dump_round_trips(source: str, der: bytes) -> None:
    try:
        cert = x509.load_der_x509_certificate(der)
    except ValueError:
        key = serialization.load_der_public_key(der)
        spki = key.public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        assert spki == der
        return
    assert cert.public_bytes(serialization.Encoding.DER) == der
    info = decode_der(der)
    assert info["der_hex"] == der.hex().upper()
    assert info["self_signed"] is True  # every certificate dump in the corpus is a root
    assert info["signature_valid"] is True


def test_parser_decodes_every_certificate_dump() -> None:
    decoded = set()
    for path in sorted((GOLDEN / "show_running_config").glob("*.txt")):
        try:
            config = parse("show running-config", path.read_text(encoding="utf-8"))
        except ParseError:  # refused cases are golden errors, checked there
            continue
        for chain in config["certificate_chains"]:
            for entry in chain["certificates"]:
                if entry["certificate"] is not None:
                    decoded.add(entry["certificate"]["der_hex"])
    cert_dumps = {der.hex().upper() for _, der in DUMPS if _is_certificate(der)}
    assert cert_dumps and cert_dumps == decoded
