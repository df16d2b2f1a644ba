"""Property: random bytes and lines over SSH never kill the server, the device or the others."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from lab.runner import RunningLab
from tests.hypothesis_profiles import examples
from tests.lab.lab_clients import Shell

pytestmark = pytest.mark.xdist_group("lab-fuzz")

SETTINGS = settings(max_examples=examples(ci=15, fuzz=300))
LINE_CHARS = st.characters(min_codepoint=32, max_codepoint=126) | st.sampled_from("\t?|^")


@pytest.fixture(scope="module")
def lab(lab_factory: Any) -> RunningLab:
    running: RunningLab = lab_factory(devices=1)
    return running


@pytest.fixture(scope="module")
def witness(lab: RunningLab) -> Iterator[Shell]:
    """A session opened before the fuzzing, that must keep answering throughout."""
    sh = Shell(lab.hosts["R1"].ssh_port)
    sh.read_until("R1>$")
    yield sh
    sh.close()


def still_answers(sh: Shell) -> bool:
    """The session answers a command; False when it has been closed (e.g. by a typed "exit")."""
    try:
        sh.send("\x1a\x1a")  # out of a dialog, a pager, a config mode
        sh.read_for(0.05)
        sh.send("\rshow privilege\r")
        sh.read_until("Current privilege level is", timeout=10)
    except (EOFError, OSError):
        return False
    return True


def check_survivors(lab: RunningLab, witness: Shell) -> None:
    assert lab.device("R1").up
    assert still_answers(witness), "the other session stopped answering"
    fresh = Shell(lab.hosts["R1"].ssh_port)
    try:
        fresh.read_until("R1>$")
    finally:
        fresh.close()


@SETTINGS
@given(data=st.binary(min_size=1, max_size=300))
def test_random_bytes(lab: RunningLab, witness: Shell, data: bytes) -> None:
    sh = Shell(lab.hosts["R1"].ssh_port)
    try:
        sh.read_until("R1>$")
        sh.chan.sendall(data)
        sh.read_for(0.02)
        # the session itself either still answers or was ended by what was typed (e.g. "exit")
        alive = still_answers(sh)
        assert alive or sh.closed_by_peer(timeout=1)
    finally:
        sh.close()
    check_survivors(lab, witness)


@SETTINGS
@given(lines=st.lists(st.text(LINE_CHARS, max_size=60), min_size=1, max_size=6))
@example(lines=["EX"])  # `exit` abbreviated: the session ends, the others go on
def test_random_lines_get_ios_answers(lab: RunningLab, witness: Shell, lines: list[str]) -> None:
    sh = Shell(lab.hosts["R1"].ssh_port)
    try:
        sh.read_until("R1>$")
        for line in lines:
            sh.send(line + "\r")
        seen = sh.read_for(0.05)
        assert "Traceback" not in seen and "Error:" not in seen.replace("%Error", "")
        assert still_answers(sh) or sh.closed_by_peer(timeout=1)
    finally:
        sh.close()
    check_survivors(lab, witness)
