"""``pssc rollout`` pins the certificates it makes, so that verify and audit flag only changes
nobody made: a dry run pins nothing, an unchanged host keeps its pin, a rotation moves it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pssc.cli import main
from pssc.pins import PinStore

pytestmark = pytest.mark.xdist_group("rollout-pins-e2e")

FLEET = {
    "defaults": {"boot_seconds": 0.3},
    "devices": [{"hostname": "P1", "personality": "ios15", "preset": "factory"}],
}


@pytest.fixture(scope="module")
def lab(lab_factory: Any) -> Any:
    return lab_factory(fleet_data=FLEET)


def run(lab: Any, tmp: Path, *extra: str) -> dict[str, Any]:
    out = tmp / "rollout.json"
    args = ["rollout", "-i", str(lab.inventory_dir), "--no-progress", "--json", str(out)]
    code = main([*args, "--pins", str(tmp / "pins.sqlite"), *extra])
    assert code == 0
    return {r["host"]: r for r in json.loads(out.read_text())["hosts"]}


def pins(tmp: Path) -> dict[str, str]:
    if not (tmp / "pins.sqlite").exists():
        return {}
    return {p.host: p.sha256 for p in PinStore(tmp / "pins.sqlite").list()}


def test_rollout_pins_what_it_made_and_nothing_else(lab: Any, tmp_path: Path) -> None:
    run(lab, tmp_path, "--dry-run")
    assert pins(tmp_path) == {}  # a dry run changes nothing, the pin store included

    first = run(lab, tmp_path)["P1"]
    assert first["status"] == "changed"
    assert pins(tmp_path) == {"P1": first["sha256"]}

    again = run(lab, tmp_path)["P1"]
    assert again["status"] == "unchanged" and pins(tmp_path) == {"P1": first["sha256"]}

    rotated = run(lab, tmp_path, "--rotate")["P1"]
    assert rotated["sha256"] != first["sha256"]
    assert pins(tmp_path) == {"P1": rotated["sha256"]}  # an intended rotation is accepted


def test_no_pins_leaves_the_store_alone(lab: Any, tmp_path: Path) -> None:
    run(lab, tmp_path, "--rotate", "--no-pins")
    assert pins(tmp_path) == {}
