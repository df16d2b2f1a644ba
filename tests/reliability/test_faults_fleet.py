"""Faults while working: every fault of the fleet file, alone and mixed, among healthy devices.

About 30 devices here (a third of them faulty or slowed down, so that each fault appears alone
and mixed with others); ``bench/load_bench.py --faults 100`` runs the same fleet with 100 devices
and about 10% faulty. The healthy finish, each faulty one fails with a message naming its
cause, the run exits 1, and a second run converges without touching the healthy hosts.
"""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
import yaml

from pssc.cli import main
from tests.reliability.faulty_fleet import (
    BENIGN,
    LOGIN_CAUSES,
    RELOAD_FAULTY,
    ROLLOUT_FAULTY,
    cause_of,
    fleet,
    healthy_names,
    login_fault_inventory,
)

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("reliability-faults")]

DEVICES = 32
FLEET = fleet(DEVICES, boot_seconds=0.3)
HEALTHY = healthy_names(FLEET)


def rollout_json(inventory: Path, out: Path, *extra: str) -> tuple[int, dict[str, dict[str, Any]]]:
    code = main(["rollout", "-i", str(inventory), "--no-progress", "--workers", "16",
                 "--json", str(out), "--pins", str(out.with_suffix(".pins")), *extra])  # fmt: skip
    return code, {r["host"]: r for r in json.loads(out.read_text(encoding="utf-8"))["hosts"]}


@pytest.fixture(scope="module")
def lab(lab_factory: Any) -> Any:
    return lab_factory(fleet_data=FLEET)


@pytest.fixture(scope="module")
def runs(lab: Any, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Two rollouts; the configuration of every device between them."""
    folder = tmp_path_factory.mktemp("faults")
    first = rollout_json(lab.inventory_dir, folder / "first.json")
    configs = {h: (lab.device(h).running_config(), lab.device(h).startup_config()) for h in HEALTHY}
    second = rollout_json(lab.inventory_dir, folder / "second.json")
    return {"first": first, "second": second, "configs": configs}


def test_the_fleet_has_every_fault_alone_and_mixed(lab: Any) -> None:
    assert len(lab.hosts) == DEVICES
    alone = {f[0] for f in ROLLOUT_FAULTY.values() if len(f) == 1}
    mixed = {f[-1] for f in ROLLOUT_FAULTY.values() if len(f) > 1}
    assert alone == mixed == {"no-crypto-image", "auth-fails", "drop-during-enroll",
                              "extra-prompt", "nvram-write-error"}  # fmt: skip
    assert {"reload-hangs"} == {f[-1] for f in RELOAD_FAULTY.values()}
    benign = {f.split()[0] for faults in BENIGN.values() for f in faults}
    assert benign == {"latency", "slow-keygen", "clock-unset", "slow-boot"}


def test_the_run_exits_1_and_the_healthy_finish(runs: dict[str, Any]) -> None:
    code, records = runs["first"]
    assert code == 1
    for host in HEALTHY:
        record = records[host]
        assert (record["status"], record["saved"], record["error"]) == ("changed", True, None), (
            host,
            record,
        )


@pytest.mark.parametrize("host", sorted(ROLLOUT_FAULTY))
def test_each_faulty_host_fails_naming_its_cause(runs: dict[str, Any], host: str) -> None:
    _code, records = runs["first"]
    kind, words = cause_of(ROLLOUT_FAULTY[host])
    record = records[host]
    assert record["status"] == "failed"
    assert record["error"].startswith(kind), record["error"]
    assert words in record["error"].lower(), record["error"]
    assert record["saved"] in (None, False)


def test_a_second_run_converges_without_touching_the_healthy(
    lab: Any, runs: dict[str, Any]
) -> None:
    _code, first = runs["first"]
    code, second = runs["second"]
    assert code == 1  # the faults are still there
    for host in HEALTHY:
        assert second[host]["status"] == "unchanged", second[host]
        assert second[host]["sha256"] == first[host]["sha256"]
        running, startup = runs["configs"][host]
        assert lab.device(host).running_config() == running, host
        assert lab.device(host).startup_config() == startup, host
    for host, faults in ROLLOUT_FAULTY.items():
        kind, _words = cause_of(faults)
        assert second[host]["status"] == "failed" and second[host]["error"].startswith(kind)


def test_a_reload_that_hangs_is_a_reload_timeout(
    lab: Any, runs: dict[str, Any], tmp_path: Path
) -> None:
    hosts = [*RELOAD_FAULTY, "OK001", "SLOWBOOT"]
    out = tmp_path / "verify.json"
    code = main(["verify", "-i", str(lab.inventory_dir), "--hosts", ",".join(hosts), "--reload",
                 "--boot-timeout", "4", "--no-pins", "--json", str(out),
                 "--yes", "--canary", "0", "--batch", "100%", "--max-fail", "100%"])  # fmt: skip
    assert code == 1
    reports = {r["host"]: r for r in json.loads(out.read_text(encoding="utf-8"))["hosts"]}
    assert reports["OK001"]["verdict"] == reports["SLOWBOOT"]["verdict"] == "persistent"
    for host in RELOAD_FAULTY:
        kind, words = cause_of(RELOAD_FAULTY[host])
        assert reports[host]["verdict"] == "unreachable"
        assert kind in reports[host]["error"] and words in reports[host]["error"]


@pytest.fixture(scope="module")
def dead_ends() -> Iterator[dict[str, int]]:
    """Ports that fail a login in each way a network does: nothing listening (refused), a full
    backlog (the SYN is dropped: a TCP timeout), a listener that never speaks (no SSH session),
    a listener that closes every connection (no banner)."""
    with ExitStack() as stack:
        socks = [stack.enter_context(socket.socket()) for _ in range(4)]
        for sock in socks:
            sock.bind(("127.0.0.1", 0))
        _refused, full, silent, closes = socks
        full.listen(0)
        for _ in range(3):  # fill the accept queue: later SYNs are dropped
            filler = stack.enter_context(socket.socket())
            filler.setblocking(False)
            filler.connect_ex(full.getsockname())
        silent.listen(16)
        closes.listen(16)
        stop = threading.Event()

        def close_each() -> None:
            closes.settimeout(0.2)
            while not stop.is_set():
                try:
                    conn, _ = closes.accept()
                except OSError:
                    continue
                conn.close()

        thread = threading.Thread(target=close_each, daemon=True)
        thread.start()
        stack.callback(thread.join)
        stack.callback(stop.set)
        yield {name: s.getsockname()[1] for name, s in zip(
            ("REFUSED", "TIMEOUT", "SILENT", "CLOSES"), socks, strict=True)}  # fmt: skip


def test_login_failures_are_one_line_with_address_port_and_cause(
    lab: Any, dead_ends: dict[str, int], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    inventory = login_fault_inventory(
        lab.inventory_dir, tmp_path / "inv", dead_ends, copy_of=("OK001", "OK002", "OK003")
    )
    hosts = yaml.safe_load((inventory / "hosts.yaml").read_text(encoding="utf-8"))
    out, log = tmp_path / "rollout.json", tmp_path / "pssc.log"
    code = main(["rollout", "-i", str(inventory), "--no-progress", "--no-pins", "--json", str(out),
                 "--workers", "8", "--log-file", str(log)])  # fmt: skip
    assert code == 1
    _out, err = capsys.readouterr()
    assert "Traceback" not in err and "paramiko" not in err, err  # libraries quiet without -vv
    records = {r["host"]: r for r in json.loads(out.read_text(encoding="utf-8"))["hosts"]}
    assert set(records) == set(LOGIN_CAUSES)
    for host, (kind, words) in LOGIN_CAUSES.items():
        error = records[host]["error"]
        assert error.startswith(kind) and words in error, (host, error)
        if kind != "AuthenticationFailed" or "enable" not in words:
            assert f"127.0.0.1:{hosts[host]['port']}" in error, (host, error)
        assert "\n" not in error and not error.rstrip().endswith(":"), (host, error)
    assert "Traceback" in log.read_text(encoding="utf-8")  # the details are in the log file

    report = tmp_path / "audit.json"
    assert main(["audit", "-i", str(inventory), "--no-pins", "--output", str(report)]) == 1
    findings = {f["host"]: f["message"] for h in json.loads(report.read_text())["hosts"]
                for f in h["findings"]}  # fmt: skip
    for host, (_kind, words) in LOGIN_CAUSES.items():
        assert words in findings[host], (host, findings[host])
