"""The `pssc` command line: one subcommand per module of `pssc.commands`.

Each module in ``COMMANDS`` exposes ``register(subparsers) -> None``; the parser it adds sets
``func(args) -> int`` as its default. Only this module configures logging and catches broadly:
an error becomes one line on stderr and an exit code (a :class:`~pssc.errors.PsscError` says
which; 2 for usage, input and inventory errors). Only ``pssc/__main__.py`` and the console script
import this module.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import typing
from collections.abc import Sequence

from pssc.commands import audit, lab, parse, pins, rollout, verify
from pssc.errors import EXIT_USAGE, PsscError, UsageError
from pssc.output.safe import SafeFormatter, one_line

COMMANDS = (lab, parse, rollout, verify, audit, pins)  # in the order of `pssc --help`
SUBCOMMANDS = tuple(module.__name__.rsplit(".", 1)[-1] for module in COMMANDS)


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line (with where to read more), not the whole usage."""

    def error(self, message: str) -> typing.NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="pssc",
        description=(
            "Persistent Self-Signed Certificates for Cisco IOS: roll out a self-signed HTTPS "
            "certificate saved in the startup configuration, prove it survives a reload, and "
            "audit the fleet."
        ),
    )
    parser.add_argument(
        "-v", "--verbose", action="count", default=0, help="more logging (-vv for debug)"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in COMMANDS:
        module.register(sub)
    return parser


def _configure_logging(verbosity: int) -> None:
    level = logging.WARNING if verbosity == 0 else logging.INFO if verbosity == 1 else logging.DEBUG
    before = set(logging.getLogger().handlers)
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for handler in set(logging.getLogger().handlers) - before:  # device text in a log: inert
        handler.setFormatter(SafeFormatter(handler.formatter))
    # paramiko at debug level would print the transport; keep it at warning unless -vvv
    if verbosity < 3:
        logging.getLogger("paramiko").setLevel(logging.WARNING)
    # Nornir logs every failed host's traceback at ERROR; pssc reports failures itself, as one
    # line per host. The traceback is still there with -vv.
    if verbosity < 2:
        logging.getLogger("nornir").setLevel(logging.CRITICAL)
    # Dask's distributed logs a cluster's start and stop at info level (set when it is imported,
    # so through its config variable, which its worker processes inherit too); shown with -vv
    if verbosity < 2:
        os.environ.setdefault("DASK_LOGGING__DISTRIBUTED", "warning")


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_USAGE
    _configure_logging(args.verbose)
    try:
        code: int = args.func(args)
    except KeyboardInterrupt:
        print("pssc: interrupted", file=sys.stderr)
        return 130
    except PsscError as exc:
        print(f"pssc {args.command}: {one_line(exc)}", file=sys.stderr)
        if not isinstance(exc, UsageError):
            logging.getLogger(__name__).debug("traceback", exc_info=True)
        return exc.exit_code
    except Exception as exc:  # the one broad catch of the program
        exit_code = getattr(exc, "exit_code", EXIT_USAGE)
        print(f"pssc {args.command}: {one_line(exc)}", file=sys.stderr)
        logging.getLogger(__name__).debug("traceback", exc_info=True)
        return int(exit_code)
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
