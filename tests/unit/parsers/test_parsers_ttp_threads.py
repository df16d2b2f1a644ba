"""TTP objects are built one at a time, once each, whatever the number of threads.

Building a TTP object may run ``ast.parse`` over TTP's own modules; two threads doing it at once
failed on CPython 3.11 with ``SystemError: AST constructor recursion depth mismatch`` (seen in a
full run with Dask worker threads auditing a fleet).
"""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest

from parsers import ttp_runner


def test_templates_are_built_one_at_a_time_and_once(monkeypatch: pytest.MonkeyPatch) -> None:
    active, peak, builds = 0, 0, 0
    guard = threading.Lock()

    class SlowTtp:
        def __init__(self, template: str) -> None:
            nonlocal active, peak, builds
            with guard:
                active += 1
                builds += 1
                peak = max(peak, active)
            time.sleep(0.05)
            with guard:
                active -= 1

    monkeypatch.setattr(ttp_runner, "ttp", SlowTtp)
    monkeypatch.setattr(ttp_runner, "_BUILT", {})
    names = ["show_crypto_pki_trustpoints", "show_crypto_pki_trustpoints_status"] * 4
    got: list[Any] = []
    threads = [
        threading.Thread(target=lambda n=n: got.append(ttp_runner.template(n))) for n in names
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert peak == 1, f"{peak} TTP objects were built at the same time"
    assert builds == 2
    assert len({id(t) for t in got}) == 2
