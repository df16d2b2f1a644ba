"""``pssc parse --command "<show command>" [FILE]``: parse saved device output to JSON.

Reads FILE (or stdin without it), prints the JSON of ``parsers.parse`` on stdout. An unknown
command or text that is not that command's output is one line on stderr and exit code 2.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from parsers import ParseError, UnsupportedCommand, parse

log = logging.getLogger(__name__)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser(
        "parse",
        help="parse saved show output (PKI commands, running/startup config) to JSON",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "--command",
        "-c",
        dest="show_command",
        required=True,
        metavar="SHOW",
        help='the command that produced the text, abbreviations allowed ("sh cry pki cert")',
    )
    p.add_argument(
        "file", nargs="?", type=Path, default=None, metavar="FILE", help="default: stdin"
    )
    p.add_argument("--compact", action="store_true", help="one line of JSON")
    p.set_defaults(func=handle)


def _read(path: Path | None) -> str:
    if path is None:
        return sys.stdin.read()
    try:
        with open(path, encoding="utf-8", errors="replace", newline="") as handle:
            return handle.read()
    except OSError as exc:
        raise ParseError(f"cannot read {path}: {exc.strerror or exc}") from exc


def handle(args: argparse.Namespace) -> int:
    try:
        text = _read(args.file)
        result = parse(args.show_command, text)
    except UnsupportedCommand as exc:
        print(f"pssc parse: unsupported command: {exc}", file=sys.stderr)
        return 2
    except ParseError as exc:
        print(f"pssc parse: {exc}", file=sys.stderr)
        return 2
    log.debug("parsed %r: %d characters", args.show_command, len(text))
    print(json.dumps(result, indent=None if args.compact else 2))
    return 0
