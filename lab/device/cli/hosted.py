"""The part of a handler's :class:`~lab.device.cli.context.Context` that a session forwards to
its device (state objects and actions); :class:`~lab.device.cli.session.Session` inherits it."""

from __future__ import annotations

from collections.abc import Sequence

from lab.device.cli.context import Terminal
from lab.device.cli.host import Host
from lab.device.cli.out import Out
from lab.device.model.clock import DeviceClock
from lab.device.model.logbuf import MessageLog
from lab.device.model.nvram import NvramImage
from lab.device.model.personality import Personality
from lab.device.model.spec import DeviceSpec
from lab.device.model.state import DeviceState
from lab.device.pki.certs import Certificate
from lab.device.pki.rsakeys import KeyPair
from lab.device.pki.trustpoints import Trustpoint


class Hosted:
    """What a session on ``dev`` gives its handlers of the device: forwarded, nothing kept."""

    dev: Host

    def sessions(self) -> Sequence[Terminal]:
        return self.dev.session_list()

    @property
    def state(self) -> DeviceState:
        return self.dev.state

    @property
    def spec(self) -> DeviceSpec:
        return self.dev.spec

    @property
    def persona(self) -> Personality:
        return self.dev.persona

    @property
    def clock(self) -> DeviceClock:
        return self.dev.clock

    @property
    def loading(self) -> bool:
        return self.dev.loading

    @property
    def nvram_image(self) -> NvramImage:
        return self.dev.nvram_image

    @property
    def last_reload_reason(self) -> str:
        return self.dev.last_reload_reason

    def uptime(self) -> float:
        return self.dev.uptime()

    def changed(self) -> None:
        self.dev.changed()

    @property
    def messages(self) -> MessageLog:
        return self.dev.messages

    def save(self, out: Out) -> bool:
        return self.dev.save(out)

    def saved(self) -> bool:
        return self.dev.saved()

    def key_saved(self, pair: KeyPair) -> bool:
        return self.dev.key_saved(pair)

    def saved_cert_file(self, tp: Trustpoint, cert: Certificate | None = None) -> str | None:
        return self.dev.saved_cert_file(tp, cert)

    def install(self, tp: Trustpoint, cert: Certificate, role: str = "router") -> None:
        self.dev.install(tp, cert, role)

    def go_down(self, reason: str) -> None:
        self.dev.go_down(reason)
