"""``pssc rollout`` against the lab's presets and faults: each failure is clear and per host,
the other hosts succeed, nothing half-done is saved, and running again converges.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pssc.cli import main
from pssc.inventory import load_nornir
from pssc.rollout import run_rollout
from tasks.facts import PkiFacts, gather_pki_facts
from tasks.rollout import HostOutcome

pytestmark = pytest.mark.xdist_group("rollout-faults-e2e")

SECRETS = ("Pw-7hh2-lab", "En-0p3x-lab")
FLEET = {
    "defaults": {
        "personality": "ios15",
        "boot_seconds": 0.3,
        "password": SECRETS[0],
        "enable_secret": SECRETS[1],
    },
    "devices": [
        {"hostname": "OK1", "preset": "factory"},
        {"hostname": "NOCRYPTO", "preset": "factory", "faults": ["no-crypto-image"]},
        {"hostname": "BADPASS", "preset": "factory", "faults": ["auth-fails"]},
        {"hostname": "DROP", "preset": "factory", "faults": ["drop-during-enroll"]},
        {"hostname": "EXTRA", "preset": "factory", "faults": ["extra-prompt"]},
        {"hostname": "NVRAM", "preset": "factory", "faults": ["nvram-write-error"]},
        {"hostname": "SLOW", "preset": "factory", "faults": ["slow-keygen 1.5"]},
        {"hostname": "LAGGY", "preset": "factory", "faults": ["latency 40"]},
    ],
}
PRESETS = {
    "defaults": {"personality": "ios15", "boot_seconds": 0.3},
    "devices": [
        {"hostname": "LEGACY", "preset": "legacy-fn70489"},
        {"hostname": "WEAK", "preset": "weak-key"},
        {"hostname": "UNSAVED", "preset": "unsaved"},
        {"hostname": "TWO", "preset": "two-selfsigned"},
        {"hostname": "HEALTHY", "preset": "healthy"},
        {"hostname": "OLD12", "preset": "legacy-fn70489", "personality": "ios12"},
    ],
}


def facts_of(inventory: Path, name: str) -> PkiFacts:
    nr = load_nornir(inventory, hosts=[name])
    try:
        result = nr.run(task=gather_pki_facts, detail=False)[name]
    finally:
        nr.close_connections()
    assert not result.failed, result[0].exception
    return result[0].result  # type: ignore[no-any-return]


def rollout(inventory: Path, **options: Any) -> dict[str, HostOutcome]:
    nr = load_nornir(inventory, workers=8)
    try:
        return {o.host: o for o in run_rollout(nr, **options)}
    finally:
        nr.close_connections()


@pytest.fixture(scope="module")
def faults_lab(lab_factory: Any) -> Any:
    return lab_factory(fleet_data=FLEET)


@pytest.fixture(scope="module")
def faulty(faults_lab: Any, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One CLI run over the whole faulty fleet, with a session log and JSON."""
    folder = tmp_path_factory.mktemp("faulty")
    inventory = str(faults_lab.inventory_dir)
    code = main(["rollout", "-i", inventory, "--no-progress", "--json", str(folder / "out.json"),
                 "--session-log", str(folder / "logs")])  # fmt: skip
    records = {r["host"]: r for r in json.loads((folder / "out.json").read_text())["hosts"]}
    return {"code": code, "records": records, "folder": folder}


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("NOCRYPTO", "CommandRejected"),
        ("BADPASS", "AuthenticationFailed"),
        ("DROP", "DeviceUnreachable"),
        ("EXTRA", "UnexpectedPrompt"),
        ("NVRAM", "SaveFailed"),
    ],
)
def test_each_fault_is_a_clear_per_host_failure(
    faulty: dict[str, Any], host: str, expected: str
) -> None:
    record = faulty["records"][host]
    assert record["status"] == "failed"
    assert record["error"].startswith(expected), record["error"]


@pytest.mark.parametrize("host", ["OK1", "SLOW", "LAGGY"])
def test_the_other_hosts_succeed_beside_the_faulty_ones(
    faults_lab: Any, faulty: dict[str, Any], host: str
) -> None:
    """Slow key generation and a slow CPU are waited for (by pattern), not failed."""
    assert faulty["code"] == 1  # some host failed
    record = faulty["records"][host]
    assert record["status"] == "changed" and record["saved"] is True and record["error"] is None
    assert facts_of(faults_lab.inventory_dir, host).saved(record["trustpoint"])


def test_unexpected_prompt_names_the_text_seen(faulty: dict[str, Any]) -> None:
    assert "unsynchronized clock" in faulty["records"]["EXTRA"]["error"]


def test_failures_save_nothing_half_done(faults_lab: Any, faulty: dict[str, Any]) -> None:
    for host in ("DROP", "EXTRA", "NOCRYPTO"):
        facts = facts_of(faults_lab.inventory_dir, host)
        assert facts.startup["trustpoints"] == [], host
        assert facts.running["trustpoints"] == [], host  # the new trustpoint was taken back


def test_secrets_never_reach_json_or_session_logs(faulty: dict[str, Any]) -> None:
    folder: Path = faulty["folder"]
    texts = [(folder / "out.json").read_text()]
    texts += [log.read_text() for log in (folder / "logs").glob("*.log")]
    assert len(texts) > 2  # the logs exist
    logs = list((folder / "logs").glob("*.log"))
    assert all((log.stat().st_mode & 0o777) == 0o600 for log in logs)  # even a host that
    assert sum(bool(log.stat().st_size) for log in logs) > 2  # never logged in (empty log)
    assert ((folder / "logs").stat().st_mode & 0o777) == 0o700  # netmiko kept pssc's modes
    for text in texts:
        assert not any(secret in text for secret in SECRETS)


def test_rerun_converges(faults_lab: Any, faulty: dict[str, Any]) -> None:
    again = rollout(faults_lab.inventory_dir)
    for host in ("OK1", "SLOW", "LAGGY"):
        assert again[host].status == "unchanged"
        assert again[host].sha256 == faulty["records"][host]["sha256"]
    for host in ("NOCRYPTO", "BADPASS", "DROP", "EXTRA", "NVRAM"):
        assert again[host].status == "failed"  # the faults are still there: same clear failure


@pytest.fixture(scope="module")
def presets_lab(lab_factory: Any) -> Any:
    return lab_factory(fleet_data=PRESETS)


NEED_FIX = ("LEGACY", "WEAK", "UNSAVED", "TWO")  # 2020 end date, 512/1024-bit keys, SHA-1


def test_presets_without_fix_fail_clearly_and_touch_nothing(presets_lab: Any) -> None:
    inventory = presets_lab.inventory_dir
    before = {h: facts_of(inventory, h) for h in NEED_FIX}
    out = rollout(inventory)
    for host in NEED_FIX:
        assert out[host].status == "failed", out[host]
        assert (out[host].error or "").startswith("PolicyRejected") and "--fix" in (
            out[host].error or ""
        )
        after = facts_of(inventory, host)
        assert (after.running, after.startup) == (before[host].running, before[host].startup)
    assert "FN70489" in (out["LEGACY"].error or "")
    assert out["HEALTHY"].status == "unchanged"


def test_presets_with_fix_then_converged(presets_lab: Any) -> None:
    inventory = presets_lab.inventory_dir
    healthy = facts_of(inventory, "HEALTHY")
    fixed = rollout(inventory, fix=True)
    for host in NEED_FIX:
        assert fixed[host].status == "changed", fixed[host].error
        facts = facts_of(inventory, host)
        tp = facts.https_trustpoint() or ""
        assert tp == fixed[host].trustpoint and facts.saved(tp)
        cert = facts.certificate(tp, "startup")
        assert cert is not None and cert["key_size"] == 2048
        assert cert["not_after"] != "2020-01-01T00:00:00Z"
        assert cert["signature_hash"] == "sha256"
        assert facts.self_signed_trustpoints() == [tp]  # TWO: the second one is gone
        assert facts.self_signed_trustpoints("startup") == [tp]
    assert fixed["OLD12"].status == "failed"  # see test_an_fn70489_image_is_left_as_it_was
    tp = healthy.https_trustpoint() or ""
    assert fixed["HEALTHY"].status == "unchanged"
    assert fixed["HEALTHY"].sha256 == (healthy.certificate(tp) or {}).get("sha256")
    again = rollout(inventory, fix=True)
    del again["OLD12"], fixed["OLD12"]
    assert {o.status for o in again.values()} == {"unchanged"}
    assert {h: o.sha256 for h, o in again.items()} == {h: o.sha256 for h, o in fixed.items()}


def test_an_fn70489_image_is_left_as_it_was(presets_lab: Any) -> None:
    """IOS 12 cannot make a certificate after 2020: --fix fails and takes its change back."""
    before = facts_of(presets_lab.inventory_dir, "OLD12")
    out = rollout(presets_lab.inventory_dir, fix=True)["OLD12"]
    assert out.status == "failed"
    assert "FN70489" in (out.error or "") and "nothing was saved" in (out.error or "")
    after = facts_of(presets_lab.inventory_dir, "OLD12")
    assert after.startup == before.startup
    assert after.running["trustpoints"] == before.running["trustpoints"]  # lines restored
    tp = before.https_trustpoint() or ""
    assert (after.certificate(tp) or {}).get("sha256") == (before.certificate(tp) or {}).get(
        "sha256"
    )  # the old certificate (expired, but served) is still there


def test_environment_credentials_override_the_inventory(
    faults_lab: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PSSC_SECRET wins over the inventory: a wrong one is a clear enable failure, never echoed."""
    monkeypatch.setenv("PSSC_SECRET", "Wrong-secret-5x")
    out = tmp_path / "out.json"
    code = main(["rollout", "-i", str(faults_lab.inventory_dir), "--hosts", "OK1", "--dry-run",
                 "--no-progress", "--json", str(out)])  # fmt: skip
    assert code == 1
    record = json.loads(out.read_text())["hosts"][0]
    assert record["error"].startswith("AuthenticationFailed [enable]"), record["error"]
    assert "Wrong-secret-5x" not in out.read_text()
    monkeypatch.setenv("PSSC_SECRET", SECRETS[1])
    monkeypatch.setenv("PSSC_PASSWORD", "Wrong-password-7y")
    code = main(["rollout", "-i", str(faults_lab.inventory_dir), "--hosts", "OK1", "--dry-run",
                 "--no-progress", "--json", str(out)])  # fmt: skip
    record = json.loads(out.read_text())["hosts"][0]
    assert code == 1 and record["error"].startswith("AuthenticationFailed"), record["error"]
