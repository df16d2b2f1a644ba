"""``pssc verify`` usage errors end with exit code 2 and one line, before any device is touched."""

from __future__ import annotations

from pathlib import Path

import pytest

from pssc.cli import main


def test_missing_inventory_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["verify", "-i", str(tmp_path / "nowhere")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("pssc verify: ") and err.count("\n") == 1


@pytest.mark.parametrize("flag", ["--boot-timeout", "--probe-timeout"])
def test_non_positive_timeouts_are_refused(
    tmp_path: Path, flag: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["verify", "-i", str(tmp_path), flag, "0"]) == 2
    assert "must be more than 0" in capsys.readouterr().err


def test_help_names_the_flags_of_the_issue(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["verify", "--help"])
    out = capsys.readouterr().out
    for flag in ("--reload", "--reload-anyway", "--boot-timeout", "--workers", "--json", "--pins"):
        assert flag in out
