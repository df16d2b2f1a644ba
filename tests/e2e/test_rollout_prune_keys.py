"""``pssc rollout --prune-keys`` against the lab: a rotation leaves the old key pair, the audit
reports it (info), a dry run lists its removal, the run removes it after the new certificate is
saved (``crypto key zeroize rsa LABEL`` and its question, docs/prompts.md 3.12), and the
certificate stays configured, saved and served."""

from __future__ import annotations

from typing import Any

import pytest

from pssc.audit.collect import run_audit
from pssc.inventory import load_nornir
from pssc.rollout import run_rollout
from tasks.facts import PkiFacts, gather_pki_facts
from tasks.rollout import HostOutcome
from tasks.tls_probe import probe_https

pytestmark = pytest.mark.xdist_group("rollout-prune")

FLEET = {
    "defaults": {"boot_seconds": 0.3},
    "devices": [
        {"hostname": "P1", "personality": "ios15", "preset": "factory"},
        {"hostname": "P2", "personality": "iosxe17", "preset": "factory"},
    ],
}
HOSTS = ["P1", "P2"]


def rollout(lab: Any, **options: Any) -> dict[str, HostOutcome]:
    dry_run = bool(options.pop("dry_run", False))
    nr = load_nornir(lab.inventory_dir, hosts=HOSTS, workers=2)
    try:
        return {o.host: o for o in run_rollout(nr, dry_run=dry_run, **options)}
    finally:
        nr.close_connections()


def facts(lab: Any, name: str) -> PkiFacts:
    nr = load_nornir(lab.inventory_dir, hosts=[name])
    try:
        result = nr.run(task=gather_pki_facts)[name]
    finally:
        nr.close_connections()
    assert not result.failed, result[0].exception
    found: PkiFacts = result[0].result
    return found


def key_names(lab: Any, name: str) -> set[str]:
    return {k["name"] for k in facts(lab, name).keys if not k["name"].endswith(".server")}


def unused_findings(lab: Any) -> dict[str, str]:
    nr = load_nornir(lab.inventory_dir, hosts=HOSTS, workers=2)
    try:
        report = run_audit(nr, pins=None)
    finally:
        nr.close_connections()
    return {f.host: f.message for f in report.findings if f.rule == "unused-key-pair"}


def test_old_key_pairs_are_reported_then_pruned(lab_factory: Any) -> None:
    lab = lab_factory(fleet_data=FLEET)
    first = rollout(lab)
    assert all(o.status == "changed" for o in first.values()), first
    rotated = rollout(lab, rotate=True)
    assert all(o.status == "changed" for o in rotated.values()), rotated
    old = {name: key_names(lab, name) for name in HOSTS}
    found = unused_findings(lab)
    assert set(found) == set(HOSTS), found  # the key of the first certificate is left over

    dry = rollout(lab, prune_keys=True, dry_run=True)
    for name in HOSTS:
        labels = dry[name].pruned_keys
        assert labels and all(f"crypto key zeroize rsa {k}" in dry[name].cli for k in labels)
        assert key_names(lab, name) == old[name]  # a dry run changes nothing

    pruned = rollout(lab, prune_keys=True)
    for name in HOSTS:
        outcome = pruned[name]
        assert outcome.status == "changed" and outcome.pruned_keys == dry[name].pruned_keys
        assert any("unused key pair(s) removed" in r for r in outcome.reasons)
        now = key_names(lab, name)
        assert now == old[name] - set(outcome.pruned_keys)
        after = facts(lab, name)
        tp = rotated[name].trustpoint
        assert tp is not None and after.saved(tp)  # still configured and saved
        cert = after.certificate(tp)
        assert cert is not None and cert["sha256"] == rotated[name].sha256
        served = probe_https("127.0.0.1", lab.hosts[name].https_port, 10).sha256
        assert served == rotated[name].sha256
    assert unused_findings(lab) == {}
    again = rollout(lab, prune_keys=True)
    assert {o.status for o in again.values()} == {"unchanged"}
