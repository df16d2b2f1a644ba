"""Headless Chromium for the browser tests: load a page, dump its DOM, take a screenshot.

Chromium runs with a throw-away profile and no network extras. It trusts nothing beyond what a
test passes: ``spki_pins`` become ``--ignore-certificate-errors-spki-list``, which makes Chromium
accept a certificate whose public key hashes to one of the pins (and nothing else that its empty
profile does not already trust). A page that fails to load gives ``PageLoad.ok == False`` and the
``net::ERR_...`` code Chromium printed.

>>> _load_error("... Page load failed: net::ERR_CERT_AUTHORITY_INVALID")
'net::ERR_CERT_AUTHORITY_INVALID'
>>> _load_error("nothing wrong") is None
True
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

BASE_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
_LOAD_FAILED = re.compile(r"Page load failed: (net::ERR_[A-Z0-9_]+)")
_NET_ERROR = re.compile(r"(net::ERR_[A-Z0-9_]+)")


@dataclass(frozen=True)
class PageLoad:
    """What Chromium made of one URL."""

    url: str
    ok: bool
    dom: str
    error: str | None  # "net::ERR_CERT_AUTHORITY_INVALID", "timeout", "exit 1", ...
    returncode: int
    stderr: str


def find_chromium() -> str | None:
    """The path of a Chromium binary on PATH, or None."""
    for name in _CANDIDATES:
        path = shutil.which(name)
        if path:
            return path
    return None


def require_chromium() -> str:
    """Chromium's path; installs Debian's ``chromium`` when root and missing, else skips."""
    path = find_chromium()
    if path:
        return path
    if hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "chromium"],
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=600,
            check=False,
        )
        path = find_chromium()
        if path:
            return path
    pytest.skip("headless Chromium is not installed and could not be installed (apt-get chromium)")


def _load_error(stderr: str) -> str | None:
    match = _LOAD_FAILED.search(stderr)
    return match.group(1) if match else None


def _run(argv: list[str], timeout: float) -> tuple[int, str, str, bool]:
    """Run Chromium in its own process group; kill that group on timeout."""
    proc = subprocess.Popen(
        argv,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        errors="replace",
        start_new_session=True,
    )
    try:
        out, err = proc.communicate(timeout=timeout)
        return proc.returncode, out, err, False
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        return proc.returncode, out, err, True


def _chromium_argv(
    binary: str, profile: str, spki_pins: Sequence[str], extra_args: Sequence[str]
) -> list[str]:
    argv = [binary, *BASE_FLAGS, f"--user-data-dir={profile}"]
    if spki_pins:
        argv.append("--ignore-certificate-errors-spki-list=" + ",".join(spki_pins))
    argv.extend(extra_args)
    return argv


def load_page(
    url: str,
    *,
    spki_pins: Sequence[str] = (),
    timeout: float = 60.0,
    extra_args: Sequence[str] = (),
    binary: str | None = None,
) -> PageLoad:
    """Open ``url`` in a fresh headless Chromium and return the DOM it ended with."""
    chromium = binary or require_chromium()
    with tempfile.TemporaryDirectory(prefix="pssc-chromium-") as profile:
        argv = _chromium_argv(chromium, profile, spki_pins, [*extra_args, "--dump-dom", url])
        code, out, err, timed_out = _run(argv, timeout)
    error = "timeout" if timed_out else _load_error(err)
    if error is None and code != 0:
        net = _NET_ERROR.search(err)
        error = net.group(1) if net else f"exit {code}"
    ok = error is None and "<body" in out
    if error is None and not ok:
        error = "empty page"
    return PageLoad(url=url, ok=ok, dom=out, error=error, returncode=code, stderr=err)


def screenshot(
    url: str,
    path: Path,
    *,
    window_size: tuple[int, int] = (1366, 900),
    spki_pins: Sequence[str] = (),
    timeout: float = 60.0,
    binary: str | None = None,
) -> PageLoad:
    """Save a PNG of ``url`` at ``path`` (a laptop-sized window by default)."""
    chromium = binary or require_chromium()
    path.parent.mkdir(parents=True, exist_ok=True)
    extra = [
        f"--window-size={window_size[0]},{window_size[1]}",
        "--hide-scrollbars",
        f"--screenshot={path}",
        url,
    ]
    with tempfile.TemporaryDirectory(prefix="pssc-chromium-") as profile:
        argv = _chromium_argv(chromium, profile, spki_pins, extra)
        code, _out, err, timed_out = _run(argv, timeout)
    error = "timeout" if timed_out else _load_error(err)
    ok = error is None and code == 0 and path.is_file() and path.stat().st_size > 0
    if error is None and not ok:
        error = f"exit {code}, no screenshot"
    return PageLoad(url=url, ok=ok, dom="", error=error, returncode=code, stderr=err)
