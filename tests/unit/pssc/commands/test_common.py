"""The options rollout, verify and audit share: declared once, so they read the same everywhere."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest
import yaml

from pssc.cli import build_parser, main
from pssc.commands import common
from pssc.errors import UsageError

RUNBOOKS = ("rollout", "verify", "audit")
SHARED = (
    "--inventory",
    "--hosts",
    "--filter",
    "--ask-pass",
    "--workers",
    "--dask-scheduler",
    "--dask-local",
    "--shard-by",
    "--pins",
)


def _subparser(name: str) -> argparse.ArgumentParser:
    parser = build_parser()
    (sub,) = (a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    found: argparse.ArgumentParser = sub.choices[name]
    return found


def _option(parser: argparse.ArgumentParser, flag: str) -> argparse.Action:
    return next(a for a in parser._actions if flag in a.option_strings)


@pytest.mark.parametrize("flag", SHARED)
def test_a_shared_option_is_the_same_in_every_runbook_command(flag: str) -> None:
    actions = [_option(_subparser(name), flag) for name in RUNBOOKS]
    shapes = {(a.dest, a.metavar, a.nargs, type(a), a.type) for a in actions}
    assert len(shapes) == 1, shapes
    if flag != "--pins":  # --pins says what each command does with the store
        assert len({a.help for a in actions}) == 1


@pytest.mark.parametrize("command", RUNBOOKS)
@pytest.mark.parametrize(
    "hosts",
    [["R1,R2"], ["R1", "R2"], ["R1,", "R2"], ["R1, R2"], ["R1", "--hosts", "R2,R1"]],
    ids=["commas", "spaces", "trailing-comma", "comma-space", "repeated"],
)
def test_hosts_in_both_forms(command: str, hosts: list[str]) -> None:
    args = build_parser().parse_args([command, "--hosts", *hosts])
    assert args.hosts == ["R1", "R2"]


@pytest.mark.parametrize("command", RUNBOOKS)
def test_hosts_that_name_no_host_are_a_usage_error(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exc:
        main([command, "--hosts", ","])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "--hosts names no host" in err and err.count("\n") == 1


def _inventory(folder: Path, names: list[str]) -> Path:
    hosts = {
        name: {"hostname": "127.0.0.1", "port": 2200 + i, "username": "u", "password": "p"}
        for i, name in enumerate(names)
    }
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "hosts.yaml").write_text(yaml.safe_dump(hosts), encoding="utf-8")
    return folder


@pytest.mark.parametrize("form", [["R1,R3"], ["R3", "R1"]])
def test_load_inventory_selects_the_hosts_asked_for(tmp_path: Path, form: list[str]) -> None:
    inventory = _inventory(tmp_path / "inv", ["R1", "R2", "R3"])
    args = build_parser().parse_args(["audit", "-i", str(inventory), "--hosts", *form])
    nr = common.load_inventory(args)
    assert sorted(nr.inventory.hosts) == ["R1", "R3"]


def test_no_host_selected_is_refused_only_when_hosts_are_required(tmp_path: Path) -> None:
    inventory = _inventory(tmp_path / "inv", ["R1"])
    args = build_parser().parse_args(["verify", "-i", str(inventory), "--filter", "site=x"])
    assert not common.load_inventory(args).inventory.hosts
    with pytest.raises(UsageError, match="no host matches the selection"):
        common.load_inventory(args, require_hosts=True)


@pytest.mark.parametrize(("command", "flag"), [("rollout", "--json"), ("verify", "--json"),
                                               ("audit", "--output")])  # fmt: skip
def test_output_files_are_checked_before_the_inventory(
    tmp_path: Path, command: str, flag: str
) -> None:
    missing = tmp_path / "no-such-folder" / "out"
    args = build_parser().parse_args([command, "-i", str(tmp_path / "nowhere"), flag, str(missing)])
    with pytest.raises(UsageError, match=f"^{flag} .*no-such-folder does not exist"):
        common.load_inventory(args)


def test_runner_options() -> None:
    parser = argparse.ArgumentParser()
    common.add_runner_options(parser)
    dask = common.runner_config(parser.parse_args(["--dask-local", "2", "--shard-by", "site"]))
    assert dask == {
        "plugin": "dask",
        "options": {"scheduler": None, "local_workers": 2, "shard_by": "site"},
    }
    with pytest.raises(UsageError, match="exclude each other"):
        common.runner_config(parser.parse_args(["--dask-local", "2", "--dask-scheduler", "x"]))
    with pytest.raises(UsageError, match="at least 1"):
        common.runner_config(parser.parse_args(["--workers", "0"]))


def test_no_pins_turns_the_store_off() -> None:
    args = build_parser().parse_args(["audit", "--pins", "p.sqlite"])
    assert common.pins(args) == Path("p.sqlite")
    args = build_parser().parse_args(["audit", "--no-pins"])
    assert common.pins(args) is None
