"""Resolve a show command the way IOS does (unique prefixes) to the key of its parser.

``resolve_command("sh cry pki cert TP verb")`` gives ``Resolved(key="show crypto pki certificates
verbose", trustpoint="TP", ...)``; ``parsers.dispatch`` picks the parser from the key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from parsers.errors import UnsupportedCommand

# Each level lists the keywords IOS knows there (ours and their siblings, so that an abbreviation
# is ambiguous exactly where IOS would refuse it). A value of None marks a sibling we do not parse.
_Tree = dict[str, Any]
_CERT_ARGS = "certificates"
_TP_ARGS = "trustpoints"
_KEY_ARGS = "mypubkey"
_CONFIG_ARGS = "config"

_PKI: _Tree = {
    "certificates": _CERT_ARGS,
    "counters": None,
    "crls": None,
    "server": None,
    "sessions": None,
    "timers": None,
    "token": None,
    "trustpoints": _TP_ARGS,
    "trustpool": None,
}
_TREE: _Tree = {
    "show": {
        "running-config": _CONFIG_ARGS,
        "startup-config": _CONFIG_ARGS,
        "crypto": {
            "pki": _PKI,
            "ca": _PKI,
            "key": {"mypubkey": _KEY_ARGS, "pubkey-chain": None, "storage": None},
            "ipsec": None,
            "isakmp": None,
            "map": None,
            "session": None,
            "engine": None,
            "eli": None,
            "entropy": None,
            "dynamic-map": None,
            "gdoi": None,
        },
        "call": None,
        "cdp": None,
        "clock": None,
        "configuration": None,
        "controllers": None,
        "cts": None,
        "radius": None,
        "redundancy": None,
        "reload": None,
        "rmon": None,
        "route-map": None,
        "stacks": None,
        "standby": None,
        "storm-control": None,
        "subscriber": None,
        "version": None,
    },
    "send": None,
    "set": None,
    "setup": None,
    "ssh": None,
    "systat": None,
    "start-chain": None,
}


@dataclass(frozen=True)
class Resolved:
    """A command resolved to its full keywords, e.g. ``show crypto pki certificates``."""

    key: str  # the parser to use
    words: tuple[str, ...]
    trustpoint: str | None = None
    options: frozenset[str] = field(default_factory=frozenset)

    @property
    def template(self) -> str:
        """Name of the TTP template of this command (``templates/<name>.ttp``).

        >>> resolve_command("sh cry key myp all").template
        'show_crypto_key_mypubkey_all'
        """
        return re.sub(r"[^a-z0-9]+", "_", self.key).strip("_")


def _pick(word: str, level: _Tree, command: str) -> str:
    lowered = word.lower()
    if lowered in level:
        return lowered
    matches = [k for k in level if k.startswith(lowered)]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise UnsupportedCommand(f"unknown command word {word!r}", command=command)
    raise UnsupportedCommand(
        f"ambiguous command word {word!r} ({', '.join(sorted(matches))})", command=command
    )


def _keyword(word: str, choices: tuple[str, ...]) -> str | None:
    lowered = word.lower()
    matches = [c for c in choices if c.startswith(lowered)]
    return matches[0] if len(matches) == 1 else None


def resolve_command(command: str) -> Resolved:
    """Resolve an abbreviated show command; ``UnsupportedCommand`` when we have no parser.

    >>> resolve_command("sh cry pki cert TP-1 verb").key
    'show crypto pki certificates verbose'
    >>> resolve_command("show start").key
    'show startup-config'
    """
    words = command.split("|", 1)[0].split()
    level: Any = _TREE
    done: list[str] = []
    while isinstance(level, dict):
        if len(done) >= len(words):
            raise UnsupportedCommand("incomplete command", command=command)
        name = _pick(words[len(done)], level, command)
        done.append(name)
        level = level[name]
        if level is None:
            raise UnsupportedCommand(f"no parser for {' '.join(done)!r}", command=command)
    rest = words[len(done) :]
    full = tuple(done)
    if full[-2:-1] == ("ca",):
        full = (*full[:2], "pki", *full[3:])
    return _arguments(str(level), full, rest, command)


def _arguments(kind: str, full: tuple[str, ...], rest: list[str], command: str) -> Resolved:
    base = " ".join(full)
    if kind == _CONFIG_ARGS:
        return Resolved(base, full, options=frozenset(w.lower() for w in rest))
    options: set[str] = set()
    trustpoint: str | None = None
    choices = {
        _CERT_ARGS: ("pem", "verbose", "storage"),
        _TP_ARGS: ("status",),
        _KEY_ARGS: ("rsa", "all", "ec"),
    }[kind]
    for word in rest:
        picked = _keyword(word, choices)
        if picked and picked not in options:
            options.add(picked)
        elif trustpoint is None:
            trustpoint = word
        else:
            raise UnsupportedCommand(f"unexpected argument {word!r}", command=command)
    key = base
    if kind == _CERT_ARGS:
        if "storage" in options:
            raise UnsupportedCommand("no parser for the storage variant", command=command)
        key += " pem" if "pem" in options else " verbose" if "verbose" in options else ""
    elif kind == _TP_ARGS:
        key += " status" if "status" in options else ""
    elif kind == _KEY_ARGS:
        if not options & {"rsa", "all"}:
            raise UnsupportedCommand("expected rsa or all after mypubkey", command=command)
        key += " all" if "all" in options else " rsa"
    return Resolved(key, full, trustpoint, frozenset(options))
