"""A generated fleet: every fault of the fleet file, alone and mixed, among healthy devices.

Used by the fault test (about 30 devices) and ``bench/load_bench.py --faults`` (100 and more).
``CAUSES`` says which words the failure of each faulty device must carry: the error class and
the cause in words an operator reads (authentication, no crypto image, dropped session, ...).
"""

from __future__ import annotations

import copy
import shutil
from pathlib import Path
from typing import Any

import yaml

# hostname -> faults; each must fail the rollout with the words in CAUSES
ROLLOUT_FAULTY: dict[str, list[str]] = {
    "NOCRYPTO": ["no-crypto-image"],
    "BADPASS": ["auth-fails"],
    "DROP": ["drop-during-enroll"],
    "EXTRA": ["extra-prompt"],
    "NVRAM": ["nvram-write-error"],
    "MIX-AUTH": ["latency 10", "auth-fails"],
    "MIX-DROP": ["slow-keygen 0.3", "drop-during-enroll"],
    "MIX-EXTRA": ["clock-unset", "extra-prompt"],
    "MIX-NVRAM": ["latency 5", "nvram-write-error"],
    "MIX-NOCRYPTO": ["slow-boot 0.2", "no-crypto-image"],
}
# these roll out fine and fail `pssc verify --reload`
RELOAD_FAULTY: dict[str, list[str]] = {
    "HANG": ["reload-hangs"],
    "MIX-HANG": ["latency 5", "slow-keygen 0.2", "reload-hangs"],
}
# faults that slow a device down or make it odd, but must not make it fail
BENIGN: dict[str, list[str]] = {
    "LATENCY": ["latency 15"],
    "SLOWKEY": ["slow-keygen 0.4"],
    "CLOCK": ["clock-unset"],
    "SLOWBOOT": ["slow-boot 0.3"],
    "MIX-BENIGN": ["latency 5", "slow-keygen 0.2", "clock-unset", "slow-boot 0.2"],
}
CAUSES: dict[str, tuple[str, str]] = {
    "no-crypto-image": ("CommandRejected", "no crypto image"),
    "auth-fails": ("AuthenticationFailed", "authentication failed"),
    "drop-during-enroll": ("DeviceUnreachable", "session dropped"),
    "extra-prompt": ("UnexpectedPrompt", "unknown prompt"),
    "nvram-write-error": ("SaveFailed", "error writing nvram"),
    "reload-hangs": ("ReloadTimeout", "did not come back"),
}


def cause_of(faults: list[str]) -> tuple[str, str]:
    """The expected (error class, words) of a faulty device: its one failing fault."""
    failing = [CAUSES[f] for f in faults if f in CAUSES]
    assert len(failing) == 1, faults
    return failing[0]


def fleet(
    devices: int, *, boot_seconds: float = 0.3, secrets: tuple[str, str] | None = None
) -> dict[str, Any]:
    """A fleet document: the faulty and benign devices above, the rest healthy factory devices.

    ``devices`` is the total; it must leave room for at least one healthy device.
    """
    special = {**ROLLOUT_FAULTY, **RELOAD_FAULTY, **BENIGN}
    healthy = devices - len(special)
    if healthy < 1:
        raise ValueError(f"a faulty fleet needs more than {len(special)} devices")
    defaults: dict[str, Any] = {"personality": "ios15", "boot_seconds": boot_seconds}
    if secrets:
        defaults.update(password=secrets[0], enable_secret=secrets[1])
    entries: list[dict[str, Any]] = [{"hostname": "OK{n:03}", "count": healthy}]
    entries += [{"hostname": name, "faults": faults} for name, faults in special.items()]
    return {"defaults": defaults, "devices": entries}


def healthy_names(data: dict[str, Any]) -> list[str]:
    """Hosts that must finish the rollout: the healthy and the benign ones (and the reload ones)."""
    count = data["devices"][0]["count"]
    names = [f"OK{n:03}" for n in range(1, count + 1)]
    return names + list(BENIGN) + list(RELOAD_FAULTY)


# --- login failures: one line per host naming the address, the port and the cause -------------
# host -> words its failure must carry (beyond "SSH to 127.0.0.1:PORT" and the error class)
LOGIN_CAUSES: dict[str, tuple[str, str]] = {
    "BADPASS": ("AuthenticationFailed", "authentication failed"),
    "BADENABLE": ("AuthenticationFailed", "enable secret refused"),
    "WRONGKEY": ("HostKeyMismatch", "host key rejected"),
    "REFUSED": ("DeviceUnreachable", "connection refused"),
    "TIMEOUT": ("DeviceUnreachable", "TCP connection timed out after 2 s"),
    "SILENT": ("DeviceUnreachable", "no SSH session within 2 s"),
    "CLOSES": ("DeviceUnreachable", "closed before the SSH banner"),
}


def login_fault_inventory(
    inventory: Path, folder: Path, ports: dict[str, int], *, copy_of: tuple[str, str, str]
) -> Path:
    """A copy of the lab's inventory with the hosts of ``LOGIN_CAUSES``: BADPASS as it is,
    BADENABLE (a healthy device, a wrong enable secret), WRONGKEY (a healthy device whose
    known_hosts holds another device's key, checked), and the ``ports`` of the other names
    (sockets the test keeps: refused, full backlog, silent, closing), with a 2 s connect timeout.
    ``copy_of``: three healthy devices (for BADENABLE, WRONGKEY and the key WRONGKEY is given)."""
    hosts = yaml.safe_load((inventory / "hosts.yaml").read_text(encoding="utf-8"))
    first, second, other = copy_of
    chosen = {"BADPASS": hosts["BADPASS"]}
    chosen["BADENABLE"] = copy.deepcopy(hosts[first])
    chosen["BADENABLE"]["connection_options"]["netmiko"]["extras"]["secret"] = "not-the-secret"
    chosen["WRONGKEY"] = copy.deepcopy(hosts[second])
    keys = dict(
        line.split(" ", 1)
        for line in (inventory / "known_hosts").read_text(encoding="utf-8").splitlines()
        if line.strip()
    )
    other_key = keys[f"[127.0.0.1]:{hosts[other]['port']}"]
    wrong = f"[127.0.0.1]:{hosts[second]['port']} {other_key}"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "wrong_known_hosts").write_text(wrong + "\n", encoding="utf-8")
    chosen["WRONGKEY"]["data"].update(host_key_checking=True, known_hosts="wrong_known_hosts")
    for name, port in ports.items():
        entry = copy.deepcopy(hosts[first])
        entry["port"] = port
        entry["connection_options"]["netmiko"]["extras"]["conn_timeout"] = 2
        chosen[name] = entry
    for name in ("groups.yaml", "defaults.yaml"):
        if (inventory / name).is_file():
            shutil.copy(inventory / name, folder / name)
    (folder / "hosts.yaml").write_text(yaml.safe_dump(chosen), encoding="utf-8")
    return folder
