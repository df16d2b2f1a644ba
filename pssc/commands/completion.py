"""``pssc completion bash|zsh|fish|tcsh``: a shell completion script, made from the parser.

shtab writes the script from the argparse parser itself, so it always knows every subcommand and
option (and completes file and folder names where an option takes one). Install, e.g.::

    pssc completion bash > ~/.local/share/bash-completion/completions/pssc
    pssc completion zsh  > ~/.zfunc/_pssc          # with fpath+=(~/.zfunc) before compinit
    pssc completion fish > ~/.config/fish/completions/pssc.fish
"""

from __future__ import annotations

import argparse
import sys

from pssc.commands.common import COMPLETE

SHELLS = ("bash", "zsh", "fish", "tcsh")
_PARSER: list[argparse.ArgumentParser] = []


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser(
        "completion",
        help="print a shell completion script (bash, zsh, fish, tcsh)",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("shell", choices=SHELLS, help="the shell to complete in")
    p.set_defaults(func=handle)


def set_parser(parser: argparse.ArgumentParser) -> None:
    """The top-level parser the script is made from (``pssc.cli`` calls this)."""
    _PARSER[:] = [parser]


def script(parser: argparse.ArgumentParser, shell: str) -> str:
    """The completion script of ``parser`` for ``shell``."""
    import shtab

    kinds = {"file": shtab.FILE, "directory": shtab.DIRECTORY}
    pending = [parser]
    while pending:
        current = pending.pop()
        for action in current._actions:
            kind = getattr(action, COMPLETE, None)
            if kind:
                action.complete = kinds[kind]  # type: ignore[attr-defined]
            if isinstance(action, argparse._SubParsersAction):
                pending.extend(action.choices.values())
    return str(shtab.complete(parser, shell=shell))


def handle(args: argparse.Namespace) -> int:
    sys.stdout.write(script(_PARSER[0], args.shell))
    return 0
