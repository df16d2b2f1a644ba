"""Golden pairs: ``tests/golden/<command-slug>/<name>.txt`` and the expected ``<name>.json``.

Adding a case is adding two files. The JSON is the exact result of ``parsers.parse``, or
``{"$error": "ParseError", ...}`` when the text must be refused (with ``chain`` and ``line``
when the error names them). ``PSSC_UPDATE_GOLDEN=1`` writes the JSON files from the current
parser (review the diff before committing).
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest

from parsers import ParseError, parse

GOLDEN = Path(__file__).resolve().parents[2] / "golden"
COMMANDS = (
    "show running-config",
    "show startup-config",
    "show crypto pki certificates",
    "show crypto pki certificates verbose",
    "show crypto pki certificates pem",
    "show crypto pki trustpoints",
    "show crypto pki trustpoints status",
    "show crypto key mypubkey rsa",
    "show crypto key mypubkey all",
)


def slug(command: str) -> str:
    """Directory name of a command: ``show running-config`` -> ``show_running_config``."""
    return re.sub(r"[^a-z0-9]+", "_", command.lower()).strip("_")


BY_SLUG = {slug(c): c for c in COMMANDS}
CASES = sorted(GOLDEN.glob("*/*.txt"))


def outcome(command: str, text: str) -> Any:
    """What the golden JSON records: the result, or the error a refused text raises."""
    try:
        return json.loads(json.dumps(parse(command, text)))
    except ParseError as exc:
        error: dict[str, Any] = {"$error": type(exc).__name__}
        if exc.chain is not None:
            error["chain"] = exc.chain
        if exc.line is not None:
            error["line"] = exc.line
        return error


def test_every_directory_names_a_command() -> None:
    assert CASES, "no golden cases found"
    unknown = {case.parent.name for case in CASES} - set(BY_SLUG)
    assert not unknown


@pytest.mark.parametrize("case", CASES, ids=[f"{c.parent.name}/{c.stem}" for c in CASES])
def test_golden(case: Path) -> None:
    command = BY_SLUG[case.parent.name]
    with open(case, encoding="utf-8", newline="") as handle:
        text = handle.read()
    got = outcome(command, text)
    expected_path = case.with_suffix(".json")
    if os.environ.get("PSSC_UPDATE_GOLDEN") == "1":
        expected_path.write_text(json.dumps(got, indent=2) + "\n", encoding="utf-8")
    assert expected_path.exists(), f"missing {expected_path.name}: PSSC_UPDATE_GOLDEN=1 writes it"
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    assert got == expected
