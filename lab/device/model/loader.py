"""Boot: the startup configuration in NVRAM is played line by line in configuration mode.

This is how IOS itself loads it, and it gives the spec 2.6 consequences for free: a saved
certificate chain comes back with the same DER; ``ip http secure-server`` saved without a
certificate makes a new TP-self-signed; what was not saved is not there.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from lab.device.cli.out import Out

if TYPE_CHECKING:
    from lab.device.device import Device

log = logging.getLogger(__name__)


def replay(dev: Device, text: str) -> list[str]:
    """Apply ``text`` to the (fresh) running state; returns the console/syslog lines."""
    from lab.device.cli.session import Session

    sess = Session(dev, "startup", "nvram", -1)
    sess.mode = "config"
    console: list[str] = []
    for raw in text.splitlines():
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
                log.warning("%s: startup-config line rejected: %r", dev.name, raw)
        console += out.syslog
    return console
