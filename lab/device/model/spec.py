"""What a device is made of: its description (:class:`DeviceSpec`) and faults (:class:`Faults`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from lab.errors import SpecError

PERSONALITIES = ("ios12", "ios15", "iosxe17")
PRESETS = ("factory", "legacy-fn70489", "unsaved", "weak-key", "healthy", "two-selfsigned")


@dataclass(frozen=True)
class Faults:
    """Faults a device plays (``auth_fails`` and ``latency_ms`` are played by the transport)."""

    no_crypto_image: bool = False
    auth_fails: bool = False
    slow_keygen: float = 0.0
    drop_during_enroll: bool = False
    reload_hangs: bool = False
    slow_boot: float = 0.0
    nvram_write_error: bool = False
    clock_unset: bool = False
    latency_ms: float = 0.0
    extra_prompt: bool = False
    no_enrollment_terminal: bool = False  # an image without `enrollment terminal` (issue 17)


@dataclass(frozen=True)
class DeviceSpec:
    """The description of one emulated device (from the fleet file or the runner)."""

    name: str
    serial: str = "FTX1234A0BC"
    personality: str = "ios15"
    username: str = "admin"
    password: str = "admin"
    enable_secret: str = "cisco"
    preset: str = "factory"
    faults: Faults = field(default_factory=Faults)
    boot_seconds: float = 3.0
    domain_name: str = "lab.example"

    def __post_init__(self) -> None:
        if self.personality not in PERSONALITIES:
            raise SpecError(f"unknown personality {self.personality!r}", host=self.name)
        if self.preset not in PRESETS:
            raise SpecError(f"unknown preset {self.preset!r}", host=self.name)
        if not self.name or any(c.isspace() for c in self.name):
            raise SpecError(f"invalid hostname {self.name!r}", host=self.name)
