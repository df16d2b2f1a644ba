"""A tiny device that implements ``lab.protocol`` (not IOS): it tests the transport on its own."""

from __future__ import annotations

import datetime as dt
import threading

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from lab.protocol import (
    Action,
    Disconnect,
    HttpsChanged,
    InputMode,
    ReloadDevice,
    Sleep,
    Write,
)


def make_identity(cn: str) -> tuple[bytes, bytes]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])
    now = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=3650))
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    )
    return cert.public_bytes(serialization.Encoding.PEM), key_pem


class FakeSession:
    """``>`` / ``#`` prompts, ``enable`` with a hidden password, ``reload`` with ``[confirm]``."""

    def __init__(self, device: FakeDevice) -> None:
        self.device = device
        self.echo = True
        self.input_mode: InputMode = "line"
        self.lines: list[str] = []
        self.keys: list[str] = []
        self.helps: list[str] = []
        self._priv = False
        self._state = "exec"

    def prompt(self) -> Write:
        return Write(f"{self.device.name}{'#' if self._priv else '>'}")

    def start(self) -> list[Action]:
        return [Write("\r\nWelcome\r\n\r\n"), self.prompt()]

    def feed_line(self, line: str) -> list[Action]:
        return [Write("\r\n"), *self._answer(line)]

    def _answer(self, line: str) -> list[Action]:
        self.lines.append(line)
        if self._state == "password":
            self._state, self.echo, self._priv = "exec", True, line == "secret"
            return [self.prompt()]
        word = line.strip()
        if word == "enable":
            self._state, self.echo = "password", False
            return [Write("Password: ")]
        if word == "exit":
            return [Disconnect()]
        if word == "reload":
            self.input_mode = "key"
            return [Write("Proceed with reload? [confirm]")]
        if word == "slow":
            return [Sleep(0.3), Write("done\r\n"), self.prompt()]
        if word == "https on":
            self.device.identity = self.device.identity or make_identity(self.device.name)
            return [HttpsChanged(), self.prompt()]
        if word == "https off":
            self.device.identity = None
            return [HttpsChanged(), self.prompt()]
        return [Write(f"you said [{line}]\r\n"), self.prompt()]

    def feed_key(self, key: str) -> list[Action]:
        self.keys.append(key)
        self.input_mode = "line"
        if key in ("\r", "\n", "y"):
            self.device.up = False
            return [Write("\r\n"), ReloadDevice()]
        if key == "\x1a":
            return [Write("^Z\r\n"), self.prompt()]
        return [Write("\r\n"), self.prompt()]

    def help(self, line: str) -> list[Action] | None:
        """``?``: a list, then the prompt and the line again; a literal ``?`` after ``say``."""
        self.helps.append(line)
        if line.startswith("say"):
            return None
        return [Write(f"\r\n  help for [{line}]\r\n\r\n"), self.prompt(), Write(line)]

    def close(self) -> None:
        self.device.closed += 1


class FakeDevice:
    def __init__(self, name: str = "R1", boot_seconds: float | None = 0.3) -> None:
        self.name = name
        self.up = False
        self.boot_seconds = boot_seconds
        self.boots = 0
        self.closed = 0
        self.identity: tuple[bytes, bytes] | None = None
        self.sessions: list[FakeSession] = []
        self._lock = threading.Lock()

    def boot(self) -> list[str]:
        with self._lock:
            self.up = True
            self.boots += 1
        return ["booted"]

    def shutdown(self) -> None:
        self.up = False

    def check_login(self, username: str, password: str) -> bool:
        return (username, password) == ("admin", "admin")

    def open_session(self, username: str, peer: str) -> FakeSession:
        session = FakeSession(self)
        self.sessions.append(session)
        return session

    def https_identity(self) -> tuple[bytes, bytes] | None:
        return self.identity
