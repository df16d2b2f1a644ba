"""``pssc audit``: the fleet's certificate posture as a table, JSON, CSV, Markdown, HTML or
metrics (``--format openmetrics``, the Prometheus text format for node_exporter's textfile
collector; ``--output x.prom`` picks it too).

Read-only: only show commands and a TLS handshake reach the devices. The served fingerprint is
compared with (and on first sight recorded in) the pin store. Exit 1 when a finding reaches
``--fail-on`` (``never``: exit 0 whatever the findings; 2 stays for usage errors).
"""

from __future__ import annotations

import argparse
import logging
import sys
from datetime import UTC, datetime
from pathlib import Path

from pssc.audit.model import SEVERITIES, AuditReport, Severity
from pssc.commands import common
from pssc.errors import UsageError

logger = logging.getLogger(__name__)

FORMATS = ("table", "json", "csv", "md", "html", "openmetrics")
FAIL_ON = (*SEVERITIES, "never")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser(
        "audit",
        help="report the fleet's HTTPS certificate posture (read-only)",
        description=__doc__,
    )
    common.add_inventory_options(p)
    p.add_argument(
        "--format", choices=FORMATS, default=None, help="default: from --output, else table"
    )
    common.add_output_file(p, "--output", help="written atomically")
    p.add_argument(
        "--fail-on",
        choices=FAIL_ON,
        default="error",
        help="exit 1 from this severity (default error; never: always 0)",
    )
    common.add_pin_options(
        p,
        use="that served fingerprints are compared with",
        no_pins="neither read nor write the pin store",
    )
    p.add_argument("--expiry-days", type=int, default=90, metavar="N", help="warn N days ahead")
    p.add_argument(
        "--ca-cert",
        type=Path,
        default=None,
        metavar="FILE",
        help="the CA (PEM) every served certificate must be issued by (rule ca-chain)",
    )
    common.add_probe_timeout(p)
    common.add_runner_options(p)
    p.set_defaults(func=handle)


def audit(args: argparse.Namespace) -> AuditReport:
    """Load the inventory, audit it, close the sessions; the report."""
    from pssc.audit.collect import run_audit
    from pssc.audit.rules import AuditOptions

    if args.expiry_days < 0:
        raise UsageError(f"--expiry-days must be 0 or more, not {args.expiry_days}")
    ca_der = None
    if getattr(args, "ca_cert", None) is not None:
        from cryptography.hazmat.primitives.serialization import Encoding

        from pssc.validate.ca import ca_certificate

        ca_der = ca_certificate(args.ca_cert).public_bytes(Encoding.DER)
    nr = common.load_inventory(args)
    pins = common.pins(args)  # checked before any device is contacted
    options = AuditOptions(now=datetime.now(UTC), expiry_days=args.expiry_days)
    try:
        return run_audit(
            nr,
            options=options,
            pins=pins,
            probe_timeout=args.probe_timeout,
            report_options={"fail_on": args.fail_on, "inventory": str(args.inventory)},
            ca_der=ca_der,
        )
    finally:
        nr.close_connections()


def handle(args: argparse.Namespace) -> int:
    from pssc.audit.report import format_for, render, write_report
    from pssc.audit.report.text import to_table

    report = audit(args)
    fmt = format_for(None if common.to_stdout(args.output) else args.output, args.format)
    if common.to_stdout(args.output):
        sys.stdout.write(render(report, fmt))
    elif args.output is not None:
        write_report(report, fmt, args.output)
        counts = report.counts()
        print(
            f"audit: {len(report.hosts)} hosts, "
            + ", ".join(f"{counts[s]} {s}" for s in SEVERITIES)
            + f"; {fmt} report in {args.output}"
        )
        common.say_pin_store(args)
    elif fmt == "table":  # for the terminal: in colour when stdout is one
        sys.stdout.write(to_table(report, color=None))
        common.say_pin_store(args)
    else:
        sys.stdout.write(render(report, fmt))
        common.say_pin_store(args, to_stderr=True)  # stdout holds the report alone
    if args.fail_on == "never":
        return 0
    return 1 if report.reaches(Severity.parse(args.fail_on)) else 0
