"""Trust: SSH host keys are checked, a wrong one is refused naming the host; the TLS probe
records a certificate without trusting it; the lab binds loopback unless ``--listen`` says
otherwise, and says so when it does (the listening sockets are looked at in /proc/net/tcp).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import socket
import ssl
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from pssc.cli import main
from tasks.tls_probe import probe_https

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("reliability-trust")]

PSSC = Path(sys.executable).with_name("pssc")
FLEET = {
    "defaults": {"boot_seconds": 0.3},
    "devices": [{"hostname": "R1", "preset": "healthy"}, {"hostname": "R2", "preset": "healthy"}],
}


@pytest.fixture(scope="module")
def lab(lab_factory: Any) -> Any:
    return lab_factory(fleet_data=FLEET)


def checked_copy(lab: Any, folder: Path, known_hosts: str | None = None) -> Path:
    """The lab's inventory with ``host_key_checking: true`` (and another known_hosts)."""
    shutil.copytree(lab.inventory_dir, folder)
    hosts = yaml.safe_load((folder / "hosts.yaml").read_text())
    for entry in hosts.values():
        entry["data"]["host_key_checking"] = True
    (folder / "hosts.yaml").write_text(yaml.safe_dump(hosts))
    if known_hosts is not None:
        (folder / "known_hosts").write_text(known_hosts)
    return folder


def swapped_keys(known_hosts: str) -> str:
    """R1's address with R2's key and the other way round: both keys "changed"."""
    lines = [line.split() for line in known_hosts.splitlines() if line]
    assert len(lines) == 2
    (a1, *k1), (a2, *k2) = lines
    return f"{a1} {' '.join(k2)}\n{a2} {' '.join(k1)}\n"


@pytest.mark.parametrize("command", ["rollout", "verify", "audit"])
def test_host_keys_checked_against_the_labs_known_hosts(
    lab: Any, tmp_path: Path, command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    inventory = checked_copy(lab, tmp_path / "inv")
    extra = ["--no-pins"] + (["--no-progress"] if command == "rollout" else [])
    assert main([command, "-i", str(inventory), *extra]) == 0, capsys.readouterr()


def test_a_changed_host_key_is_refused_naming_the_host(lab: Any, tmp_path: Path) -> None:
    original = (lab.inventory_dir / "known_hosts").read_text()
    inventory = checked_copy(lab, tmp_path / "inv", swapped_keys(original))
    out = tmp_path / "out.json"
    proc = subprocess.run(
        [str(PSSC), "rollout", "-i", str(inventory), "--no-progress", "--no-pins",
         "--json", str(out)],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert proc.returncode == 1
    assert "Traceback" not in proc.stdout + proc.stderr
    for record in json.loads(out.read_text())["hosts"]:
        port = lab.hosts[record["host"]].ssh_port
        assert record["status"] == "failed"
        assert record["error"].startswith("HostKeyMismatch: "), record
        assert "host key rejected" in record["error"], record
        assert f"127.0.0.1:{port}" in record["error"], record["error"]  # the host, by address
        assert str(inventory / "known_hosts") in record["error"]
        assert record["host"] in proc.stdout  # and by name, in the table row of the failure


def test_an_unknown_host_key_is_refused(lab: Any, tmp_path: Path) -> None:
    inventory = checked_copy(lab, tmp_path / "inv", "")
    out = tmp_path / "out.json"
    code = main(["rollout", "-i", str(inventory), "--no-progress", "--no-pins", "--json", str(out)])
    assert code == 1
    errors = [r["error"] for r in json.loads(out.read_text())["hosts"]]
    assert len(errors) == 2 and all(e.startswith("HostKeyMismatch") for e in errors), errors


def test_the_tls_probe_records_a_certificate_it_does_not_trust(lab: Any) -> None:
    port = lab.hosts["R1"].https_port
    served = probe_https("127.0.0.1", port, timeout=5)
    identity = lab.device("R1").https_identity()
    assert identity is not None
    pem = next(part.decode() for part in identity if b"BEGIN CERTIFICATE" in part)
    assert served.der == ssl.PEM_cert_to_DER_cert(pem)  # recorded as served
    assert served.sha256 == hashlib.sha256(served.der).hexdigest().upper()
    # a verifying client refuses the same server: the probe did not make it trusted
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    with socket.create_connection(("127.0.0.1", port), timeout=5) as raw:
        with pytest.raises(ssl.SSLCertVerificationError):
            ctx.wrap_socket(raw)


def test_only_the_probe_turns_certificate_verification_off() -> None:
    root = Path(__file__).resolve().parents[2]
    hits = [
        str(p.relative_to(root))
        for package in ("pssc", "tasks", "parsers")
        for p in (root / package).rglob("*.py")
        if "CERT_NONE" in p.read_text(encoding="utf-8")
        or "verify=False" in p.read_text(encoding="utf-8")
    ]
    assert hits == ["tasks/tls_probe.py"]


def listening(ports: set[int]) -> dict[int, str]:
    """port -> bound IPv4 address, for the listening TCP sockets among ``ports``."""
    found: dict[int, str] = {}
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        address, port_hex = fields[1].split(":")
        if fields[3] != "0A":  # LISTEN
            continue
        port = int(port_hex, 16)
        if port in ports:
            raw = bytes.fromhex(address)[::-1]
            found[port] = ".".join(str(b) for b in raw)
    return found


def lab_up(tmp_path: Path, *listen: str) -> tuple[dict[int, str], str, str]:
    """``pssc lab up`` in a subprocess: the addresses its ports listen on, its first line(s)."""
    inventory = tmp_path / "inventory"
    fleet = tmp_path / "fleet.yaml"  # healthy devices: their HTTPS servers listen too
    fleet.write_text(yaml.safe_dump(FLEET))
    cmd = [str(PSSC), "lab", "up", "--fleet", str(fleet), "--base-port", "0", "--https-base-port",
           "0", "--state-dir", str(tmp_path / "state"), "--inventory-out", str(inventory),
           *listen]  # fmt: skip
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        lines = []
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            lines.append(line)
            if line.startswith("lab ready:") or not line:
                break
        hosts = yaml.safe_load((inventory / "hosts.yaml").read_text())
        ports = {h["port"] for h in hosts.values()} | {
            h["data"]["https_port"] for h in hosts.values()
        }
        assert len(ports) == 4
        return listening(ports), "".join(lines), str(hosts["R1"]["hostname"])
    finally:
        proc.terminate()
        proc.communicate(timeout=30)  # reads and closes both pipes


def test_the_lab_binds_loopback_by_default(tmp_path: Path) -> None:
    bound, out, address = lab_up(tmp_path)
    assert set(bound.values()) == {"127.0.0.1"} and len(bound) == 4, bound
    assert "not only on loopback" not in out and "lab ready:" in out
    assert address == "127.0.0.1"


def test_the_lab_says_so_when_listen_widens_it(tmp_path: Path) -> None:
    bound, out, address = lab_up(tmp_path, "--listen", "0.0.0.0")
    assert set(bound.values()) == {"0.0.0.0"} and len(bound) == 4, bound
    assert out.splitlines()[0] == "lab: listening on 0.0.0.0, not only on loopback"
    assert address == "127.0.0.1"  # the inventory still says how to reach it from here
