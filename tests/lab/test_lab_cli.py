"""``pssc lab up`` in the foreground: ready line, inventory, clean stop on SIGTERM/SIGINT; reset."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from pssc.cli import main
from tests.lab.lab_clients import refused

pytestmark = pytest.mark.xdist_group("lab-cli")
ROOT = Path(__file__).resolve().parents[2]


def lab_up(tmp: Path, *extra: str) -> subprocess.Popen[str]:
    args = [
        sys.executable, "-m", "pssc", "lab", "up", "--base-port", "0", "--https-base-port", "0",
        "--state-dir", str(tmp / "state"), "--inventory-out", str(tmp / "inv"), *extra,
    ]  # fmt: skip
    return subprocess.Popen(
        args, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )


def wait_ready(proc: subprocess.Popen[str]) -> list[str]:
    assert proc.stdout is not None
    lines = []
    for line in proc.stdout:
        lines.append(line)
        if line.startswith("lab ready:"):
            return lines
    raise AssertionError(f"no ready line; output: {''.join(lines)}")


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_lab_up_runs_until_signalled(tmp_path: Path, sig: signal.Signals) -> None:
    proc = lab_up(tmp_path, "--devices", "2", "--personality", "iosxe17")
    try:
        lines = wait_ready(proc)
        assert "2 device(s)" in lines[-1]
        hosts = yaml.safe_load((tmp_path / "inv/hosts.yaml").read_text())
        assert set(hosts) == {"R1", "R2"}
        assert hosts["R1"]["data"]["personality"] == "iosxe17"
        port = hosts["R1"]["port"]
        assert not refused(port)
        proc.send_signal(sig)
        rest, _ = proc.communicate(timeout=60)
    finally:
        proc.kill() if proc.poll() is None else None
    assert proc.returncode == 0, rest
    assert "lab: stopped" in rest
    assert refused(port)


def test_listen_elsewhere_is_announced(tmp_path: Path) -> None:
    proc = lab_up(tmp_path, "--devices", "1", "--listen", "0.0.0.0")
    try:
        lines = wait_ready(proc)
        assert any("listening on 0.0.0.0" in line for line in lines)
        proc.send_signal(signal.SIGTERM)
        proc.communicate(timeout=60)
    finally:
        proc.kill() if proc.poll() is None else None


def test_bad_fleet_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fleet = tmp_path / "fleet.yaml"
    fleet.write_text("devices:\n  - hostname: R1\n    faults: [melts]\n")
    code = main(["lab", "up", "--fleet", str(fleet), "--state-dir", str(tmp_path / "s")])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and f"{fleet}: devices[1] (R1): unknown fault 'melts'" in err


def test_a_port_in_use_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        args = ["lab", "up", "--devices", "1", "--base-port", str(port), "--https-base-port", "0"]
        code = main([*args, "--state-dir", str(tmp_path / "s"), "--inventory-out", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 2
    assert f"R1: cannot bind SSH port 127.0.0.1:{port}" in err and err.count("\n") == 1


def test_reset_wipes_a_state_folder_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    state = tmp_path / "state"
    (state / "ssh").mkdir(parents=True)
    (state / "R1").mkdir()
    assert main(["lab", "reset", "--state-dir", str(state)]) == 0
    assert not state.exists()
    assert main(["lab", "reset", "--state-dir", str(state)]) == 0  # nothing to do
    other = tmp_path / "precious"
    other.mkdir()
    (other / "thesis.tex").write_text("...")
    assert main(["lab", "reset", "--state-dir", str(other)]) == 2
    assert (other / "thesis.tex").exists()


def test_one_lab_per_state_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    proc = lab_up(tmp_path, "--devices", "1")
    try:
        wait_ready(proc)
        state = str(tmp_path / "state")
        args = ["--base-port", "0", "--https-base-port", "0", "--inventory-out", str(tmp_path)]
        assert main(["lab", "up", "--devices", "1", "--state-dir", state, *args]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and f"a lab already runs on {state} (pid {proc.pid})" in err
        assert main(["lab", "reset", "--state-dir", state]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and f"a lab runs on {state} (pid {proc.pid})" in err
        assert (tmp_path / "state" / "ssh").is_dir()  # nothing was wiped
        proc.send_signal(signal.SIGTERM)
        proc.communicate(timeout=60)
    finally:
        proc.kill() if proc.poll() is None else None
    assert main(["lab", "reset", "--state-dir", state]) == 0  # the lab stopped: free again
    assert not (tmp_path / "state").exists()
