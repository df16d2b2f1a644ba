from __future__ import annotations

import pytest

from pssc.cli import main


def test_help_lists_the_program(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--help"])
    assert exc.value.code == 0
    assert "Persistent Self-Signed Certificates" in capsys.readouterr().out


def test_no_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2


def test_the_default_pin_store_follows_pssc_pins(tmp_path: object) -> None:
    import os
    import subprocess
    import sys

    env = {**os.environ, "PSSC_PINS": "/somewhere/else/pins.sqlite"}
    code = "from pssc.pins import DEFAULT_PATH; print(DEFAULT_PATH)"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert out.stdout.strip() == "/somewhere/else/pins.sqlite"
    env.pop("PSSC_PINS")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert out.stdout.strip().endswith("/pssc/pins.sqlite")  # the user's state folder


def test_every_command_is_registered(capsys: pytest.CaptureFixture[str]) -> None:
    from pssc.cli import SUBCOMMANDS

    assert SUBCOMMANDS == (
        "lab",
        "parse",
        "rollout",
        "verify",
        "audit",
        "pins",
        "trust",
        "renew",
        "completion",
    )
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert all(f"    {name} " in out for name in SUBCOMMANDS)
