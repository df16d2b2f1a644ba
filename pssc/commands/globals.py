"""The global options of ``pssc`` (``-v``, ``--log-file``, ``-i``, ``-c``), part of
``pssc.commands.common`` (which re-exports them): accepted before or after the subcommand.

On the top-level parser they carry their defaults (``top=True``); on a subcommand their default
is suppressed, so a value given before the subcommand is not overwritten by the subcommand's
default. ``-v`` given on both sides adds up (:func:`finish`).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

__all__ = [
    "COMPLETE",
    "STDOUT",
    "add_global_options",
    "add_source_options",
    "finish",
    "to_stdout",
]

STDOUT = Path("-")


COMPLETE = "pssc_complete"  # attribute of an action: "file" or "directory" (for shtab)


def _complete(action: argparse.Action, kind: str = "file") -> argparse.Action:
    """Tell ``pssc completion`` (shtab) that the option takes a file or a folder."""
    setattr(action, COMPLETE, kind)
    return action


def _default(value: Any, top: bool) -> Any:
    return value if top else argparse.SUPPRESS


def add_global_options(parser: argparse.ArgumentParser, *, top: bool = False) -> None:
    """``-v`` and ``--log-file``: on the top-level parser and on every subcommand."""
    parser.add_argument(
        "-v",
        "--verbose",
        action="count",
        dest="verbose" if top else "verbose_after",
        default=_default(0, top),
        help="more output: -v info, -vv debug and the libraries' own logs",
    )
    _complete(
        parser.add_argument(
            "--log-file",
            type=Path,
            default=_default(None, top),
            metavar="FILE",
            help="write a full debug log to FILE (passwords and secrets masked)",
        )
    )


def finish(args: argparse.Namespace) -> argparse.Namespace:
    """After parsing: one ``verbose`` count, wherever the ``-v`` were given."""
    args.verbose = int(getattr(args, "verbose", 0) or 0) + int(getattr(args, "verbose_after", 0))
    if hasattr(args, "verbose_after"):
        del args.verbose_after
    return args


def to_stdout(path: Path | None) -> bool:
    """Does an output option name stdout (``--json -``)?"""
    return path is not None and str(path) == "-"


def add_source_options(parser: argparse.ArgumentParser, *, top: bool = False) -> None:
    """``-i/--inventory`` and ``-c/--nornir-config``: where the hosts come from."""
    _complete(
        parser.add_argument(
            "-i",
            "--inventory",
            type=Path,
            default=_default(Path("inventory"), top),
            metavar="PATH",
            help="Nornir inventory folder, or its hosts.yaml (default inventory/)",
        )
    )
    _complete(
        parser.add_argument(
            "-c",
            "--nornir-config",
            type=Path,
            default=_default(None, top),
            metavar="FILE",
            help="a Nornir configuration file instead (any inventory plugin: Ansible, NetBox, ...)",
        )
    )
