"""``pssc rollout``: give every host a persistent self-signed HTTPS certificate, saved.

A host whose trustpoint already holds a valid, saved certificate with the wanted key size is left
alone. ``--rotate`` replaces it on purpose; a certificate the policy rejects (expired, the FN70489
end date 2020-01-01, a key under --min-key-size, SHA-1/MD5) is replaced only with ``--fix``.
``--dry-run`` connects and reads, then prints the exact CLI it would send, dialog answers
included. Exit 0 when every host succeeded, 1 when any failed, 2 for usage or inventory errors.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from pssc.commands import common
from pssc.errors import UsageError

if TYPE_CHECKING:
    from tasks.plan import RolloutOptions

logger = logging.getLogger(__name__)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser(
        "rollout",
        help="roll out a persistent self-signed HTTPS certificate (idempotent)",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    common.add_inventory_options(p)
    p.add_argument(
        "--trustpoint",
        default=None,
        metavar="NAME",
        help="trustpoint to use (default: the existing self-signed one, else PSSC-SELF-SIGNED)",
    )
    p.add_argument("--key-size", type=int, default=2048, metavar="N", help="RSA bits (2048)")
    p.add_argument(
        "--min-key-size", type=int, default=2048, metavar="N", help="policy minimum (2048)"
    )
    p.add_argument("--subject-name", default=None, metavar="X500", help="e.g. cn=r1.example.net")
    p.add_argument("--rotate", action="store_true", help="new key and certificate on every host")
    p.add_argument("--fix", action="store_true", help="replace certificates the policy rejects")
    p.add_argument("--dry-run", action="store_true", help="read only; print the CLI it would send")
    common.add_output_file(p, "--json", help="one object per host")
    p.add_argument(
        "--session-log",
        type=Path,
        default=None,
        metavar="DIR",
        help="netmiko session log per host in DIR (password and secret masked)",
    )
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    common.add_pin_options(
        p, use="where new certificates are pinned", no_pins="do not pin the new certificates"
    )
    common.add_runner_options(p)
    from pssc.fleet.options import add_wave_options

    add_wave_options(p, reload=False)
    p.set_defaults(func=handle)


def _options(args: argparse.Namespace) -> RolloutOptions:
    from pssc.validate import options as check
    from tasks.plan import RolloutOptions

    check.key_size(args.key_size, option="--key-size")
    check.key_size(args.min_key_size, option="--min-key-size")
    if args.key_size < args.min_key_size:
        raise UsageError(f"--key-size {args.key_size} is under --min-key-size {args.min_key_size}")
    if args.subject_name is not None:
        check.subject_name(args.subject_name)
    if args.trustpoint is not None:
        check.trustpoint_name(args.trustpoint)
    return RolloutOptions(
        trustpoint=args.trustpoint,
        key_size=args.key_size,
        min_key_size=args.min_key_size,
        subject_name=args.subject_name,
        rotate=args.rotate,
        fix=args.fix,
    )


def handle(args: argparse.Namespace) -> int:
    from pssc.fleet.journal import journal_path
    from pssc.fleet.options import policy
    from pssc.output import progress_bar, write_json
    from pssc.rollout import json_record, render, would_send
    from pssc.rollout.fleet import rollout_fleet

    if args.verbose < 2:  # a failed host is reported in the table, not as a traceback
        logging.getLogger("nornir").setLevel(logging.CRITICAL)
    options = _options(args)
    waves = policy(args)
    whole = waves.batch.percent and waves.batch.value == 100 and waves.max_fail is None
    nr = common.load_inventory(args, session_log_dir=args.session_log, require_hosts=True)
    total = len(nr.inventory.hosts)
    pins = None if args.dry_run else common.pins(args)
    try:
        with progress_bar(total, "rollout", enabled=False if args.no_progress else None) as bar:
            run = rollout_fleet(
                nr,
                options=options,
                dry_run=args.dry_run,
                waves=None if whole else waves,
                pins=pins,
                journal_file=journal_path(Path(args.pins)),
                resume=args.resume,
                processors=[bar],
            )
    finally:
        nr.close_connections()
    outcomes = run.outcomes
    if args.dry_run:
        sys.stdout.write(would_send(outcomes))
    print(render(outcomes, dry_run=args.dry_run), end="")
    if args.json is not None:
        write_json(args.json, [json_record(o) for o in outcomes])
    if run.pinned:
        print(f"pinned {run.pinned} new certificate(s) in {pins}")
    if run.interrupted:
        return 130
    return 1 if any(o.status in ("failed", "skipped") for o in outcomes) else 0
