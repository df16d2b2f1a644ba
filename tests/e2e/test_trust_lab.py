"""Issue 17 items 1 and 2 on the lab: certificates that name the device, and ``pssc trust
export`` that lets curl verify them without ``-k``.

One fleet of every personality. ios15 and IOS XE get ``subject-alt-name`` (the inventory name)
on the trustpoint and a certificate that carries it; 12.3(14)T has no such command, and the
dry-run plan says so (docs/ios-behaviour.md sections 2.1, 8). After the rollout the exported
bundle lets ``curl --cacert`` (no ``-k``) verify every device; a substituted certificate fails
curl and is never exported.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from parsers.certificate import subject_alt_names
from pssc.cli import main
from pssc.inventory import load_nornir
from pssc.rollout import run_rollout
from tasks.tls_probe import probe_https

pytestmark = pytest.mark.xdist_group("trust-e2e")

FLEET = {
    "defaults": {"boot_seconds": 0.3},
    "devices": [
        {"hostname": "R1", "personality": "ios15", "preset": "factory"},
        {"hostname": "R2", "personality": "iosxe17", "preset": "factory"},
        {"hostname": "R3", "personality": "ios12", "preset": "factory"},
    ],
}
MODERN = ("R1", "R2")


@pytest.fixture(scope="module")
def lab(lab_factory: Any) -> Any:
    return lab_factory(fleet_data=FLEET)


@pytest.fixture(scope="module")
def pins(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("trust") / "pins.sqlite"


@pytest.fixture(scope="module")
def rolled(lab: Any, pins: Path) -> Any:
    inv = str(lab.inventory_dir)
    assert main(["rollout", "-i", inv, "--hosts", *MODERN, "--pins", str(pins)]) == 0
    return lab


def curl(lab: Any, name: str, *args: str) -> subprocess.CompletedProcess[str]:
    port = lab.hosts[name].https_port
    return subprocess.run(
        [
            "curl",
            "-sS",
            "--max-time",
            "10",
            "--resolve",
            f"{name}:{port}:127.0.0.1",
            *args,
            f"https://{name}:{port}/",
        ],
        capture_output=True,
        text=True,
        check=False,
    )


def test_dry_run_names_the_device_or_says_the_image_cannot(lab: Any) -> None:
    nr = load_nornir(lab.inventory_dir, hosts=["R1", "R2", "R3"])
    try:
        plans = {o.host: o for o in run_rollout(nr, dry_run=True)}
    finally:
        nr.close_connections()
    for name in MODERN:
        assert f" subject-alt-name {name}" in plans[name].cli, plans[name].cli
    assert not any("subject-alt-name" in line for line in plans["R3"].cli)
    assert " subject-name cn=R3" in plans["R3"].cli
    assert any("12.3(14)T has no subject-alt-name" in r for r in plans["R3"].reasons)


def test_the_certificates_made_carry_the_name(rolled: Any) -> None:
    for name in MODERN:
        served = probe_https("127.0.0.1", rolled.hosts[name].https_port)
        assert subject_alt_names(served.der) == [name]
        config = rolled.device(name).state.config
        tp = config.trustpoints[config.http_secure_trustpoint]
        assert tp.subject_alt_name == name  # on the trustpoint, so a re-enrollment keeps it


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_curl_verifies_every_device_with_the_exported_bundle(
    rolled: Any, pins: Path, tmp_path: Path
) -> None:
    bundle = tmp_path / "bundle.pem"
    inv = str(rolled.inventory_dir)
    code = main(["trust", "export", "-i", inv, "--hosts", *MODERN, "--pins", str(pins),
                 "--format", "pem", "--output", str(bundle)])  # fmt: skip
    assert code == 0
    assert bundle.read_text().count("BEGIN CERTIFICATE") == 2
    for name in MODERN:
        done = curl(rolled, name, "--cacert", str(bundle))
        assert done.returncode == 0, (name, done.stderr)
        assert f"pssc lab page of {name}" in done.stdout
        refused = curl(rolled, name)  # the system's CAs do not know the device
        assert refused.returncode == 60, (name, refused.stderr)


def test_spki_and_json_formats(rolled: Any, pins: Path, capsys: pytest.CaptureFixture[str]) -> None:
    inv = str(rolled.inventory_dir)
    assert main(["trust", "export", "-i", inv, "--pins", str(pins), "--format", "json",
                 "--filter", "personality=iosxe17"]) == 0  # fmt: skip
    (record,) = json.loads(capsys.readouterr().out)
    served = probe_https("127.0.0.1", rolled.hosts["R2"].https_port)
    assert record["host"] == "R2" and record["sha256"] == served.sha256
    assert main(["trust", "export", "-i", inv, "--pins", str(pins), "--format", "spki",
                 "--hosts", "R2"]) == 0  # fmt: skip
    assert capsys.readouterr().out == f"sha256//{record['spki_sha256_b64']}\n"


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_a_substituted_certificate_fails_curl_and_is_not_exported(
    rolled: Any, pins: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    inv = str(rolled.inventory_dir)
    bundle = tmp_path / "bundle.pem"
    assert main(["trust", "export", "-i", inv, "--hosts", "R1", "--pins", str(pins),
                 "--output", str(bundle)]) == 0  # fmt: skip
    # someone else replaces R1's certificate (no pins: the store never hears of it)
    assert main(["rollout", "-i", inv, "--hosts", "R1", "--rotate", "--no-pins"]) == 0
    done = curl(rolled, "R1", "--cacert", str(bundle))
    assert done.returncode != 0, done.stdout
    capsys.readouterr()
    again = tmp_path / "again.pem"
    code = main(["trust", "export", "-i", inv, "--hosts", "R1", "--pins", str(pins),
                 "--audit", "--output", str(again)])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 1
    assert "R1:" in err and "not exported" in err
    assert "BEGIN CERTIFICATE" not in again.read_text()
