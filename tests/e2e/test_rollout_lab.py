"""``pssc rollout`` against the lab, on every personality: fresh -> persistent, idempotent, rotate.

One small fleet per module. Every claim is checked from outside pssc's own report too: a TLS
handshake with the device's HTTPS port, and the facts read back over a fresh SSH session.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pssc.cli import main
from pssc.inventory import load_nornir
from pssc.rollout import JSON_KEYS, run_rollout
from tasks.facts import PkiFacts, gather_pki_facts
from tasks.rollout import HostOutcome
from tasks.tls_probe import probe_https

pytestmark = pytest.mark.xdist_group("rollout-e2e")

FLEET = {
    "defaults": {"boot_seconds": 0.3, "password": "Pw-9f3k-lab", "enable_secret": "En-4q7z-lab"},
    "devices": [
        {"hostname": "R1", "personality": "ios15", "preset": "factory"},
        {"hostname": "R2", "personality": "iosxe17", "preset": "factory"},
        {"hostname": "R3", "personality": "ios12", "preset": "factory"},
        {"hostname": "R4", "personality": "ios15", "preset": "factory"},  # dry run only
    ],
}
SECRETS = ("Pw-9f3k-lab", "En-4q7z-lab")  # must never show up in any output


@pytest.fixture(scope="module")
def lab(lab_factory: Any) -> Any:
    return lab_factory(fleet_data=FLEET)


def facts_of(lab: Any, name: str) -> PkiFacts:
    nr = load_nornir(lab.inventory_dir, hosts=[name])
    try:
        result = nr.run(task=gather_pki_facts, detail=False)[name]
    finally:
        nr.close_connections()
    assert not result.failed, result[0].exception
    facts = result[0].result
    assert isinstance(facts, PkiFacts)
    return facts


def rollout(lab: Any, hosts: list[str], **options: Any) -> dict[str, HostOutcome]:
    dry_run = bool(options.pop("dry_run", False))
    nr = load_nornir(lab.inventory_dir, hosts=hosts, workers=4)
    try:
        return {o.host: o for o in run_rollout(nr, dry_run=dry_run, **options)}
    finally:
        nr.close_connections()


def served(lab: Any, name: str) -> str:
    return probe_https("127.0.0.1", lab.hosts[name].https_port).sha256


@pytest.fixture(scope="module")
def initial(lab: Any) -> dict[str, PkiFacts]:
    """The devices as the lab made them, read before any rollout."""
    return {name: facts_of(lab, name) for name in ("R1", "R2", "R3")}


@pytest.fixture(scope="module")
def first(lab: Any, initial: dict[str, PkiFacts]) -> dict[str, HostOutcome]:
    return rollout(lab, ["R1", "R2", "R3"])


def test_fresh_devices_get_a_persistent_certificate(
    lab: Any, first: dict[str, HostOutcome]
) -> None:
    for name in ("R1", "R2"):
        outcome = first[name]
        assert outcome.status == "changed", outcome.error
        assert outcome.saved is True and outcome.sha256 and outcome.serial
        facts = facts_of(lab, name)
        tp = facts.https_trustpoint()
        assert tp == outcome.trustpoint
        assert facts.saved(tp)  # the same DER in running and startup
        cert = facts.certificate(tp, "startup")
        assert cert is not None and cert["key_size"] == 2048 and cert["sha256"] == outcome.sha256
        assert cert["signature_hash"] not in ("sha1", "md5")
        assert facts.self_signed_trustpoints() == [tp]  # never beside a second one
        assert served(lab, name) == outcome.sha256  # what a browser is offered


def test_a_healthy_unsaved_certificate_is_saved_not_replaced(
    lab: Any, initial: dict[str, PkiFacts], first: dict[str, HostOutcome]
) -> None:
    """IOS XE 17 makes a 2048-bit TP-self-signed at first boot: pssc keeps its trustpoint,
    re-issues the certificate with the device's name (subject-alt-name, issue 17; the
    trustpoint names no key size, so the key is new too) and saves it."""
    tp = initial["R2"].https_trustpoint()
    assert tp is not None and tp.startswith("TP-self-signed-")
    made_by_the_device = initial["R2"].certificate(tp)
    assert made_by_the_device is not None and not initial["R2"].saved(tp)
    assert first["R2"].trustpoint == tp
    assert first["R2"].saved is True
    after = facts_of(lab, "R2").certificate(tp)
    assert after is not None and after["sha256"] == first["R2"].sha256
    assert any("subject-alt-name R2 wanted" in r for r in first["R2"].reasons)


def test_an_fn70489_image_fails_clearly_and_saves_nothing(
    lab: Any, first: dict[str, HostOutcome]
) -> None:
    outcome = first["R3"]
    assert outcome.status == "failed"
    assert outcome.error and "2020" in outcome.error and "nothing was saved" in outcome.error
    facts = facts_of(lab, "R3")
    assert facts.startup["trustpoints"] == [] and not facts.startup["certificate_chains"]


def test_second_run_changes_nothing(lab: Any, first: dict[str, HostOutcome]) -> None:
    again = rollout(lab, ["R1", "R2"])
    for name in ("R1", "R2"):
        assert again[name].status == "unchanged", again[name]
        assert again[name].sha256 == first[name].sha256
        assert again[name].cli == []
        assert served(lab, name) == first[name].sha256


def test_dry_run_prints_the_cli_and_changes_nothing(
    lab: Any, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    before = facts_of(lab, "R4")
    out_json = tmp_path / "dry.json"
    code = main(["rollout", "-i", str(lab.inventory_dir), "--hosts", "R4", "--dry-run",
                 "--no-progress", "--json", str(out_json)])  # fmt: skip
    printed = capsys.readouterr().out
    assert code == 0
    assert "crypto pki enroll PSSC-SELF-SIGNED" in printed
    assert "! answer Generate Self Signed Router Certificate? [yes/no]: yes" in printed
    assert "write memory" in printed
    assert printed.splitlines()[-1] == "rollout (dry run): 1 hosts: 1 changed"
    assert not any(secret in printed for secret in SECRETS)
    after = facts_of(lab, "R4")
    assert after.running == before.running and after.startup == before.startup
    record = json.loads(out_json.read_text())["hosts"][0]
    assert record["dry_run"] is True and record["status"] == "changed"


def test_rotate_changes_the_fingerprint_and_saves(
    lab: Any, first: dict[str, HostOutcome], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_json = tmp_path / "rotate.json"
    code = main(["rollout", "-i", str(lab.inventory_dir), "--hosts", "R1", "--rotate",
                 "--no-progress", "--json", str(out_json)])  # fmt: skip
    assert code == 0, capsys.readouterr()
    record = json.loads(out_json.read_text())["hosts"][0]
    assert list(record)[: len(JSON_KEYS)] == list(JSON_KEYS)
    assert record["status"] == "changed" and record["saved"] is True
    assert record["sha256"] != first["R1"].sha256
    assert served(lab, "R1") == record["sha256"]
    facts = facts_of(lab, "R1")
    assert facts.saved("PSSC-SELF-SIGNED")
    assert not any(secret in out_json.read_text() for secret in SECRETS)
    # and a run after the rotation changes nothing again
    assert rollout(lab, ["R1"])["R1"].status == "unchanged"


def _checked_inventory(lab: Any, folder: Path, known_hosts: str | None) -> Path:
    """A copy of the lab's inventory that checks host keys, with ``known_hosts`` replaced."""
    import shutil

    import yaml

    shutil.copytree(lab.inventory_dir, folder)
    hosts = yaml.safe_load((folder / "hosts.yaml").read_text())
    for entry in hosts.values():
        entry["data"]["host_key_checking"] = True
    (folder / "hosts.yaml").write_text(yaml.safe_dump(hosts))
    if known_hosts is not None:
        (folder / "known_hosts").write_text(known_hosts)
    return folder


def test_host_keys_are_checked_when_the_inventory_asks(
    lab: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from cryptography.hazmat.primitives.asymmetric import ed25519
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    good = _checked_inventory(lab, tmp_path / "good", None)
    assert main(["rollout", "-i", str(good), "--hosts", "R4", "--dry-run", "--no-progress"]) == 0
    capsys.readouterr()
    original = (lab.inventory_dir / "known_hosts").read_text().splitlines()
    other = ed25519.Ed25519PrivateKey.generate().public_key()
    other_line = other.public_bytes(Encoding.OpenSSH, PublicFormat.OpenSSH).decode()
    assert all(line.split()[1] == "ssh-ed25519" for line in original if line)
    changed = "\n".join(f"{line.split()[0]} {other_line}" for line in original if line)
    for name, text in (("changed", changed + "\n"), ("unknown", "")):
        folder = _checked_inventory(lab, tmp_path / name, text)
        out = tmp_path / f"{name}.json"
        code = main(["rollout", "-i", str(folder), "--hosts", "R4", "--dry-run", "--no-progress",
                     "--json", str(out)])  # fmt: skip
        assert code == 1
        record = json.loads(out.read_text())["hosts"][0]
        assert record["status"] == "failed"
        assert record["error"].startswith("HostKeyMismatch"), record["error"]
        assert "known_hosts" in record["error"]


def test_subject_name_and_key_size_asked_for(lab: Any) -> None:
    out = rollout(lab, ["R4"], subject_name="cn=r4.example.net,o=pssc", key_size=3072)["R4"]
    assert out.status == "changed", out.error
    facts = facts_of(lab, "R4")
    cert = facts.certificate(out.trustpoint or "", "startup")
    assert cert is not None and cert["key_size"] == 3072
    assert "cn=r4.example.net" in cert["subject"] and "o=pssc" in cert["subject"]
    assert served(lab, "R4") == out.sha256
    same = rollout(lab, ["R4"], subject_name="cn=r4.example.net,o=pssc", key_size=3072)["R4"]
    assert same.status == "unchanged" and same.sha256 == out.sha256


def test_named_trustpoint_replaces_the_self_signed_one_never_beside_it(
    lab: Any, first: dict[str, HostOutcome]
) -> None:
    old = first["R2"].trustpoint
    assert old is not None and old.startswith("TP-self-signed-")
    out = rollout(lab, ["R2"], trustpoint="WEB")["R2"]
    assert out.status == "changed" and out.trustpoint == "WEB", out.error
    assert any(old in reason for reason in out.reasons)
    facts = facts_of(lab, "R2")
    assert facts.self_signed_trustpoints() == ["WEB"]
    assert facts.self_signed_trustpoints("startup") == ["WEB"]
    assert facts.running["http"]["secure_trustpoint"] == "WEB" and facts.saved("WEB")
    assert served(lab, "R2") == out.sha256 != first["R2"].sha256
