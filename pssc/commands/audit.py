"""``pssc audit``: the fleet's certificate posture as a table, JSON, CSV, Markdown or HTML.

Read-only: only show commands and a TLS handshake reach the devices. The served fingerprint is
compared with (and on first sight recorded in) the pin store. Exit 1 when a finding reaches
``--fail-on``.
"""

from __future__ import annotations

import argparse
import logging
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from pssc.audit.model import SEVERITIES, AuditReport, Severity
from pssc.pins import DEFAULT_PATH
from pssc.runner_options import add_runner_arguments, runner_config

if TYPE_CHECKING:
    from pssc.credentials import Credentials

logger = logging.getLogger(__name__)

FORMATS = ("table", "json", "csv", "md", "html")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser(
        "audit",
        help="report the fleet's HTTPS certificate posture (read-only)",
        description=__doc__,
    )
    p.add_argument("-i", "--inventory", type=Path, default=Path("inventory"), metavar="DIR")
    p.add_argument("--hosts", nargs="+", default=None, metavar="HOST", help="only these hosts")
    p.add_argument("--filter", dest="filters", action="append", default=None, metavar="KEY=VALUE")
    p.add_argument(
        "--format", choices=FORMATS, default=None, help="default: from --output, else table"
    )
    p.add_argument("--output", type=Path, default=None, metavar="FILE", help="written atomically")
    p.add_argument(
        "--fail-on", choices=SEVERITIES, default="error", help="exit 1 from this severity"
    )
    p.add_argument("--pins", type=Path, default=DEFAULT_PATH, metavar="FILE", help="pin store")
    p.add_argument("--no-pins", action="store_true", help="neither read nor write the pin store")
    p.add_argument("--expiry-days", type=int, default=90, metavar="N", help="warn N days ahead")
    p.add_argument("--probe-timeout", type=float, default=5.0, metavar="S", help="TLS probe")
    p.add_argument("--ask-pass", action="store_true", help="prompt for the credentials")
    add_runner_arguments(p)
    p.set_defaults(func=handle)


def _credentials(ask_pass: bool) -> Credentials:
    from pssc.credentials import ask, from_env

    creds = from_env()
    return ask(creds) if ask_pass else creds


def audit(args: argparse.Namespace) -> AuditReport:
    """Load the inventory, audit it, close the sessions; the report."""
    from pssc.audit.collect import run_audit
    from pssc.audit.rules import AuditOptions
    from pssc.inventory import load_nornir

    if args.expiry_days < 0:
        from pssc.cli import UsageError

        raise UsageError(f"--expiry-days must be 0 or more, not {args.expiry_days}")
    from pssc.validate import output_file

    output_file(args.output, option="--output")
    nr = load_nornir(
        args.inventory,
        hosts=args.hosts,
        filters=args.filters,
        runner=runner_config(args),
        credentials=_credentials(args.ask_pass),
    )
    options = AuditOptions(now=datetime.now(UTC), expiry_days=args.expiry_days)
    try:
        return run_audit(
            nr,
            options=options,
            pins=None if args.no_pins else args.pins,
            probe_timeout=args.probe_timeout,
            report_options={"fail_on": args.fail_on, "inventory": str(args.inventory)},
        )
    finally:
        nr.close_connections()


def handle(args: argparse.Namespace) -> int:
    from pssc.audit.writers import format_for, render, write_report

    if getattr(args, "verbose", 0) < 2:
        # a host that fails becomes a finding; Nornir's traceback for it only with -vv
        logging.getLogger("nornir.core.task").setLevel(logging.CRITICAL)
    report = audit(args)
    fmt = format_for(args.output, args.format)
    if args.output is not None:
        write_report(report, fmt, args.output)
        counts = report.counts()
        print(
            f"audit: {len(report.hosts)} hosts, "
            + ", ".join(f"{counts[s]} {s}" for s in SEVERITIES)
            + f"; {fmt} report in {args.output}"
        )
    else:
        sys.stdout.write(render(report, fmt))
    return 1 if report.reaches(Severity.parse(args.fail_on)) else 0
