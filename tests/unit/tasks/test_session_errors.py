"""Login and command errors become the named ``tasks.errors`` classes, each naming the host."""

from __future__ import annotations

import json
from pathlib import Path

import paramiko
import pytest
from netmiko.exceptions import NetmikoAuthenticationException, NetmikoTimeoutException

from pssc.output import render_table, write_json
from pssc.rollout import describe_error
from tasks.errors import (
    AuthenticationFailed,
    CommandRejected,
    DeviceUnreachable,
    HostKeyMismatch,
    UnexpectedPrompt,
)
from tasks.session import _classify_connect_error


@pytest.mark.parametrize(
    ("exc", "expected"),
    [
        (NetmikoAuthenticationException("Authentication to device failed."), AuthenticationFailed),
        (
            NetmikoTimeoutException(
                "A paramiko SSHException occurred during connection creation:\n\n"
                "Server '[127.0.0.1]:2201' not found in known_hosts"
            ),
            HostKeyMismatch,
        ),
        (
            paramiko.BadHostKeyException(
                "127.0.0.1", paramiko.RSAKey.generate(1024), paramiko.RSAKey.generate(1024)
            ),
            HostKeyMismatch,
        ),
        (NetmikoTimeoutException("TCP connection to device failed."), DeviceUnreachable),
        (TimeoutError("timed out"), DeviceUnreachable),
        (ConnectionRefusedError(111, "Connection refused"), DeviceUnreachable),
    ],
)
def test_login_errors_are_classified(exc: Exception, expected: type) -> None:
    error = _classify_connect_error(exc, "R1")
    assert type(error) is expected and error.host == "R1"


def test_describe_error_is_one_line_with_the_class_and_command() -> None:
    exc = CommandRejected("% Invalid input detected at '^' marker.", host="R1", command="x y")
    assert describe_error(exc) == "CommandRejected [x y]: % Invalid input detected at '^' marker."
    assert describe_error(UnexpectedPrompt("unknown prompt", host="R1")).startswith(
        "UnexpectedPrompt: unknown"
    )
    assert "\n" not in describe_error(RuntimeError("a\nb"))


def test_table_and_atomic_json(tmp_path: Path) -> None:
    text = render_table("t", ["host", "status"], [["R1", "failed"]], styles={"failed": "red"})
    assert "R1" in text and "failed" in text and "[red]" not in text
    path = write_json(tmp_path / "sub" / "out.json", [{"host": "R1"}])
    assert json.loads(path.read_text()) == [{"host": "R1"}]
    assert [p.name for p in path.parent.iterdir()] == ["out.json"]  # no temporary left over
