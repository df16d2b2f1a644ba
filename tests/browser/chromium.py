"""Headless Chromium for the browser tests: load a page, dump its DOM, take a screenshot.

Chromium runs with a throw-away profile and no network extras. It trusts nothing beyond what a
test passes: ``spki_pins`` become ``--ignore-certificate-errors-spki-list``, which makes Chromium
accept a certificate whose public key hashes to one of the pins (and nothing else that its empty
profile does not already trust).

The page decides, not Chromium's log. Every call names ``expect``: text that only the wanted page
carries (a lab device's name and the lab's per-run nonce, a report's own header). The page loaded
when all of it is in the DOM Chromium ended with, and was refused when any of it is missing: a
certificate warning or an error page has a ``<body>`` too, and Chromium does not always log a
failed load. For the message, ``error`` names the reason where Chromium says so: the
``net::ERR_...`` code its error page or warning shows, else the one its log names.

>>> _refusal_reason('<div class="error-code">ERR_FILE_NOT_FOUND</div>', "", 0, False)
'net::ERR_FILE_NOT_FOUND'
>>> _refusal_reason('{"errorCode":"net::ERR_CERT_AUTHORITY_INVALID"}', "", 0, False)
'net::ERR_CERT_AUTHORITY_INVALID'
>>> _refusal_reason("<body></body>", "handshake failed; ... net_error -202", 0, False)
'net_error -202'
>>> _refusal_reason("<body></body>", "", 0, False)
'the page lacks the expected content'
"""

from __future__ import annotations

import functools
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
_ERR = r"(?:net::)?(ERR_[A-Z0-9_]+)"
_DOM_ERRORS = (  # what Chromium's own pages show: loadTimeData, then the visible code
    re.compile(r'"errorCode":\s*"' + _ERR),
    re.compile(r'class="error-code"[^>]*>(?:<!--[^>]*-->)?\s*' + _ERR),
)
_LOG_ERRORS = (re.compile(r"Page load failed: " + _ERR), re.compile(r"net_error (-\d+)"))


@dataclass(frozen=True)
class PageLoad:
    """What Chromium made of one URL."""

    url: str
    ok: bool  # every expected text is in the DOM (and, for a screenshot, a PNG was written)
    dom: str
    missing: tuple[str, ...]  # expected texts not in the DOM
    error: str | None  # None when ok; else "net::ERR_CERT_AUTHORITY_INVALID", "timeout", ...
    returncode: int
    stderr: str

    def why(self) -> str:
        """One line for an assertion message: the URL, the verdict, and Chromium's last words."""
        verdict = "loaded" if self.ok else f"refused ({self.error}; missing {list(self.missing)})"
        tail = " | ".join(self.stderr.strip().splitlines()[-3:])
        return f"{self.url}: {verdict}; exit {self.returncode}; stderr: {tail[-600:]}"


def find_chromium() -> str | None:
    """The path of a Chromium binary on PATH, or None."""
    for name in _CANDIDATES:
        path = shutil.which(name)
        if path:
            return path
    return None


def _apt_install() -> str:
    """Try ``apt-get install chromium`` (again after ``apt-get update``); what went wrong, or ""."""
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "chromium"]
    last = "no output"
    for argv in (install, ["apt-get", "update", "-qq"], install):
        try:
            done = subprocess.run(
                argv, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=600
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            return f"{' '.join(argv[:2])} failed: {exc}"
        if find_chromium():
            return ""
        lines = (done.stderr or done.stdout).strip().splitlines()
        last = lines[-1] if lines else f"exit {done.returncode}"
    return f"apt-get install chromium failed: {last}"


@functools.cache
def _locate() -> tuple[str | None, str]:
    """(Chromium's path or None, why not); installs Debian's ``chromium`` when root and missing."""
    path = find_chromium()
    if path:
        return path, ""
    looked = "headless Chromium is not on PATH (" + ", ".join(_CANDIDATES) + ")"
    if not (hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get")):
        return None, f"{looked} and cannot be installed here (needs root and apt-get)"
    problem = _apt_install()
    path = find_chromium()
    return (path, "") if path else (None, f"{looked}; {problem or 'installed but not found'}")


def in_ci() -> bool:
    """True when ``$CI`` says so (``true``/``1``/``yes``), as CI services set it."""
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def require_chromium() -> str:
    """Chromium's path. Missing and not installable: the test fails under ``CI=true`` (a CI run
    must not pass without its browser proof) and is skipped, with the reason, elsewhere."""
    path, reason = _locate()
    if path:
        return path
    if in_ci():
        ci = os.environ["CI"]
        pytest.fail(f"CI={ci} and {reason}: the browser tests cannot run", pytrace=False)
    pytest.skip(reason)


def _run(argv: list[str], timeout: float) -> tuple[int, str, str, bool]:
    """Run Chromium in its own process group; kill that group on timeout."""
    proc = subprocess.Popen(
        argv,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
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


def _refusal_reason(dom: str, stderr: str, code: int, timed_out: bool) -> str:
    """Why a page did not load, as precisely as Chromium says it (its page first, then its log)."""
    for pattern in _DOM_ERRORS:
        match = pattern.search(dom)
        if match:
            return "net::" + match.group(1)
    match = _LOG_ERRORS[0].search(stderr)
    if match:
        return "net::" + match.group(1)
    match = _LOG_ERRORS[1].search(stderr)
    if match:
        return f"net_error {match.group(1)}"
    if timed_out:
        return "timeout"
    return f"exit {code}" if code else "the page lacks the expected content"


def _visit(
    url: str,
    expect: Sequence[str],
    spki_pins: Sequence[str],
    extra_args: Sequence[str],
    timeout: float,
    binary: str | None,
) -> PageLoad:
    """Open ``url`` in a fresh headless Chromium with ``--dump-dom`` and judge the DOM."""
    if isinstance(expect, str) or not expect or not all(expect):
        raise ValueError("expect: give the texts only the wanted page carries (non-empty)")
    chromium = binary or require_chromium()
    with tempfile.TemporaryDirectory(prefix="pssc-chromium-") as profile:
        argv = [chromium, *BASE_FLAGS, f"--user-data-dir={profile}"]
        if spki_pins:
            argv.append("--ignore-certificate-errors-spki-list=" + ",".join(spki_pins))
        argv.extend([*extra_args, "--dump-dom", url])
        code, dom, err, timed_out = _run(argv, timeout)
    missing = tuple(text for text in expect if text not in dom)
    ok = not missing and not timed_out
    error = None if ok else _refusal_reason(dom, err, code, timed_out)
    return PageLoad(url, ok, dom, missing, error, code, err)


def load_page(
    url: str,
    *,
    expect: Sequence[str],
    spki_pins: Sequence[str] = (),
    timeout: float = 60.0,
    extra_args: Sequence[str] = (),
    binary: str | None = None,
) -> PageLoad:
    """Open ``url``; ``ok`` when every text of ``expect`` is in the DOM Chromium ended with."""
    return _visit(url, expect, spki_pins, extra_args, timeout, binary)


def screenshot(
    url: str,
    path: Path,
    *,
    expect: Sequence[str],
    window_size: tuple[int, int] = (1366, 900),
    spki_pins: Sequence[str] = (),
    timeout: float = 60.0,
    binary: str | None = None,
) -> PageLoad:
    """Save a PNG of ``url`` at ``path`` (a laptop-sized window by default); ``ok`` when the DOM
    of the same run has every text of ``expect`` and the PNG was written (Chromium also writes
    one of its error pages)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    extra = [f"--window-size={window_size[0]},{window_size[1]}", "--hide-scrollbars"]
    page = _visit(url, expect, spki_pins, [*extra, f"--screenshot={path}"], timeout, binary)
    if not page.ok or (path.is_file() and path.stat().st_size > 0):
        return page
    return PageLoad(url, False, page.dom, (), "no screenshot written", page.returncode, page.stderr)
