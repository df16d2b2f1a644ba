"""A device model driven without sockets: the actions of its sessions, their text.

The fixtures are re-exported by ``conftest.py``; tests import ``Cli`` and helpers from here.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from lab.device import Device, DeviceSpec, Faults
from lab.protocol import Action, Disconnect, HttpsChanged, ReloadDevice, Sleep, Write


def text_of(actions: list[Action]) -> str:
    """The text a client sees, with IOS's ``\\r\\n`` turned into ``\\n``."""
    return "".join(a.text for a in actions if isinstance(a, Write)).replace("\r\n", "\n")


class Cli:
    """One session on a device, as a terminal user sees it."""

    def __init__(self, dev: Device, user: str = "admin", peer: str = "127.0.0.1") -> None:
        self.dev = dev
        self.session = dev.open_session(user, peer)
        self.actions: list[Action] = []
        self.banner = text_of(self.session.start())

    def line(self, line: str) -> str:
        self.actions = self.session.feed_line(line)
        return text_of(self.actions)

    def key(self, key: str) -> str:
        self.actions = self.session.feed_key(key)
        return text_of(self.actions)

    def lines(self, *lines: str) -> str:
        return "".join(self.line(x) for x in lines)

    def enable(self) -> Cli:
        self.line("enable")
        self.line(self.dev.spec.enable_secret)
        self.line("terminal length 0")
        return self

    def config(self, *lines: str) -> str:
        return self.lines("configure terminal", *lines, "end")

    @property
    def disconnected(self) -> bool:
        return any(isinstance(a, Disconnect) for a in self.actions)

    @property
    def reloading(self) -> bool:
        return any(isinstance(a, ReloadDevice) for a in self.actions)

    @property
    def https_changed(self) -> bool:
        return any(isinstance(a, HttpsChanged) for a in self.actions)

    @property
    def slept(self) -> float:
        return sum(a.seconds for a in self.actions if isinstance(a, Sleep))


MakeDevice = Callable[..., Device]


@pytest.fixture
def make_device(tmp_path: Path) -> MakeDevice:
    def make(
        name: str = "R1",
        *,
        personality: str = "ios15",
        preset: str = "factory",
        faults: Faults | None = None,
        serial: str = "FTX1234A0BC",
        state_dir: Path | None = None,
        boot: bool = True,
    ) -> Device:
        spec = DeviceSpec(
            name=name,
            serial=serial,
            personality=personality,
            preset=preset,
            faults=faults or Faults(),
            boot_seconds=0.1,
        )
        dev = Device(spec, state_dir or tmp_path / "state")
        if boot:
            dev.boot()
        return dev

    return make


@pytest.fixture
def dev(make_device: MakeDevice) -> Device:
    return make_device()


@pytest.fixture
def cli(dev: Device) -> Cli:
    return Cli(dev).enable()


def enroll_trustpoint(cli: Cli, tp: str = "LOCAL", bits: int = 1024, *extra: str) -> str:
    """Configure a self-signed trustpoint and enroll it answering yes, no, yes."""
    out = cli.lines(
        "configure terminal",
        f"crypto pki trustpoint {tp}",
        "enrollment selfsigned",
        f"rsakeypair {tp} {bits}",
        *extra,
        "exit",
        f"crypto pki enroll {tp}",
    )
    while not out.rstrip().endswith("(config)#"):
        last = out.rstrip().splitlines()[-1]
        if "IP address" in last:
            out += cli.line("no")
        else:
            out += cli.line("yes")
    return out + cli.line("end")
