"""``pssc verify``: prove that each host's HTTPS certificate survives a reload.

Without ``--reload`` it reports the evidence (configured, saved and served certificate) and
whether a reload would keep the certificate. With ``--reload`` it reloads every host whose
certificate is saved (``--reload-anyway``: also the others; ``Save?`` is always answered ``no``),
waits for it to come back, and compares. Exit 0 when every host is ``persistent`` and serves its
pinned certificate, 1 otherwise (a pin mismatch too), 2 for usage errors.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from pssc.commands import common
from pssc.errors import UsageError
from pssc.verify.evidence import HostReport

logger = logging.getLogger(__name__)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser(
        "verify",
        help="prove the HTTPS certificate survives a reload (configured, saved, served)",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    common.add_inventory_options(p)
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
    common.add_probe_timeout(p)
    common.add_output_file(p, "--json", help="one object per host")
    common.add_pin_options(
        p, use="where persistent fingerprints are recorded", no_pins="do not record pins"
    )
    common.add_runner_options(p)
    from pssc.fleet.options import add_wave_options

    add_wave_options(p, reload=True)
    p.set_defaults(func=handle)


def verify(args: argparse.Namespace) -> tuple[list[HostReport], bool]:
    """Load the inventory, run the verify runbook, close the sessions; the reports, and whether
    Ctrl-C interrupted the run."""
    from pssc.fleet.confirm import confirm, require_consent
    from pssc.fleet.journal import journal_path
    from pssc.fleet.options import policy
    from pssc.fleet.progress import reload_progress
    from pssc.fleet.waves import Wave, describe_plan, groups_for
    from pssc.verify.fleet import verify_fleet

    if args.boot_timeout <= 0 or args.probe_timeout <= 0:
        raise UsageError("--boot-timeout and --probe-timeout must be more than 0 seconds")
    reload = args.reload or args.reload_anyway
    waves = policy(args)
    if reload:
        require_consent(args.yes)
    nr = common.load_inventory(args, require_hosts=True)
    pins = common.pins(args)  # checked before any device is contacted

    def ask(plan: list[Wave]) -> bool:
        return confirm(f"verify: {describe_plan(plan)}", yes=args.yes)

    try:
        if reload:  # checked here too, before any device is contacted
            groups_for(dict(nr.inventory.hosts), waves.group_key)
        with reload_progress(len(nr.inventory.hosts)) as progress:
            done = verify_fleet(
                nr,
                reload=reload,
                journal_file=journal_path(Path(args.pins)),
                resume=args.resume,
                reload_anyway=args.reload_anyway,
                boot_timeout=args.boot_timeout,
                probe_timeout=args.probe_timeout,
                pins=pins,
                waves=waves,
                confirm=ask if reload else None,
                progress=progress if reload else None,
            )
        return done.reports, done.interrupted
    finally:
        nr.close_connections()


def handle(args: argparse.Namespace) -> int:
    from pssc.verify.report import json_document, render, summary, write_reports

    reports, interrupted = verify(args)
    # with --json -, stdout is the JSON alone: the human output goes to stderr
    human = sys.stderr if common.to_stdout(args.json) else sys.stdout
    print(render(reports), end="", file=human)
    print(summary(reports), file=human)
    common.say_pin_store(args, to_stderr=human is sys.stderr)
    for report in reports:
        if report.declined_save:
            print(
                f"{report.host}: answered 'no' to 'Save?': pssc does not save behind your back",
                file=human,
            )
    if common.to_stdout(args.json):
        print(json.dumps(json_document(reports), indent=2, default=str))
    elif args.json is not None:
        write_reports(reports, args.json)
        print(f"verify: JSON in {args.json}")
    mismatched = [r.host for r in reports if r.pin == "changed"]
    if mismatched:  # a persistent certificate that is not the pinned one: someone changed it
        print(
            f"verify: pin mismatch on {', '.join(mismatched)}: HTTPS serves a certificate other"
            " than the pinned one (`pssc pins accept HOST` if the change was intended)",
            file=human,
        )
    if interrupted:
        return 130
    return 0 if reports and all(r.ok for r in reports) and not mismatched else 1
