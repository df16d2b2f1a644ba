"""What a :class:`~lab.device.cli.session.Session` needs of its device (the device implements it).

Handlers never see this: they get the narrower :class:`~lab.device.cli.context.Context`, which
the session implements by forwarding to its host.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import Any, Protocol

from lab.device.cli.context import Terminal
from lab.device.cli.out import Out
from lab.device.cli.table import CommandSet
from lab.device.model.clock import DeviceClock
from lab.device.model.logbuf import MessageLog
from lab.device.model.nvram import NvramImage
from lab.device.model.personality import Personality
from lab.device.model.spec import DeviceSpec
from lab.device.model.state import DeviceState
from lab.device.pki.certs import Certificate
from lab.device.pki.rsakeys import KeyPair
from lab.device.pki.trustpoints import Trustpoint


class Host(Protocol):
    name: str
    state: DeviceState
    spec: DeviceSpec
    persona: Personality
    clock: DeviceClock
    loading: bool
    nvram_image: NvramImage
    last_reload_reason: str

    @property
    def lock(self) -> AbstractContextManager[Any]: ...

    @property
    def up(self) -> bool: ...

    @property
    def commands(self) -> CommandSet:
        """The command trees of this image (with or without crypto)."""
        ...

    def uptime(self) -> float: ...

    def changed(self) -> None: ...

    @property
    def messages(self) -> MessageLog: ...

    def log_line(
        self, out: Out, mnemonic: str, text: str, origin: Terminal | None = None
    ) -> None: ...

    def log_text(self, out: Out, line: str, origin: Terminal | None = None) -> None: ...

    def save(self, out: Out) -> bool: ...

    def saved(self) -> bool: ...

    def key_saved(self, pair: KeyPair) -> bool: ...

    def saved_cert_file(self, tp: Trustpoint, cert: Certificate | None = None) -> str | None: ...

    def install(self, tp: Trustpoint, cert: Certificate, role: str = "router") -> None: ...

    def go_down(self, reason: str) -> None: ...

    def session_list(self) -> Sequence[Terminal]: ...

    def forget_session(self, sess: Terminal) -> None: ...

    def https_changed(self) -> bool: ...
