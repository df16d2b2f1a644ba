"""The `pssc` command line: one subcommand per module of `pssc.commands`.

Each module in ``COMMANDS`` exposes ``register(subparsers) -> None``; the parser it adds sets
``func(args) -> int`` as its default. Only this module configures logging (``pssc.logs``) and
catches broadly: an error becomes one line on stderr and an exit code (a
:class:`~pssc.errors.PsscError` says which; 2 for usage, input and inventory errors). Only
``pssc/__main__.py`` and the console script import this module.

Conventions: the global options (``-v``, ``--log-file``, ``-i``, ``-c``, ``--pins``) are accepted
before or after the subcommand; a usage error names the subcommand, suggests the nearest option or
choice and points at the subcommand's ``--help``; defaults come from ``pssc.config`` (the command
line beats the environment, which beats ./pssc.toml, which beats the user's config.toml).
"""

from __future__ import annotations

import argparse
import difflib
import logging
import re
import sys
import typing
from collections.abc import Iterator, Sequence
from importlib import metadata

from pssc import config, logs
from pssc.commands import audit, common, completion, lab, parse, pins, renew, rollout, trust, verify
from pssc.errors import EXIT_USAGE, PsscError, UsageError
from pssc.output.safe import SafeFormatter, one_line

# in the order of `pssc --help`
COMMANDS = (lab, parse, rollout, verify, audit, pins, trust, renew, completion)
SUBCOMMANDS = tuple(module.__name__.rsplit(".", 1)[-1] for module in COMMANDS)
_CHOICE = re.compile(r"invalid choice: '([^']*)' \(choose from (.*)\)")


def version() -> str:
    try:
        return metadata.version("pssc")
    except metadata.PackageNotFoundError:  # pragma: no cover - run from a bare source tree
        return "unknown"


def _nearest(word: str, candidates: Sequence[str]) -> str | None:
    found = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return found[0] if found else None


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line naming the (sub)command, with the nearest option
    or choice and where to read more; the top-level parser also sums ``-v`` given on both sides
    of the subcommand and reports unknown options as the subcommand's."""

    def error(self, message: str) -> typing.NoReturn:
        match = _CHOICE.search(message)
        if match:
            choices = [c.strip().strip("'") for c in match.group(2).split(",")]
            near = _nearest(match.group(1), choices)
            if near:
                message += f"; did you mean {near!r}?"
        self.exit(EXIT_USAGE, f"{self.prog}: {message} (see {self.prog} --help)\n")

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        ns, extras = super().parse_known_args(args, namespace)
        if getattr(self, "_top", False):
            common.finish(ns)
            if extras:
                _chosen(self, ns).unrecognized(extras)
        return ns, extras

    def unrecognized(self, extras: list[str]) -> typing.NoReturn:
        options = [o for a in self._actions for o in a.option_strings if o.startswith("--")]
        first = next((x for x in extras if x.startswith("-")), extras[0])
        message = f"unrecognized argument{'s' if len(extras) > 1 else ''}: {' '.join(extras)}"
        near = _nearest(first.split("=", 1)[0], options) if first.startswith("--") else None
        if near:
            message += f"; did you mean {near}?"
        self.exit(EXIT_USAGE, f"{self.prog}: {message} (see {self.prog} --help)\n")


def _subparsers(
    parser: argparse.ArgumentParser,
) -> Iterator[argparse._SubParsersAction[typing.Any]]:
    return (a for a in parser._actions if isinstance(a, argparse._SubParsersAction))


def _chosen(parser: _Parser, ns: argparse.Namespace) -> _Parser:
    """The deepest subcommand the arguments chose (``pssc pins accept``), else ``parser``."""
    while True:
        action = next(_subparsers(parser), None)
        name = getattr(ns, action.dest, None) if action is not None else None
        if action is None or name not in action.choices:
            return parser
        parser = action.choices[name]


def _walk(parser: argparse.ArgumentParser) -> Iterator[argparse.ArgumentParser]:
    """``parser`` and every subcommand parser under it."""
    yield parser
    for action in _subparsers(parser):
        for sub in dict.fromkeys(action.choices.values()):  # aliases share a parser
            yield from _walk(sub)


def _apply_settings(parser: argparse.ArgumentParser, settings: dict[str, config.Setting]) -> None:
    """The configured defaults (files, environment) as the options' defaults."""
    for each in _walk(parser):
        for action in each._actions:
            setting = settings.get(action.dest)
            if setting is None or action.default is argparse.SUPPRESS:
                continue
            if action.choices is not None and setting.value not in action.choices:
                choose = ", ".join(map(str, action.choices))
                raise UsageError(
                    f"{setting.source}: {action.dest.replace('_', '-')} = {setting.value!r}: "
                    f"choose from {choose}"
                )
            action.default = setting.value


def build_parser(settings: dict[str, config.Setting] | None = None) -> argparse.ArgumentParser:
    """The parser of ``pssc``; ``settings``: defaults from ``pssc.config`` (none: built-in)."""
    parser = _Parser(
        prog="pssc",
        description=(
            "Persistent Self-Signed Certificates for Cisco IOS: roll out a self-signed HTTPS "
            "certificate saved in the startup configuration, prove it survives a reload, and "
            "audit the fleet."
        ),
        epilog=(
            "Defaults: the command line beats the environment (PSSC_*), which beats ./pssc.toml, "
            f"which beats {config.user_file()} (see README, 'Configuration')."
        ),
    )
    parser._top = True  # type: ignore[attr-defined]
    parser.add_argument("--version", action="version", version=f"pssc {version()}")
    common.add_global_options(parser, top=True)
    common.add_source_options(parser, top=True)
    common.add_pin_options(parser, top=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in COMMANDS:
        module.register(sub)
    for each in _walk(parser):
        if each is not parser:
            common.add_global_options(each)
    completion.set_parser(parser)
    if settings:
        _apply_settings(parser, settings)
    return parser


def _safe_stderr() -> None:
    """Device text in a log line on the terminal is inert (``pssc.output.safe``)."""
    for handler in logging.getLogger().handlers:
        if getattr(handler, "_pssc", False) and not isinstance(handler, logging.FileHandler):
            handler.setFormatter(SafeFormatter(handler.formatter))


def main(argv: Sequence[str] | None = None) -> int:
    try:
        parser = build_parser(config.load())
    except PsscError as exc:
        print(f"pssc: {exc}", file=sys.stderr)
        return exc.exit_code
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        logs.configure(args.verbose, args.log_file)
        _safe_stderr()
    except OSError as exc:
        print(f"pssc: --log-file {args.log_file}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    log = logging.getLogger(__name__)
    log.debug("pssc %s: %s", version(), " ".join(sys.argv[1:] if argv is None else argv))
    try:
        code: int = args.func(args)
    except KeyboardInterrupt:
        print("pssc: interrupted", file=sys.stderr)
        return 130
    except PsscError as exc:
        print(f"pssc {args.command}: {one_line(exc)}", file=sys.stderr)
        if not isinstance(exc, UsageError):
            log.debug("traceback", exc_info=True)
        return exc.exit_code
    except Exception as exc:  # the one broad catch of the program
        exit_code = getattr(exc, "exit_code", EXIT_USAGE)
        print(f"pssc {args.command}: {one_line(exc)}", file=sys.stderr)
        log.debug("traceback", exc_info=True)
        return int(exit_code)
    finally:
        logs.close()
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
