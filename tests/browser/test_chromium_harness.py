"""The harness's own rules, without a browser: a missing Chromium fails under ``CI=true`` (with
the reason) instead of skipping, and every load names what the wanted page must carry."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest

from . import chromium


@pytest.fixture
def no_chromium(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No Chromium on PATH and no root to install it; the real lookup is redone afterwards."""
    monkeypatch.setattr(shutil, "which", lambda _name: None)
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    chromium._locate.cache_clear()
    yield
    chromium._locate.cache_clear()


@pytest.mark.parametrize("value", ["true", "1"])
def test_missing_chromium_fails_under_ci(
    no_chromium: None, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("CI", value)
    with pytest.raises(
        pytest.fail.Exception, match=rf"CI={value} and headless Chromium is not on PATH"
    ):
        chromium.require_chromium()


def test_missing_chromium_skips_with_the_reason_elsewhere(
    no_chromium: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match=r"cannot be installed here \(needs root"):
        chromium.require_chromium()


@pytest.mark.parametrize("expect", [(), ("",), "R1"])
def test_a_load_must_name_what_the_page_carries(expect: tuple[str, ...] | str) -> None:
    with pytest.raises(ValueError, match="expect"):
        chromium.load_page("file:///nonexistent", expect=expect, binary="/bin/false")
