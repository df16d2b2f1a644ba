"""The fleet file: every documented form parses, every mistake is one line naming file and entry."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from lab.fleet import FleetError, load_fleet, serial_for, simple_fleet, specs_from_data

FLEETS = Path(__file__).resolve().parents[2] / "lab" / "fleets"


def test_example_fleet_uses_every_form() -> None:
    specs = {s.name: s for s in load_fleet(FLEETS / "example.yaml")}
    assert [n for n in specs if n.startswith("EDGE")] == ["EDGE01", "EDGE02", "EDGE03", "EDGE04"]
    assert specs["EDGE03"].faults.latency_ms == 20 and specs["EDGE03"].preset == "unsaved"
    assert specs["LAB-SLOW"].faults.slow_keygen == 2 and specs["LAB-SLOW"].faults.slow_boot == 5
    assert specs["NOCRYPTO"].faults.no_crypto_image
    assert specs["BRANCH-OLD"].personality == "ios12"
    assert len({s.serial for s in specs.values()}) == len(specs)


def test_demo_fleet_mixes_the_problem_states() -> None:
    specs = load_fleet(FLEETS / "demo.yaml")
    assert 6 <= len(specs) <= 10
    presets = {s.preset for s in specs}
    assert {
        "factory",
        "legacy-fn70489",
        "unsaved",
        "weak-key",
        "healthy",
        "two-selfsigned",
    } <= presets
    assert any(s.faults.no_crypto_image for s in specs)


def test_every_fault_by_name() -> None:
    data = {
        "devices": [
            {
                "hostname": "R1",
                "faults": [
                    "no-crypto-image", "auth-fails", "slow-keygen 1.5", "drop-during-enroll",
                    "reload-hangs", "slow-boot 4", "nvram-write-error", "clock-unset",
                    "latency 25", "extra-prompt",
                ],
            }
        ]
    }  # fmt: skip
    faults = specs_from_data(data, "f.yaml")[0].faults
    assert faults.no_crypto_image and faults.auth_fails and faults.drop_during_enroll
    assert faults.reload_hangs and faults.nvram_write_error and faults.clock_unset
    assert faults.extra_prompt
    assert (faults.slow_keygen, faults.slow_boot, faults.latency_ms) == (1.5, 4.0, 25.0)


def test_defaults_and_boot_seconds_precedence() -> None:
    data = {"defaults": {"personality": "iosxe17"}, "devices": [{"hostname": "A"}]}
    assert specs_from_data(data, "f", boot_seconds=0.5)[0].boot_seconds == 0.5
    assert specs_from_data(data, "f")[0].personality == "iosxe17"
    data = {"defaults": {"boot_seconds": 2}, "devices": [{"hostname": "A", "boot_seconds": 1}]}
    assert specs_from_data(data, "f", boot_seconds=0.5)[0].boot_seconds == 1.0


def test_count_without_pattern_numbers_the_names() -> None:
    specs = specs_from_data({"devices": [{"hostname": "SW", "count": 3}]}, "f")
    assert [s.name for s in specs] == ["SW-1", "SW-2", "SW-3"]


def test_simple_fleet_and_serials() -> None:
    specs = simple_fleet(3, personality="ios12", boot_seconds=1)
    assert [s.name for s in specs] == ["R1", "R2", "R3"]
    assert [s.serial for s in specs] == [serial_for(0), serial_for(1), serial_for(2)]
    assert len({serial_for(i) for i in range(5000)}) == 5000


BAD: list[tuple[Any, str]] = [
    ({"hosts": []}, "expected a mapping with a 'devices' list"),
    ({"devices": []}, "no devices"),
    ({"devices": ["R1"]}, "devices[1]: expected a mapping"),
    ({"devices": [{"serial": "X"}]}, "devices[1] (?): hostname is missing"),
    ({"devices": [{"hostname": "R1", "color": "red"}]}, "devices[1] (R1): unknown key(s) color"),
    ({"devices": [{"hostname": "R1", "preset": "shiny"}]}, "devices[1] (R1): "),
    ({"devices": [{"hostname": "R1", "personality": "ios9"}]}, "unknown personality"),
    ({"devices": [{"hostname": "R1", "faults": ["melts"]}]}, "unknown fault 'melts'"),
    ({"devices": [{"hostname": "R1", "faults": ["latency"]}]}, "fault 'latency' needs a number"),
    ({"devices": [{"hostname": "R1", "faults": ["latency -3"]}]}, "cannot be negative"),
    ({"devices": [{"hostname": "R1", "faults": ["auth-fails 3"]}]}, "takes no value"),
    ({"devices": [{"hostname": "R1", "faults": "auth-fails"}]}, "faults must be a list"),
    ({"devices": [{"hostname": "R1"}, {"hostname": "R1"}]}, "devices[2] (R1): hostname 'R1'"),
    ({"devices": [{"hostname": "R{n}", "count": 0}]}, "count must be a positive integer"),
    ({"devices": [{"hostname": "R{x}", "count": 2}]}, "bad hostname pattern"),
    ({"devices": [{"hostname": "R", "count": 2, "serial": "S"}]}, "serial cannot be given"),
    ({"defaults": {"hostname": "X"}, "devices": [{"hostname": "R"}]}, "defaults: unknown key"),
    ({"devices": [{"hostname": "R 1"}]}, "invalid hostname"),
    ({"devices": [{"hostname": "../../outside"}]}, "a path separator"),
    ({"devices": [{"hostname": "..R"}]}, "'..' or '.'"),
    ({"devices": [{"hostname": "."}]}, "'..' or '.'"),
    ({"devices": [{"hostname": "C:\\x"}]}, "a path separator"),
    ({"devices": [{"hostname": "R\x1b]0;x\x07"}]}, "not printable ASCII"),
    ({"devices": [{"hostname": "Ré"}]}, "not printable ASCII"),
    ({"devices": [{"hostname": "R{n}/..", "count": 2}]}, "a path separator"),
]


@pytest.mark.parametrize(("data", "message"), BAD)
def test_bad_fleets_name_the_file_and_the_entry(data: Any, message: str) -> None:
    with pytest.raises(FleetError) as info:
        specs_from_data(data, "bad.yaml")
    text = str(info.value)
    assert text.startswith("bad.yaml") and message in text and "\n" not in text


def test_unreadable_and_invalid_yaml_files(tmp_path: Path) -> None:
    with pytest.raises(FleetError, match="cannot read the fleet file"):
        load_fleet(tmp_path / "missing.yaml")
    broken = tmp_path / "broken.yaml"
    broken.write_text("devices:\n  - hostname: [R1\n")
    with pytest.raises(FleetError, match=r"broken.yaml: line \d+ not valid YAML"):
        load_fleet(broken)
    good = tmp_path / "good.yaml"
    good.write_text(yaml.safe_dump({"devices": [{"hostname": "R1", "faults": {"latency": 5}}]}))
    assert load_fleet(good)[0].faults.latency_ms == 5


def test_spreads_are_drawn_per_device_from_the_seed() -> None:
    data = {
        "seed": 7,
        "defaults": {"boot_seconds": "20-60", "faults": ["latency 20-150", "slow-keygen 3-20"]},
        "devices": [{"hostname": "E{n}", "count": 50}],
    }
    specs = specs_from_data(data, "f.yaml")
    again = specs_from_data(data, "f.yaml")
    assert [s.faults for s in specs] == [s.faults for s in again]  # deterministic
    assert all(20 <= s.faults.latency_ms <= 150 and 3 <= s.faults.slow_keygen <= 20 for s in specs)
    assert all(20 <= s.boot_seconds <= 60 for s in specs)
    assert len({s.faults.latency_ms for s in specs}) > 40  # each device its own draw
    other = specs_from_data({**data, "seed": 8}, "f.yaml")
    assert [s.faults for s in other] != [s.faults for s in specs]


def test_realistic_fleet_file() -> None:
    specs = load_fleet(Path("lab/fleets/realistic1000.yaml"))
    assert len(specs) == 1000
    assert sum(s.faults.auth_fails for s in specs) == 4
    assert max(s.faults.latency_ms for s in specs) > 150 and max(s.boot_seconds for s in specs) > 60


def test_a_spread_that_goes_down_is_refused() -> None:
    data = {"devices": [{"hostname": "R1", "faults": ["latency 150-20"]}]}
    with pytest.raises(FleetError, match=r"devices\[1\] \(R1\): latency spread '150-20' goes down"):
        specs_from_data(data, "f.yaml")
