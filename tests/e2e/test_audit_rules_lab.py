"""Every audit rule on lab devices set up for it (presets, faults, inventory), through netmiko.

One lab per module: a device per preset, one whose login fails, and inventory entries that
point at a closed SSH port (unreachable), at a closed HTTPS port (handshake fails) and at another
device's HTTPS port (served certificate is not the configured one). Time-based rules run the
same devices with the audit clock moved past or near the certificate's end date.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml

from pssc.audit.collect import run_audit
from pssc.audit.model import AuditReport, HostAudit, Severity
from pssc.audit.rules import AuditOptions, evaluate
from pssc.cli import main
from pssc.inventory import load_nornir
from tests.e2e.audit_lab_cli import enroll_selfsigned, netmiko_params

pytestmark = [pytest.mark.xdist_group("audit-lab"), pytest.mark.slow]

FLEET = {
    "defaults": {"personality": "ios15", "boot_seconds": 0.2},
    "devices": [
        {"hostname": "FACTORY", "preset": "factory"},
        {"hostname": "XEFACTORY", "preset": "factory", "personality": "iosxe17"},
        {"hostname": "HEALTHY", "preset": "healthy"},
        {"hostname": "LEGACY", "preset": "legacy-fn70489", "personality": "ios12"},
        {"hostname": "UNSAVED", "preset": "unsaved"},
        {"hostname": "WEAK", "preset": "weak-key"},
        {"hostname": "TWO", "preset": "two-selfsigned"},
        {"hostname": "SPARE", "preset": "factory"},
        {"hostname": "LOCKED", "preset": "healthy", "faults": ["auth-fails"]},
    ],
}


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def extend_inventory(src: Path, dst: Path) -> Path:
    """A copy of the lab's inventory plus four hosts that are wrong on purpose."""
    shutil.copytree(src, dst)
    hosts = yaml.safe_load((dst / "hosts.yaml").read_text())
    healthy, weak = hosts["HEALTHY"], hosts["WEAK"]
    hosts["GONE"] = {**healthy, "port": closed_port()}
    # the same devices again under another name for the address ("localhost"): a second entry
    # for one device, set up wrong on purpose
    closed = {"https_port": closed_port()}
    hosts["NOHTTPS"] = {**weak, "hostname": "localhost", "data": {**weak["data"], **closed}}
    misrouted = {**healthy["data"], **_https(weak)}
    hosts["MISROUTED"] = {**healthy, "hostname": "localhost", "data": misrouted}
    # the factory device again, where the inventory says it serves HTTPS (it has no certificate)
    factory = hosts["FACTORY"]
    hosts["EXPECTS"] = {
        **factory,
        "hostname": "localhost",
        "data": {**factory["data"], "https": True},
    }
    (dst / "hosts.yaml").write_text(yaml.safe_dump(hosts))
    return dst


def _https(entry: dict[str, Any]) -> dict[str, Any]:
    return {"https_port": entry["data"]["https_port"]}


@pytest.fixture(scope="module")
def inventory(lab_factory: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    lab = lab_factory(fleet_data=FLEET)
    return extend_inventory(lab.inventory_dir, tmp_path_factory.mktemp("inv") / "inventory")


@pytest.fixture(scope="module")
def first(inventory: Path, tmp_path_factory: pytest.TempPathFactory) -> AuditReport:
    pins = tmp_path_factory.mktemp("pins") / "pins.sqlite"
    nr = load_nornir(inventory, workers=10)
    try:
        return run_audit(nr, pins=pins)
    finally:
        nr.close_connections()


def rules(report: AuditReport, host: str) -> set[str]:
    audit = next(h for h in report.hosts if h.host == host)
    return {f.rule for f in audit.findings}


def host(report: AuditReport, name: str) -> HostAudit:
    return next(h for h in report.hosts if h.host == name)


@pytest.mark.parametrize(
    ("name", "rule"),
    [
        ("LEGACY", "fn70489-end-date"),
        ("WEAK", "weak-rsa-key"),
        ("WEAK", "weak-signature"),
        ("LEGACY", "weak-signature"),
        ("XEFACTORY", "https-not-bound"),
        ("XEFACTORY", "https-not-persistent"),
        ("UNSAVED", "https-not-persistent"),
        ("TWO", "several-selfsigned"),
        ("LOCKED", "auth-failed"),
        ("GONE", "host-unreachable"),
        ("NOHTTPS", "https-unreachable"),
        ("MISROUTED", "served-differs"),
        ("HEALTHY", "pin-new"),
        ("FACTORY", "https-disabled"),
        ("EXPECTS", "no-certificate"),
    ],
)
def test_rule_fires_on_the_device_set_up_for_it(first: AuditReport, name: str, rule: str) -> None:
    assert rule in rules(first, name), host(first, name)


def test_the_healthy_device_has_nothing_but_its_new_pin(first: AuditReport) -> None:
    assert rules(first, "HEALTHY") == {"pin-new"}
    facts = host(first, "HEALTHY").facts
    tp = facts.trustpoint(facts.https_trustpoint)
    assert tp is not None and tp.saved and tp.certificate is not None
    assert facts.served is not None and facts.served.sha256 == tp.certificate["sha256"]


def test_a_factory_ios15_without_https_is_not_a_silent_ok(first: AuditReport) -> None:
    facts = host(first, "FACTORY").facts
    assert facts.reachable and not facts.secure_server and facts.served is None
    assert rules(first, "FACTORY") == {"https-disabled"}  # info: said, not an alarm
    assert host(first, "FACTORY").worst == Severity.INFO
    assert rules(first, "EXPECTS") == {"no-certificate"}  # data.https: true in the inventory
    assert host(first, "EXPECTS").worst == Severity.ERROR


def test_failures_are_findings_and_every_host_is_reported(first: AuditReport) -> None:
    names = [h.host for h in first.hosts]
    assert names == sorted(names) and len(names) == len(FLEET["devices"]) + 4
    for name in ("GONE", "LOCKED"):
        assert not host(first, name).facts.reachable


def test_expiry_rules_with_the_audit_clock_moved(first: AuditReport) -> None:
    facts = host(first, "HEALTHY").facts
    tp = facts.trustpoint(facts.https_trustpoint)
    assert tp is not None and tp.certificate is not None
    end = datetime.fromisoformat(tp.certificate["not_after"].replace("Z", "+00:00"))
    later = {f.rule for f in evaluate(facts, AuditOptions(now=end + timedelta(days=1)))}
    soon = {f.rule for f in evaluate(facts, AuditOptions(now=end - timedelta(days=30)))}
    assert "cert-expired" in later
    assert "cert-expiring" in soon and "cert-expired" not in soon
    shorter = evaluate(facts, AuditOptions(now=end - timedelta(days=30), expiry_days=7))
    assert "cert-expiring" not in {f.rule for f in shorter}


def test_a_second_audit_sees_the_same_pins(inventory: Path, tmp_path: Path) -> None:
    pins = tmp_path / "pins.sqlite"
    for _ in range(2):
        nr = load_nornir(inventory, hosts=["HEALTHY", "FACTORY"], workers=2)
        try:
            report = run_audit(nr, pins=pins)
        finally:
            nr.close_connections()
    assert {h.facts.pin.status for h in report.hosts if h.facts.pin} == {"same"}
    assert rules(report, "HEALTHY") == set()


def test_cli_writes_json_and_exits_on_fail_on(inventory: Path, tmp_path: Path) -> None:
    out = tmp_path / "audit.json"
    args = ["audit", "-i", str(inventory), "--hosts", "HEALTHY", "--pins", str(tmp_path / "p")]
    assert main([*args, "--output", str(out), "--fail-on", "warning"]) == 0  # pin-new is info
    data = json.loads(out.read_text())
    assert data["summary"]["hosts"] == 1 and data["hosts"][0]["host"] == "HEALTHY"
    weak = ["audit", "-i", str(inventory), "--hosts", "WEAK", "--no-pins", "--format", "csv"]
    assert main([*weak, "--output", str(tmp_path / "w.csv"), "--fail-on", "error"]) == 1
    assert main([*weak, "--output", str(tmp_path / "w.csv"), "--fail-on", "critical"]) == 0


def test_no_password_in_any_report(first: AuditReport, inventory: Path) -> None:
    from pssc.audit.report import FORMATS, render

    hosts = yaml.safe_load((inventory / "hosts.yaml").read_text())
    secrets = {h["password"] for h in hosts.values() if h.get("password")}
    secrets |= {
        h["connection_options"]["netmiko"]["extras"]["secret"]
        for h in hosts.values()
        if h.get("connection_options")
    }
    secrets = {s for s in secrets if len(s) >= 4}
    for fmt in FORMATS:
        text = render(first, fmt)
        for secret in secrets:
            assert secret not in text, (fmt, "a secret leaked")


# --- golden JSON: the same fleet, volatile fields masked -----------------------------------------

GOLDEN = Path(__file__).resolve().parents[1] / "golden_audit" / "lab_fleet.json"
FIXED_NOW = datetime(2026, 6, 1, tzinfo=UTC)
VOLATILE_KEYS = {
    "generated_at", "address", "port", "https_port", "uptime_seconds", "first_seen",
    "not_before", "sha256", "spki_sha256_b64", "pinned_sha256", "serial", "inventory",
}  # fmt: skip
_HEX = re.compile(r"\b[0-9A-F]{16,}\b(\.\.\.)?")
_PORT = re.compile(r"(127\.0\.0\.1|localhost)[:\s]+\d+|port \d+")
_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z")


def mask(value: Any, key: str = "") -> Any:
    """The report with what changes from run to run (ports, keys, clocks) replaced."""
    if isinstance(value, dict):
        return {k: mask(v, k) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [mask(v, key) for v in value]
    if key in VOLATILE_KEYS and value is not None:
        return "<masked>"
    if key == "not_after" and isinstance(value, str) and not value.endswith("-01-01T00:00:00Z"):
        return "<masked>"  # IOS XE: start + 10 years; the fixed ends (2020, 2030) stay
    if isinstance(value, str):
        value = _HEX.sub("<hex>", value)
        value = _PORT.sub("<port>", value)
        fixed = "-01-01T00:00:00Z"  # the fixed ends of ios12/ios15 (2020, 2030) stay
        return _TIME.sub(lambda m: m.group(0) if fixed in m.group(0) else "<time>", value)
    return value


def test_golden_json_of_the_fleet(first: AuditReport) -> None:
    from pssc.audit.report import to_dict

    fixed = AuditOptions(now=FIXED_NOW, expiry_days=90)
    hosts = tuple(HostAudit(h.facts, tuple(evaluate(h.facts, fixed))) for h in first.hosts)
    report = AuditReport("2026-06-01T00:00:00Z", hosts, {"expiry_days": 90})
    got = json.loads(json.dumps(mask(to_dict(report))))
    if os.environ.get("PSSC_UPDATE_GOLDEN") == "1":
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(json.dumps(got, indent=2, sort_keys=True) + "\n")
    assert GOLDEN.is_file(), f"{GOLDEN} missing: run once with PSSC_UPDATE_GOLDEN=1 and review it"
    assert got == json.loads(GOLDEN.read_text())


def test_audit_sends_read_only_commands(inventory: Path, tmp_path: Path) -> None:
    """The session logs show what reached the devices: only show/terminal/enable commands."""
    logs = tmp_path / "sessions"
    nr = load_nornir(inventory, hosts=["HEALTHY", "UNSAVED"], workers=2, session_log_dir=logs)
    try:
        run_audit(nr, pins=None)
    finally:
        nr.close_connections()
    commands = set()
    for log in logs.iterdir():
        for line in log.read_text(errors="replace").splitlines():
            match = re.match(r"^(HEALTHY|UNSAVED)[>#](\S.*)$", line.strip())
            if match:
                commands.add(match.group(2).strip())
    assert commands, "no command seen in the session logs"
    allowed = ("show ", "terminal ", "enable", "exit", "end")
    assert all(c.startswith(allowed) for c in commands), commands


def test_an_enrolled_certificate_not_yet_saved(inventory: Path, tmp_path: Path) -> None:
    """HTTPS off, a new self-signed trustpoint enrolled by hand and not saved: cert-not-saved."""
    enroll_selfsigned(netmiko_params(inventory, "SPARE"), "LATER", bind=False)
    nr = load_nornir(inventory, hosts=["SPARE"], workers=1)
    try:
        report = run_audit(nr, pins=None)
    finally:
        nr.close_connections()
    (audit,) = report.hosts
    found = {(f.rule, f.trustpoint) for f in audit.findings}
    assert ("cert-not-saved", "LATER") in found
    # ios15 signs with SHA-1 unless `hash sha256`; HTTPS is off, so only that is said of HTTPS
    assert found - {("cert-not-saved", "LATER")} <= {
        ("weak-signature", "LATER"),
        ("https-disabled", None),
    }


def test_openmetrics_to_stdout_for_the_textfile_collector(
    inventory: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from prometheus_client.parser import text_string_to_metric_families

    args = ["audit", "-i", str(inventory), "--hosts", "HEALTHY", "WEAK", "--no-pins"]
    assert main([*args, "--format", "openmetrics", "--fail-on", "critical"]) == 0
    families = {f.name: f for f in text_string_to_metric_families(capsys.readouterr().out)}
    days = {s.labels["host"]: s.value for s in families["pssc_certificate_expiry_days"].samples}
    assert set(days) == {"HEALTHY", "WEAK"} and days["HEALTHY"] > 300
    rules = {s.labels["rule"] for s in families["pssc_findings"].samples}
    assert "weak-rsa-key" in rules
