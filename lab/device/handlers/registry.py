"""The command trees of every mode, assembled from the handler modules.

Two sets are built: with the crypto commands (k9 images) and without them (``no_crypto_image``:
every ``crypto`` command and ``ip http secure-server`` are then unknown words, so IOS's own
``% Invalid input detected at '^' marker.`` comes out with the caret where a real box puts it).
"""

from __future__ import annotations

from lab.device.cli.cmdtree import CommandTree
from lab.device.handlers import config_mode as cc
from lab.device.handlers import enroll, keys
from lab.device.handlers import exec_mode as ex
from lab.device.handlers import show_config as sc
from lab.device.handlers import show_pki as sp
from lab.device.handlers import show_system as ss
from lab.device.handlers import trustpoint as cmds_tp


def _show(t: CommandTree, crypto: bool, privileged: bool) -> None:
    t.add("show version", ss.h_show_version, pipe=True)
    t.add("show clock", ss.h_show_clock, pipe=True)
    t.add("show privilege", ss.h_show_privilege, pipe=True)
    t.add("show users", ss.h_show_users, pipe=True)
    t.add("show terminal", ss.h_show_terminal, pipe=True)
    if crypto:
        t.add("show crypto pki trustpoints", sp.h_show_trustpoints, pipe=True)
        t.add("show crypto pki trustpoints status", sp.h_show_trustpoints, pipe=True, status="1")
        t.add("show crypto pki trustpoints <tp:WORD>", sp.h_show_trustpoints, pipe=True)
        t.add(
            "show crypto pki trustpoints <tp:WORD> status",
            sp.h_show_trustpoints,
            pipe=True,
            status="1",
        )
    if not privileged:
        return
    t.add("show running-config", sc.h_show_running, pipe=True)
    t.add("show running-config brief", sc.h_show_running, pipe=True, brief="1")
    t.add("show startup-config", sc.h_show_startup, pipe=True)
    if crypto:
        t.add("show crypto pki certificates", sp.h_show_certificates, pipe=True)
        t.add(
            "show crypto pki certificates verbose", sp.h_show_certificates, pipe=True, verbose="1"
        )
        t.add("show crypto pki certificates <tp:WORD>", sp.h_show_certificates, pipe=True)
        t.add(
            "show crypto pki certificates <tp:WORD> verbose",
            sp.h_show_certificates,
            pipe=True,
            verbose="1",
        )
        t.add("show ip http server secure status", ss.h_show_http_secure, pipe=True)
        t.add("show crypto pki certificates pem", sp.h_show_pem, pipe=True)
        t.add("show crypto pki certificates pem <tp:WORD>", sp.h_show_pem, pipe=True)
        t.add("show crypto key mypubkey rsa", sp.h_show_mypubkey, pipe=True)
        t.add("show crypto key mypubkey all", sp.h_show_mypubkey, pipe=True)
        t.add("show crypto key mypubkey rsa <label:WORD>", sp.h_show_mypubkey, pipe=True)


def _exec(t: CommandTree, crypto: bool, privileged: bool) -> None:
    t.add("enable", ex.h_enable)
    t.add("disable", ex.h_disable)
    t.add("exit", ex.h_exit)
    t.add("logout", ex.h_exit)
    t.add("quit", ex.h_exit)
    t.add("terminal length <n:INT:0-512>", ex.h_terminal_length)
    t.add("terminal width <n:INT:0-512>", ex.h_terminal_width)
    t.add("terminal monitor", ex.h_terminal_monitor)
    t.add("terminal no monitor", ex.h_terminal_monitor, no="1")
    t.add("who", ss.h_show_users, pipe=True)
    for word in ("ping", "ssh", "telnet", "traceroute", "connect"):
        t.add(f"{word} <host:WORD>", ss.h_unreachable)
    _show(t, crypto, privileged)
    if not privileged:
        return
    t.add("configure terminal", ex.h_configure)
    t.add("configure", ex.h_configure)
    t.add("write", ex.h_write)
    t.add("write memory", ex.h_write)
    t.add("write terminal", sc.h_show_running, pipe=True)
    t.add("copy running-config startup-config", ex.h_copy_run_start)
    t.add("copy system:running-config nvram:startup-config", ex.h_copy_run_start)
    t.add("reload", ex.h_reload)
    t.add("dir nvram:", sc.h_dir_nvram, pipe=True)
    t.add("clock set <time:WORD> <d1:WORD> <d2:WORD> <year:INT:1993-2035>", ex.h_clock_set)
    t.add("more system:running-config", sc.h_show_running, pipe=True)
    if crypto:
        t.add("crypto key zeroize", keys.h_zeroize)
        t.add("crypto key zeroize rsa", keys.h_zeroize)
        t.add("crypto key zeroize rsa <label:WORD>", keys.h_zeroize)


def _config(t: CommandTree, crypto: bool) -> None:
    t.add("hostname <name:WORD>", cc.h_hostname)
    t.add("no hostname", cc.h_hostname, no="1")
    t.add("no hostname <name:WORD>", cc.h_hostname, no="1")
    for kw in ("ip domain name", "ip domain-name"):
        t.add(f"{kw} <name:WORD>", cc.h_domain)
        t.add(f"no {kw}", cc.h_domain, no="1")
        t.add(f"no {kw} <name:WORD>", cc.h_domain, no="1")
    t.add("interface <name:WORD>", cc.h_interface)
    t.add("interface <name:WORD> <num:WORD>", cc.h_interface)
    t.add("line <rest:LINE>", cc.h_line)
    for word in ("version", "service", "enable", "username", "boot-start-marker"):
        t.add(f"{word} <rest:LINE>", cc.h_ignore)
        t.add(f"no {word} <rest:LINE>", cc.h_ignore)
    t.add("boot-start-marker", cc.h_ignore)
    t.add("boot-end-marker", cc.h_ignore)
    t.add("aaa new-model", cc.h_ignore)
    t.add("no aaa new-model", cc.h_ignore)
    extra = ["ip ssh", "logging", "ntp server", "ip route", "ip http authentication", "cdp"]
    extra += ["clock timezone", "archive", "banner", "snmp-server", "access-list", "license"]
    for word in extra:
        t.add(f"{word} <_line:LINE>", cc.h_extra)
        t.add(f"no {word} <_line:LINE>", cc.h_ignore)
    t.add("ip http server", cc.h_http_server)
    t.add("no ip http server", cc.h_http_server, no="1")
    if crypto:
        t.add("ip http secure-server", cc.h_http_secure_server)
        t.add("no ip http secure-server", cc.h_http_secure_server, no="1")
        t.add("ip http secure-trustpoint <name:WORD>", cc.h_http_secure_trustpoint)
        t.add("no ip http secure-trustpoint", cc.h_http_secure_trustpoint, no="1")
        t.add("no ip http secure-trustpoint <name:WORD>", cc.h_http_secure_trustpoint, no="1")
        t.add("crypto pki trustpoint <name:WORD>", cc.h_trustpoint)
        t.add("no crypto pki trustpoint <name:WORD>", cc.h_no_trustpoint)
        t.add("crypto pki certificate chain <name:WORD>", cc.h_chain)
        t.add("no crypto pki certificate chain <name:WORD>", cc.h_no_chain)
        t.add("crypto pki enroll <name:WORD>", enroll.h_enroll)
        opts: dict[str, str | None] = {
            "general-keys": None,
            "label": "WORD",
            "modulus": "INT:360-4096",
            "exportable": None,
        }
        t.add("crypto key generate rsa", keys.h_generate, options=opts)
        t.add("crypto key zeroize", keys.h_zeroize)
        t.add("crypto key zeroize rsa", keys.h_zeroize)
        t.add("crypto key zeroize rsa <label:WORD>", keys.h_zeroize)


def _submodes(trees: dict[str, CommandTree]) -> None:
    for mode in ("config", "tp", "if", "line", "chain"):
        trees[mode].add("end", ex.h_end)
        trees[mode].add("exit", ex.h_config_exit)
    cmds_tp.register(trees["tp"])
    ift = trees["if"]
    ift.add("ip address <ip:IP> <mask:IP>", cc.h_if_ip)
    ift.add("no ip address", cc.h_if_ip, no="1")
    ift.add("no ip address <rest:LINE>", cc.h_if_ip, no="1")
    ift.add("shutdown", cc.h_if_shutdown)
    ift.add("no shutdown", cc.h_if_shutdown, no="1")
    ift.add("description <text:LINE>", cc.h_if_description)
    ift.add("no description", cc.h_if_description, no="1")
    for word in ("duplex", "speed", "negotiation"):
        ift.add(f"{word} <rest:LINE>", cc.h_ignore)
    lt = trees["line"]
    for word in ("login", "transport", "exec-timeout", "privilege", "password", "logging"):
        lt.add(f"{word} <rest:LINE>", cc.h_ignore)
        lt.add(f"no {word} <rest:LINE>", cc.h_ignore)
    ch = trees["chain"]
    for kind in ("self-signed", "ca"):
        ch.add(f"certificate {kind} <serial:WORD>", cc.h_chain_cert)
        ch.add(f"no certificate {kind} <serial:WORD>", cc.h_no_chain_cert)


def build(crypto: bool) -> dict[str, CommandTree]:
    trees = {m: CommandTree() for m in ("user", "exec", "config", "tp", "if", "line", "chain")}
    _exec(trees["user"], crypto, privileged=False)
    _exec(trees["exec"], crypto, privileged=True)
    _config(trees["config"], crypto)
    _submodes(trees)
    return trees


FULL = build(crypto=True)
NO_CRYPTO = build(crypto=False)


def trees(crypto: bool) -> dict[str, CommandTree]:
    return FULL if crypto else NO_CRYPTO
