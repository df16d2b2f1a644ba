"""Fuzzing the operator's inputs: the CLI argument parser, the inventory loader, the fleet file.

Whatever comes in, the answer is a result or the package's own error (one line, exit code 2),
never a traceback. Bounded in the test pass; ``make fuzz`` runs the ``fuzz`` profile.
"""

from __future__ import annotations

import contextlib
import io
import re
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from lab.fleet import FleetError, load_fleet, specs_from_data
from pssc.cli import main
from pssc.errors import UsageError
from pssc.inventory import load_nornir

SETTINGS = settings()  # the active profile: tests/hypothesis_profiles.py

# --- the CLI ------------------------------------------------------------------------------------

OPTIONS = ["--hosts", "--filter", "--trustpoint", "--key-size", "--min-key-size",
           "--subject-name", "--rotate", "--fix", "--dry-run", "--json", "--ask-pass",
           "--no-progress", "--workers", "--dask-local", "--dask-scheduler", "--shard-by",
           "--reload", "--reload-anyway", "--boot-timeout", "--probe-timeout", "--no-pins",
           "--output", "--format", "--fail-on", "--expiry-days", "-v", "--help-me"]  # fmt: skip
VALUES = st.one_of(
    st.sampled_from(
        [
            "0",
            "-1",
            "360",
            "512",
            "4096",
            "99999",
            "1e3",
            "nan",
            "",
            " ",
            "R1,R2",
            "cn=r1",
            "1.2.3.4",
            "a=b",
            "=",
            "TP?",
            "json",
            "html",
            "critical",
            "/nonexistent/x.json",
            "tcp://127.0.0.1:1",
        ]
    ),
    st.text(st.characters(min_codepoint=32, max_codepoint=0x2FF), max_size=12),
)
ARGV = st.lists(st.one_of(st.sampled_from(OPTIONS), VALUES), max_size=8)


LOG = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} (DEBUG|INFO) ")  # pssc.logs' format


def _run_cli(argv: list[str], empty: Path) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        try:
            code = main(argv)
        except SystemExit as exc:  # argparse: --help (0) or a usage error (2)
            code = exc.code if isinstance(exc.code, int) else 2
    return code, err.getvalue()


@pytest.mark.parametrize("command", ["rollout", "verify", "audit"])
@SETTINGS
@given(args=ARGV)
@example(args=["--key-size", "nan"])
@example(args=["--workers", "0", "--dask-local", "2"])
@example(args=["--subject-name", "cn=a\\", "--trustpoint", "X" * 80])
def test_cli_never_tracebacks(command: str, args: list[str]) -> None:
    """Against an empty inventory nothing can run, so every answer is 0 (help) or 2."""
    with tempfile.TemporaryDirectory() as folder:
        empty = Path(folder)
        argv = [command, "-i", str(empty), *args, "--pins", str(empty / "pins.sqlite")]
        code, err = _run_cli(argv, empty)
        assert code in (0, 2), (argv, code, err)
        assert "Traceback" not in err
        if code == 2:
            # -v/-vv asked for pssc's info and debug records on stderr: the error is the rest
            err = "".join(line for line in err.splitlines(keepends=True) if not LOG.match(line))
            assert err.strip(), argv  # a reason is given
            assert err.count("\n") == 1 and err.endswith("\n"), err  # one line, argparse too
        assert not (empty / "pins.sqlite").exists()  # nothing was started


# --- the inventory ------------------------------------------------------------------------------

SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 70000), st.floats(allow_nan=False),
    st.text(max_size=10), st.sampled_from(["127.0.0.1", "cisco_ios", "cisco_xe", "lab", "admin"]),
)  # fmt: skip
KEYS = st.sampled_from(["hostname", "port", "username", "password", "platform", "groups", "data",
                        "connection_options", "https_port", "host_key_checking", "known_hosts",
                        "extras", "netmiko", "secret", "lab", "x"])  # fmt: skip
VALUES_TREE = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(KEYS, inner, max_size=4),
    max_leaves=12,
)
HOSTS = st.dictionaries(st.sampled_from(["R1", "R2", "lab", "1", ""]), VALUES_TREE, max_size=3)


def _load(files: dict[str, str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        for name, text in files.items():
            (Path(folder) / name).write_text(text, encoding="utf-8")
        try:
            load_nornir(folder)
        except UsageError as exc:
            assert str(exc).strip() and "\n" not in str(exc).strip(), str(exc)


@SETTINGS
@given(
    hosts=HOSTS,
    groups=st.dictionaries(st.sampled_from(["lab", "core"]), VALUES_TREE, max_size=2),
    defaults=st.dictionaries(KEYS, VALUES_TREE, max_size=4),
)
@example(hosts={"R1": {"hostname": "127.0.0.1", "port": True}}, groups={}, defaults={})
@example(hosts={"R1": {"data": {"host_key_checking": "yes"}}}, groups={}, defaults={})
@example(hosts={"R1": {"connection_options": {"netmiko": []}}}, groups={}, defaults={})
def test_inventory_loader_answers_or_refuses_in_one_line(
    hosts: dict[str, Any], groups: dict[str, Any], defaults: dict[str, Any]
) -> None:
    _load({
        "hosts.yaml": yaml.safe_dump(hosts),
        "groups.yaml": yaml.safe_dump(groups),
        "defaults.yaml": yaml.safe_dump(defaults),
    })  # fmt: skip


@SETTINGS
@given(text=st.text(st.characters(codec="utf-8"), max_size=200))
@example(text="R1: &a [*a]\n")
@example(text="R1:\n  hostname: 1\nR1:\n  hostname: 2\n")
@example(text="? [a, b]\n: 1\n")
def test_inventory_text_never_tracebacks(text: str) -> None:
    _load({"hosts.yaml": text})


# --- the fleet file -----------------------------------------------------------------------------

FLEET_KEYS = st.sampled_from(["hostname", "serial", "personality", "username", "password",
                              "enable_secret", "preset", "faults", "boot_seconds", "count",
                              "domain_name", "devices", "defaults", "x"])  # fmt: skip
FLEET_SCALARS = st.one_of(
    SCALARS,
    st.sampled_from(["ios12", "ios15", "iosxe17", "factory", "healthy", "R{n}", "R{n:03}", "{",
                     "latency 20", "slow-keygen", "auth-fails", "nope 1", "latency -1"]),
)  # fmt: skip
FLEET_TREE = st.recursive(
    FLEET_SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(FLEET_KEYS, inner, max_size=4),
    max_leaves=14,
)
FLEET_DOC = st.fixed_dictionaries(
    {"devices": st.lists(st.dictionaries(FLEET_KEYS, FLEET_TREE, max_size=5), max_size=3)},
    optional={"defaults": st.dictionaries(FLEET_KEYS, FLEET_TREE, max_size=4)},
)


@SETTINGS
@given(doc=st.one_of(FLEET_DOC, FLEET_TREE))
@example(doc={"devices": [{"hostname": "R{n}", "count": 10**9}]})
@example(doc={"devices": [{"hostname": "R{0}", "count": 2}]})
@example(doc={"devices": [{"hostname": "R1", "faults": {"latency": float("inf")}}]})
def test_fleet_loader_answers_or_refuses_in_one_line(doc: Any) -> None:
    try:
        specs = specs_from_data(doc, "fleet.yaml")
    except FleetError as exc:
        assert str(exc).startswith("fleet.yaml") and "\n" not in str(exc), str(exc)
        return
    names = [s.name for s in specs]
    assert len(names) == len(set(names)) > 0


@SETTINGS
@given(text=st.text(st.characters(codec="utf-8"), max_size=200))
@example(text="devices: [{hostname: R1, count: 2, serial: X}]")
def test_fleet_file_text_never_tracebacks(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fleet.yaml"
        path.write_text(text, encoding="utf-8")
        try:
            load_fleet(path)
        except FleetError as exc:
            assert "\n" not in str(exc), str(exc)
