"""Why a login failed, in one line with the endpoint; a refused enable secret at once."""

from __future__ import annotations

import socket

import paramiko
import pytest
from netmiko.exceptions import NetmikoAuthenticationException, NetmikoTimeoutException

from tasks.errors import AuthenticationFailed, DeviceUnreachable, HostKeyMismatch
from tasks.login import enter_enable, login_error


def _wrapped(outer: Exception, inner: BaseException) -> Exception:
    """``outer`` raised while handling ``inner``, as netmiko does."""
    try:
        try:
            raise inner
        except BaseException:
            raise outer  # noqa: B904 - netmiko raises without "from"
    except Exception as exc:
        return exc


NETMIKO_TCP = "TCP connection to device failed.\n\nCommon causes of this problem are:\n..."
NETMIKO_SSH = "\nA paramiko SSHException occurred during connection creation:\n\n"


@pytest.mark.parametrize(
    ("exc", "kind", "words"),
    [
        (
            _wrapped(
                NetmikoTimeoutException(NETMIKO_TCP),
                paramiko.ssh_exception.NoValidConnectionsError(
                    {("10.1.1.1", 22): ConnectionRefusedError(111, "Connection refused")}
                ),
            ),
            DeviceUnreachable,
            "connection refused",
        ),
        (
            _wrapped(NetmikoTimeoutException(NETMIKO_TCP), TimeoutError("timed out")),
            DeviceUnreachable,
            "TCP connection timed out after 15 s",
        ),
        (
            _wrapped(
                NetmikoTimeoutException(NETMIKO_SSH + "Error reading SSH protocol banner"),
                _wrapped(paramiko.SSHException("Error reading SSH protocol banner"), EOFError()),
            ),
            DeviceUnreachable,
            "closed before the SSH banner",
        ),
        (
            _wrapped(
                NetmikoTimeoutException("Paramiko: 'No existing session' error: try increasing"),
                paramiko.SSHException("No existing session"),
            ),
            DeviceUnreachable,
            "no SSH session within 15 s",
        ),
        (
            NetmikoAuthenticationException("Authentication to device failed."),
            AuthenticationFailed,
            "authentication failed: the device refused user 'ops'",
        ),
        (
            NetmikoTimeoutException(
                NETMIKO_SSH + "Server '[10.1.1.1]:22' not found in known_hosts"
            ),
            HostKeyMismatch,
            "host key rejected (Server '[10.1.1.1]:22' not found in known_hosts)",
        ),
        (socket.gaierror(-2, "Name or service not known"), DeviceUnreachable, "does not resolve"),
    ],
    ids=["refused", "tcp-timeout", "banner", "no-session", "auth", "host-key", "dns"],
)
def test_the_cause_and_the_endpoint_in_one_line(exc: Exception, kind: type, words: str) -> None:
    error = login_error(exc, "R1", "10.1.1.1", 22, timeout=15, username="ops")
    text = str(error)
    assert type(error) is kind and error.host == "R1"
    assert text.startswith("R1: SSH to 10.1.1.1:22: ") and words in text, text
    assert "\n" not in text and not text.endswith(":") and "paramiko" not in text.lower()


class _Device:
    """A user EXEC session whose ``enable`` asks for a secret, as IOS does (docs/prompts.md 8.2)."""

    def __init__(self, secret: str) -> None:
        self.secret, self.pending, self.sent, self.tries = secret, "R1>", [], 0
        self.remote_conn = object()
        self.base_prompt = "R1"

    def write_channel(self, data: str) -> None:
        self.sent.append(data)
        typed = data.rstrip("\n")
        if typed == "enable":
            self.pending += "enable\r\nPassword: "
        elif typed == self.secret:
            self.pending += "\r\nR1#"
        else:
            self.tries += 1
            self.pending += "\r\n% Bad secrets\r\n\r\nR1>" if self.tries == 3 else "\r\nPassword: "

    def read_channel(self) -> str:
        out, self.pending = self.pending, ""
        return out


def test_enable_with_the_right_secret() -> None:
    device = _Device("cisco")
    enter_enable(device, "R1", "cisco", sleep=lambda s: None)  # type: ignore[arg-type]
    assert device.sent == ["enable\n", "cisco\n"]


def test_a_wrong_enable_secret_is_refused_at_the_second_password_prompt() -> None:
    device = _Device("cisco")
    ticks = iter(range(1000))
    with pytest.raises(AuthenticationFailed, match="enable secret refused") as exc:
        enter_enable(device, "R1", "wrong", clock=lambda: next(ticks), sleep=lambda s: None)  # type: ignore[arg-type]
    # typed once, no waiting for a timeout; the last two tries answered empty, so that IOS says
    # "% Bad secrets" and the session is back at a prompt (closing it does not wait either)
    assert device.sent == ["enable\n", "wrong\n", "\n", "\n"]
    assert device.tries == 3 and device.pending == ""
    assert exc.value.command == "enable"
