"""The policy that decides which certificates pssc refuses to keep (a table of cases)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tasks.policy import certificate_problems
from tests.unit.tasks.tasks_fakes import cert_info

NOW = datetime(2026, 11, 28, tzinfo=UTC)
FN = "2020-01-01T00:00:00Z"
LATER = "2027-01-01T00:00:00Z"


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, []),
        ({"not_after": FN}, [f"expired on {FN} (FN70489 end date)"]),
        ({"not_after": "2026-11-27T23:59:59Z"}, ["expired on 2026-11-27T23:59:59Z"]),
        ({"not_before": LATER}, [f"not valid before {LATER} (device clock ahead?)"]),
        ({"key_size": 2047}, ["2047-bit key, under the minimum of 2048"]),
        ({"signature_hash": "sha1"}, ["signed with sha1"]),
        ({"signature_hash": "MD5"}, ["signed with md5"]),
        ({"signature_valid": False}, ["its signature does not verify with its own key"]),
        ({"key_type": "EC", "key_size": 256}, []),  # the RSA minimum is not applied to EC keys
        ({"signature_hash": "sha384", "key_size": 4096}, []),
    ],
)  # fmt: skip
def test_policy_table(changes: dict, expected: list[str]) -> None:
    cert = {**cert_info(), **changes}
    assert certificate_problems(cert, min_key_size=2048, now=NOW) == expected


def test_minimum_is_configurable() -> None:
    assert certificate_problems(cert_info(key_size=1024), min_key_size=1024, now=NOW) == []
