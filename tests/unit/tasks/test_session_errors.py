"""Login and command errors become the named ``tasks.errors`` classes, each naming the host."""

from __future__ import annotations

import paramiko
import pytest
from netmiko.exceptions import NetmikoAuthenticationException, NetmikoTimeoutException

from tasks.errors import (
    AuthenticationFailed,
    DeviceUnreachable,
    HostKeyMismatch,
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
