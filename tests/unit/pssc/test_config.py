"""Defaults from the user's config.toml, the project's pssc.toml and PSSC_* variables: the
command line beats the environment, which beats the project file, which beats the user file."""

from __future__ import annotations

from pathlib import Path

import pytest

from pssc import config
from pssc.cli import build_parser, main
from pssc.errors import UsageError


@pytest.fixture
def places(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """(user file, project file); the process runs in the project folder."""
    user = tmp_path / "xdg" / "pssc" / "config.toml"
    user.parent.mkdir(parents=True)
    project = tmp_path / "project"
    project.mkdir()
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    for name in ("PSSC_WORKERS", "PSSC_PINS", "PSSC_KEY_SIZE", "PSSC_INVENTORY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(project)
    return user, project / "pssc.toml"


def _args(*argv: str) -> object:
    return build_parser(config.load()).parse_args(list(argv))


def test_precedence(places: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    user, project = places
    user.write_text('workers = 3\nkey-size = 3072\npins = "user.sqlite"\n', encoding="utf-8")
    assert _args("rollout").workers == 3
    project.write_text("workers = 5\n", encoding="utf-8")
    args = _args("rollout")
    assert (args.workers, args.key_size, args.pins) == (5, 3072, Path("user.sqlite"))
    monkeypatch.setenv("PSSC_WORKERS", "7")
    assert _args("rollout").workers == 7
    assert _args("rollout", "--workers", "9").workers == 9
    assert _args("--pins", "cli.sqlite", "audit").pins == Path("cli.sqlite")


def test_inventory_and_fail_on_from_the_project_file(places: tuple[Path, Path]) -> None:
    _user, project = places
    project.write_text('inventory = "site-a"\nfail-on = "warning"\n', encoding="utf-8")
    args = _args("audit")
    assert (args.inventory, args.fail_on) == (Path("site-a"), "warning")
    assert _args("audit", "-i", "other").inventory == Path("other")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("wokers = 3\n", "unknown key 'wokers'"),
        ('workers = "many"\n', "workers must be a whole number, not 'many'"),
        ("workers = \n", "invalid TOML"),
        ('fail-on = "sometimes"\n', "fail-on = 'sometimes': choose from"),
    ],
)
def test_a_bad_file_is_one_line_naming_it(
    places: tuple[Path, Path], text: str, words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _user, project = places
    project.write_text(text, encoding="utf-8")
    assert main(["audit"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(project) in err and words in err, err


def test_a_bad_environment_value_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PSSC_WORKERS", "lots")
    with pytest.raises(UsageError, match="environment PSSC_WORKERS must be a whole number"):
        config.load(cwd=Path("/nonexistent"))
