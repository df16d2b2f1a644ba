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
from typing import TYPE_CHECKING, TextIO

from pssc.pins import DEFAULT_PATH
from pssc.runner_options import add_runner_arguments, runner_config

if TYPE_CHECKING:
    from tasks.plan import RolloutOptions
    from tasks.rollout import HostOutcome

logger = logging.getLogger(__name__)

_STYLES = {"changed": "yellow", "unchanged": "green", "failed": "bold red"}


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser(
        "rollout",
        help="roll out a persistent self-signed HTTPS certificate (idempotent)",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "-i",
        "--inventory",
        type=Path,
        default=Path("inventory"),
        metavar="DIR",
        help="Nornir inventory folder (default inventory/)",
    )
    p.add_argument("--hosts", default=None, metavar="H1,H2", help="only these hosts")
    p.add_argument(
        "--filter",
        dest="filters",
        action="append",
        default=None,
        metavar="KEY=VALUE",
        help="only hosts whose inventory KEY (data, group, platform) is VALUE; repeatable",
    )
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
    p.add_argument("--json", type=Path, default=None, metavar="FILE", help="one object per host")
    p.add_argument("--ask-pass", action="store_true", help="prompt for the credentials")
    p.add_argument(
        "--session-log",
        type=Path,
        default=None,
        metavar="DIR",
        help="netmiko session log per host in DIR (password and secret masked)",
    )
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.add_argument(
        "--pins",
        type=Path,
        default=DEFAULT_PATH,
        metavar="FILE",
        help=f"pin store where new certificates are pinned (default {DEFAULT_PATH}; env PSSC_PINS)",
    )
    p.add_argument("--no-pins", action="store_true", help="do not pin the new certificates")
    add_runner_arguments(p)
    p.set_defaults(func=handle)


def _options(args: argparse.Namespace) -> RolloutOptions:
    from pssc import validate
    from pssc.cli import UsageError
    from tasks.plan import RolloutOptions

    validate.key_size(args.key_size, option="--key-size")
    validate.key_size(args.min_key_size, option="--min-key-size")
    if args.key_size < args.min_key_size:
        raise UsageError(f"--key-size {args.key_size} is under --min-key-size {args.min_key_size}")
    if args.subject_name is not None:
        validate.subject_name(args.subject_name)
    if args.trustpoint is not None:
        validate.trustpoint_name(args.trustpoint)
    validate.output_file(args.json, option="--json")
    return RolloutOptions(
        trustpoint=args.trustpoint,
        key_size=args.key_size,
        min_key_size=args.min_key_size,
        subject_name=args.subject_name,
        rotate=args.rotate,
        fix=args.fix,
    )


def _short(value: str | None, n: int = 16) -> str:
    if not value:
        return "-"
    return value[:n] + "…" if len(value) > n else value


def render(outcomes: list[HostOutcome], *, dry_run: bool) -> str:
    from pssc.output import render_table

    rows = []
    for o in outcomes:
        saved = "-" if o.saved is None else ("yes" if o.saved else "no")
        note = o.error or "; ".join(o.reasons) or ""
        rows.append(
            [
                o.host,
                o.status,
                o.trustpoint or "-",
                o.serial or "-",
                _short(o.sha256),
                (o.not_after or "-")[:10],
                saved,
                note,
            ]
        )
    title = "pssc rollout" + (" (dry run: nothing was changed)" if dry_run else "")
    columns = ["host", "status", "trustpoint", "serial", "sha256", "not after", "saved", "note"]
    return render_table(title, columns, rows, styles=_STYLES)


def _plans(outcomes: list[HostOutcome], out: TextIO) -> None:
    for o in outcomes:
        if o.cli:
            print(f"! {o.host}: would send", file=out)
            print("\n".join(o.cli), file=out)
            print(file=out)


def handle(args: argparse.Namespace) -> int:
    from pssc.cli import UsageError
    from pssc.credentials import ask, from_env
    from pssc.inventory import load_nornir
    from pssc.output import progress_bar, write_json
    from pssc.rollout import json_record, pin_changes, run_rollout

    if args.verbose < 2:  # a failed host is reported in the table, not as a traceback
        logging.getLogger("nornir").setLevel(logging.CRITICAL)
    options = _options(args)
    creds = from_env()
    if args.ask_pass:
        creds = ask(creds)
    nr = load_nornir(
        args.inventory,
        hosts=[h.strip() for h in args.hosts.split(",") if h.strip()] if args.hosts else None,
        filters=args.filters,
        runner=runner_config(args),
        credentials=creds,
        session_log_dir=args.session_log,
    )
    if not nr.inventory.hosts:
        raise UsageError(f"{args.inventory}: no host matches the selection")
    total = len(nr.inventory.hosts)
    try:
        with progress_bar(total, "rollout", enabled=False if args.no_progress else None) as bar:
            outcomes = run_rollout(nr, options=options, dry_run=args.dry_run, processors=[bar])
    finally:
        nr.close_connections()
    if args.dry_run:
        _plans(outcomes, sys.stdout)
    print(render(outcomes, dry_run=args.dry_run), end="")
    if args.json is not None:
        write_json(args.json, [json_record(o) for o in outcomes])
    if not args.dry_run and not args.no_pins:
        pinned = pin_changes(outcomes, args.pins)
        if pinned:
            print(f"pinned {pinned} new certificate(s) in {args.pins}")
    return 1 if any(o.status == "failed" for o in outcomes) else 0
