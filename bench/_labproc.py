"""What the benchmarks share: ``pssc lab up`` in a child process, and its CPU from ``/proc``."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of process ``pid`` so far (all its threads)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


@contextmanager
def lab_up(folder: Path, *options: str) -> Iterator[subprocess.Popen[str]]:
    """``pssc lab up OPTIONS`` on free ports with its state and inventory in ``folder``;
    yields the process once it printed ``lab ready:``, stops it afterwards."""
    cmd = [
        sys.executable, "-m", "pssc", "lab", "up", *options,
        "--base-port", "0", "--https-base-port", "0", "--state-dir", str(folder / "state"),
        "--inventory-out", str(folder / "inventory"),
    ]  # fmt: skip
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.startswith("lab ready:"):
                break
        else:
            raise SystemExit(f"lab did not start (exit {proc.wait()})")
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
