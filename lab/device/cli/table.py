"""Command tables and the trees built from them.

Each handler module exports ``TABLE``, a :class:`Table`: the commands it serves (modes, keyword
path, handler) and the help text of every word of those paths. :func:`build` makes the command
tree of every mode from the tables (see :mod:`lab.device.handlers.registry`).

Help lookup for a word of a path, in the word's own table: the path up to that word (``"crypto
pki trustpoint"``); for a ``no`` form the same path without ``no`` (``"no hash"`` uses ``"hash"``);
else the word alone (``"status"``, ``"<tp:WORD>"``). A word without help is an error at build time,
so is one path given two different help texts in the same mode.

>>> def h(ctx, a, out): return None
>>> t = Table(
...     help={"show": "Show running system information", "show clock": "Display the clock"},
...     commands=(Command(("exec",), "show clock", h, pipe=True),),
... )
>>> cs = build([t], crypto=True)
>>> cs.trees["exec"].root.keywords["show"].keywords["clock"].help
'Display the clock'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from lab.device.cli.cmdtree import CommandTree
from lab.device.cli.context import TREE_MODES, Handler, RawHandler


@dataclass(frozen=True)
class Command:
    """One command: the modes it exists in, its keyword path (``"hash <algo:WORD>"``), handler.

    ``static`` arguments are passed to the handler as if matched (``{"status": "1"}``);
    ``crypto`` commands exist only on images with crypto (not with ``no_crypto_image``);
    ``pipe`` allows ``| include`` and the other filters; ``options`` are trailing options in any
    order (``{"label": "WORD", "exportable": None}``).
    """

    modes: tuple[str, ...]
    path: str
    handler: Handler
    pipe: bool = False
    crypto: bool = False
    options: Mapping[str, str | None] | None = None
    static: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Table:
    """What a handler module serves: commands, help texts, modes that take whole lines."""

    help: Mapping[str, str]
    commands: tuple[Command, ...]
    raw: Mapping[str, RawHandler] = field(default_factory=dict)

    def help_of(self, prefix: str) -> str:
        """The help text of the last word of ``prefix`` (a path up to that word)."""
        if prefix in self.help:
            return self.help[prefix]
        words = prefix.split()
        if words[0] == "no" and len(words) > 1:
            try:
                return self.help_of(" ".join(words[1:]))
            except KeyError:
                pass
        if words[-1] in self.help:
            return self.help[words[-1]]
        raise KeyError(f"no help text for {prefix!r}")


@dataclass(frozen=True)
class CommandSet:
    """The command tree of each mode, and the modes whose lines go to one function."""

    trees: dict[str, CommandTree]
    raw: dict[str, RawHandler]


def build(tables: Iterable[Table], *, crypto: bool) -> CommandSet:
    """Build every mode's tree from ``tables`` (``crypto=False``: without crypto commands)."""
    trees = {mode: CommandTree() for mode in TREE_MODES}
    raw: dict[str, RawHandler] = {}
    for table in tables:
        raw.update(table.raw)
        for cmd in table.commands:
            if cmd.crypto and not crypto:
                continue
            words = cmd.path.split()
            helps = [table.help_of(" ".join(words[: i + 1])) for i in range(len(words))]
            opt_help = {w: table.help_of(f"{cmd.path} {w}") for w in cmd.options or {}}
            for mode in cmd.modes:
                trees[mode].add(
                    cmd.path,
                    cmd.handler,
                    options=cmd.options,
                    pipe=cmd.pipe,
                    static=cmd.static,
                    help=helps,
                    option_help=opt_help,
                )
    return CommandSet(trees, raw)
