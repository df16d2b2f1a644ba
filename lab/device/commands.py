"""The command trees of every mode, assembled from the handler modules."""

from __future__ import annotations

from lab.device import cmds_exec as ex
from lab.device import show_sys as ss
from lab.device.cmdtree import CommandTree

USER = CommandTree()
EXEC = CommandTree()
CONFIG = CommandTree()
TRUSTPOINT = CommandTree()
INTERFACE = CommandTree()
LINE = CommandTree()


def _common_exec(t: CommandTree) -> None:
    t.add("enable", ex.h_enable)
    t.add("exit", ex.h_exit)
    t.add("logout", ex.h_exit)
    t.add("quit", ex.h_exit)
    t.add("terminal length <n:INT:0-512>", ex.h_terminal_length)
    t.add("terminal width <n:INT:0-512>", ex.h_terminal_width)
    t.add("terminal monitor", ex.h_terminal_monitor)
    t.add("terminal no monitor", ex.h_terminal_monitor, no="1")
    t.add("show version", ss.h_show_version, pipe=True)
    t.add("show clock", ss.h_show_clock, pipe=True)
    t.add("show privilege", ss.h_show_privilege, pipe=True)
    t.add("show users", ss.h_show_users, pipe=True)
    t.add("disable", ex.h_disable)
    # words that exist on a real box, so that abbreviations are as ambiguous as there
    for word in ("ping", "ssh", "telnet", "traceroute", "connect", "login"):
        t.add(f"{word} <host:WORD>", ss.h_unreachable)


_common_exec(USER)
_common_exec(EXEC)
EXEC.add("configure terminal", ex.h_configure)
EXEC.add("configure", ex.h_configure)

for tree in (CONFIG, TRUSTPOINT, INTERFACE, LINE):
    tree.add("end", ex.h_end)
    tree.add("exit", ex.h_config_exit)

TREES = {"user": USER, "exec": EXEC, "config": CONFIG, "tp": TRUSTPOINT, "if": INTERFACE}


def tree_for(mode: str) -> CommandTree:
    return TREES.get(mode, LINE)
