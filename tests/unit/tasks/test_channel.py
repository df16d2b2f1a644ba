"""``tasks.channel``: a dropped session, reading, and the IOS error check on a command's output."""

from __future__ import annotations

import time
from types import SimpleNamespace

import pytest
from netmiko.exceptions import ReadException

from tasks.channel import check_output, dropped, read
from tasks.errors import CommandRejected
from tasks.session import send
from tests.unit.tasks.tasks_fakes import FakeConn, Step


class Transport:
    def __init__(self, active: bool) -> None:
        self.active = active

    def is_active(self) -> bool:
        return self.active


@pytest.mark.parametrize(
    ("channel", "gone"),
    [
        (None, True),  # netmiko sets remote_conn to None when it closes the session
        (SimpleNamespace(closed=True), True),
        (SimpleNamespace(closed=False, eof_received=True), True),
        (SimpleNamespace(closed=False, transport=Transport(active=False)), True),
        (SimpleNamespace(closed=False, transport=Transport(active=True)), False),
        (SimpleNamespace(closed=False), False),
    ],
)
def test_dropped(channel: object, gone: bool) -> None:
    assert dropped(SimpleNamespace(remote_conn=channel)) is gone  # type: ignore[arg-type]


class Raising(FakeConn):
    def __init__(self, exc: Exception) -> None:
        super().__init__([])
        self.exc = exc

    def read_channel(self) -> str:
        raise self.exc


@pytest.mark.parametrize(
    "exc", [OSError("Socket is closed"), EOFError(), ReadException("Channel stream closed")]
)
def test_read_says_none_when_the_session_has_gone(exc: Exception) -> None:
    assert read(Raising(exc)) is None


def test_read_does_not_hide_a_bug() -> None:
    with pytest.raises(KeyError):
        read(Raising(KeyError("bug")))


def test_read_of_nothing_on_a_live_session_is_empty_text() -> None:
    assert read(FakeConn([])) == ""


@pytest.mark.parametrize(
    "output",
    [
        "        ^\r\n% Invalid input detected at '^' marker.\r\n",
        "R1(config)#ip http secure-server\r\n   ^\r\n% Invalid input detected at '^' marker.",
        "% Incomplete command.\r\n",
        '% Ambiguous command:  "sh c"\r\n',
        "\r\n*Mar  1 00:00:01.000: %SYS-5-CONFIG_I: Configured\r\n% Access denied\r\n",
        "Building configuration...\r\n%Error writing nvram:startup-config\r\n",
        '"1.2.3.4" is not a valid subject name\r\n',
    ],
)
def test_a_refused_command_is_command_rejected(output: str) -> None:
    with pytest.raises(CommandRejected) as err:
        check_output(output, host="R1", command="x")
    assert err.value.host == "R1" and err.value.command == "x"


@pytest.mark.parametrize(
    "output",
    [
        "% The serial number in the certificate will be: 9XVYC51FMT6\r\n% Access denied\r\n",
        "Current configuration : 99 bytes\r\nbanner motd ^C\r\n%Error: keep out\r\n^C\r\nend\r\n",
        "",
        "R1#",
    ],
)
def test_error_words_after_the_first_line_of_output_are_device_text(output: str) -> None:
    assert check_output(output, host="R1", command="show running-config") == output


@pytest.mark.parametrize(
    "flood",
    ["\r\n" * 32_000, "[" * 32_000, " " * 32_000 + "\r\n", "\r\n" * 32_000 + "% Access denied"],
)
def test_a_flood_of_output_is_checked_in_linear_time(flood: str) -> None:
    conn = FakeConn([Step("show running-config", flood)])
    start = time.process_time()
    try:
        send(conn, "R1", "show running-config")
    except CommandRejected:
        assert flood.endswith("% Access denied")  # blank lines, then the error: a refusal
    seconds = time.process_time() - start
    assert seconds < 2.0, f"{seconds:.2f} s of CPU"
