"""What a device is made of: its description (:class:`DeviceSpec`) and faults (:class:`Faults`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from lab.errors import SpecError

PERSONALITIES = ("ios12", "ios15", "iosxe17")
PRESETS = (
    *("factory", "legacy-fn70489", "unsaved", "weak-key", "healthy", "two-selfsigned"),
    "hostile",  # names, subject and banner that attack the client (lab/device/model/hostile.py)
)


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
    # a hostile device's show commands (lab/device/cli/hostile.py): 32,000 blank lines, a line
    # of 32,000 '[', output that never ends, 50 MB of output, no prompt after the output
    blank_lines: bool = False
    bracket_flood: bool = False
    endless_output: bool = False
    huge_output: bool = False
    prompt_lost: bool = False
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
        problem = name_problem(self.name)
        if problem:
            raise SpecError(f"invalid hostname {self.name!r}: {problem}", host=self.name)


def name_problem(name: str) -> str | None:
    """Why ``name`` cannot name a lab device, or None. The name is a folder of ``--state-dir``
    (NVRAM) and part of a file name there (host keys), so it must stay one plain name inside it:
    printable ASCII without space, no path separator, no ``..``.

    >>> name_problem("EDGE001"), name_problem("../../outside"), name_problem("R\\x1b")
    (None, 'a path separator', 'not printable ASCII')
    """
    if not name:
        return "empty"
    if not (name.isascii() and name.isprintable()):
        return "not printable ASCII"
    if any(c.isspace() for c in name):
        return "a space"
    if "/" in name or "\\" in name:
        return "a path separator"
    if ".." in name or name == ".":
        return "'..' or '.'"
    return None
