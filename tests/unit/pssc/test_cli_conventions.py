"""The habits of Nornir and Ansible users: global options on either side of the subcommand,
usage errors that suggest the nearest option, ``-`` for stdout, ``-i hosts.yaml``, ``--version``,
shell completion, ``--fail-on never``, ``pins accept`` of an unknown host, the log file."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path

import pytest
import yaml

from pssc.cli import build_parser, main
from pssc.commands import common
from pssc.pins import PinStore


@pytest.fixture(scope="module")
def closed_port() -> Iterator[int]:
    """A port on 127.0.0.1 nothing listens on (bound, never listening: refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield sock.getsockname()[1]


def _inventory(folder: Path, port: int, password: str = "pw-not-used") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    hosts = {
        "R1": {
            "hostname": "127.0.0.1",
            "port": port,
            "username": "ops",
            "password": password,
            "connection_options": {"netmiko": {"extras": {"secret": "en-Secret-77"}}},
            "data": {"host_key_checking": False},
        }
    }
    (folder / "hosts.yaml").write_text(yaml.safe_dump(hosts), encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    "argv",
    [
        ["-v", "--pins", "p.sqlite", "-i", "inv", "audit"],
        ["audit", "-v", "--pins", "p.sqlite", "-i", "inv"],
        ["-v", "audit", "--pins", "p.sqlite", "-i", "inv"],
        ["--pins", "p.sqlite", "audit", "-i", "inv", "-v"],
    ],
)
def test_global_options_before_or_after_the_subcommand(argv: list[str]) -> None:
    args = build_parser().parse_args(argv)
    assert (args.verbose, args.pins, args.inventory) == (1, Path("p.sqlite"), Path("inv"))


def test_verbose_counts_on_both_sides_and_defaults_hold() -> None:
    assert build_parser().parse_args(["-v", "verify", "-v"]).verbose == 2
    args = build_parser().parse_args(["rollout"])
    assert (args.verbose, args.inventory, args.log_file) == (0, Path("inventory"), None)
    assert build_parser().parse_args(["pins", "list", "-vv"]).verbose == 2


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["rollout", "--dryrun"], "pssc rollout: unrecognized argument: --dryrun; did you mean "
                                  "--dry-run? (see pssc rollout --help)"),
        (["audit", "--fail-on", "eror"], "did you mean 'error'? (see pssc audit --help)"),
        (["audti"], "did you mean 'audit'? (see pssc --help)"),
        (["pins", "accept", "R1", "--trustpont", "X"], "did you mean --trustpoint? "
                                                       "(see pssc pins accept --help)"),
    ],
)  # fmt: skip
def test_usage_errors_suggest_and_point_at_the_subcommand_help(
    argv: list[str], words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert words in err and err.count("\n") == 1, err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert capsys.readouterr().out.strip() == f"pssc {metadata.version('pssc')}"


@pytest.mark.parametrize(
    ("shell", "marker"),
    [("bash", "complete -o"), ("zsh", "#compdef pssc"), ("fish", "complete -c pssc")],
)
def test_completion_scripts_come_from_the_parser(
    shell: str, marker: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["completion", shell]) == 0
    out = capsys.readouterr().out
    assert marker in out
    for word in ("rollout", "dry-run", "fail-on", "hosts", "nornir-config", "accept"):
        assert word in out, (shell, word)


def test_minus_is_stdout_for_output_files(tmp_path: Path) -> None:
    for argv in (["rollout", "--json", "-"], ["verify", "--json", "-"], ["audit", "--output", "-"]):
        common.check_output_files(build_parser().parse_args(argv))  # no "folder does not exist"


def test_rollout_json_to_stdout_keeps_stdout_json(
    tmp_path: Path, closed_port: int, capsys: pytest.CaptureFixture[str]
) -> None:
    inventory = _inventory(tmp_path / "inv", closed_port)
    code = main(["rollout", "-i", str(inventory), "--no-progress", "--no-pins", "--json", "-"])
    assert code == 1
    out, err = capsys.readouterr()
    document = json.loads(out)
    assert document["schema"] == "pssc.rollout/1"
    assert document["summary"] == {"hosts": 1, "changed": 0, "unchanged": 0, "failed": 1,
                                   "skipped": 0, "ok": False}  # fmt: skip
    (record,) = document["hosts"]
    assert record["host"] == "R1" and "connection refused" in record["error"]
    assert "pssc rollout" in err  # the table went to stderr


def test_audit_output_to_stdout_and_fail_on_never(
    tmp_path: Path, closed_port: int, capsys: pytest.CaptureFixture[str]
) -> None:
    inventory = _inventory(tmp_path / "inv", closed_port)
    base = ["audit", "-i", str(inventory / "hosts.yaml"), "--no-pins", "--format", "json"]
    assert main([*base, "--output", "-"]) == 1  # the host is unreachable: an error finding
    data = json.loads(capsys.readouterr().out)
    assert [h["host"] for h in data["hosts"]] == ["R1"]
    assert main([*base, "--output", "-", "--fail-on", "never"]) == 0


def test_inventory_given_as_its_hosts_file(tmp_path: Path, closed_port: int) -> None:
    inventory = _inventory(tmp_path / "inv", closed_port)
    args = build_parser().parse_args(["audit", "-i", str(inventory / "hosts.yaml")])
    assert list(common.load_inventory(args).inventory.hosts) == ["R1"]


def test_pins_accept_of_an_unknown_host(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "pins.sqlite"
    PinStore(path).record("R1", "PSSC", "AA" * 32)
    assert main(["pins", "--pins", str(path), "accept", "NOPE"]) == 1
    err = capsys.readouterr().err
    assert "NOPE: no such host in the pin store" in err
    assert main(["--pins", str(path), "pins", "forget", "NOPE"]) == 1


def test_the_log_file_has_the_debug_log_without_secrets(
    tmp_path: Path, closed_port: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PSSC_SECRET", "env-Secret-42")
    inventory = _inventory(tmp_path / "inv", closed_port, password="inv-Passw0rd-9")
    log = tmp_path / "logs" / "pssc.log"
    code = main(["--log-file", str(log), "audit", "-i", str(inventory), "--no-pins"])
    assert code == 1
    text = log.read_text(encoding="utf-8")
    assert " DEBUG " in text and "connection refused" in text.lower()
    for secret in ("env-Secret-42", "inv-Passw0rd-9", "en-Secret-77"):
        assert secret not in text


def test_an_earlier_command_leaves_the_next_log_file_whole(
    tmp_path: Path, closed_port: int, capsys: pytest.CaptureFixture[str]
) -> None:
    # `trust export --audit` once set Nornir's task logger to CRITICAL for good: a later run in
    # the same process (a runbook, a test worker) lost the host's traceback from its log file
    inventory = _inventory(tmp_path / "inv", closed_port)
    pins = tmp_path / "pins.sqlite"
    main(["trust", "export", "-i", str(inventory), "--audit", "--pins", str(pins)])
    capsys.readouterr()
    log = tmp_path / "pssc.log"
    assert main(["--log-file", str(log), "audit", "-i", str(inventory), "--no-pins"]) == 1
    text = log.read_text(encoding="utf-8")
    assert "ERROR nornir.core.task" in text and "connection refused" in text.lower()


def test_log_records_carrying_a_secret_are_masked(tmp_path: Path) -> None:
    import logging

    from pssc import logs

    log = tmp_path / "pssc.log"
    logs.configure(0, log)
    try:
        logs.add_secret("Hunter2-secret")
        logging.getLogger("paramiko.transport").debug("auth with %s", "Hunter2-secret")
        try:
            raise ValueError("bad secret Hunter2-secret")
        except ValueError:
            logging.getLogger("nornir.core").exception("task failed")
    finally:
        logs.close()
    text = log.read_text(encoding="utf-8")
    assert "auth with ********" in text and "bad secret ********" in text
    assert "Hunter2-secret" not in text
