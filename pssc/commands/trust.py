"""``pssc trust export``: a bundle or pin list from the pin store, so clients verify the fleet.

``--format pem`` writes the certificates the selected hosts serve, each only when it is the
accepted pin (for ``curl --cacert``, ``requests``' ``verify=``, ``SSL_CERT_FILE``, Ansible
``ca_path``); ``--format spki`` the accepted public-key pins (``curl --pinnedpubkey``);
``--format json`` both fingerprints per host. A pending (not accepted) change is never exported.
``--audit`` audits the hosts first (which pins what it sees on first use). Exit 0 when every
selected host was exported, 1 when some were left out (each named on stderr), 2 for usage errors.
"""

from __future__ import annotations

import argparse
import sys

from pssc.commands import common
from pssc.errors import UsageError


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser("trust", help="export the fleet's trust (PEM bundle, SPKI pins)")
    sub = p.add_subparsers(dest="trust_command", metavar="ACTION", required=True)
    ex = sub.add_parser(
        "export",
        help="the pinned certificates as a PEM bundle, SPKI pins or JSON",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    common.add_inventory_options(ex)
    ex.add_argument("--format", choices=("pem", "spki", "json"), default="pem", help="(pem)")
    ex.add_argument("--audit", action="store_true", help="audit the hosts first (pins them)")
    common.add_output_file(ex, "--output", help="write here (atomically) instead of stdout")
    common.add_pin_options(ex, use="to export from")
    common.add_probe_timeout(ex)
    common.add_runner_options(ex)
    ex.set_defaults(func=handle)


def handle(args: argparse.Namespace) -> int:
    from pssc.atomic import write_text
    from pssc.pins import PinStore
    from pssc.trust import Target, export, render
    from tasks.tls_probe import probe_https

    nr = common.load_inventory(args, require_hosts=True)
    try:
        if args.audit:
            from pssc.commands.audit import audit as run_audit

            args.expiry_days, args.fail_on = 90, "critical"
            run_audit(args)
        if not args.pins.exists():
            raise UsageError(f"--pins {args.pins}: no pin store there (run pssc audit first)")
        targets = [
            Target(name, host.hostname or name, int(host.data.get("https_port", 443)))
            for name, host in sorted(nr.inventory.hosts.items())
        ]
    finally:
        nr.close_connections()

    def probe(address: str, port: int) -> tuple[bytes, str]:
        served = probe_https(address, port, args.probe_timeout)
        return served.der, served.sha256

    result = export(PinStore(args.pins), targets, with_pem=args.format == "pem", probe=probe)
    for line in result.skipped:
        print(f"trust export: {line}", file=sys.stderr)
    text = render(result, args.format)
    if args.output is not None:
        write_text(args.output, text)
        print(f"trust export: {len(result.exported)} host(s), {args.format} in {args.output}")
    else:
        sys.stdout.write(text)
    return 1 if result.skipped else 0
