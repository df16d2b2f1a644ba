"""Errors of the tasks package: one base, ``TaskError``, carrying host, command and the text seen.

Tasks raise these; Nornir turns an exception into that host's failed Result and the other hosts
go on. A compliance finding is data, never one of these.

>>> str(CommandRejected("% Invalid input detected at '^' marker.", host="R1", command="ip http x"))
"R1: 'ip http x': % Invalid input detected at '^' marker."
>>> UnexpectedPrompt("unknown prompt", host="R1", seen="Really? [y/n]: ").seen
'Really? [y/n]: '
"""

from __future__ import annotations


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


class PolicyRejected(TaskError):
    """The present certificate breaks the policy and ``fix`` was not given: needs ``--fix``."""


class SaveFailed(TaskError):
    """``write memory`` did not print ``[OK]`` or the startup configuration does not hold the
    certificate that was just made."""


__all__ = [
    "AuthenticationFailed",
    "CommandRejected",
    "DeviceTimeout",
    "DeviceUnreachable",
    "HostKeyMismatch",
    "PolicyRejected",
    "ReloadTimeout",
    "SaveFailed",
    "TaskError",
    "UnexpectedPrompt",
]
