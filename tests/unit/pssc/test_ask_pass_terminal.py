"""Issue 13 finding 10 (and issue 18): ``--ask-pass`` prompts on the terminal, never on stdout,
so ``pssc audit --format json --ask-pass > a.json`` stays JSON; without a terminal it is one line,
no ``GetPassWarning``, exit 2. The child runs in a session of its own: no controlling terminal,
or a pseudo-terminal made its controlling terminal."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import select
import socket
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

PSSC = [sys.executable, "-m", "pssc"]


def _inventory(folder: Path) -> Path:
    with socket.socket() as s:  # a port nobody listens on: the host is unreachable
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    folder.mkdir()
    (folder / "hosts.yaml").write_text(
        f"R1:\n  hostname: 127.0.0.1\n  port: {port}\n  platform: cisco_ios\n"
        "  data: {host_key_checking: false}\n"
    )
    return folder


def _env() -> dict[str, str]:
    drop = ("PSSC_USERNAME", "PSSC_PASSWORD", "PSSC_SECRET")
    return {k: v for k, v in os.environ.items() if k not in drop}


def test_without_a_terminal_ask_pass_is_one_line(tmp_path: Path) -> None:
    inv = _inventory(tmp_path / "inv")
    run = subprocess.run(
        [*PSSC, "audit", "-i", str(inv), "--format", "json", "--ask-pass", "--no-pins"],
        stdin=subprocess.DEVNULL, capture_output=True, text=True, env=_env(),
        start_new_session=True, timeout=60, check=False,
    )  # fmt: skip
    assert run.returncode == 2, run.stderr
    assert run.stdout == ""
    assert run.stderr.count("\n") == 1 and "GetPassWarning" not in run.stderr
    assert run.stderr.startswith("pssc audit: --ask-pass needs a terminal")


def _controlling_tty() -> None:  # in the child, after setsid: the pty on stdin becomes its tty
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


def _read_until(fd: int, wanted: str, seen: list[str]) -> None:
    deadline = time.monotonic() + 30
    while wanted not in "".join(seen):
        assert time.monotonic() < deadline, f"no {wanted!r} on the terminal: {''.join(seen)!r}"
        ready, _, _ = select.select([fd], [], [], 1.0)
        if ready:
            seen.append(os.read(fd, 1024).decode(errors="replace"))


def test_prompts_go_to_the_terminal_and_stdout_stays_json(tmp_path: Path) -> None:
    inv = _inventory(tmp_path / "inv")
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [*PSSC, "audit", "-i", str(inv), "--format", "json", "--ask-pass", "--no-pins"],
        stdin=slave, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env(),
        start_new_session=True, preexec_fn=_controlling_tty,
    )  # fmt: skip
    os.close(slave)
    try:
        seen: list[str] = []
        for prompt, answer in (("Username", "ops"), ("Password:", "pw1"), ("secret", "sec2")):
            _read_until(master, prompt, seen)
            os.write(master, answer.encode() + b"\n")
        out, err = proc.communicate(timeout=120)
    finally:
        os.close(master)
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    terminal = "".join(seen)
    assert "Username" in terminal and "Password:" in terminal and "pw1" not in terminal
    report = json.loads(out)  # stdout is the report, and only the report
    assert [h["host"] for h in report["hosts"]] == ["R1"]
    assert b"Password" not in out and b"Password" not in err
    assert b"pw1" not in out + err and b"sec2" not in out + err


if not hasattr(termios, "TIOCSCTTY"):  # pragma: no cover
    pytestmark = pytest.mark.skip(reason="no TIOCSCTTY on this platform")
