"""Issue 17 item 3 on the lab, every personality: ``pssc rollout --issuer ca`` by terminal
enrollment (docs/ios-behaviour.md section 3), then clients that trust the CA verify every
device without ``-k`` (curl, ``openssl verify``), also after ``pssc verify --reload``; a second
run changes nothing; ``audit --ca-cert`` checks the chain.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization

from parsers.certificate import subject_alt_names
from pssc.cli import main
from tasks.tls_probe import probe_https
from tests.e2e.trust_ca import CaFiles, make_ca

pytestmark = pytest.mark.xdist_group("trust-ca-e2e")

FLEET = {
    "defaults": {"boot_seconds": 0.3},
    "devices": [
        {"hostname": "R1", "personality": "ios15", "preset": "factory"},
        {"hostname": "R2", "personality": "iosxe17", "preset": "factory"},
        {"hostname": "R3", "personality": "ios12", "preset": "factory"},
    ],
}
HOSTS = ("R1", "R2", "R3")
needs_curl = pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")


@pytest.fixture(scope="module")
def lab(lab_factory: Any) -> Any:
    return lab_factory(fleet_data=FLEET)


@pytest.fixture(scope="module")
def ca(tmp_path_factory: pytest.TempPathFactory) -> CaFiles:
    return make_ca(tmp_path_factory.mktemp("ca"))


@pytest.fixture(scope="module")
def issued(lab: Any, ca: CaFiles, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("out") / "rollout.json"
    inv = str(lab.inventory_dir)
    code = main(["rollout", "-i", inv, "--no-pins", "--issuer", "ca", "--ca-cert", str(ca.cert),
                 "--ca-key", str(ca.key), "--json", str(out)])  # fmt: skip
    records = {r["host"]: r for r in json.loads(out.read_text())["hosts"]}
    assert code == 0, records
    return records


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


def served(lab: Any, name: str) -> x509.Certificate:
    return x509.load_der_x509_certificate(probe_https("127.0.0.1", lab.hosts[name].https_port).der)


def test_every_device_serves_a_certificate_from_the_ca(
    lab: Any, ca: CaFiles, issued: dict[str, Any]
) -> None:
    ca_cert = x509.load_pem_x509_certificate(ca.cert.read_bytes())
    for name in HOSTS:
        assert issued[name]["status"] == "changed" and issued[name]["saved"] is True
        cert = served(lab, name)
        cert.verify_directly_issued_by(ca_cert)
        assert subject_alt_names(cert.public_bytes(serialization.Encoding.DER)) == [
            name,
            "127.0.0.1",
        ]
        dev = lab.device(name)
        tp = dev.state.config.trustpoints["PSSC-CA"]
        assert tp.enrollment == "terminal"
        assert cert.public_key() == dev.state.keys["PSSC-CA"].key.public_key()  # made there
        assert dev.state.config.http_secure_trustpoint == "PSSC-CA"


@needs_curl
def test_curl_and_openssl_verify_with_the_ca_only(
    lab: Any, ca: CaFiles, issued: dict[str, Any], tmp_path: Path
) -> None:
    for name in HOSTS:
        done = curl(lab, name, "--cacert", str(ca.cert))
        assert done.returncode == 0, (name, done.stderr)
        assert f"pssc lab page of {name}" in done.stdout
        assert curl(lab, name).returncode == 60  # the system's CAs do not know it
        port = lab.hosts[name].https_port
        chain = subprocess.run(
            ["openssl", "s_client", "-connect", f"127.0.0.1:{port}", "-showcerts"],
            input="", capture_output=True, text=True, check=False, timeout=30,
        )  # fmt: skip
        pems = chain.stdout.split("-----BEGIN CERTIFICATE-----")[1:]
        assert len(pems) == 2, chain.stdout  # the device sends its certificate and the CA's
        leaf = tmp_path / f"{name}.pem"
        leaf.write_text("-----BEGIN CERTIFICATE-----" + pems[0].split("-----END")[0]
                        + "-----END CERTIFICATE-----\n")  # fmt: skip
        ok = subprocess.run(
            ["openssl", "verify", "-CAfile", str(ca.cert), "-purpose", "sslserver", str(leaf)],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert ok.returncode == 0 and ok.stdout.strip().endswith(": OK"), ok


def test_a_second_run_changes_nothing(lab: Any, ca: CaFiles, issued: dict[str, Any]) -> None:
    before = {name: served(lab, name) for name in HOSTS}
    code = main(["rollout", "-i", str(lab.inventory_dir), "--no-pins", "--issuer", "ca",
                 "--ca-cert", str(ca.cert), "--ca-key", str(ca.key)])  # fmt: skip
    assert code == 0
    assert {name: served(lab, name) for name in HOSTS} == before


def test_audit_checks_the_chain(
    lab: Any, ca: CaFiles, issued: dict[str, Any], tmp_path: Path
) -> None:
    out = tmp_path / "audit.json"
    inv = str(lab.inventory_dir)
    main(["audit", "-i", inv, "--no-pins", "--ca-cert", str(ca.cert), "--output", str(out)])
    rules = {f["rule"] for h in json.loads(out.read_text())["hosts"] for f in h["findings"]}
    assert not rules & {"ca-chain", "no-san", "san-mismatch"}, rules
    other = make_ca(tmp_path / "other", "another CA")
    main(["audit", "-i", inv, "--no-pins", "--ca-cert", str(other.cert), "--output", str(out)])
    hosts = json.loads(out.read_text())["hosts"]
    assert all("ca-chain" in {f["rule"] for f in h["findings"]} for h in hosts)


@needs_curl
def test_it_persists_across_a_reload(lab: Any, ca: CaFiles, issued: dict[str, Any]) -> None:
    code = main(["verify", "-i", str(lab.inventory_dir), "--reload", "--yes", "--no-pins"])
    assert code == 0
    for name in HOSTS:
        assert lab.server(name).reloads >= 1
        assert (
            served(lab, name).fingerprint(hashes.SHA256()).hex().upper() == (issued[name]["sha256"])
        )
        done = curl(lab, name, "--cacert", str(ca.cert))
        assert done.returncode == 0, (name, done.stderr)


def test_a_dry_run_prints_the_dialogs_and_sends_nothing(
    lab: Any, ca: CaFiles, issued: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    before = served(lab, "R1")
    code = main(["rollout", "-i", str(lab.inventory_dir), "--hosts", "R1", "--no-pins",
                 "--issuer", "ca", "--ca-cert", str(ca.cert), "--ca-key", str(ca.key),
                 "--rotate", "--dry-run"])  # fmt: skip
    out = capsys.readouterr().out
    assert code == 0
    assert "crypto pki enroll PSSC-CA" in out and "re-enrollment? [yes/no]: yes" in out
    assert "crypto pki import PSSC-CA certificate" in out
    assert "crypto pki authenticate" not in out  # the trustpoint holds this CA already
    assert served(lab, "R1") == before
