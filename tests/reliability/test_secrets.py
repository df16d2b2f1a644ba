"""Secrets: rollout, verify and audit with -vv debug logging and netmiko session logs, and the
password and enable secret (given only through PSSC_PASSWORD / PSSC_SECRET) appear nowhere: not
in stdout or stderr, not in a log, report, JSON file or the pin store, not in --dry-run output.

The commands run as the ``pssc`` console script in a subprocess (its own logging set-up, as a
user runs it); the lab runs in this process. The inventory holds decoy credentials, so a run
that succeeds proves the environment's were used.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("reliability-secrets")]

PSSC = Path(sys.executable).with_name("pssc")
# distinctive and random: no false match with anything a device or a library prints
PASSWORD = "Pw" + secrets.token_hex(12)
SECRET = "En" + secrets.token_hex(12)
DECOY_PASSWORD, DECOY_SECRET = "decoy-password-in-inventory", "decoy-secret-in-inventory"
FLEET = {
    "defaults": {"boot_seconds": 0.3, "password": PASSWORD, "enable_secret": SECRET},
    "devices": [
        {"hostname": "R1"},
        {"hostname": "R2", "preset": "unsaved"},
        {"hostname": "R3", "preset": "healthy", "personality": "iosxe17"},
    ],
}


def pssc(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PSSC_PASSWORD": PASSWORD, "PSSC_SECRET": SECRET, "COLUMNS": "200"}
    return subprocess.run(
        [str(PSSC), "-vv", *args], capture_output=True, text=True, env=env, timeout=300, check=False
    )


def leaks(data: bytes) -> list[str]:
    return [name for name, value in (("password", PASSWORD), ("secret", SECRET))
            if value.encode() in data]  # fmt: skip


@pytest.fixture(scope="module")
def runs(lab_factory: Any, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    lab = lab_factory(fleet_data=FLEET)
    inventory = Path(lab.inventory_dir)
    hosts = inventory / "hosts.yaml"
    text = hosts.read_text(encoding="utf-8")
    assert PASSWORD in text and SECRET in text  # what the lab wrote; replaced by decoys
    hosts.write_text(text.replace(PASSWORD, DECOY_PASSWORD).replace(SECRET, DECOY_SECRET))
    out = tmp_path_factory.mktemp("secrets-out")
    inv, pins = str(inventory), str(out / "pins.sqlite")
    procs = {
        "dry-run": pssc("rollout", "-i", inv, "--dry-run", "--no-progress", "--fix", "--pins", pins,
                        "--session-log", str(out / "logs-dry"), "--json", str(out / "dry.json")),
        "rollout": pssc("rollout", "-i", inv, "--no-progress", "--fix", "--pins", pins,
                        "--session-log", str(out / "logs"), "--json", str(out / "rollout.json")),
        "verify": pssc("verify", "-i", inv, "--reload", "--boot-timeout", "30", "--pins", pins,
                       "--yes", "--canary", "0", "--batch", "100%",
                       "--json", str(out / "verify.json")),
        "audit-html": pssc("audit", "-i", inv, "--pins", pins, "--output", str(out / "a.html")),
        "audit-json": pssc("audit", "-i", inv, "--pins", pins, "--output", str(out / "a.json")),
    }  # fmt: skip
    # the full debug log of a run, written after the subcommand's own options
    procs["audit-log"] = pssc("audit", "-i", inv, "--no-pins", "--log-file", str(out / "a.log"))
    return {"procs": procs, "out": out, "inventory": inventory}


def test_every_command_worked_with_the_environments_credentials(runs: dict[str, Any]) -> None:
    for name, proc in runs["procs"].items():
        assert proc.returncode == 0, (name, proc.stderr[-2000:])
        assert "DEBUG" in proc.stderr, name  # -vv really was on
    # netmiko's debug log of what it writes: the enable secret went through here
    assert "write_channel: b'enable" in runs["procs"]["rollout"].stderr
    records = json.loads((runs["out"] / "rollout.json").read_text())["hosts"]
    assert {r["host"]: r["status"] for r in records} == {
        "R1": "changed",
        "R2": "changed",
        "R3": "unchanged",
    }
    logs = sorted((runs["out"] / "logs").glob("*.log"))
    assert [p.name for p in logs] == ["R1.log", "R2.log", "R3.log"]
    assert all("write memory" in p.read_text() for p in logs[:2])  # the session logs are full


def test_no_secret_in_stdout_or_stderr(runs: dict[str, Any]) -> None:
    for name, proc in runs["procs"].items():
        assert leaks(proc.stdout.encode()) == [], (name, "stdout")
        assert leaks(proc.stderr.encode()) == [], (name, "stderr")


def test_no_secret_in_any_file_written(runs: dict[str, Any]) -> None:
    files = [p for p in runs["out"].rglob("*") if p.is_file()]
    names = {p.name for p in files}
    assert {"pins.sqlite", "rollout.json", "dry.json", "verify.json", "a.html", "a.json"} <= names
    assert "write_channel: b'enable" in (runs["out"] / "a.log").read_text()  # --log-file is full
    for path in files:  # logs, reports, JSON, the pin store (and its -wal/-shm if any)
        assert leaks(path.read_bytes()) == [], path


def test_the_dry_run_does_not_echo_the_credentials(runs: dict[str, Any]) -> None:
    proc = runs["procs"]["dry-run"]
    assert "would send" in proc.stdout  # R1 and R2 have a plan
    assert leaks(proc.stdout.encode()) == [] and leaks(proc.stderr.encode()) == []
    assert DECOY_PASSWORD not in proc.stdout + proc.stderr


def test_the_search_finds_a_secret_where_there_is_one(runs: dict[str, Any]) -> None:
    """The check above can fail: the inventory before the decoys held both."""
    assert leaks(f"x{PASSWORD}y{SECRET}".encode()) == ["password", "secret"]
    assert leaks((runs["inventory"] / "hosts.yaml").read_bytes()) == []
    assert DECOY_SECRET in (runs["inventory"] / "hosts.yaml").read_text()
