"""``tasks.channel.guard``: one command's output is capped, whoever reads it (issue 13)."""

from __future__ import annotations

from typing import Any

import pytest

from tasks.channel import OUTPUT_LIMIT, SESSION_DEADLINE, guard
from tasks.errors import DeviceTimeout, OutputOverflow
from tests.unit.tasks.tasks_fakes import FakeClock


class Endless:
    """A channel that answers every command with output that never ends."""

    def __init__(self) -> None:
        self.written: list[str] = []
        self.reads = 0

    def write_channel(self, out_data: str) -> None:
        self.written.append(out_data)

    def read_channel(self) -> str:
        self.reads += 1
        return "x" * 65536


def test_endless_output_is_cut_at_the_limit_naming_host_and_command() -> None:
    conn = Endless()
    guard(conn, "H1", limit=1_000_000)  # type: ignore[arg-type]
    guard(conn, "H1", limit=1_000_000)  # type: ignore[arg-type]  # once per session
    conn.write_channel("show running-config\n")
    with pytest.raises(OutputOverflow) as info:
        while True:
            conn.read_channel()
    assert info.value.host == "H1" and info.value.command == "show running-config"
    assert conn.reads == 1_000_000 // 65536 + 1 and "\n" not in str(info.value)
    assert conn.written == ["show running-config\n"]


def test_the_count_starts_again_at_each_command() -> None:
    conn = Endless()
    guard(conn, "H1", limit=200_000)  # type: ignore[arg-type]
    for command in ("show version\n", "show clock\n", "show users\n"):
        conn.write_channel(command)
        for _ in range(3):  # 196,608 characters: under the limit each time
            conn.read_channel()
    assert OUTPUT_LIMIT >= 4_000_000  # room for the largest real configurations


def test_a_session_past_its_deadline_is_abandoned() -> None:
    conn, clock = Endless(), FakeClock()
    guard(conn, "H1", limit=10**12, deadline=300, clock=clock)  # type: ignore[arg-type]
    conn.write_channel("crypto pki enroll TP\n")
    conn.read_channel()
    clock.sleep(299)
    conn.read_channel()  # slow, but inside the deadline
    clock.sleep(2)
    with pytest.raises(DeviceTimeout, match="deadline of 300 s") as info:
        conn.read_channel()
    assert info.value.host == "H1" and info.value.command == "crypto pki enroll TP"
    assert SESSION_DEADLINE >= 600  # longer than the longest dialog (an enrollment: 600 s)


class Piped:
    """A session over paramiko's channel buffer, read as netmiko reads it (never blocking)."""

    def __init__(self) -> None:
        from types import SimpleNamespace

        from paramiko.buffered_pipe import BufferedPipe  # type: ignore[import-untyped]

        self.pipe: Any = BufferedPipe()
        self.remote_conn = SimpleNamespace(in_buffer=self.pipe)
        self.reads = 0

    def write_channel(self, out_data: str) -> None: ...

    def read_channel(self) -> str:
        self.reads += 1
        if not self.pipe.read_ready():
            return ""
        return bytes(self.pipe.read(65536, timeout=0)).decode()


def test_an_idle_session_waits_on_its_channel_instead_of_polling() -> None:
    import threading
    import time

    conn = Piped()
    guard(conn, "H1", idle_wait=0.2)  # type: ignore[arg-type]
    start = time.monotonic()
    while time.monotonic() - start < 1.0:  # netmiko's loop: read, sleep 10 ms, read again
        assert conn.read_channel() == ""
        time.sleep(0.01)
    assert conn.reads <= 2 * 6  # about 5 waits of 0.2 s, not 100 reads of an empty channel
    threading.Timer(0.05, conn.pipe.feed, args=(b"R1#",)).start()
    before = time.monotonic()
    assert conn.read_channel() == "R1#"  # read as soon as it arrives, not after the wait
    assert time.monotonic() - before < 0.19
    conn.pipe.close()
    before = time.monotonic()
    assert conn.read_channel() == ""  # a closed channel does not make reads wait
    assert time.monotonic() - before < 0.1


def test_a_guarded_session_s_paramiko_reader_wakes_once_a_second_not_ten_times() -> None:
    import socket
    from types import SimpleNamespace

    import paramiko  # type: ignore[import-untyped]

    from tasks.channel import TRANSPORT_CHECK

    mine, theirs = socket.socketpair()
    transport = paramiko.Transport(mine)  # not started: no thread, no traffic
    try:
        assert mine.gettimeout() == pytest.approx(0.1)  # paramiko's own: 10 wake-ups a second
        conn = Piped()
        conn.remote_conn = SimpleNamespace(transport=transport, in_buffer=conn.pipe)
        guard(conn, "H1")  # type: ignore[arg-type]
        assert TRANSPORT_CHECK >= 1.0
        assert mine.gettimeout() == pytest.approx(TRANSPORT_CHECK)
    finally:
        mine.close()
        theirs.close()


def test_draining_leftovers_does_not_wait_for_data() -> None:
    import time

    from tasks.channel import IDLE_WAIT, read

    conn = Piped()
    guard(conn, "H1", idle_wait=0.3)  # type: ignore[arg-type]
    before = time.monotonic()
    assert read(conn, wait=False) == ""  # type: ignore[arg-type]  # a dialog's first read
    assert time.monotonic() - before < 0.1
    before = time.monotonic()
    assert read(conn) == ""  # type: ignore[arg-type]  # a read in a loop waits for data
    assert time.monotonic() - before >= 0.25
    conn.pipe.feed(b"left over\r\nR1#")
    assert read(conn, wait=False) == "left over\r\nR1#"  # type: ignore[arg-type]
    assert IDLE_WAIT >= 1.0  # a waiting session wakes once a second, not ten times
