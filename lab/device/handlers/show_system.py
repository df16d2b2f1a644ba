"""System show commands: version, clock, privilege, users (``who``), terminal, HTTPS status."""

from __future__ import annotations

import time

from lab.device.cli.context import Args, Context
from lab.device.cli.out import Out
from lab.device.cli.table import Command, Table
from lab.device.handlers.common import EXEC, SHOW, USER_EXEC
from lab.device.model.clock import uptime_text


def h_show_version(ctx: Context, a: Args, out: Out) -> None:
    p = ctx.persona
    cfg = ctx.state.config
    lines = [*p.version_lines, "", f"ROM: {p.rom}"]
    lines += [
        "",
        f"{cfg.hostname} uptime is {uptime_text(ctx.uptime())}",
        f"System returned to ROM by {ctx.last_reload_reason}",
        f'System image file is "{p.image}"',
        f"Last reload reason: {ctx.last_reload_reason}",
        "",
        p.platform,
        f"Processor board ID {ctx.spec.serial}",
        f"{len(cfg.interfaces)} Gigabit Ethernet interfaces",
        "255K bytes of non-volatile configuration memory.",
        "",
        "Configuration register is 0x2102",
        "",
    ]
    out.page("\n".join(lines) + "\n")


def h_show_clock(ctx: Context, a: Args, out: Out) -> None:
    out.page(ctx.clock.show_clock() + "\n")


def h_show_privilege(ctx: Context, a: Args, out: Out) -> None:
    level = 15 if ctx.privileged else 1
    out.page(f"Current privilege level is {level}\n")


def h_show_users(ctx: Context, a: Args, out: Out) -> None:
    rows = ["    Line       User       Host(s)              Idle       Location"]
    now = time.monotonic()
    for other in ctx.sessions():
        mark = "*" if other is ctx else " "
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


def h_show_terminal(ctx: Context, a: Args, out: Out) -> None:
    out.page(
        f'Line {ctx.line_no + 2}, Location: "", Type: "vt100"\n'
        f"Length: {ctx.term_length} lines, Width: {ctx.term_width} columns\n"
        "Status: PSI Enabled, Ready, Active\n"
    )


def h_show_http_secure(ctx: Context, a: Args, out: Out) -> None:
    """``show ip http server secure status``: the HTTPS server and the trustpoint it is bound to."""
    cfg = ctx.state.config
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


TABLE = Table(
    {
        "show": SHOW,
        "show version": "System hardware and software status",
        "show clock": "Display the system clock",
        "show privilege": "Show current privilege level",
        "show users": "Display information about terminal lines",
        "show terminal": "Display terminal configuration parameters",
        "who": "List active connections",
        "show ip": "IP information",
        "show ip http": "HTTP information",
        "show ip http server": "HTTP server information",
        "show ip http server secure": "HTTP secure server information",
        "show ip http server secure status": "HTTP secure server status",
    },
    (
        Command(USER_EXEC, "show version", h_show_version, pipe=True),
        Command(USER_EXEC, "show clock", h_show_clock, pipe=True),
        Command(USER_EXEC, "show privilege", h_show_privilege, pipe=True),
        Command(USER_EXEC, "show users", h_show_users, pipe=True),
        Command(USER_EXEC, "show terminal", h_show_terminal, pipe=True),
        Command(USER_EXEC, "who", h_show_users, pipe=True),
        Command(
            EXEC, "show ip http server secure status", h_show_http_secure, pipe=True, crypto=True
        ),
    ),
)
