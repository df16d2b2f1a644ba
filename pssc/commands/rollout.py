"""``pssc rollout``: give every host a persistent self-signed HTTPS certificate, saved.

A host whose trustpoint already holds a valid, saved certificate with the wanted key size is left
alone. ``--rotate`` replaces it on purpose; a certificate the policy rejects (expired, the FN70489
end date 2020-01-01, a key under --min-key-size, SHA-1/MD5) is replaced only with ``--fix``.
``--dry-run`` connects and reads, then prints the exact CLI it would send, dialog answers
included. Exit 0 when every host succeeded, 1 when any failed, 2 for usage or inventory errors.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from pssc.commands import common
from pssc.errors import UsageError

if TYPE_CHECKING:
    from tasks.ca import Signer
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
    p.add_argument(
        "--no-san",
        action="store_true",
        help="no subjectAltName (data.fqdn or the host name) in the certificates made",
    )
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
    add_issuer_options(p)
    common.add_runner_options(p)
    from pssc.fleet.options import add_wave_options

    add_wave_options(p, reload=False)
    p.set_defaults(func=handle)


def add_issuer_options(p: argparse.ArgumentParser) -> None:
    """``--issuer self-signed|ca`` and the CA to sign with (``pssc rollout``, ``pssc renew``)."""
    group = p.add_argument_group("issuer")
    group.add_argument(
        "--issuer",
        choices=("self-signed", "ca"),
        default="self-signed",
        help="who signs the certificates (ca: terminal enrollment, signed by --ca-key or "
        "--ca-sign-command)",
    )
    group.add_argument("--ca-cert", type=Path, default=None, metavar="FILE", help="CA cert (PEM)")
    group.add_argument(
        "--ca-key", type=Path, default=None, metavar="FILE", help="CA key (PEM), signs in-process"
    )
    group.add_argument(
        "--ca-sign-command",
        default=None,
        metavar="CMD",
        help="signs instead: reads a CSR (PEM) on stdin, prints the certificate (PEM); "
        "gets PSSC_HOST, PSSC_SAN (DNS:..,IP:..) in its environment",
    )
    group.add_argument(
        "--ca-days", type=int, default=397, metavar="N", help="validity of --ca-key certs (397)"
    )


def signer(args: argparse.Namespace) -> Signer | None:
    """The CA the arguments name, checked (exit 2 before any device is contacted)."""
    from pssc.validate.ca import ca_certificate, ca_key
    from tasks.ca import CommandSigner, LocalCA

    given = [o for o in ("ca_cert", "ca_key", "ca_sign_command") if getattr(args, o) is not None]
    if args.issuer != "ca":
        if given:
            raise UsageError(f"--{given[0].replace('_', '-')} needs --issuer ca")
        return None
    if args.ca_cert is None:
        raise UsageError("--issuer ca needs --ca-cert FILE")
    if (args.ca_key is None) == (args.ca_sign_command is None):
        raise UsageError("--issuer ca needs one of --ca-key FILE or --ca-sign-command CMD")
    if args.ca_days < 1:
        raise UsageError(f"--ca-days must be at least 1, not {args.ca_days}")
    cert = ca_certificate(args.ca_cert)
    if args.ca_key is not None:
        return LocalCA(cert, ca_key(args.ca_key, cert), days=args.ca_days)
    if not args.ca_sign_command.strip():
        raise UsageError("--ca-sign-command is empty")
    return CommandSigner(cert, args.ca_sign_command)


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
        san=not args.no_san,
    )


def handle(args: argparse.Namespace) -> int:
    from pssc.fleet.journal import journal_path
    from pssc.fleet.options import policy
    from pssc.output import progress_bar, write_json
    from pssc.rollout import json_document, render, summary, would_send
    from pssc.rollout.fleet import rollout_fleet

    options = _options(args)
    ca = signer(args)
    waves = policy(args)
    whole = waves.batch.percent and waves.batch.value == 100 and waves.max_fail is None
    nr = common.load_inventory(args, session_log_dir=args.session_log, require_hosts=True)
    store = None if args.dry_run else common.pin_store(args)  # checked before any device
    total = len(nr.inventory.hosts)
    try:
        with progress_bar(total, "rollout", enabled=False if args.no_progress else None) as bar:
            run = rollout_fleet(
                nr,
                options=options,
                dry_run=args.dry_run,
                waves=None if whole else waves,
                pins=store.path if store is not None else None,
                journal_file=journal_path(Path(args.pins)),
                resume=args.resume,
                processors=[bar],
                signer=ca,
            )
    finally:
        nr.close_connections()
    outcomes = run.outcomes
    # with --json -, stdout is the JSON alone: the human output goes to stderr
    human = sys.stderr if common.to_stdout(args.json) else sys.stdout
    if args.dry_run:
        human.write(would_send(outcomes))
    human.write(render(outcomes, dry_run=args.dry_run))
    records = json_document(outcomes, dry_run=args.dry_run)
    if common.to_stdout(args.json):
        print(json.dumps(records, indent=2, default=str))
    elif args.json is not None:
        write_json(args.json, records)
    if store is not None:
        if run.pinned:
            print(f"pinned {run.pinned} new certificate(s) in {store.path}", file=human)
        for note in run.notes:
            print(note, file=sys.stderr)
        print(store.summary(), file=human)
    print(summary(outcomes, dry_run=args.dry_run), file=human)
    if run.interrupted:
        return 130
    return 1 if any(o.status in ("failed", "skipped") for o in outcomes) else 0
