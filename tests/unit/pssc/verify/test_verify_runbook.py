"""The verify runbook's decisions, with the evidence and the reload replaced by fakes."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from pssc.verify import runbook
from pssc.verify.evidence import CertEvidence, Evidence, HostReport
from pssc.verify.report import render, summary, write_reports
from tasks.errors import AuthenticationFailed, ReloadTimeout
from tasks.reload import ReloadOutcome


def cert(tag: str) -> CertEvidence:
    return CertEvidence(
        sha256=tag * 64,
        spki_sha256_b64=f"{tag}pin=",
        public_key_pem="",
        serial="01",
        subject=f"cn={tag}",
        not_after="2036-01-01T00:00:00Z",
    )


A, B = cert("A"), cert("B")


def ev(configured: Any, saved: Any, served: Any) -> Evidence:
    return Evidence("TP", configured, saved, served, https_saved=True)


class Script:
    """Evidence to hand out in order, and a fake reload that records being called."""

    def __init__(self, evidence: list[Evidence], reload_error: Exception | None = None) -> None:
        self.evidence = list(evidence)
        self.reload_error = reload_error
        self.reloads: list[dict[str, Any]] = []

    def collect(self, task: Any, *, https_port: int, probe_timeout: float = 5.0) -> Evidence:
        return self.evidence.pop(0)

    def reload(self, task: Any, **kwargs: Any) -> Any:
        self.reloads.append({k: v for k, v in kwargs.items() if k != "on_event"})
        if self.reload_error:
            raise self.reload_error
        outcome = ReloadOutcome(
            host=task.host.name,
            answers=(("System configuration has been modified. Save? [yes/no]:", "no"),),
            declined_save=True,
            requested_at=10.0,
            down_at=11.0,
            ssh_back_at=14.0,
            https_back_at=14.5,
            uptime_before=300.0,
            uptime_after=1.0,
            ssh_attempts=3,
        )
        return SimpleNamespace(result=outcome)


@pytest.fixture
def task() -> Any:
    host = SimpleNamespace(name="R1", hostname="127.0.0.1", data={"https_port": 8443})
    return SimpleNamespace(host=host)


def run(monkeypatch: pytest.MonkeyPatch, task: Any, script: Script, **kw: Any) -> HostReport:
    monkeypatch.setattr(runbook, "collect_evidence", script.collect)
    monkeypatch.setattr(runbook, "reload_device", script.reload)
    result = runbook.verify_host(task, **kw)
    assert not result.failed
    report = result.result
    assert isinstance(report, HostReport)
    return report


def test_without_reload_reports_the_prediction(monkeypatch: pytest.MonkeyPatch, task: Any) -> None:
    script = Script([ev(A, A, A)])
    report = run(monkeypatch, task, script)
    assert (report.verdict, report.would_survive, report.reloaded) == ("persistent", True, False)
    assert script.reloads == []


def test_saved_certificate_is_reloaded_and_proven(
    monkeypatch: pytest.MonkeyPatch, task: Any
) -> None:
    script = Script([ev(A, A, A), ev(A, A, A)])
    report = run(monkeypatch, task, script, reload=True, boot_timeout=42.0)
    assert report.verdict == "persistent" and report.reloaded
    assert script.reloads == [{"boot_timeout": 42.0, "https_port": 8443}]
    assert report.timeline["went_down"] == 11.0 and report.timeline["ssh_back"] == 14.0


def test_unsaved_certificate_is_not_reloaded(monkeypatch: pytest.MonkeyPatch, task: Any) -> None:
    script = Script([ev(A, None, A)])
    report = run(monkeypatch, task, script, reload=True)
    assert report.verdict == "not-saved"
    assert script.reloads == []
    assert "not reloaded" in report.reason


def test_host_without_certificate_is_not_reloaded(
    monkeypatch: pytest.MonkeyPatch, task: Any
) -> None:
    script = Script([Evidence("TP", None, None, None, https_saved=False)])
    report = run(monkeypatch, task, script, reload=True)
    assert report.verdict == "lost" and not report.reloaded
    assert script.reloads == []


def test_reload_anyway_answers_no_and_says_so(monkeypatch: pytest.MonkeyPatch, task: Any) -> None:
    script = Script([ev(A, None, A), ev(B, B, B)])
    report = run(monkeypatch, task, script, reload=True, reload_anyway=True)
    assert report.verdict == "regenerated"
    assert report.declined_save is True
    assert "answered 'no' to 'Save?'" in report.reason


def test_deadline_gives_unreachable_with_the_evidence_before(
    monkeypatch: pytest.MonkeyPatch, task: Any
) -> None:
    script = Script([ev(A, A, A)], reload_error=ReloadTimeout("SSH did not come back", host="R1"))
    report = run(monkeypatch, task, script, reload=True)
    assert report.verdict == "unreachable"
    assert report.before is not None and report.after is None
    assert report.error is not None and "ReloadTimeout" in report.error


def test_other_task_errors_fail_the_host(monkeypatch: pytest.MonkeyPatch, task: Any) -> None:
    def refuse(task: Any, **kwargs: Any) -> Evidence:
        raise AuthenticationFailed("SSH authentication failed", host="R1")

    monkeypatch.setattr(runbook, "collect_evidence", refuse)
    report = runbook.verify_host(task, reload=True).result
    assert report.verdict == "failed" and report.before is None


def test_pins_recorded_for_persistent_hosts_only(tmp_path: Path) -> None:
    from pssc.pins import PinStore

    good = HostReport("R1", "persistent", "same", trustpoint="TP", before=ev(A, A, A))
    bad = HostReport(
        "R2", "regenerated", "new", trustpoint="TP", before=ev(A, A, A), after=ev(B, B, B)
    )
    runbook.record_pins([good, bad], tmp_path / "pins.sqlite")
    assert good.pin == "new" and bad.pin is None
    pins = PinStore(tmp_path / "pins.sqlite").list()
    assert [(p.host, p.sha256) for p in pins] == [("R1", A.sha256)]
    runbook.record_pins([good], tmp_path / "pins.sqlite")
    assert good.pin == "same"


def test_table_shows_fingerprints_side_by_side() -> None:
    reports = [
        HostReport("R1", "persistent", "same", "TP", ev(A, A, A), ev(A, A, A), reloaded=True),
        HostReport("R2", "regenerated", "new", "TP", ev(A, None, A), ev(B, B, B), reloaded=True),
        HostReport("R3", "not-saved", "refused", "TP", ev(A, None, A)),
    ]
    text = render(reports)
    r2 = next(line for line in text.splitlines() if "R2" in line)
    assert r2.index("A" * 16) < r2.index("B" * 16)
    assert "not reloaded" in next(line for line in text.splitlines() if "R3" in line)
    assert summary(reports) == "verify: 3 hosts: 1 persistent, 1 regenerated, 1 not-saved"


def test_json_file_is_one_object_per_host(tmp_path: Path) -> None:
    reports = [HostReport("R1", "persistent", "same", "TP", ev(A, A, A), ev(A, A, A))]
    document = json.loads(write_reports(reports, tmp_path / "v.json").read_text())
    assert document["schema"] == "pssc.verify/1"
    assert document["summary"]["verdicts"]["persistent"] == 1 and document["summary"]["ok"]
    data = document["hosts"]
    assert [d["host"] for d in data] == ["R1"]
    assert data[0]["after"] == {"configured": A.sha256, "saved": A.sha256, "served": A.sha256}
