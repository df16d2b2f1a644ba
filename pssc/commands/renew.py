"""``pssc renew --within 30d``: re-issue the HTTPS certificates that end within that time.

Each one the way it was issued: a self-signed certificate gets a new key and certificate (as
``pssc rollout --rotate``), a CA-issued one is enrolled again by terminal and signed by the CA
given with ``--issuer ca`` (``--ca-cert`` and ``--ca-key`` or ``--ca-sign-command``). Hosts whose
certificate ends later are left alone. New certificates are pinned. Exit 0 when every host
succeeded, 1 when any failed, 2 for usage errors.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from datetime import timedelta

from pssc.commands import common
from pssc.commands.rollout import add_issuer_options, signer
from pssc.errors import UsageError

_SPAN = re.compile(r"^\s*(\d+)\s*([dhw]?)\s*$")


def span(text: str) -> timedelta:
    """``30d``, ``12h``, ``2w`` or a number of days.

    >>> span("30d"), span("12h"), span("2")
    (datetime.timedelta(days=30), datetime.timedelta(seconds=43200), datetime.timedelta(days=2))
    """
    found = _SPAN.match(text)
    if not found:
        raise UsageError(f"--within {text!r}: give a time such as 30d, 12h or 2w")
    n, unit = int(found.group(1)), found.group(2) or "d"
    return {"d": timedelta(days=n), "h": timedelta(hours=n), "w": timedelta(weeks=n)}[unit]


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser(
        "renew",
        help="re-issue the HTTPS certificates that end soon (self-signed or CA-issued)",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    common.add_inventory_options(p)
    p.add_argument("--within", default="30d", metavar="TIME", help="e.g. 30d (default), 12h, 2w")
    p.add_argument("--key-size", type=int, default=2048, metavar="N", help="RSA bits (2048)")
    common.add_output_file(p, "--json", help="one object per host")
    common.add_pin_options(
        p, use="where new certificates are pinned", no_pins="do not pin the new certificates"
    )
    add_issuer_options(p)
    common.add_runner_options(p)
    p.set_defaults(func=handle)


def handle(args: argparse.Namespace) -> int:
    from pssc.output import write_json
    from pssc.rollout import json_document, outcomes, pin_changes, render
    from pssc.validate import options as check
    from tasks.plan import RolloutOptions
    from tasks.renew import renew

    within = span(args.within)
    check.key_size(args.key_size, option="--key-size")
    ca = signer(args)
    nr = common.load_inventory(args, require_hosts=True)
    options = RolloutOptions(key_size=args.key_size)
    try:
        result = nr.run(
            task=renew, name="renew", within=within, options=options, signer=ca, on_failed=True
        )
    finally:
        nr.close_connections()
    done = outcomes(result, list(nr.inventory.hosts))
    human = sys.stderr if common.to_stdout(args.json) else sys.stdout  # --json -: JSON alone
    human.write(render(done, dry_run=False).replace("pssc rollout", "pssc renew", 1))
    document = json_document(done, dry_run=False)  # the rollout's schema, pssc.rollout/1
    if common.to_stdout(args.json):
        print(json.dumps(document, indent=2, default=str))
    elif args.json is not None:
        write_json(args.json, document)
    pins = common.pins(args)
    if pins is not None:
        pinned = pin_changes(done, pins)
        if pinned:
            print(f"pinned {pinned} new certificate(s) in {pins}", file=human)
    return 1 if any(o.status == "failed" for o in done) else 0
