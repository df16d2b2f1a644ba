"""The emulated IOS device: state, NVRAM, boot and reload, sessions, HTTPS identity."""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

from lab.device.clock import DeviceClock
from lab.device.personality import Personality, personality
from lab.device.session import Session
from lab.device.spec import DeviceSpec
from lab.device.state import DeviceState, RunningConfig, default_interfaces

log = logging.getLogger(__name__)


class Device:
    """One emulated device (a :class:`lab.protocol.DeviceModel`)."""

    def __init__(self, spec: DeviceSpec, state_dir: Path) -> None:
        self.spec = spec
        self.name = spec.name
        self.lock = threading.RLock()
        self.persona: Personality = personality(spec.personality)
        self.clock = DeviceClock(unset=spec.faults.clock_unset)
        self.state_dir = Path(state_dir) / spec.name
        self.state = DeviceState(RunningConfig(hostname=spec.name))
        self.sessions: dict[int, Session] = {}
        self.last_reload_reason = "power-on"
        self._up = False
        self._booted = time.monotonic()

    # -- DeviceModel ---------------------------------------------------------------------------
    @property
    def up(self) -> bool:
        return self._up

    @property
    def boot_seconds(self) -> float | None:
        if self.spec.faults.reload_hangs:
            return None
        return self.spec.boot_seconds + self.spec.faults.slow_boot

    def boot(self) -> list[str]:
        with self.lock:
            self.clock.reset()
            cfg = RunningConfig(
                hostname=self.spec.name,
                domain_name=self.spec.domain_name,
                interfaces=default_interfaces(self.spec.serial),
            )
            self.state = DeviceState(cfg)
            self._booted = time.monotonic()
            self._up = True
            log.info("%s: booted (%s)", self.name, self.spec.personality)
            return []

    def shutdown(self) -> None:
        with self.lock:
            self._up = False
            for sess in list(self.sessions.values()):
                sess.closed = True
            self.sessions.clear()

    def check_login(self, username: str, password: str) -> bool:
        return username == self.spec.username and password == self.spec.password

    def open_session(self, username: str, peer: str) -> Session:
        with self.lock:
            line = 0
            while line in self.sessions:
                line += 1
            sess = Session(self, username, peer, line)
            self.sessions[line] = sess
            return sess

    def https_identity(self) -> tuple[bytes, bytes] | None:
        return None

    # -- helpers for sessions ------------------------------------------------------------------
    def forget_session(self, sess: Session) -> None:
        if self.sessions.get(sess.line_no) is sess:
            del self.sessions[sess.line_no]

    def session_list(self) -> list[Session]:
        return [self.sessions[k] for k in sorted(self.sessions)]

    def uptime(self) -> float:
        return time.monotonic() - self._booted
