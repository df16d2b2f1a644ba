"""Issue 13 findings 8 and 11: the pin store is checked before any device is contacted (a bad
file is one line naming it, exit 2); the default store is the user's; every run names its store
and warns when it is new; reports respect the umask."""

from __future__ import annotations

import os
import socket
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from pssc.atomic import write_text
from pssc.cli import main
from pssc.pinfile import default_path, open_store


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    """A port that counts as a device: a connection to it would show in ``accept``."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    sock.setblocking(False)
    yield sock
    sock.close()


def _inventory(folder: Path, port: int) -> Path:
    folder.mkdir()
    (folder / "hosts.yaml").write_text(
        f"R1:\n  hostname: 127.0.0.1\n  port: {port}\n  username: u\n  password: p\n"
        "  platform: cisco_ios\n  data: {host_key_checking: false}\n"
    )
    return folder


def _contacted(sock: socket.socket) -> bool:
    try:
        conn, _ = sock.accept()
    except BlockingIOError:
        return False
    conn.close()
    return True


@pytest.mark.parametrize("content", [b"this is not a database" * 100, "sqlite-other"])
@pytest.mark.parametrize("command", ["audit", "verify", "rollout"])
def test_a_bad_pin_store_is_one_line_before_any_device(
    tmp_path: Path,
    listener: socket.socket,
    capsys: pytest.CaptureFixture[str],
    command: str,
    content: bytes | str,
) -> None:
    inv = _inventory(tmp_path / "inv", listener.getsockname()[1])
    pins = tmp_path / "pins.sqlite"
    if content == "sqlite-other":
        with sqlite3.connect(pins) as db:
            db.execute("CREATE TABLE t (x)")
    else:
        pins.write_bytes(bytes(content))
    code = main([command, "-i", str(inv), "--pins", str(pins)])
    err = capsys.readouterr().err
    assert code == 2, err
    assert err.count("\n") == 1 and err.startswith(f"pssc {command}: pin store {pins}"), err
    assert not _contacted(listener)


def test_pins_list_of_a_bad_store_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pins = tmp_path / "pins.sqlite"
    pins.write_bytes(b"garbage" * 200)
    assert main(["pins", "--pins", str(pins), "list"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"pin store {pins}: not a usable SQLite file" in err


def test_a_new_store_is_named_and_warned_about(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with socket.socket() as s:  # a port nobody listens on: the host is unreachable
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    inv = _inventory(tmp_path / "inv", port)
    pins = tmp_path / "state" / "pins.sqlite"
    main(["audit", "-i", str(inv), "--pins", str(pins)])
    out, err = capsys.readouterr()
    assert f"pin store {pins} is new" in err
    assert f"pin store: {pins} (new)" in out
    main(["audit", "-i", str(inv), "--pins", str(pins), "--format", "json"])
    out, err = capsys.readouterr()
    assert out.lstrip().startswith("{") and "pin store" not in out  # stdout stays JSON
    assert f"pin store: {pins}" in err


def test_open_store_answers_new_and_existing(tmp_path: Path) -> None:
    from pssc.pins import PinStore

    path = tmp_path / "a" / "b" / "pins.sqlite"
    assert open_store(path).new
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    PinStore(path).record("R1", "TP", "AA" * 32)
    assert not open_store(path).new


def test_the_default_store_is_the_users_state_folder(tmp_path: Path) -> None:
    assert default_path({"HOME": "/h", "XDG_STATE_HOME": str(tmp_path)}) == (
        tmp_path / "pssc" / "pins.sqlite"
    )
    assert default_path({"XDG_STATE_HOME": "relative/ignored"}) == (
        Path.home() / ".local/state/pssc/pins.sqlite"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("PSSC_PINS", "XDG_STATE_HOME")}
    env["HOME"] = str(tmp_path)
    code = "from pssc.pins import DEFAULT_PATH; print(DEFAULT_PATH)"
    run = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert run.stdout.strip() == str(tmp_path / ".local/state/pssc/pins.sqlite"), run.stderr


@pytest.mark.parametrize(("mask", "mode"), [(0o077, 0o600), (0o022, 0o644), (0o027, 0o640)])
def test_reports_respect_the_umask(tmp_path: Path, mask: int, mode: int) -> None:
    old = os.umask(mask)
    try:
        path = write_text(tmp_path / "report.json", "{}\n")
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == mode
