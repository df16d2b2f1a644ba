"""``pssc verify``: prove that each host's HTTPS certificate survives a reload.

Without ``--reload`` it reports the evidence (configured, saved and served certificate) and
whether a reload would keep the certificate. With ``--reload`` it reloads every host whose
certificate is saved (``--reload-anyway``: also the others; ``Save?`` is always answered ``no``),
waits for it to come back, and compares. Exit 0 when every host is ``persistent``, 1 otherwise,
2 for usage errors.
"""

from __future__ import annotations

import argparse
import json
import logging
import shutil
import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from pssc.pins import DEFAULT_PATH
from pssc.runner_options import add_runner_arguments, runner_config
from pssc.verify.evidence import VERDICTS, CertEvidence, HostReport

if TYPE_CHECKING:
    from pssc.credentials import Credentials

logger = logging.getLogger(__name__)

_STYLE = {
    "persistent": "green",
    "regenerated": "bold red",
    "lost": "red",
    "not-saved": "yellow",
    "unreachable": "magenta",
    "failed": "red",
}


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser(
        "verify",
        help="prove the HTTPS certificate survives a reload (configured, saved, served)",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("-i", "--inventory", type=Path, default=Path("inventory"), metavar="DIR")
    p.add_argument(
        "--hosts", nargs="+", default=None, metavar="HOST", help="only these hosts (or H1,H2)"
    )
    p.add_argument("--filter", dest="filters", action="append", default=None, metavar="KEY=VALUE")
    p.add_argument("--reload", action="store_true", help="reload the hosts and compare")
    p.add_argument(
        "--reload-anyway",
        action="store_true",
        help="also reload hosts whose certificate is not saved (it will be lost); implies --reload",
    )
    p.add_argument(
        "--boot-timeout",
        type=float,
        default=600.0,
        metavar="S",
        help="seconds a host may take to come back after the reload (default 600)",
    )
    p.add_argument("--probe-timeout", type=float, default=5.0, metavar="S", help="TLS probe")
    p.add_argument("--json", type=Path, default=None, metavar="FILE", help="one object per host")
    p.add_argument("--pins", type=Path, default=DEFAULT_PATH, metavar="FILE", help="pin store")
    p.add_argument("--no-pins", action="store_true", help="do not record pins")
    p.add_argument("--ask-pass", action="store_true", help="prompt for the credentials")
    add_runner_arguments(p)
    p.set_defaults(func=handle)


def _hosts(values: list[str] | None) -> list[str] | None:
    if not values:
        return None
    return [name for value in values for name in value.split(",") if name]


def _credentials(ask_pass: bool) -> Credentials:
    from pssc.credentials import ask, from_env

    creds = from_env()
    return ask(creds) if ask_pass else creds


def verify(args: argparse.Namespace) -> list[HostReport]:
    """Load the inventory, run the verify runbook, close the sessions; the reports."""
    from pssc.cli import UsageError
    from pssc.inventory import load_nornir
    from pssc.verify.runbook import run_verify

    if args.boot_timeout <= 0 or args.probe_timeout <= 0:
        raise UsageError("--boot-timeout and --probe-timeout must be more than 0 seconds")
    from pssc.validate import output_file

    output_file(args.json, option="--json")
    nr = load_nornir(
        args.inventory,
        hosts=_hosts(args.hosts),
        filters=args.filters,
        runner=runner_config(args),
        credentials=_credentials(args.ask_pass),
    )
    if not nr.inventory.hosts:
        raise UsageError(f"{args.inventory}: no host matches the selection")
    try:
        return run_verify(
            nr,
            reload=args.reload or args.reload_anyway,
            reload_anyway=args.reload_anyway,
            boot_timeout=args.boot_timeout,
            probe_timeout=args.probe_timeout,
            pins=None if args.no_pins else args.pins,
        )
    finally:
        nr.close_connections()


def _fp(cert: CertEvidence | None) -> str:
    return cert.sha256[:16] if cert else "-"


def render_table(reports: list[HostReport], *, width: int | None = None) -> str:
    """The per-host table with the fingerprints side by side, as text."""
    from rich.console import Console
    from rich.table import Table

    table = Table(title="pssc verify (SHA-256, first 16 hex digits)", title_justify="left")
    for column in ("host", "verdict", "trustpoint", "configured", "saved"):
        table.add_column(column, no_wrap=True)
    table.add_column("served before", no_wrap=True)
    table.add_column("served after", no_wrap=True)
    table.add_column("why", overflow="fold")
    for r in reports:
        before, after = r.before, r.after
        table.add_row(
            r.host,
            f"[{_STYLE.get(r.verdict, '')}]{r.verdict}[/]",
            r.trustpoint or "-",
            _fp(before.configured if before else None),
            _fp(before.saved if before else None),
            _fp(before.served if before else None),
            _fp(after.served) if after else ("not reloaded" if before else "-"),
            r.reason + (f" [pin {r.pin}]" if r.pin else ""),
        )
    if width is None:
        width = shutil.get_terminal_size((200, 40)).columns if sys.stdout.isatty() else 200
    console = Console(record=True, width=width, force_terminal=False, soft_wrap=False)
    with console.capture() as capture:
        console.print(table)
    return capture.get()


def summary(reports: list[HostReport]) -> str:
    counts = Counter(r.verdict for r in reports)
    parts = [f"{counts[v]} {v}" for v in VERDICTS if counts[v]]
    return f"verify: {len(reports)} hosts: " + ", ".join(parts)


def write_json(reports: list[HostReport], path: Path) -> Path:
    from pssc.atomic import write_text

    return write_text(path, json.dumps([r.to_json() for r in reports], indent=2) + "\n")


def handle(args: argparse.Namespace) -> int:
    reports = verify(args)
    print(render_table(reports), end="")
    print(summary(reports))
    for report in reports:
        if report.declined_save:
            print(f"{report.host}: answered 'no' to 'Save?': pssc does not save behind your back")
    if args.json is not None:
        write_json(reports, args.json)
        print(f"verify: JSON in {args.json}")
    return 0 if reports and all(r.ok for r in reports) else 1
