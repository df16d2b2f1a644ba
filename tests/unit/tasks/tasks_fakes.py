"""A fake netmiko connection that plays a scripted IOS device, for dialog and step tests.

The script is a list of steps: each waits for exactly what the client must send next and then
gives the device's reply. ``send_command`` (show and configuration lines) returns the reply as
netmiko would (no echo, no prompt); through ``write_channel``/``read_channel`` (dialogs) the
device echoes what it receives, like IOS, and the reply must end with the prompt it prints.
``FakeConn`` implements ``tasks.channel.NetmikoLike``; ``fake_nornir`` puts it behind a Nornir
host as its open ``netmiko`` connection, so real tasks run against it without a socket.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from nornir.core import Nornir
from nornir.core.inventory import Defaults, Groups, Host, Hosts, Inventory
from nornir.core.task import Result
from nornir.plugins.runners import SerialRunner

from tasks.facts import PkiFacts

DROP = object()  # a reply that closes the session


@dataclass
class Step:
    expect: str  # what the client sends (without the newline); "*" for anything
    reply: str | object  # the device's text (after the echo in a dialog), or DROP
    drop: bool = False  # the session closes once the reply has been read (a reload)


@dataclass
class FakeConn:
    script: list[Step]
    base_prompt: str = "R1"
    pending: str = ""
    sent: list[str] = field(default_factory=list)  # everything written, in order
    closed: bool = False
    chunk: int = 0  # at most this many characters per read (0: all there is)
    reads: int = 0
    closing: bool = False
    eof_received = False
    transport = None

    @property
    def remote_conn(self) -> FakeConn:  # the "channel" is the fake itself
        return self

    def _step(self, typed: str) -> str | object | None:
        if self.script and self.script[0].expect in (typed, "*"):
            step = self.script.pop(0)
            self.closing = step.drop
            return step.reply
        return None

    def send_command(
        self,
        command_string: str,
        expect_string: str | None = None,
        read_timeout: float = 10.0,
        *,
        strip_prompt: bool = True,
        strip_command: bool = True,
    ) -> str:
        if self.closed:
            raise OSError("Socket is closed")
        self.sent.append(command_string)
        assert self.script, f"sent {command_string!r}, the script has ended"
        reply = self._step(command_string)
        assert reply is not None, f"sent {command_string!r}, expected {self.script[0].expect!r}"
        if reply is DROP:
            self.closed = True
            raise OSError("Socket is closed")
        assert isinstance(reply, str)
        return reply

    def write_channel(self, data: str) -> None:
        if self.closed:
            raise OSError("Socket is closed")
        self.sent.append(data)
        typed = data.rstrip("\n")
        self.pending += typed.replace("\x03", "^C") + "\r\n"
        reply = self._step(typed)
        if reply is DROP:
            self.closed = True
        elif reply is not None:
            assert isinstance(reply, str)
            self.pending += reply

    def read_channel(self) -> str:
        self.reads += 1
        if self.closed and not self.pending:
            raise OSError("Channel closed")
        size = self.chunk or len(self.pending)
        out, self.pending = self.pending[:size], self.pending[size:]
        if self.closing and not self.pending:
            self.closed = True
        return out

    def check_enable_mode(self, check_string: str = "#") -> bool:
        return True

    def enable(self) -> str:
        return ""

    def commands(self) -> list[str]:
        """What was sent, one entry per command or answer, newlines and Ctrl-C shown."""
        return [x.rstrip("\n") for x in self.sent]


class FakeConnectionPlugin:
    """Stands where Nornir keeps an open connection plugin (``host.connections["netmiko"]``)."""

    def __init__(self, conn: FakeConn) -> None:
        self.connection = conn

    def open(self, *args: Any, **kwargs: Any) -> None:  # never called: already open
        raise AssertionError("the fake connection cannot be opened again")

    def close(self) -> None:
        self.connection.closed = True


def fake_nornir(conn: FakeConn, name: str = "R1") -> Nornir:
    """A Nornir with one host whose ``netmiko`` connection is ``conn`` (already open)."""
    host = Host(name=name, hostname="192.0.2.1")
    host.connections["netmiko"] = FakeConnectionPlugin(conn)  # type: ignore[assignment]
    inventory = Inventory(hosts=Hosts({name: host}), groups=Groups(), defaults=Defaults())
    return Nornir(inventory=inventory, runner=SerialRunner())


# The reload wordings of docs/prompts.md section 6 (6.1, 6.2, 6.6).
SAVE_VARIANTS = [
    "System configuration has been modified. Save? [yes/no]: ",
    "System configuration has been modified. Save? [yes/no]:",
    "System config has been modified. Save? [yes/no]: ",
]
CONFIRM_VARIANTS = [
    "Proceed with reload? [confirm]",
    "Proceed with reload?[confirm]:",
    "Proceed with quick reload? [confirm]",
    "Proceed with reload fast? [confirm]",
    "Do you wish to proceed with reload anyway[confirm]",
    "Reload the entire shelf [confirm]",
    "Proceed with reload command (cold)? [confirm]",
]


def run_task(conn: FakeConn, task: Any, *, dry_run: bool = False, **kwargs: Any) -> Result:
    """Run a Nornir task on the one host whose connection is ``conn``; its Result."""
    nr = fake_nornir(conn)
    nr.data.dry_run = dry_run
    return nr.run(task=task, **kwargs)["R1"][0]


@cache
def selfsigned_der(tag: str = "A") -> bytes:
    """A self-signed certificate (RSA 2048, SHA-256) as IOS makes one; ``tag`` makes another."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"IOS-Self-Signed-{tag}")])
    start = datetime(2025, 1, 1, tzinfo=UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(start)
        .not_valid_after(start + timedelta(days=3650))
        .sign(key, hashes.SHA256())
    )
    return cert.public_bytes(serialization.Encoding.DER)


def config_text(
    trustpoint: str | None = None, der: bytes | None = None, *, https: bool = True, extra: str = ""
) -> str:
    """``show running-config`` of a device with one self-signed trustpoint, as IOS prints it."""
    lines = ["Building configuration...", "", "Current configuration : 4242 bytes", "!"]
    lines += ["version 15.7", "hostname R1", "!"]
    if trustpoint:
        lines += [f"crypto pki trustpoint {trustpoint}", " enrollment selfsigned"]
        lines += [" serial-number", " ip-address none", f" rsakeypair {trustpoint} 2048"]
        lines += [" hash sha256", "!"]
    if trustpoint and der:
        words = textwrap.wrap(der.hex().upper(), 8)
        lines += [f"crypto pki certificate chain {trustpoint}", " certificate self-signed 01"]
        lines += ["  " + " ".join(words[i : i + 8]) for i in range(0, len(words), 8)]
        lines += ["  \tquit", "!"]
    if https and trustpoint:
        lines += ["ip http secure-server", f"ip http secure-trustpoint {trustpoint}", "!"]
    lines += [extra, "end"] if extra else ["end"]
    return "\r\n".join(lines) + "\r\n"


class FakeClock:
    """A clock that moves only when the code under test sleeps."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


# ---- facts without a device: configurations and certificates as the parsers return them ----


def cert_info(
    *,
    key_size: int = 2048,
    digest: str = "sha256",
    not_before: str = "2025-01-01T00:00:00Z",
    not_after: str = "2035-01-01T00:00:00Z",
    tag: str = "A",
) -> dict[str, Any]:
    """A decoded certificate (the fields pssc reads); ``tag`` makes its DER and hash distinct."""
    return {
        "subject": "cn=R1",
        "serial": "01",
        "not_before": not_before,
        "not_after": not_after,
        "key_type": "RSA",
        "key_size": key_size,
        "signature_algorithm": f"{digest}WithRSAEncryption",
        "signature_hash": digest,
        "sha256": (tag * 64)[:64],
        "self_signed": True,
        "signature_valid": True,
        "der_hex": "3082" + tag * 8,
    }


def trustpoint(name: str, *, label: str | None = None, size: int | None = 2048) -> dict[str, Any]:
    return {
        "name": name,
        "enrollment": "selfsigned",
        "enrollment_url": None,
        "subject_name": None,
        "subject_alt_name": None,
        "rsakeypair": {"label": label or name, "key_size": size, "encryption_key_size": None},
        "serial_number": "",
        "ip_address": "none",
        "fqdn": None,
        "revocation_check": None,
        "hash": "sha256",
        "commands": [],
    }


def config(
    trustpoints: list[dict[str, Any]] = (),  # type: ignore[assignment]
    certs: dict[str, dict[str, Any]] | None = None,
    *,
    secure_server: bool = False,
    secure_trustpoint: str | None = None,
) -> dict[str, Any]:
    chains = [
        {
            "trustpoint": tp,
            "keyword": "pki",
            "certificates": [
                {
                    "type": "self-signed",
                    "serial": "01",
                    "storage": None,
                    "hex": "",
                    "certificate": c,
                }
            ],
        }
        for tp, c in (certs or {}).items()
    ]
    return {
        "hostname": "R1",
        "trustpoints": list(trustpoints),
        "certificate_chains": chains,
        "http": {
            "server": False,
            "secure_server": secure_server,
            "secure_trustpoint": secure_trustpoint,
        },
    }


def facts(running: dict[str, Any], startup: dict[str, Any] | None = None) -> PkiFacts:
    return PkiFacts(host="R1", running=running, startup=startup or config())  # type: ignore[arg-type]
