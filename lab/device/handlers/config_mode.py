"""Global configuration: hostname, domain, HTTP(S) server, lines kept as typed, ``end``/``exit``."""

from __future__ import annotations

from lab.device.cli.context import Args, Context
from lab.device.cli.out import Out
from lab.device.cli.table import Command, Table
from lab.device.handlers.actions import http_trustpoint
from lab.device.handlers.common import CONFIG, CONFIG_ALL, NO

NO_FORM = {"no": "1"}
IGNORED = ("version", "service", "enable", "username", "boot-start-marker")
KEPT = (  # kept in the configuration as typed
    *("ip ssh", "logging", "ntp server", "ip route", "ip http authentication", "cdp"),
    *("clock timezone", "archive", "banner", "snmp-server", "access-list", "license"),
)


def h_hostname(ctx: Context, a: Args, out: Out) -> None:
    ctx.state.config.hostname = "Router" if "no" in a else a["name"]
    ctx.changed()


def h_domain(ctx: Context, a: Args, out: Out) -> None:
    ctx.state.config.domain_name = None if "no" in a else a.get("name")
    ctx.changed()


def h_ignore(ctx: Context, a: Args, out: Out) -> None:
    """Accepted and not modelled (``version``, ``service ...``, ``enable secret`` ...)."""


def h_extra(ctx: Context, a: Args, out: Out) -> None:
    """Kept in the configuration as typed (``ip ssh version 2``, ``logging ...``)."""
    line = " ".join(a["_line"].split())
    extra = ctx.state.config.extra
    if line not in extra:
        extra.append(line)
        ctx.changed()


def h_http_server(ctx: Context, a: Args, out: Out) -> None:
    ctx.state.config.http_server = "no" not in a
    ctx.changed()


def h_http_secure_server(ctx: Context, a: Args, out: Out) -> None:
    cfg = ctx.state.config
    if "no" in a:
        cfg.http_secure_server = False
        ctx.changed()
        return
    if not cfg.http_secure_server:
        cfg.http_secure_server = True
        ctx.changed()
    http_trustpoint(ctx, out)


def h_http_secure_trustpoint(ctx: Context, a: Args, out: Out) -> None:
    ctx.state.config.http_secure_trustpoint = None if "no" in a else a["name"]
    ctx.changed()


def h_end(ctx: Context, a: Args, out: Out) -> None:
    ctx.leave_config(out)


def h_config_exit(ctx: Context, a: Args, out: Out) -> None:
    if ctx.mode == "config":
        ctx.leave_config(out)
    else:
        ctx.mode, ctx.tp, ctx.iface = "config", None, None


HELP = {
    "no": NO,
    "hostname": "Set system's network name",
    "hostname <name:WORD>": "This system's network name",
    "ip": "Global IP configuration subcommands",
    "ip domain": "IP DNS Resolver",
    "ip domain name": "Define the default domain name",
    "ip domain-name": "Define the default domain name",
    "<name:WORD>": "Default domain name",
    "version": "Version",
    "service": "Modify use of network based services",
    "enable": "Modify enable password parameters",
    "username": "Establish User Name Authentication",
    "boot-start-marker": "Start of the boot configuration",
    "boot-end-marker": "End of the boot configuration",
    "<rest:LINE>": "The rest of the command",
    "aaa": "Authentication, Authorization and Accounting.",
    "aaa new-model": "Enable NEW access control commands and functions.(Disables OLD commands.)",
    "ip ssh": "Configure ssh options",
    "logging": "Modify message logging facilities",
    "ntp": "Configure NTP",
    "ntp server": "Configure NTP server",
    "ip route": "Establish static routes",
    "ip http": "HTTP server configuration",
    "ip http authentication": "Set HTTP server authentication method",
    "cdp": "Global CDP configuration subcommands",
    "clock": "Configure time-of-day clock",
    "clock timezone": "Configure time zone",
    "archive": "Archive the configuration",
    "banner": "Define a login banner",
    "snmp-server": "Modify SNMP engine parameters",
    "access-list": "Add an access list entry",
    "license": "Configure license features",
    "<_line:LINE>": "The rest of the command",
    "ip http server": "Enable HTTP server",
    "ip http secure-server": "Enable HTTP secure server",
    "ip http secure-trustpoint": "Set the domain name of the CA trustpoint",
    "ip http secure-trustpoint <name:WORD>": "Trustpoint name",
    "end": "Exit from configure mode",
    "exit": "Exit from configure mode",
}
TABLE = Table(
    HELP,
    (
        Command(CONFIG, "hostname <name:WORD>", h_hostname),
        Command(CONFIG, "no hostname", h_hostname, static=NO_FORM),
        Command(CONFIG, "no hostname <name:WORD>", h_hostname, static=NO_FORM),
        *(
            cmd
            for kw in ("ip domain name", "ip domain-name")
            for cmd in (
                Command(CONFIG, f"{kw} <name:WORD>", h_domain),
                Command(CONFIG, f"no {kw}", h_domain, static=NO_FORM),
                Command(CONFIG, f"no {kw} <name:WORD>", h_domain, static=NO_FORM),
            )
        ),
        *(
            cmd
            for word in IGNORED
            for cmd in (
                Command(CONFIG, f"{word} <rest:LINE>", h_ignore),
                Command(CONFIG, f"no {word} <rest:LINE>", h_ignore),
            )
        ),
        Command(CONFIG, "boot-start-marker", h_ignore),
        Command(CONFIG, "boot-end-marker", h_ignore),
        Command(CONFIG, "aaa new-model", h_ignore),
        Command(CONFIG, "no aaa new-model", h_ignore),
        *(
            cmd
            for word in KEPT
            for cmd in (
                Command(CONFIG, f"{word} <_line:LINE>", h_extra),
                Command(CONFIG, f"no {word} <_line:LINE>", h_ignore),
            )
        ),
        Command(CONFIG, "ip http server", h_http_server),
        Command(CONFIG, "no ip http server", h_http_server, static=NO_FORM),
        Command(CONFIG, "ip http secure-server", h_http_secure_server, crypto=True),
        Command(
            CONFIG, "no ip http secure-server", h_http_secure_server, static=NO_FORM, crypto=True
        ),
        Command(
            CONFIG, "ip http secure-trustpoint <name:WORD>", h_http_secure_trustpoint, crypto=True
        ),
        *(
            Command(CONFIG, path, h_http_secure_trustpoint, static=NO_FORM, crypto=True)
            for path in ("no ip http secure-trustpoint", "no ip http secure-trustpoint <name:WORD>")
        ),
        Command(CONFIG_ALL, "end", h_end),
        Command(CONFIG_ALL, "exit", h_config_exit),
    ),
)
