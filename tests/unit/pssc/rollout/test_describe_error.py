"""Errors as the rollout reports them, and the table and JSON writers it uses."""

from __future__ import annotations

import json
from pathlib import Path

from pssc.output import render_table, write_json
from pssc.rollout import describe_error
from tasks.errors import CommandRejected, UnexpectedPrompt


def test_describe_error_is_one_line_with_the_class_and_command() -> None:
    exc = CommandRejected("% Invalid input detected at '^' marker.", host="R1", command="x y")
    assert describe_error(exc) == "CommandRejected [x y]: % Invalid input detected at '^' marker."
    assert describe_error(UnexpectedPrompt("unknown prompt", host="R1")).startswith(
        "UnexpectedPrompt: unknown"
    )
    assert "\n" not in describe_error(RuntimeError("a\nb"))


def test_table_and_atomic_json(tmp_path: Path) -> None:
    text = render_table("t", ["host", "status"], [["R1", "failed"]], styles={"failed": "red"})
    assert "R1" in text and "failed" in text and "[red]" not in text
    path = write_json(tmp_path / "sub" / "out.json", [{"host": "R1"}])
    assert json.loads(path.read_text()) == [{"host": "R1"}]
    assert [p.name for p in path.parent.iterdir()] == ["out.json"]  # no temporary left over
