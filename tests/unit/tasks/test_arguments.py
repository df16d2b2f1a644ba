"""Issue 13 finding 7: the tasks refuse what IOS would not take as typed, whoever called them
(runbooks pass inventory data; some names come from the device), before sending anything."""

from __future__ import annotations

from typing import Any

import pytest

from tasks.arguments import text_problem, word_problem
from tasks.errors import InvalidArgument
from tasks.plan import RolloutOptions
from tasks.rollout import rollout
from tasks.steps import (
    enroll_self_signed,
    ensure_https,
    ensure_trustpoint,
    remove_trustpoint,
    save_config,
)
from tests.unit.tasks.tasks_fakes import FakeConn, run_task

BAD_WORDS = ["NEWTP\n", "NEWTP\r", "TP?", "TP\x1b]52;c;eA==\x07", "TPé", "TP\x85", "my tp", ""]


@pytest.mark.parametrize("word", BAD_WORDS)
def test_a_bad_word_is_refused(word: str) -> None:
    assert word_problem(word) is not None


@pytest.mark.parametrize(
    "text", ["cn=r1\n", "cn=r1?", "cn=r\u00e9", "cn=r1\x00", "cn=\x9b31m", " "]
)
def test_a_bad_text_is_refused(text: str) -> None:
    assert text_problem(text) is not None


def test_good_values_pass() -> None:
    assert word_problem("PSSC-SELF-SIGNED") is None and word_problem("tp_1.a:b@c") is None
    assert text_problem("cn=r1.example.net, o=Lab\\, East, c=DE") is None


STEPS: list[tuple[Any, dict[str, Any]]] = [
    (ensure_trustpoint, {"trustpoint": "NEWTP\n"}),
    (ensure_trustpoint, {"trustpoint": "TP", "key_label": "K?"}),
    (ensure_trustpoint, {"trustpoint": "TP", "subject_name": "cn=r1\nyes"}),
    (ensure_trustpoint, {"trustpoint": "TP", "hash": "sha256\n"}),
    (enroll_self_signed, {"trustpoint": "TP\n"}),
    (enroll_self_signed, {"trustpoint": "TP", "replaces": ["OLD?"]}),
    (remove_trustpoint, {"trustpoint": "TP\x1b[2J"}),
    (ensure_https, {"trustpoint": "TP é"}),
    (save_config, {"trustpoint": "TP\n"}),
    (rollout, {"options": RolloutOptions(trustpoint="NEWTP\n")}),
    (rollout, {"options": RolloutOptions(subject_name="cn=r1?")}),
]


@pytest.mark.parametrize(("task", "kwargs"), STEPS)
def test_each_task_refuses_a_bad_argument_before_sending(task: Any, kwargs: dict[str, Any]) -> None:
    conn = FakeConn([])  # any command sent would find no step in the script
    result = run_task(conn, task, **kwargs)
    assert result.failed and isinstance(result.exception, InvalidArgument), result.exception
    assert result.exception.host == "R1" and "refused" in str(result.exception)
    assert conn.sent == []
