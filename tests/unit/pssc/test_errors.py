"""pssc's own errors: one base, an exit code each, one line from the CLI (no traceback)."""

from __future__ import annotations

import pickle

import pytest

from pssc import errors
from pssc.cli import main


@pytest.mark.parametrize(
    "error",
    [
        errors.UsageError("bad option"),
        errors.InvalidInput("--key-size 1"),
        errors.InventoryError("inventory/hosts.yaml: R1: no hostname"),
        errors.DaskRunnerError("the Dask runner needs dask[distributed]"),
    ],
)
def test_an_error_from_a_command_is_one_line_and_its_exit_code(
    error: errors.PsscError, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def handle(args: object) -> int:
        raise error

    monkeypatch.setattr("pssc.commands.parse.handle", handle)
    assert main(["parse", "--command", "show version"]) == error.exit_code == errors.EXIT_USAGE
    assert capsys.readouterr().err == f"pssc parse: {error}\n"


def test_an_exit_code_of_its_own(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    class Found(errors.PsscError):
        exit_code = errors.EXIT_FAILED

    def handle(args: object) -> int:
        raise Found("a finding reached --fail-on")

    monkeypatch.setattr("pssc.commands.parse.handle", handle)
    assert main(["parse", "--command", "show version"]) == 1


def test_every_error_is_a_pssc_error() -> None:
    for name in errors.__all__:
        value = getattr(errors, name)
        if isinstance(value, type):
            assert issubclass(value, errors.PsscError), name


def test_worker_lost_travels_and_names_the_workers_tried() -> None:
    lost = pickle.loads(pickle.dumps(errors.WorkerLost("R1", "t/0", ["tcp://a:1", "tcp://b:1"])))
    assert str(lost) == "R1: Dask worker lost while running shard t/0 (tried tcp://a:1, tcp://b:1)"
