"""Issue 17 items 3 and 4, the bad cases and renewal on the lab: a CA key that is not the CA's,
an expired CA (usage errors, exit 2, no device contacted); a sign command that fails or prints
garbage, a device without ``enrollment terminal`` (the host fails with one line, its trustpoints
and startup configuration as they were); ``--ca-sign-command`` with ``openssl x509 -req``;
``pssc renew --within 30d`` for CA-issued and self-signed certificates.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from pssc.cli import main
from pssc.inventory import load_nornir
from tasks.facts import PkiFacts, gather_pki_facts
from tests.e2e.trust_ca import CaFiles, make_ca

pytestmark = pytest.mark.xdist_group("trust-ca-faults")

FLEET = {
    "defaults": {"boot_seconds": 0.3},
    "devices": [
        {"hostname": "B1", "personality": "ios15", "preset": "factory"},
        {"hostname": "B2", "personality": "iosxe17", "preset": "factory"},
        {"hostname": "B3", "personality": "ios15", "faults": ["no-enrollment-terminal"]},
        {"hostname": "B4", "personality": "iosxe17", "preset": "factory"},
        {"hostname": "B5", "personality": "ios15", "preset": "healthy"},
    ],
}


@pytest.fixture(scope="module")
def lab(lab_factory: Any) -> Any:
    return lab_factory(fleet_data=FLEET)


@pytest.fixture(scope="module")
def ca(tmp_path_factory: pytest.TempPathFactory) -> CaFiles:
    return make_ca(tmp_path_factory.mktemp("ca"))


def facts_of(lab: Any, name: str) -> PkiFacts:
    nr = load_nornir(lab.inventory_dir, hosts=[name])
    try:
        result = nr.run(task=gather_pki_facts, detail=False)[name]
    finally:
        nr.close_connections()
    facts = result[0].result
    assert isinstance(facts, PkiFacts)
    return facts


def rollout_ca(lab: Any, ca: CaFiles, host: str, *extra: str, out: Path) -> tuple[int, Any]:
    args = ["rollout", "-i", str(lab.inventory_dir), "--hosts", host, "--no-pins"]
    code = main([*args, "--issuer", "ca", "--ca-cert", str(ca.cert), *extra, "--json", str(out)])
    (record,) = json.loads(out.read_text())["hosts"]
    return code, record


@pytest.mark.parametrize(
    ("case", "command", "said"),
    [
        ("fails", "echo 'unable to load CA private key' >&2; exit 3", "failed (exit 3)"),
        ("garbage", "echo garbage", "printed no PEM certificate ('garbage')"),
    ],
)
def test_a_bad_sign_command_leaves_the_device_as_it_was(
    lab: Any, ca: CaFiles, tmp_path: Path, case: str, command: str, said: str
) -> None:
    before = facts_of(lab, "B1")
    code, record = rollout_ca(lab, ca, "B1", "--ca-sign-command", command, out=tmp_path / "o.json")
    assert code == 1 and record["status"] == "failed"
    error = record["error"]
    assert "\n" not in error and said in error and "nothing was saved" in error, error
    after = facts_of(lab, "B1")
    assert after.running["trustpoints"] == before.running["trustpoints"]  # PSSC-CA removed
    assert after.startup == before.startup
    assert after.running["http"] == before.running["http"]


def test_a_device_refusing_enrollment_terminal(lab: Any, ca: CaFiles, tmp_path: Path) -> None:
    before = facts_of(lab, "B3")
    code, record = rollout_ca(lab, ca, "B3", "--ca-key", str(ca.key), out=tmp_path / "o.json")
    assert code == 1 and record["status"] == "failed"
    assert "\n" not in record["error"] and "Invalid input" in record["error"], record
    assert "nothing was saved" in record["error"]
    after = facts_of(lab, "B3")
    assert after.running["trustpoints"] == before.running["trustpoints"]
    assert after.startup == before.startup


@pytest.mark.parametrize("case", ["key-mismatch", "expired", "no-key", "not-a-cert"])
def test_bad_ca_files_are_usage_errors(
    lab: Any, ca: CaFiles, tmp_path: Path, case: str, capsys: pytest.CaptureFixture[str]
) -> None:
    other = make_ca(tmp_path / "other", "other CA")
    cert, extra = ca.cert, ["--ca-key", str(other.key)]
    said = f"--ca-key {other.key}: this key does not match the CA certificate"
    if case == "expired":
        old = make_ca(tmp_path / "old", "old CA", days=10, ago=20)
        cert, extra = old.cert, ["--ca-key", str(old.key)]
        said = f"--ca-cert {old.cert}: the CA certificate expired on "
    elif case == "no-key":
        extra, said = [], "--issuer ca needs one of --ca-key FILE or --ca-sign-command CMD"
    elif case == "not-a-cert":
        cert, extra = ca.key, ["--ca-key", str(ca.key)]
        said = f"--ca-cert {ca.key}: not a PEM or DER X.509 certificate"
    sessions = lab.device("B2").state.config.trustpoints.keys()
    before = set(sessions)
    code = main(["rollout", "-i", str(lab.inventory_dir), "--hosts", "B2", "--issuer", "ca",
                 "--ca-cert", str(cert), *extra])  # fmt: skip
    err = capsys.readouterr().err.strip()
    assert code == 2
    assert len(err.splitlines()) == 1 and said in err, err
    assert set(lab.device("B2").state.config.trustpoints) == before


@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl is not installed")
def test_an_openssl_sign_command_and_renewal(lab: Any, ca: CaFiles, tmp_path: Path) -> None:
    extfile = tmp_path / "ext.cnf"
    command = (
        f'printf "subjectAltName=%s\\n" "$PSSC_SAN" > {extfile}; '
        f"openssl x509 -req -CA {ca.cert} -CAkey {ca.key} -days 10 -sha256 -extfile {extfile}"
    )
    code, record = rollout_ca(lab, ca, "B4", "--ca-sign-command", command, out=tmp_path / "o.json")
    assert code == 0, record
    short = record["sha256"]
    # ends in 10 days: renew --within 30d re-issues it (signed in-process this time)
    out = tmp_path / "renew.json"
    inv = str(lab.inventory_dir)
    code = main(["renew", "-i", inv, "--hosts", "B4", "B5", "--within", "30d", "--no-pins",
                 "--issuer", "ca", "--ca-cert", str(ca.cert), "--ca-key", str(ca.key),
                 "--json", str(out)])  # fmt: skip
    records = {r["host"]: r for r in json.loads(out.read_text())["hosts"]}
    assert code == 0, records
    assert records["B4"]["status"] == "changed" and records["B4"]["sha256"] != short
    assert records["B4"]["not_after"] > record["not_after"]
    assert records["B5"]["status"] == "unchanged"  # self-signed, ends in years
    assert "not within 30 days" in records["B5"]["reasons"][0]
    # the self-signed one, due when the window is wide enough: re-issued the same way
    code = main(["renew", "-i", inv, "--hosts", "B5", "--within", "4000d", "--no-pins",
                 "--json", str(out)])  # fmt: skip
    (b5,) = json.loads(out.read_text())["hosts"]
    assert code == 0 and b5["status"] == "changed", b5
    assert b5["sha256"] != records["B5"]["sha256"] and b5["saved"] is True
