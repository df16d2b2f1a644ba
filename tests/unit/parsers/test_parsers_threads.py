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
from types import TracebackType

import pytest

import parsers
from parsers import ttp_runner
from tests.unit.tasks.tasks_fakes import config_text, selfsigned_der


class NextParseRightAfterRelease:
    """The template's lock, releasing which lets another parse run at once (the window)."""

    def __init__(self, lock: threading.Lock, other: str) -> None:
        self.lock, self.other, self.busy = lock, other, False

    def __enter__(self) -> None:
        self.lock.acquire()

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.lock.release()
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
        monkeypatch.setattr(tpl, "lock", NextParseRightAfterRelease(tpl.lock, other))
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
