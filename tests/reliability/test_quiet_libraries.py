"""No third-party warning reaches a user's terminal (each is filtered narrowly where it arises).

Each command runs as the user runs it: the console script in a fresh interpreter, with Python's
default warning filters (the suite's ``filterwarnings = error`` does not apply to a child).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

PSSC = Path(sys.executable).with_name("pssc")


def _run(
    args: list[str], tmp_path: Path, stdin: str = "", **env: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(PSSC), *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=tmp_path,
        env={**os.environ, "PYTHONWARNINGS": "", **env},
    )


@pytest.mark.parametrize(
    "args",
    [["--help"], ["rollout", "--help"], ["verify", "--help"], ["audit", "--help"],
     ["pins", "--help"], ["lab", "--help"], ["parse", "--help"]],
    ids=lambda a: " ".join(a),
)  # fmt: skip
def test_help_writes_nothing_on_stderr(args: list[str], tmp_path: Path) -> None:
    proc = _run(args, tmp_path)
    assert proc.returncode == 0
    assert proc.stderr == ""


def test_parse_is_quiet_even_when_ttps_cache_is_unreadable(tmp_path: Path) -> None:
    cache = tmp_path / "ttp-cache"
    cache.mkdir()
    (cache / "ttp_dict_cache.pickle").write_bytes(b"not a pickle")  # as after a torn write
    proc = _run(
        ["parse", "-c", "show running-config"], tmp_path, "hostname R1\n", TTPCACHEFOLDER=str(cache)
    )
    assert proc.returncode == 0, proc.stderr
    assert '"hostname": "R1"' in proc.stdout
    assert proc.stderr == ""


def test_the_lab_starts_without_warnings(tmp_path: Path) -> None:
    """asyncssh's import warns about cryptography's DSA deprecation; the lab filters it."""
    proc = subprocess.Popen(
        [str(PSSC), "lab", "up", "--devices", "1", "--base-port", "0", "--https-base-port", "0",
         "--state-dir", str(tmp_path / "state"), "--inventory-out", str(tmp_path / "inv")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "PYTHONWARNINGS": ""},
    )  # fmt: skip
    assert proc.stdout is not None
    deadline = time.monotonic() + 60
    lines = []
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        lines.append(line)
        if not line or line.startswith("lab ready:"):
            break
    proc.send_signal(signal.SIGINT)
    _out, err = proc.communicate(timeout=30)
    assert any(line.startswith("lab ready:") for line in lines), lines
    assert "Warning" not in err, err
