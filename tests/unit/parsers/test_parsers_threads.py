"""Parsing from several threads gives each its own whole result (issue 13, item F).

TTP's ``clear_result()`` empties its result lists in place, and the result used to be read after
the template's lock was released: another thread's parse could empty (or refill) it first. A
configuration then parsed as empty (no trustpoint, no certificate, no ``ip http secure-server``),
and converging rollouts failed at random under load (``SaveFailed ... startup-config does not
hold the certificate``, ``VerifyFailed ... holds no certificate``), seen with 50 workers on 90
lab devices about once in six runs.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest

import parsers
from parsers import ttp_runner
from tests.unit.tasks.tasks_fakes import config_text, selfsigned_der


class NextParseRightAfterRelease:
    """The template's hand-back of a TTP object to its pool, after which another parse runs at
    once on the same object (the window)."""

    def __init__(self, release: Callable[[Any], None], other: str) -> None:
        self.release, self.other, self.busy = release, other, False

    def __call__(self, parser: Any) -> None:
        self.release(parser)
        if not self.busy:
            self.busy = True
            parsers.parse("show running-config", self.other)  # another thread's parse
            self.busy = False


def test_a_parse_right_after_another_keeps_its_own_result(monkeypatch: pytest.MonkeyPatch) -> None:
    mine = config_text("TP1", selfsigned_der("A"))
    other = config_text(None, https=False)
    expected = parsers.parse("show running-config", mine)
    assert expected["certificate_chains"] and expected["http"]["secure_server"]
    for tpl in list(ttp_runner._BUILT.values()):
        monkeypatch.setattr(tpl, "_release", NextParseRightAfterRelease(tpl._release, other))
    assert parsers.parse("show running-config", mine) == expected


def test_concurrent_parses_are_whole() -> None:
    text = config_text("TP1", selfsigned_der())
    expected = parsers.parse("show running-config", text)
    wrong: list[object] = []

    def work() -> None:
        for _ in range(100):
            got = parsers.parse("show running-config", text)
            if got != expected:
                wrong.append(got)

    threads = [threading.Thread(target=work) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not wrong, f"{len(wrong)} of 600 parses were not whole: {wrong[0]!r:.300}"


def test_a_parse_does_not_wait_for_another_in_progress(monkeypatch: pytest.MonkeyPatch) -> None:
    """One thread stuck in the middle of a parse (as a thread is when the interpreter runs
    hundreds of others) does not hold up another thread's parse of the same template: with one
    TTP object behind a lock, 260 sessions of a 1,000-device audit queued there for 25 s."""
    text = config_text("TP1", selfsigned_der())
    expected = parsers.parse("show running-config", text)
    tpl = ttp_runner.template("show_running_config")
    inside, go_on = threading.Event(), threading.Event()
    stuck = tpl._acquire()
    real_parse = stuck.parse

    def slow_parse(*args: Any, **kwargs: Any) -> Any:
        inside.set()
        go_on.wait(10)
        return real_parse(*args, **kwargs)

    monkeypatch.setattr(stuck, "parse", slow_parse)
    tpl._release(stuck)
    others = [tpl.free.get_nowait() for _ in range(tpl.free.qsize() - 1)]  # stuck: next out
    first = threading.Thread(target=parsers.parse, args=("show running-config", text))
    first.start()
    try:
        assert inside.wait(10)
        done = threading.Thread(
            target=lambda: results.append(parsers.parse("show running-config", text))
        )
        results: list[object] = []
        done.start()
        done.join(5)
        assert results == [expected], "the second parse waited for the first one"
    finally:
        go_on.set()
        first.join(10)
        for parser in others:
            tpl._release(parser)
