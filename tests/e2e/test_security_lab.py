"""Issue 13 on the lab, through the Python API as a runbook uses it (not the CLI).

Host keys: a Nornir object built with ``InitNornir`` (no ``pssc.inventory``) checks them too,
because the policy lives in ``tasks.session.connect`` (``tasks.hostkeys``).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from nornir import InitNornir
from nornir.core import Nornir

from pssc.audit.collect import run_audit

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("security-core-lab")]

FLEET = {
    "defaults": {"boot_seconds": 0.3},
    "devices": [{"hostname": "R1", "preset": "healthy"}, {"hostname": "R2", "preset": "healthy"}],
}


@pytest.fixture(scope="module")
def lab(lab_factory: Any) -> Any:
    return lab_factory(fleet_data=FLEET)


def _own_nornir(lab: Any, folder: Path, *, checking: Any, known_hosts: str | None) -> Nornir:
    """What a runbook does: copy the inventory, set R1's ``host_key_checking``, InitNornir."""
    shutil.copytree(lab.inventory_dir, folder)
    hosts = yaml.safe_load((folder / "hosts.yaml").read_text())
    hosts["R1"]["data"]["host_key_checking"] = checking
    (folder / "hosts.yaml").write_text(yaml.safe_dump(hosts))
    defaults = yaml.safe_load((folder / "defaults.yaml").read_text())
    defaults.get("data", {}).pop("host_key_checking", None)  # the lab's default must not decide
    (folder / "defaults.yaml").write_text(yaml.safe_dump(defaults))
    if known_hosts is not None:
        (folder / "known_hosts").write_text(known_hosts)
    return InitNornir(
        runner={"plugin": "threaded", "options": {"num_workers": 2}},
        inventory={
            "plugin": "SimpleInventory",
            "options": {
                "host_file": str(folder / "hosts.yaml"),
                "group_file": str(folder / "groups.yaml"),
                "defaults_file": str(folder / "defaults.yaml"),
            },
        },
        logging={"enabled": False},
    )


def _facts(nr: Nornir) -> dict[str, Any]:
    return {audit.host: audit.facts for audit in run_audit(nr).hosts}


@pytest.mark.parametrize("checking", [True, "yes", None])
def test_init_nornir_checks_host_keys_against_an_empty_known_hosts(
    lab: Any, tmp_path: Path, checking: Any
) -> None:
    """Issue 13 finding 1: InitNornir + run_audit connected to any key. Anything but the
    literal false checks (a typo fails closed)."""
    nr = _own_nornir(lab, tmp_path / "inv", checking=checking, known_hosts="")
    if checking is None:  # not said at all: the default checks
        nr.inventory.hosts["R1"].data.pop("host_key_checking")
    facts = _facts(nr)
    assert not facts["R1"].reachable
    assert facts["R1"].error and "host key" in facts["R1"].error, facts["R1"].error
    assert "known_hosts" in facts["R1"].error
    assert str(tmp_path / "inv" / "known_hosts") in facts["R1"].error
    assert facts["R2"].reachable, facts["R2"].error  # the lab's own host says false: not checked


def test_init_nornir_connects_with_the_key_in_known_hosts(lab: Any, tmp_path: Path) -> None:
    nr = _own_nornir(lab, tmp_path / "inv", checking=True, known_hosts=None)
    facts = _facts(nr)
    assert facts["R1"].reachable, facts["R1"].error
    assert facts["R1"].device_hostname == "R1"


def test_a_runbook_extras_cannot_turn_checking_off(lab: Any, tmp_path: Path) -> None:
    """``ssh_strict: false`` in the netmiko extras does not win over the host's data."""
    nr = _own_nornir(lab, tmp_path / "inv", checking=True, known_hosts="")
    extras = nr.inventory.hosts["R1"].connection_options["netmiko"].extras
    assert extras is not None
    extras.update(ssh_strict=False, alt_host_keys=False)
    facts = _facts(nr)
    assert not facts["R1"].reachable and "host key" in (facts["R1"].error or "")


# ---- issue 13 finding 2: a plain rollout must not launder a substituted certificate ----------
def _audit(lab: Any, pins: Path, host: str) -> Any:
    from pssc.inventory import load_nornir

    nr = load_nornir(lab.inventory_dir, hosts=[host])
    try:
        return run_audit(nr, pins=pins).hosts[0]
    finally:
        nr.close_connections()


def _rule_ids(audit: Any) -> set[str]:
    return {finding.rule for finding in audit.findings}


def _enroll_outside_pssc(lab: Any, host: str, trustpoint: str) -> None:
    """Someone else re-enrolls the certificate over SSH (pssc's step used as a plain tool), and
    does not save."""
    from pssc.inventory import load_nornir
    from tasks.steps import enroll_self_signed

    nr = load_nornir(lab.inventory_dir, hosts=[host])
    try:
        result = nr.run(task=enroll_self_signed, trustpoint=trustpoint, replace=True)
    finally:
        nr.close_connections()
    assert not result.failed, result[host].exception


def _rollout(lab: Any, pins: Path, host: str, *extra: str) -> tuple[int, str, str]:
    import contextlib
    import io

    from pssc.cli import main

    out, err = io.StringIO(), io.StringIO()
    args = ["rollout", "-i", str(lab.inventory_dir), "--hosts", host, "--no-progress"]
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([*args, "--pins", str(pins), *extra])
    return code, out.getvalue(), err.getvalue()


def test_a_plain_rollout_does_not_pin_a_certificate_it_did_not_make(
    lab: Any, tmp_path: Path
) -> None:
    from pssc.pins import PinStore

    pins = tmp_path / "pins.sqlite"
    first = _audit(lab, pins, "R2")
    assert first.facts.pin.status == "new"
    pinned = first.facts.pin.pinned_sha256 or first.facts.served.sha256
    _enroll_outside_pssc(lab, "R2", first.facts.https_trustpoint)
    substituted = _audit(lab, pins, "R2")
    assert "pin-mismatch" in _rule_ids(substituted)
    foreign = substituted.facts.served.sha256
    assert foreign != pinned

    code, out, _ = _rollout(lab, pins, "R2")  # what the unsaved finding's remedy suggests
    assert code == 0
    assert "pinned" not in out, out
    assert [p.sha256 for p in PinStore(pins).list("R2")] == [pinned.replace(":", "").upper()]
    after = _audit(lab, pins, "R2")
    assert "pin-mismatch" in _rule_ids(after), _rule_ids(after)

    # a rotation while the mismatch is pending: the new certificate is not pinned either
    code, out, err = _rollout(lab, pins, "R2", "--rotate")
    assert code == 0 and "pinned" not in out
    assert "R2: new certificate not pinned: a pin mismatch is pending" in err
    assert "pin-mismatch" in _rule_ids(_audit(lab, pins, "R2"))


# ---- issue 13 finding 9: `pssc verify` exits 1 on a pin mismatch --------------------------------
def test_verify_exits_1_on_a_pin_mismatch(
    lab: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from pssc.cli import main
    from pssc.pins import PinStore

    pins = tmp_path / "pins.sqlite"
    args = ["verify", "-i", str(lab.inventory_dir), "--hosts", "R1", "--pins", str(pins)]
    assert main(args) == 0  # persistent, pinned on first sight
    out = capsys.readouterr().out
    assert f"pin store: {pins} (new)" in out
    [pin] = PinStore(pins).list("R1")
    PinStore(pins).forget("R1")
    PinStore(pins).accept("R1", pin.trustpoint, sha256="AB" * 32)  # pinned: another certificate
    assert main(args) == 1
    out = capsys.readouterr().out
    assert "verify: pin mismatch on R1" in out and f"pin store: {pins}\n" in out
