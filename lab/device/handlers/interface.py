"""``interface`` and ``line`` in global configuration, and their sub-modes."""

from __future__ import annotations

from lab.device.cli.context import Args, Context
from lab.device.cli.out import Out
from lab.device.cli.table import Command, Table
from lab.device.handlers.common import CONFIG, IF, LINE, NO
from lab.device.model.state import Interface

NO_FORM = {"no": "1"}


def h_interface(ctx: Context, a: Args, out: Out) -> None:
    name = canonical_interface(a["name"], a.get("num", ""))
    ifs = ctx.state.config.interfaces
    if name is None or (name not in ifs and not name.startswith("Loopback")):
        ctx.invalid_at(out, a["name"])
        return
    if name not in ifs:
        ifs[name] = Interface(name)
        ctx.changed()
    ctx.mode, ctx.iface = "if", name


def canonical_interface(word: str, num: str = "") -> str | None:
    """``gi0/0``, ``GigabitEthernet 0/0``, ``lo0`` -> the interface name.

    >>> canonical_interface("gi0/0"), canonical_interface("gig", "0/1"), canonical_interface("x1")
    ('GigabitEthernet0/0', 'GigabitEthernet0/1', None)
    """
    text = (word + num).replace(" ", "")
    i = 0
    while i < len(text) and text[i].isalpha():
        i += 1
    kind, rest = text[:i].lower(), text[i:]
    if not kind or not rest:
        return None
    for full in ("GigabitEthernet", "Loopback"):
        if full.lower().startswith(kind):
            return full + rest
    return None


def h_if_ip(ctx: Context, a: Args, out: Out) -> None:
    ifc = ctx.state.config.interfaces[ctx.iface or ""]
    if "no" in a:
        ifc.ip = ifc.mask = None
    else:
        ifc.ip, ifc.mask = a["ip"], a["mask"]
    ctx.changed()


def h_if_shutdown(ctx: Context, a: Args, out: Out) -> None:
    ctx.state.config.interfaces[ctx.iface or ""].shutdown = "no" not in a
    ctx.changed()


def h_if_description(ctx: Context, a: Args, out: Out) -> None:
    ctx.state.config.interfaces[ctx.iface or ""].description = a.get("text")
    ctx.changed()


def h_line(ctx: Context, a: Args, out: Out) -> None:
    ctx.mode = "line"


def h_ignore(ctx: Context, a: Args, out: Out) -> None:
    """Accepted and not modelled (``duplex``, ``login local``, ``transport input ssh`` ...)."""


HELP = {
    "no": NO,
    "interface": "Select an interface to configure",
    "interface <name:WORD>": "Interface type and number (GigabitEthernet0/0, Loopback0)",
    "interface <name:WORD> <num:WORD>": "Interface number",
    "line": "Configure a terminal line",
    "line <rest:LINE>": "Line type and numbers (con 0, vty 0 15)",
    "ip": "Interface Internet Protocol config commands",
    "ip address": "Set the IP address of an interface",
    "ip address <ip:IP>": "IP address",
    "ip address <ip:IP> <mask:IP>": "IP subnet mask",
    "shutdown": "Shutdown the selected interface",
    "description": "Interface specific description",
    "description <text:LINE>": "Up to 240 characters describing this interface",
    "duplex": "Configure duplex operation.",
    "speed": "Configure speed operation.",
    "negotiation": "Select Autonegotiation mode",
    "login": "Enable password checking",
    "transport": "Define transport protocols for line",
    "exec-timeout": "Set the EXEC timeout",
    "privilege": "Change privilege level for line",
    "password": "Set a password",
    "logging": "Modify message logging facilities",
    "<rest:LINE>": "The rest of the command",
}
TABLE = Table(
    HELP,
    (
        Command(CONFIG, "interface <name:WORD>", h_interface),
        Command(CONFIG, "interface <name:WORD> <num:WORD>", h_interface),
        Command(CONFIG, "line <rest:LINE>", h_line),
        Command(IF, "ip address <ip:IP> <mask:IP>", h_if_ip),
        Command(IF, "no ip address", h_if_ip, static=NO_FORM),
        Command(IF, "no ip address <rest:LINE>", h_if_ip, static=NO_FORM),
        Command(IF, "shutdown", h_if_shutdown),
        Command(IF, "no shutdown", h_if_shutdown, static=NO_FORM),
        Command(IF, "description <text:LINE>", h_if_description),
        Command(IF, "no description", h_if_description, static=NO_FORM),
        *(
            Command(IF, f"{word} <rest:LINE>", h_ignore)
            for word in ("duplex", "speed", "negotiation")
        ),
        *(
            cmd
            for word in ("login", "transport", "exec-timeout", "privilege", "password", "logging")
            for cmd in (
                Command(LINE, f"{word} <rest:LINE>", h_ignore),
                Command(LINE, f"no {word} <rest:LINE>", h_ignore),
            )
        ),
    ),
)
