"""What ``pssc rollout`` prints and writes, from outcomes built by hand (no device)."""

from __future__ import annotations

from pssc.rollout import JSON_KEYS, json_record, render, would_send
from tasks.rollout import HostOutcome

CHANGED = HostOutcome(
    host="R1",
    status="changed",
    trustpoint="PSSC-SELF-SIGNED",
    serial="01",
    sha256="AB" * 32,
    not_after="2036-01-01T00:00:00Z",
    saved=True,
    cli=["crypto pki trustpoint PSSC-SELF-SIGNED", " enrollment selfsigned"],
)
FAILED = HostOutcome(host="R2", status="failed", error="DeviceUnreachable: connection refused")


def _rows(text: str) -> list[list[str]]:
    return [[c.strip() for c in line.strip("│").split("│")] for line in text.splitlines()
            if line.startswith("│")]  # fmt: skip


def test_one_row_per_host_with_the_short_fingerprint_and_the_error() -> None:
    text = render([CHANGED, FAILED], dry_run=False, width=160)
    r1, r2 = _rows(text)
    assert r1[:3] == ["R1", "changed", "PSSC-SELF-SIGNED"]
    assert r1[4] == "AB" * 8 + "…" and r1[5] == "2036-01-01" and r1[6] == "yes"
    assert r2[:2] == ["R2", "failed"] and r2[6] == "-" and r2[7].startswith("DeviceUnreachable")
    assert text.startswith("pssc rollout\n")


def test_a_dry_run_says_so_and_shows_the_cli_it_would_send() -> None:
    assert render([CHANGED], dry_run=True).startswith("pssc rollout (dry run: nothing was changed)")
    assert would_send([CHANGED, FAILED]) == (
        "! R1: would send\ncrypto pki trustpoint PSSC-SELF-SIGNED\n enrollment selfsigned\n\n"
    )


def test_json_record_has_the_keys_then_the_details() -> None:
    record = json_record(CHANGED)
    assert list(record)[: len(JSON_KEYS)] == list(JSON_KEYS)
    assert record["cli"] == CHANGED.cli and record["dry_run"] is False
