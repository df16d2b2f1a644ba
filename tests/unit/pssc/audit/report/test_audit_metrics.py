"""``pssc audit --format openmetrics``: read back with prometheus_client's parsers (both the
Prometheus text format of node_exporter's textfile collector and OpenMetrics)."""

from __future__ import annotations

from pathlib import Path

import pytest
from prometheus_client.openmetrics.parser import (
    text_string_to_metric_families as openmetrics_families,
)
from prometheus_client.parser import text_string_to_metric_families

from pssc.audit.model import AuditReport, HostAudit, HostFacts, PinFacts
from pssc.audit.report import format_for, render, write_report
from pssc.audit.rules import evaluate
from tests.unit.pssc.audit.factories import OPTS, OTHER_SHA, cert, healthy, trustpoint

GENERATED = "2026-06-01T12:00:00Z"  # OPTS.now


def report() -> AuditReport:
    hosts = [
        healthy('R1 "core"\\east'),  # label values are escaped
        healthy("R2", pin=PinFacts("PSSC", "changed", OTHER_SHA, "2026-01-01T00:00:00Z")),
        healthy(
            "R3",
            trustpoints=(
                trustpoint(certificate=cert(not_after="2026-06-11T12:00:00Z", key_size=1024)),
            ),
        ),
        HostFacts("R4", reachable=False, error_kind="unreachable", error="refused"),
    ]
    audits = tuple(HostAudit(h, tuple(evaluate(h, OPTS))) for h in hosts)
    return AuditReport(GENERATED, audits, {})


def samples(text: str) -> dict[str, list[tuple[dict[str, str], float]]]:
    out: dict[str, list[tuple[dict[str, str], float]]] = {}
    for family in text_string_to_metric_families(text):
        assert family.type == "gauge", family.name
        for s in family.samples:
            out.setdefault(s.name, []).append((s.labels, s.value))
    return out


def value(found: list[tuple[dict[str, str], float]], **labels: str) -> float:
    (match,) = [v for got, v in found if all(got.get(k) == x for k, x in labels.items())]
    return match


def test_the_metrics_parse_and_say_expiry_findings_and_pins() -> None:
    text = render(report(), "openmetrics")
    got = samples(text)
    assert value(got["pssc_certificate_expiry_days"], host="R3", trustpoint="PSSC") == 10
    assert value(got["pssc_certificate_expiry_days"], host="R2", https="true") > 3000
    assert value(got["pssc_host_reachable"], host="R4") == 0
    assert value(got["pssc_host_reachable"], host='R1 "core"\\east') == 1
    assert value(got["pssc_findings"], severity="critical", rule="pin-mismatch") == 1
    assert value(got["pssc_findings"], severity="error", rule="weak-rsa-key") == 1
    assert value(got["pssc_findings"], severity="error", rule="host-unreachable") == 1
    assert value(got["pssc_host_findings"], host="R3", severity="warning") == 1
    assert value(got["pssc_host_findings"], host='R1 "core"\\east', severity="error") == 0
    assert value(got["pssc_pin_status"], host="R2", status="changed") == 1
    assert value(got["pssc_pin_status"], host="R2", status="same") == 0
    assert value(got["pssc_pin_status"], host="R3", status="same") == 1
    assert got["pssc_audit_timestamp_seconds"][0][1] == 1780315200
    # the same text is valid OpenMetrics (ends with # EOF, gauges only)
    names = {family.name for family in openmetrics_families(text)}
    assert "pssc_certificate_expiry_days" in names and text.endswith("# EOF\n")


def test_output_prom_picks_the_format_and_is_written_atomically(tmp_path: Path) -> None:
    out = tmp_path / "pssc.prom"
    assert format_for(out, None) == "openmetrics"
    write_report(report(), "openmetrics", out)
    assert samples(out.read_text())["pssc_host_reachable"]


@pytest.mark.parametrize("fmt", ["openmetrics"])
def test_the_cli_accepts_the_format(fmt: str) -> None:
    from pssc.commands.audit import FORMATS

    assert fmt in FORMATS
