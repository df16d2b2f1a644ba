"""A generated fleet: every fault of the fleet file, alone and mixed, among healthy devices.

Used by the fault test (about 30 devices) and ``bench/load_bench.py --faults`` (100 and more).
``CAUSES`` says which words the failure of each faulty device must carry: the error class and
the cause in words an operator reads (authentication, no crypto image, dropped session, ...).
"""

from __future__ import annotations

from typing import Any

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
