"""``pssc pins list|accept|forget`` through the real CLI entry point."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pssc.cli import main
from pssc.pins import PinStore

A, B = "AA" * 32, "BB" * 32


def test_list_accept_forget(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "pins.sqlite"
    store = PinStore(path)
    store.record("R1", "PSSC", A)
    store.record("R1", "PSSC", B)
    store.record("R2", "TP-self-signed-1", A)

    assert main(["pins", "--pins", str(path), "list"]) == 0
    out = capsys.readouterr().out
    assert "R1" in out and "R2" in out and "(changed)" in out

    assert main(["pins", "--pins", str(path), "list", "R1", "--json"]) == 0
    (pin,) = json.loads(capsys.readouterr().out)
    assert pin["sha256"] == A and pin["pending_sha256"] == B

    assert main(["pins", "--pins", str(path), "accept", "R1"]) == 0
    assert store.check("R1", "PSSC", B).status == "same"
    assert main(["pins", "--pins", str(path), "accept", "R1"]) == 1  # nothing pending now

    assert main(["pins", "--pins", str(path), "forget", "R2"]) == 0
    assert [p.host for p in store.list()] == ["R1"]
    capsys.readouterr()
    assert main(["pins", "--pins", str(path), "list", "--history"]) == 0
    assert "forgotten" in capsys.readouterr().out


def test_missing_store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "none.sqlite"
    assert main(["pins", "--pins", str(path), "list"]) == 0
    assert "no pins" in capsys.readouterr().out
    assert main(["pins", "--pins", str(path), "forget", "R1"]) == 1
    assert not path.exists()
