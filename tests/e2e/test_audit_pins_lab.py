"""The pin store catches a certificate substituted behind pssc's back (the feature's point).

A healthy lab device is audited (its fingerprint is pinned); then someone with CLI access makes a
new self-signed certificate on another trustpoint and binds HTTPS to it, using plain netmiko,
not pssc. The next audit must report ``pin-mismatch`` as ``critical`` and exit 1 with
``--fail-on critical``; after ``pssc pins accept`` the same fleet is clean again.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from netmiko import ConnectHandler

from pssc.cli import main

pytestmark = [pytest.mark.xdist_group("audit-pins-lab"), pytest.mark.slow]

FLEET = {
    "defaults": {"personality": "ios15", "boot_seconds": 0.2},
    "devices": [
        {"hostname": "R1", "preset": "healthy"},
        {"hostname": "R2", "preset": "healthy"},
    ],
}
ANSWERS = [
    (re.compile(r"serial number in the subject name\? \[yes/no\]:\s*$"), "no"),
    (re.compile(r"IP address in the subject name\? \[no\]:\s*$"), "no"),
    (re.compile(r"Generate Self Signed Router Certificate\? \[yes/no\]:\s*$"), "yes"),
    (re.compile(r"\[yes/no\]:\s*$"), "yes"),
]


def netmiko_params(inventory: Path, name: str) -> dict[str, Any]:
    host = yaml.safe_load((inventory / "hosts.yaml").read_text())[name]
    return {
        "device_type": "cisco_ios",
        "host": host["hostname"],
        "port": host["port"],
        "username": host["username"],
        "password": host["password"],
        "secret": host["connection_options"]["netmiko"]["extras"]["secret"],
        "fast_cli": False,
    }


def substitute_certificate(params: dict[str, Any]) -> str:
    """What an intruder would type: a new key, a new self-signed trustpoint, HTTPS bound to it."""
    with ConnectHandler(**params) as conn:
        conn.enable()
        conn.config_mode()
        prompt = re.escape(conn.base_prompt) + r"\(c[a-z-]*\)#"
        out = conn.send_command(
            "crypto key generate rsa general-keys label EVIL modulus 2048",
            expect_string=prompt,
            read_timeout=60,
        )
        for line in ("crypto pki trustpoint EVIL", "enrollment selfsigned", "rsakeypair EVIL"):
            out += conn.send_command(line, expect_string=prompt)
        out += conn.send_command("exit", expect_string=prompt)
        text = conn.send_command(
            "crypto pki enroll EVIL", expect_string=r"\]: ?$|" + prompt, read_timeout=60
        )
        for _ in range(6):
            answer = next((a for pattern, a in ANSWERS if pattern.search(text)), None)
            if answer is None:
                break
            text = conn.send_command(answer, expect_string=r"\]: ?$|" + prompt, read_timeout=60)
            out += text
        out += conn.send_command("ip http secure-trustpoint EVIL", expect_string=prompt)
        conn.exit_config_mode()
    assert "Invalid input" not in out, out
    return out


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

    substitute_certificate(netmiko_params(inventory, "R1"))

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
