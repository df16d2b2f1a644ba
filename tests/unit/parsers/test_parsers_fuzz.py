"""Property tests: garbage and damaged captures raise ParseError (or parse), never anything else."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parsers import ParseError, parse
from parsers.certificate import decode_der, decode_hex
from tests.hypothesis_profiles import examples

GOLDEN = Path(__file__).resolve().parents[2] / "golden"
COMMANDS = {
    "show_running_config": "show running-config",
    "show_startup_config": "show startup-config",
    "show_crypto_pki_certificates": "show crypto pki certificates",
    "show_crypto_pki_certificates_verbose": "show crypto pki certificates verbose",
    "show_crypto_pki_certificates_pem": "show crypto pki certificates pem",
    "show_crypto_pki_trustpoints": "show crypto pki trustpoints",
    "show_crypto_pki_trustpoints_status": "show crypto pki trustpoints status",
    "show_crypto_key_mypubkey_rsa": "show crypto key mypubkey rsa",
    "show_crypto_key_mypubkey_all": "show crypto key mypubkey all",
}
CASES = [
    (COMMANDS[p.parent.name], p.read_text(encoding="utf-8")) for p in sorted(GOLDEN.glob("*/*.txt"))
]
SETTINGS = settings(max_examples=examples(ci=150, fuzz=5000))
CLI_ALPHABET = st.sampled_from(
    [*list("abcdefABCDEF0123456789 :=.-_#%*()!\t\r\n\x08"), "quit", "certificate ", "Trustpoint "]
)


def _parse_or_refuse(command: str, text: str) -> None:
    try:
        result = parse(command, text)
    except ParseError:
        return
    json.dumps(result)  # whatever parses is plain JSON


@SETTINGS
@given(command=st.sampled_from(sorted(COMMANDS.values())), text=st.text(max_size=400))
def test_random_text(command: str, text: str) -> None:
    _parse_or_refuse(command, text)


@SETTINGS
@given(
    command=st.sampled_from(sorted(COMMANDS.values())),
    text=st.lists(CLI_ALPHABET, max_size=200).map("".join),
)
def test_random_cli_like_text(command: str, text: str) -> None:
    _parse_or_refuse(command, text)


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, str]:
    command, text = draw(st.sampled_from(CASES))
    lines = text.split("\n")
    for _ in range(draw(st.integers(1, 4))):
        if not lines:
            break
        where = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["drop", "dup", "cut", "junk", "swap"]))
        if action == "drop":
            del lines[where]
        elif action == "dup":
            lines.insert(where, lines[where])
        elif action == "cut":
            lines[where] = lines[where][: draw(st.integers(0, max(len(lines[where]) - 1, 0)))]
        elif action == "junk":
            lines[where] += draw(st.text(max_size=12))
        else:
            other = draw(st.integers(0, len(lines) - 1))
            lines[where], lines[other] = lines[other], lines[where]
    return command, "\n".join(lines)


@SETTINGS
@given(case=mutated())
def test_mutated_golden_inputs(case: tuple[str, str]) -> None:
    _parse_or_refuse(*case)


@SETTINGS
@given(case=st.sampled_from(CASES), cut=st.floats(0, 1))
def test_truncated_captures(case: tuple[str, str], cut: float) -> None:
    command, text = case
    _parse_or_refuse(command, text[: int(len(text) * cut)])


@SETTINGS
@given(command=st.text(max_size=60))
def test_random_commands(command: str) -> None:
    _parse_or_refuse(command, "")


@SETTINGS
@given(data=st.binary(max_size=300))
def test_random_der(data: bytes) -> None:
    with pytest.raises(ParseError):
        decode_der(data)


@SETTINGS
@given(text=st.text(alphabet="0123456789ABCDEFx \n\t", max_size=200))
def test_random_hex(text: str) -> None:
    try:
        decode_hex(text, chain="fuzz")
    except ParseError as exc:
        assert exc.chain == "fuzz"
