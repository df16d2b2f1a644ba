"""The runbooks users copy (``runbooks/``), each run as a script against the lab, in order:
the CI audit fails on the ended certificate, the rotation picks only that host and proves it on a
reload of the canary, the rollout prints every host's result, and the CI audit then passes."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("runbooks-e2e")]

RUNBOOKS = Path(__file__).resolve().parents[2] / "runbooks"
FLEET = {
    "defaults": {"boot_seconds": 0.3, "password": "Pw-runbook-3", "enable_secret": "En-runbook-3"},
    "devices": [
        {"hostname": "R1", "preset": "legacy-fn70489"},  # ended 2020-01-01: rotate it
        {"hostname": "R2", "preset": "healthy"},  # ends 2030: leave it
        {"hostname": "R3", "preset": "factory"},  # no certificate: the rollout makes one
    ],
}


@pytest.fixture(scope="module")
def inventory(lab_factory: Any) -> Path:
    return Path(lab_factory(fleet_data=FLEET).inventory_dir)


_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def run(script: str, *args: str) -> subprocess.CompletedProcess[str]:
    """The script's run, its colours (print_result's) removed."""
    proc = subprocess.run(
        [sys.executable, str(RUNBOOKS / script), *args],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    proc.stdout, proc.stderr = _ANSI.sub("", proc.stdout), _ANSI.sub("", proc.stderr)
    return proc


@pytest.fixture(scope="module")
def runs(inventory: Path) -> dict[str, subprocess.CompletedProcess[str]]:
    inv = str(inventory)
    return {
        "audit-before": run("audit_ci.py", "-i", inv, "--group", "lab"),
        "rotate": run("rotate_expiring.py", "-i", inv, "--days", "30", "--boot-timeout", "60"),
        "dry-run": run("rollout_print.py", "-i", inv, "--dry-run"),
        "rollout": run("rollout_print.py", "-i", inv),
        "audit-after": run("audit_ci.py", "-i", inv, "--group", "lab", "--facts"),
    }


def test_the_ci_audit_fails_on_the_ended_certificate(runs: dict[str, Any]) -> None:
    proc = runs["audit-before"]
    assert proc.returncode == 1, proc.stderr[-2000:]
    assert "audit_ci: group lab: FAIL" in proc.stderr
    assert "| R1 |" in proc.stdout or "R1" in proc.stdout  # the Markdown report names the host


def test_the_rotation_picks_the_ending_certificate_and_proves_it_on_the_canary(
    runs: dict[str, Any],
) -> None:
    proc = runs["rotate"]
    assert proc.returncode == 0, (proc.stdout[-3000:], proc.stderr[-2000:])
    assert "R1: certificate ends 2020-01-01: rotate" in proc.stdout
    assert "R2: certificate ends" not in proc.stdout  # 2030: not within 30 days
    assert "* R1 ** changed : True" in proc.stdout  # print_result of the rotation
    assert "verdict='persistent'" in proc.stdout  # print_result of the canary's reload
    assert "Traceback" not in proc.stdout + proc.stderr


def test_the_rollout_prints_each_host_with_print_result(runs: dict[str, Any]) -> None:
    dry = runs["dry-run"]
    assert dry.returncode == 0, dry.stderr[-2000:]
    assert "* R3 ** changed : True" in dry.stdout and "crypto pki enroll" in dry.stdout
    assert "dry_run=True" in dry.stdout
    proc = runs["rollout"]
    assert proc.returncode == 0, proc.stderr[-2000:]
    for host, changed in (("R1", False), ("R2", False), ("R3", True)):
        assert f"* {host} ** changed : {changed}" in proc.stdout, proc.stdout[-3000:]
    assert "status='changed'" in proc.stdout and "saved=True" in proc.stdout


def test_the_ci_audit_passes_once_the_fleet_is_right(runs: dict[str, Any]) -> None:
    proc = runs["audit-after"]
    assert proc.returncode == 0, (proc.stdout[-3000:], proc.stderr[-2000:])
    assert "audit_ci: group lab: ok" in proc.stderr
    assert "HostFacts(host='R3'" in proc.stdout  # --facts: print_result of the facts


def test_a_failed_host_prints_one_line(tmp_path: Path) -> None:
    import socket

    import yaml

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))  # bound, not listening: refused
        port = sock.getsockname()[1]
        hosts = {"DOWN": {"hostname": "127.0.0.1", "port": port, "username": "u",
                          "password": "p", "data": {"host_key_checking": False}}}  # fmt: skip
        (tmp_path / "hosts.yaml").write_text(yaml.safe_dump(hosts), encoding="utf-8")
        proc = run("rollout_print.py", "-i", str(tmp_path))
    assert proc.returncode == 1
    assert f"DeviceUnreachable: SSH to 127.0.0.1:{port}: connection refused" in proc.stdout
    assert "Traceback" not in proc.stdout + proc.stderr
