"""A fake netmiko connection that plays a scripted IOS device, for dialog and step tests.

The script is a list of steps: each waits for exactly what the client must type next and then
prints the device's reply. The device echoes what it receives, like IOS.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tasks.facts import PkiFacts

DROP = object()  # a reply that closes the session


@dataclass
class Step:
    expect: str  # what the client sends (without the newline)
    reply: str | object  # the device's text after the echo, or DROP


@dataclass
class FakeConn:
    script: list[Step]
    base_prompt: str = "R1"
    pending: str = ""
    sent: list[str] = field(default_factory=list)
    closed: bool = False

    def write_channel(self, data: str) -> None:
        if self.closed:
            raise OSError("Socket is closed")
        self.sent.append(data)
        typed = data.rstrip("\n")
        self.pending += typed.replace("\x03", "^C") + "\r\n"
        if self.script and (self.script[0].expect == typed or self.script[0].expect == "*"):
            step = self.script.pop(0)
            if step.reply is DROP:
                self.closed = True
            else:
                assert isinstance(step.reply, str)
                self.pending += step.reply

    def read_channel(self) -> str:
        if self.closed and not self.pending:
            raise OSError("Channel closed")
        out, self.pending = self.pending, ""
        return out


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
