"""``reload_device`` through Nornir, netmiko and the lab's real SSH transport.

The device here is a small stand-in that speaks just enough IOS for a reload (login, enable,
terminal settings, ``show version`` with an uptime, the ``Save?``/``[confirm]`` dialog) so that the
task's own work is proven on real sockets: the dialog over a PTY, the dropped session, refused
reconnects with backoff, the uptime check, the deadline, and a prompt it must refuse to guess.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest

from lab.device.spec import DeviceSpec
from lab.protocol import Action, InputMode, ReloadDevice, Write
from pssc.inventory import load_nornir
from tasks.errors import ReloadTimeout, UnexpectedPrompt
from tasks.reload import ReloadOutcome, reload_device

pytestmark = pytest.mark.xdist_group("verify-reload-task")

BOOT = 0.6


class MiniSession:
    def __init__(self, device: MiniIOS) -> None:
        self.dev = device
        self.echo = True
        self.input_mode: InputMode = "line"
        self.priv = False
        self.state = "exec"

    def prompt(self) -> Write:
        return Write(f"{self.dev.name}{'#' if self.priv else '>'}")

    def start(self) -> list[Action]:
        return [Write("\r\n"), self.prompt()]

    def feed_line(self, line: str) -> list[Action]:
        out: list[Action] = [Write("\r\n")]
        word = line.strip()
        if self.state == "password":
            self.state, self.echo, self.priv = "exec", True, line == self.dev.spec.enable_secret
            return [*out, self.prompt()]
        if self.state == "save":
            self.dev.save_answers.append(word)
            if self.dev.spec.faults.extra_prompt:
                self.state = "extra"
                return [*out, Write("Erase the flash before reloading? [yes/no]: ")]
            return [*out, *self._confirm()]
        if self.state == "extra":
            self.state = "exec"
            return [*out, self.prompt()]
        if word == "enable":
            self.state, self.echo = "password", False
            return [*out, Write("Password: ")]
        if word == "show version":
            minutes = int(self.dev.uptime() // 60)
            text = f"Cisco IOS Software\r\n\r\n{self.dev.name} uptime is {minutes} minutes\r\n"
            return [*out, Write(text), self.prompt()]
        if word == "reload" and self.priv:
            self.state = "save"
            return [*out, Write("System configuration has been modified. Save? [yes/no]: ")]
        if word.startswith("terminal") or not word:
            return [*out, self.prompt()]
        return [*out, Write("% Invalid input detected at '^' marker.\r\n"), self.prompt()]

    def _confirm(self) -> list[Action]:
        self.state, self.input_mode = "confirm", "key"
        return [Write("Proceed with reload? [confirm]")]

    def feed_key(self, key: str) -> list[Action]:
        self.input_mode, self.state = "line", "exec"
        if key in ("\r", "\n", "y"):
            self.dev.up = False
            log = "*Nov 28 03:40:00.123: %SYS-5-RELOAD: Reload requested by admin on vty0.\r\n"
            return [Write("\r\n" + log), ReloadDevice()]
        return [Write("\r\n"), self.prompt()]

    def close(self) -> None:
        pass


class MiniIOS:
    """Up for an hour when the lab starts; a reload resets the uptime."""

    def __init__(self, spec: DeviceSpec) -> None:
        self.spec = spec
        self.name = spec.name
        self.up = False
        self.booted_at = time.monotonic() - 3600.0
        self.boots = 0
        self.save_answers: list[str] = []
        self._lock = threading.Lock()

    @property
    def boot_seconds(self) -> float | None:
        return None if self.spec.faults.reload_hangs else self.spec.boot_seconds

    def uptime(self) -> float:
        return time.monotonic() - self.booted_at

    def boot(self) -> list[str]:
        with self._lock:
            if self.boots:
                self.booted_at = time.monotonic()
            self.boots += 1
            self.up = True
        return []

    def shutdown(self) -> None:
        self.up = False

    def check_login(self, username: str, password: str) -> bool:
        return (username, password) == (self.spec.username, self.spec.password)

    def open_session(self, username: str, peer: str) -> MiniSession:
        return MiniSession(self)

    def https_identity(self) -> tuple[bytes, bytes] | None:
        return None


def mini_factory(spec: DeviceSpec, state_dir: Path) -> MiniIOS:
    return MiniIOS(spec)


FLEET = {
    "defaults": {"boot_seconds": BOOT},
    "devices": [
        {"hostname": "M1"},
        {"hostname": "M2"},
        {"hostname": "HANG", "faults": ["reload-hangs"]},
        {"hostname": "ODD", "faults": ["extra-prompt"]},
    ],
}


@pytest.fixture(scope="module")
def lab(lab_factory: Any) -> Any:
    return lab_factory(fleet_data=FLEET, device_factory=mini_factory)


@pytest.fixture(scope="module")
def results(lab: Any) -> dict[str, Any]:
    nr = load_nornir(lab.inventory_dir, workers=4)
    try:
        agg = nr.run(task=reload_device, boot_timeout=4.0)
    finally:
        nr.close_connections()
    return {name: multi[0] for name, multi in agg.items()}


def test_reload_answers_no_and_comes_back(lab: Any, results: dict[str, Any]) -> None:
    for name in ("M1", "M2"):
        result = results[name]
        assert not result.failed, result.exception
        outcome = result.result
        assert isinstance(outcome, ReloadOutcome)
        device = lab.device(name)
        assert device.save_answers == ["no"] and device.boots == 2
        assert outcome.declined_save
        assert [a for _, a in outcome.answers] == ["no", "<Enter>"]
        assert outcome.uptime_before is not None and outcome.uptime_before >= 3600
        assert outcome.uptime_after is not None and outcome.uptime_after < 60
        assert outcome.requested_at <= outcome.down_at <= outcome.ssh_back_at
        assert outcome.ssh_attempts >= 1


def test_two_hosts_were_down_at_the_same_time(results: dict[str, Any]) -> None:
    outcomes = [results[name].result for name in ("M1", "M2")]
    assert max(o.down_at for o in outcomes) < min(o.ssh_back_at for o in outcomes)


def test_hanging_reload_hits_the_deadline(lab: Any, results: dict[str, Any]) -> None:
    result = results["HANG"]
    assert result.failed and isinstance(result.exception, ReloadTimeout)
    assert "SSH did not come back" in str(result.exception)
    assert lab.device("HANG").boots == 1


def test_unknown_prompt_is_refused_and_nothing_reloads(lab: Any, results: dict[str, Any]) -> None:
    result = results["ODD"]
    assert result.failed and isinstance(result.exception, UnexpectedPrompt)
    assert "Erase the flash" in str(result.exception)
    assert lab.device("ODD").boots == 1 and lab.server("ODD").reloads == 0
