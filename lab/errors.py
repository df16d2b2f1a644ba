"""Errors of the lab: one base, :class:`LabError`, with the host, the command and the text seen."""

from __future__ import annotations


class LabError(Exception):
    """Something in the lab went wrong (not an IOS error shown to a client: those are output)."""

    def __init__(
        self,
        message: str,
        *,
        host: str | None = None,
        command: str | None = None,
        seen: str | None = None,
    ) -> None:
        super().__init__(message)
        self.host = host
        self.command = command
        self.seen = seen

    def __str__(self) -> str:
        text = super().__str__()
        if self.host:
            text = f"{self.host}: {text}"
        if self.command:
            text = f"{text} (command {self.command!r})"
        return text


class NvramError(LabError):
    """The NVRAM of a device cannot be read or written."""


class ConfigLoadError(LabError):
    """A startup configuration in NVRAM does not parse."""


class SpecError(LabError):
    """A device or fleet description is invalid (unknown preset, personality, fault)."""


class LabBusy(LabError):
    """Another lab already runs on the state folder (``.pid``: the process holding it)."""

    def __init__(self, message: str, *, pid: int | None = None) -> None:
        super().__init__(message)
        self.pid = pid
