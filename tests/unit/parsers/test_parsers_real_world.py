"""Real-world capture noise must not change what a golden input parses to."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from parsers import parse

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
SYSLOG = "*Mar  1 00:01:02.123: %SYS-5-CONFIG_I: Configured from console by admin on vty0"
MORE = " --More-- " + "\x08" * 10 + " " * 10 + "\x08" * 10


def _positive_cases() -> list[Path]:
    cases = []
    for txt in sorted(GOLDEN.glob("*/*.txt")):
        expected = json.loads(txt.with_suffix(".json").read_text())
        if not (isinstance(expected, dict) and "$error" in expected):
            cases.append(txt)
    return cases


def _lf(text: str) -> str:
    return text.replace("\r\n", "\n")


def crlf(text: str, command: str) -> str:
    return _lf(text).replace("\n", "\r\n")


def trailing_spaces(text: str, command: str) -> str:
    return "\n".join(line + "   " for line in _lf(text).split("\n"))


def syslog_every_fourth_line(text: str, command: str) -> str:
    lines = _lf(text).split("\n")
    out: list[str] = []
    for index, line in enumerate(lines):
        out.append(line)
        if index % 4 == 2:
            out.append(SYSLOG)
    return "\n".join(out)


def pager_remnants(text: str, command: str) -> str:
    lines = _lf(text).split("\n")
    return "\n".join(MORE + line if i % 7 == 6 else line for i, line in enumerate(lines))


def prompts(text: str, command: str) -> str:
    first = next((line for line in _lf(text).split("\n") if line.strip()), "")
    echo = "" if ("#" in first or first.strip().startswith("show")) else f"R1#{command}\n"
    return f"{echo}{text}\nR1#"


MUTATIONS: list[Callable[[str, str], str]] = [
    crlf,
    trailing_spaces,
    syslog_every_fourth_line,
    pager_remnants,
    prompts,
]
CASES = _positive_cases()


@pytest.mark.parametrize("mutate", MUTATIONS, ids=lambda m: m.__name__)
@pytest.mark.parametrize("case", CASES, ids=[f"{c.parent.name}/{c.stem}" for c in CASES])
def test_noise_does_not_change_the_result(case: Path, mutate: Callable[[str, str], str]) -> None:
    command = COMMANDS[case.parent.name]
    with open(case, encoding="utf-8", newline="") as handle:
        text = handle.read()
    expected = json.loads(case.with_suffix(".json").read_text())
    assert json.loads(json.dumps(parse(command, mutate(text, command)))) == expected


@pytest.mark.parametrize("quit_line", ["  \tquit", "        quit", "  quit", "\tquit", " quit"])
def test_every_quit_spelling(quit_line: str) -> None:
    case = GOLDEN / "show_running_config" / "ciscoconfparse_1.txt"
    text = case.read_text()
    expected = json.loads(case.with_suffix(".json").read_text())
    assert "        quit" in text
    assert parse("show running-config", text.replace("        quit", quit_line)) == expected


def test_show_running_config_brief_and_nvram_reference() -> None:
    text = (
        "Building configuration...\n\nCurrent configuration : 1234 bytes\n!\nhostname R9\n!\n"
        "crypto pki trustpoint TP-self-signed-1\n enrollment selfsigned\n!\n"
        "crypto pki certificate chain TP-self-signed-1\n certificate self-signed 01\n"
        "crypto pki certificate chain SW\n certificate self-signed 01 nvram:SW#1.cer\n!\nend\n"
    )
    result = parse("show running-config brief", text)
    entries = [c["certificates"][0] for c in result["certificate_chains"]]
    assert [(e["hex"], e["storage"], e["certificate"]) for e in entries] == [
        (None, None, None),
        (None, "nvram:SW#1.cer", None),
    ]
