from __future__ import annotations

import argparse
import io
import json
from pathlib import Path

import pytest

from pssc.commands import parse as parse_command


def main(argv: list[str]) -> int:
    """``pssc`` with only the parse subcommand (the other subcommands are not needed here)."""
    parser = argparse.ArgumentParser(prog="pssc")
    parse_command.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(argv)
    code: int = args.func(args)
    return code


GOLDEN = Path(__file__).resolve().parents[2] / "golden"
SELF_SIGNED = GOLDEN / "show_crypto_pki_certificates" / "genieparser_1.txt"


def test_parse_file_prints_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", "--command", "sh cry pki cert", str(SELF_SIGNED)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out[0]["kind"] == "self-signed"
    assert out[0]["associated_trustpoints"] == ["TP-self-signed-4146203551"]


def test_parse_reads_stdin(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    text = (GOLDEN / "show_running_config" / "ciscoconfparse_1.txt").read_text()
    monkeypatch.setattr("sys.stdin", io.StringIO(text))
    assert main(["parse", "--command", "show running-config", "--compact"]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1
    assert json.loads(out)["hostname"] == "Test"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["parse", "-c", "show clock", str(SELF_SIGNED)], "unsupported command"),
        (["parse", "-c", "show running-config", str(SELF_SIGNED)], "not a configuration"),
        (["parse", "-c", "show running-config", "/nonexistent/file"], "cannot read"),
        (
            ["parse", "-c", "sh run", str(GOLDEN / "show_running_config" / "napalm_docs_1.txt")],
            "chain TP-self-signed-1429897839, line 6",
        ),
    ],
)
def test_errors_are_one_line_and_exit_2(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert message in captured.err
    assert captured.err.count("\n") == 1
    assert "Traceback" not in captured.err


def test_registered_in_the_cli() -> None:
    from pssc.cli import SUBCOMMANDS

    assert "parse" in SUBCOMMANDS
