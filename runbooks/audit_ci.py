"""Audit one group of the fleet in a CI job: a Markdown report, exit 1 on an error finding.

    python runbooks/audit_ci.py -i inventory --group edge [--fail-on error] [--expiry-days 30]

Read-only (show commands and a TLS handshake). The report goes to stdout and, in a GitHub
Actions job, to the job summary (``$GITHUB_STEP_SUMMARY``); the exit code fails the job when a
finding reaches ``--fail-on``. The per-host facts are Nornir results too: ``print_result``
shows them (``--facts``).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from datetime import UTC, datetime

from nornir.core.filter import F
from nornir_utils.plugins.functions import print_result

from pssc.audit.collect import collect_host, run_audit
from pssc.audit.model import SEVERITIES, Severity
from pssc.audit.report import render
from pssc.audit.rules import AuditOptions
from pssc.inventory import load_nornir


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-i", "--inventory", default="inventory", help="inventory folder")
    parser.add_argument("--group", required=True, help="the group to audit")
    parser.add_argument("--fail-on", choices=SEVERITIES, default="error")
    parser.add_argument("--expiry-days", type=int, default=30)
    parser.add_argument("--facts", action="store_true", help="also print_result the facts")
    args = parser.parse_args(argv)
    logging.getLogger("paramiko").setLevel(logging.CRITICAL)  # failures are in the results

    nr = load_nornir(args.inventory).filter(F(groups__contains=args.group))
    if not nr.inventory.hosts:
        print(f"audit_ci: no host in group {args.group!r}", file=sys.stderr)
        return 2
    try:
        if args.facts:
            print_result(nr.run(task=collect_host, name="facts"))
        options = AuditOptions(now=datetime.now(UTC), expiry_days=args.expiry_days)
        report = run_audit(nr, options=options, pins=None)
    finally:
        nr.close_connections(on_failed=True)
    markdown = render(report, "md")
    print(markdown)
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        with open(summary, "a", encoding="utf-8") as handle:
            handle.write(markdown + "\n")
    failing = report.reaches(Severity.parse(args.fail_on))
    print(f"audit_ci: group {args.group}: {'FAIL' if failing else 'ok'}", file=sys.stderr)
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main())
