"""Boot: the startup configuration in NVRAM is played line by line in configuration mode.

This is how IOS itself loads it, and it gives the consequences of ``docs/ios-behaviour.md``
section 2.6 for free: a saved certificate chain comes back with the same DER;
``ip http secure-server`` saved without a certificate makes a new TP-self-signed; what was not
saved is not there. The device gives a
session in configuration mode (:class:`ConfigSession`); nothing here knows the session's class.
"""

from __future__ import annotations

import logging
from typing import Protocol

from lab.device.cli.out import Dialog, Out

log = logging.getLogger(__name__)


class ConfigSession(Protocol):
    """A session that runs configuration lines (``hex`` while a certificate is read)."""

    mode: str

    def run(self, line: str, out: Out) -> Dialog | None: ...


def replay(sess: ConfigSession, text: str, host: str) -> list[str]:
    """Apply ``text`` through ``sess``; returns the console/syslog lines."""
    console: list[str] = []
    for raw in _blocks(text.splitlines()):
        if sess.mode != "hex":
            body = raw.strip()
            if not body or body.startswith("!") or body == "end":
                continue
        out = Out()
        dialog = sess.run(raw, out)
        if dialog is not None:
            dialog.close()
        for act in out.pre:
            if getattr(act, "text", "").startswith("%") and "Invalid" in getattr(act, "text", ""):
                log.warning("%s: startup-config line rejected: %r", host, raw)
        console += out.syslog
    return console


def _blocks(lines: list[str]) -> list[str]:
    r"""The lines, a ``banner motd ^C...^C`` spread over several lines joined into one.

    >>> _blocks(["hostname R1", "banner motd ^Cone", "R1#", "^C", "end"])
    ['hostname R1', 'banner motd ^Cone\nR1#\n^C', 'end']
    """
    out: list[str] = []
    pending: list[str] | None = None
    for raw in lines:
        if pending is not None:
            pending.append(raw)
            if "^C" in raw:
                out.append("\n".join(pending))
                pending = None
            continue
        if raw.startswith("banner motd ^C") and "^C" not in raw[len("banner motd ^C") :]:
            pending = [raw]
            continue
        out.append(raw)
    if pending is not None:
        out.append("\n".join(pending))
    return out
