"""The pin store catches a certificate substituted behind pssc's back (the feature's point).

A healthy lab device is audited (its fingerprint is pinned); then someone with CLI access makes a
new self-signed certificate on another trustpoint and binds HTTPS to it, using plain netmiko,
not pssc. The next audit must report ``pin-mismatch`` as ``critical`` and exit 1 with
``--fail-on critical``; after ``pssc pins accept`` the same fleet is clean again.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pssc.cli import main
from tests.e2e.audit_lab_cli import enroll_selfsigned, netmiko_params

pytestmark = [pytest.mark.xdist_group("audit-pins-lab"), pytest.mark.slow]

FLEET = {
    "defaults": {"personality": "ios15", "boot_seconds": 0.2},
    "devices": [
        {"hostname": "R1", "preset": "healthy"},
        {"hostname": "R2", "preset": "healthy"},
    ],
}


@pytest.fixture(scope="module")
def inventory(lab_factory: Any) -> Path:
    return Path(lab_factory(fleet_data=FLEET).inventory_dir)


def audit_json(inventory: Path, pins: Path, out: Path) -> tuple[int, dict[str, Any]]:
    code = main(
        ["audit", "-i", str(inventory), "--pins", str(pins), "--output", str(out),
         "--fail-on", "critical"]
    )  # fmt: skip
    return code, json.loads(out.read_text())


def findings(data: dict[str, Any], host: str) -> dict[str, str]:
    entry = next(h for h in data["hosts"] if h["host"] == host)
    return {f["rule"]: f["severity"] for f in entry["findings"]}


def test_substituted_certificate_is_critical_until_accepted(
    inventory: Path, tmp_path: Path
) -> None:
    pins = tmp_path / "pins.sqlite"
    code, first = audit_json(inventory, pins, tmp_path / "1.json")
    assert code == 0
    assert findings(first, "R1") == {"pin-new": "info"}

    enroll_selfsigned(netmiko_params(inventory, "R1"), "EVIL", bind=True)

    code, second = audit_json(inventory, pins, tmp_path / "2.json")
    assert code == 1
    r1 = findings(second, "R1")
    assert r1.get("pin-mismatch") == "critical", r1
    assert findings(second, "R2") == {}  # the untouched device stays quiet
    served = next(h for h in second["hosts"] if h["host"] == "R1")["facts"]["served"]
    pinned = next(h for h in first["hosts"] if h["host"] == "R1")["facts"]["served"]
    assert served["certificate"]["sha256"] != pinned["certificate"]["sha256"]

    code, third = audit_json(inventory, pins, tmp_path / "3.json")
    assert code == 1, "a substitute must never be pinned silently"
    assert findings(third, "R1").get("pin-mismatch") == "critical"

    assert main(["pins", "--pins", str(pins), "accept", "R1"]) == 0
    code, fourth = audit_json(inventory, pins, tmp_path / "4.json")
    assert "pin-mismatch" not in findings(fourth, "R1")
    assert code == 0
