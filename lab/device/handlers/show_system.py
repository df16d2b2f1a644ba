"""System show commands: version, clock, privilege, users."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from lab.device.cli.out import Out
from lab.device.model.clock import uptime_text

if TYPE_CHECKING:
    from lab.device.cli.session import Session

Args = dict[str, str]


def h_show_version(s: Session, a: Args, out: Out) -> None:
    dev = s.dev
    p = dev.persona
    lines = [*p.version_lines, "", "ROM: System Bootstrap, Version 15.0(1r)M16, RELEASE SOFTWARE"]
    lines += [
        "",
        f"{dev.state.config.hostname} uptime is {uptime_text(dev.uptime())}",
        f"System returned to ROM by {dev.last_reload_reason}",
        f'System image file is "{p.image}"',
        f"Last reload reason: {dev.last_reload_reason}",
        "",
        p.platform,
        f"Processor board ID {dev.spec.serial}",
        f"{len(dev.state.config.interfaces)} Gigabit Ethernet interfaces",
        "255K bytes of non-volatile configuration memory.",
        "",
        "Configuration register is 0x2102",
        "",
    ]
    out.page("\n".join(lines) + "\n")


def h_show_clock(s: Session, a: Args, out: Out) -> None:
    out.page(s.dev.clock.show_clock() + "\n")


def h_show_privilege(s: Session, a: Args, out: Out) -> None:
    level = 15 if s.privileged else 1
    out.page(f"Current privilege level is {level}\n")


def h_show_users(s: Session, a: Args, out: Out) -> None:
    rows = ["    Line       User       Host(s)              Idle       Location"]
    now = time.monotonic()
    for other in s.dev.session_list():
        mark = "*" if other is s else " "
        idle = int(now - other.last_active)
        h, rem = divmod(idle, 3600)
        m, sec = divmod(rem, 60)
        line = f"{other.line_no + 2:3d} vty {other.line_no:<5d}"
        rows.append(
            f"{mark}{line} {other.username:<10.10s} idle                 "
            f"{h:02d}:{m:02d}:{sec:02d} {other.peer}"
        )
    rows += ["", "  Interface    User               Mode         Idle     Peer Address", ""]
    out.page("\n".join(rows) + "\n")


def h_unreachable(s: Session, a: Args, out: Out) -> None:
    out.write("% Unknown command or computer name, or unable to find computer address\n")


def h_show_terminal(s: Session, a: Args, out: Out) -> None:
    out.page(
        f'Line {s.line_no + 2}, Location: "", Type: "vt100"\n'
        f"Length: {s.term_length} lines, Width: {s.term_width} columns\n"
        f"Status: {'PSI Enabled, ' if True else ''}Ready, Active\n"
    )


def h_show_http_secure(s: Session, a: Args, out: Out) -> None:
    """``show ip http server secure status``: the HTTPS server and the trustpoint it is bound to."""
    cfg = s.dev.state.config
    on = "Enabled" if cfg.http_secure_server else "Disabled"
    ciphers = "aes-128-cbc-sha aes-256-cbc-sha dhe-aes-128-cbc-sha ecdhe-rsa-aes-128-cbc-sha"
    out.page(
        f"HTTP secure server status: {on}\n"
        "HTTP secure server port: 443\n"
        f"HTTP secure server ciphersuite: {ciphers}\n"
        "HTTP secure server client authentication: Disabled\n"
        f"HTTP secure server trustpoint: {cfg.http_secure_trustpoint or ''}\n"
        "HTTP secure server active session modules: ALL\n"
    )
