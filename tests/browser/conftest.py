"""The ``chromium`` fixture (Chromium's path, once per session; under ``CI=true`` a missing browser
fails the tests instead of skipping them, see :func:`tests.browser.chromium.require_chromium`)."""

from __future__ import annotations

import pytest

from .chromium import require_chromium


def pytest_configure(config: pytest.Config) -> None:
    # pytest-xdist registers this marker; a run with ``-p no:xdist`` must still collect the tests
    config.addinivalue_line("markers", "xdist_group(name): run these tests on one xdist worker")


@pytest.fixture(scope="session")
def chromium() -> str:
    return require_chromium()
