"""Errors of the tasks package: one base, ``TaskError``, carrying host, command and the text seen.

Tasks raise these; Nornir turns an exception into that host's failed Result and the other hosts
go on. A compliance finding is data, never one of these.

>>> str(CommandRejected("% Invalid input detected at '^' marker.", host="R1", command="ip http x"))
"R1: 'ip http x': % Invalid input detected at '^' marker."
>>> UnexpectedPrompt("unknown prompt", host="R1", seen="Really? [y/n]: ").seen
'Really? [y/n]: '
>>> str(ProbeError("10.0.0.1", 443, "connection refused"))
'10.0.0.1:443: HTTPS probe failed: connection refused'
"""

from __future__ import annotations

from typing import Self


class TaskError(Exception):
    """A task could not do its job on one host.

    ``host`` names the host, ``command`` the command being run (when there was one) and ``seen``
    the device text that shows why (trimmed; never holds a credential, since pssc never echoes one).
    """

    def __init__(
        self,
        message: str,
        *,
        host: str | None = None,
        command: str | None = None,
        seen: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.host = host
        self.command = command
        self.seen = seen

    def __str__(self) -> str:
        where = [part for part in (self.host, repr(self.command) if self.command else None) if part]
        prefix = ": ".join(where)
        return f"{prefix}: {self.message}" if prefix else self.message

    def amended(self, message: str) -> Self:
        """A copy of this error (same class, host, command and text seen) saying ``message``.

        Raise it ``from`` this one: an error is never changed once raised.

        >>> str(DeviceTimeout("no prompt", host="R1").amended("no prompt; nothing was saved"))
        'R1: no prompt; nothing was saved'
        """
        copy = type(self).__new__(type(self), message)
        copy.__dict__.update(self.__dict__)
        copy.message = message
        return copy


class DeviceUnreachable(TaskError):
    """No TCP/SSH session could be opened (refused, timed out, reset before login)."""


class AuthenticationFailed(TaskError):
    """The device refused the username/password, or the enable secret."""


class HostKeyMismatch(TaskError):
    """The SSH host key is unknown or differs from the one in known_hosts."""


class CommandRejected(TaskError):
    """The device answered with the ``% Invalid input`` family or another ``%`` error."""


class UnexpectedPrompt(TaskError):
    """A dialog asked a question pssc has no answer for; the dialog was aborted, nothing guessed."""


class DeviceTimeout(TaskError):
    """The device stopped answering in the middle of a command or a dialog."""


class ReloadTimeout(TaskError):
    """The device did not go down, or did not come back, before the deadline."""


class ReloadNotObserved(TaskError):
    """The session came back but the device shows no sign of having rebooted."""


class OutputOverflow(TaskError):
    """The device sent more than pssc reads for one dialog (a runaway or hostile device); the
    dialog was abandoned."""


class PolicyRejected(TaskError):
    """The present certificate breaks the policy and ``fix`` was not given: needs ``--fix``."""


class SaveFailed(TaskError):
    """``write memory`` did not print ``[OK]`` or the startup configuration does not hold the
    certificate that was just made."""


class VerifyFailed(TaskError):
    """After the rollout (or right after the enrollment) the device is not in the state the
    plan promised."""


class InvalidArgument(TaskError):
    """A value a task would type on the device is not one IOS takes as such: a control, non-ASCII
    or ``?`` character (``?`` asks IOS for help, a line break ends the command and would answer
    the next question), or not one word where one word is wanted. Nothing was sent."""


class SignFailed(TaskError):
    """The CA did not sign the device's request: the sign command failed or printed no
    certificate, or the certificate is not for the request's key or not from the CA."""


class ProbeError(TaskError):
    """The HTTPS endpoint could not be reached or did not complete a handshake.

    ``host`` is ``address:port`` (the endpoint probed); ``address``, ``port`` and ``reason``
    are also kept apart.
    """

    def __init__(self, address: str, port: int, reason: str) -> None:
        super().__init__(f"HTTPS probe failed: {reason}", host=f"{address}:{port}")
        self.address = address
        self.port = port
        self.reason = reason

    def __reduce__(self) -> tuple[type[ProbeError], tuple[str, int, str], dict[str, object]]:
        # pickled for the Dask runner: rebuilt from its own arguments, not from ``args``
        return type(self), (self.address, self.port, self.reason), self.__dict__


__all__ = [
    "AuthenticationFailed",
    "CommandRejected",
    "DeviceTimeout",
    "DeviceUnreachable",
    "HostKeyMismatch",
    "InvalidArgument",
    "OutputOverflow",
    "PolicyRejected",
    "ProbeError",
    "ReloadNotObserved",
    "ReloadTimeout",
    "SaveFailed",
    "SignFailed",
    "TaskError",
    "UnexpectedPrompt",
    "VerifyFailed",
]
