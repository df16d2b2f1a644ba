"""A lab in its own process (``pssc lab up``), to be killed and restarted on the same state, and
a reader of what each emulated device holds in NVRAM (``state/<name>/current``).
"""

from __future__ import annotations

import hashlib
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

import parsers
from lab.device.nvram import Nvram

PSSC = Path(sys.executable).with_name("pssc")


class LabProcess:
    """``pssc lab up --fleet FLEET`` on free ports; ``kill()`` sends SIGKILL, ``start()`` again
    comes back on the same state folder (as after a power cut)."""

    def __init__(self, folder: Path, fleet: dict[str, Any]) -> None:
        self.folder = folder
        self.fleet_file = folder / "fleet.yaml"
        self.fleet_file.write_text(yaml.safe_dump(fleet), encoding="utf-8")
        self.state = folder / "state"
        self.inventory = folder / "inventory"
        self.proc: subprocess.Popen[str] | None = None

    def start(self, timeout: float = 120.0) -> None:
        (self.inventory / "hosts.yaml").unlink(missing_ok=True)
        self.proc = subprocess.Popen(
            [str(PSSC), "lab", "up", "--fleet", str(self.fleet_file), "--base-port", "0",
             "--https-base-port", "0", "--state-dir", str(self.state),
             "--inventory-out", str(self.inventory)],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        )  # fmt: skip
        assert self.proc.stdout is not None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            line = self.proc.stdout.readline()
            if line.startswith("lab ready:"):
                return
            if not line:
                break
        raise AssertionError(f"the lab did not start (exit {self.proc.poll()})")

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(timeout=30)
        self._close()

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.kill()
        self._close()

    def _close(self) -> None:
        if self.proc is not None and self.proc.stdout is not None:
            self.proc.stdout.close()
        self.proc = None

    def names(self) -> list[str]:
        return sorted(p.name for p in self.state.iterdir() if (p / "current").exists())


@dataclass(frozen=True)
class Saved:
    """What one device's NVRAM says about its HTTPS certificate."""

    startup: str | None
    https_sha256: str | None  # the certificate of the trustpoint HTTPS uses, upper-case hex
    problems: tuple[str, ...]  # a trustpoint without its certificate, a key that does not match


def saved_state(state: Path, name: str) -> Saved:
    """Read and check one device's NVRAM: every saved trustpoint has its certificate, and the
    certificate's public key is the saved key pair the trustpoint names (a whole image)."""
    image = Nvram(state / name, host=name).load()
    if image.startup is None:
        return Saved(None, None, ())
    config = parsers.parse("show startup-config", image.startup)
    assert isinstance(config, dict)
    keys = {k["label"]: k["pem"] for k in image.keys}
    problems = []
    certs: dict[str, dict[str, Any]] = {}
    chains = {c["trustpoint"]: c for c in config["certificate_chains"]}
    for tp in config["trustpoints"]:
        chain = chains.get(tp["name"])
        cert = next((c["certificate"] for c in (chain or {}).get("certificates", [])
                     if c["certificate"] is not None), None)  # fmt: skip
        if cert is None:
            problems.append(f"trustpoint {tp['name']} saved without its certificate")
            continue
        certs[tp["name"]] = cert
        label = (tp["rsakeypair"] or {}).get("label") or tp["name"]
        if label not in keys:
            problems.append(f"trustpoint {tp['name']}: key {label} not saved")
        elif _public_pem(keys[label]) != cert["public_key_pem"].strip():
            problems.append(f"trustpoint {tp['name']}: saved key {label} is not the certificate's")
    http = config["http"]
    chosen = http["secure_trustpoint"] or (next(iter(certs)) if len(certs) == 1 else None)
    sha = certs[chosen]["sha256"].upper() if chosen in certs else None
    if http["secure_server"] and http["secure_trustpoint"] and chosen not in certs:
        problems.append(f"ip http secure-trustpoint {chosen} has no saved certificate")
    return Saved(image.startup, sha, tuple(problems))


def _public_pem(private_pem: str) -> str:
    from cryptography.hazmat.primitives import serialization

    key = serialization.load_pem_private_key(private_pem.encode(), password=None)
    public = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return public.decode().strip()


def digest(text: str | None) -> str:
    return hashlib.sha256((text or "").encode()).hexdigest()[:12]
