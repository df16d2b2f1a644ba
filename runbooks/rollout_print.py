"""Roll out a persistent self-signed HTTPS certificate and print the results, the Nornir way.

    python runbooks/rollout_print.py -i inventory [--group edge] [--dry-run] [--key-size 2048]

Copy it and change what you need: the inventory (``load_nornir`` reads a SimpleInventory folder;
``load_nornir_config`` any Nornir configuration file), the options, the hosts. Each host's result
is a ``tasks.rollout.HostOutcome`` (status, trustpoint, SHA-256, end date, saved) and its ``diff``
is the exact CLI sent; a failed host is one line naming the cause. Exit 1 if any host failed.
"""

from __future__ import annotations

import argparse
import logging
import sys

from nornir.core.filter import F
from nornir_utils.plugins.functions import print_result

from pssc.inventory import load_nornir
from tasks.plan import RolloutOptions
from tasks.rollout import rollout


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-i", "--inventory", default="inventory", help="inventory folder")
    parser.add_argument("--group", default=None, help="only the hosts of this group")
    parser.add_argument("--dry-run", action="store_true", help="print the CLI, change nothing")
    parser.add_argument("--key-size", type=int, default=2048)
    args = parser.parse_args(argv)
    logging.getLogger("paramiko").setLevel(logging.CRITICAL)  # failures are in the results

    nr = load_nornir(args.inventory)
    if args.group:
        nr = nr.filter(F(groups__contains=args.group))
    nr.data.dry_run = args.dry_run
    try:
        result = nr.run(task=rollout, options=RolloutOptions(key_size=args.key_size))
    finally:
        nr.close_connections(on_failed=True)
    print_result(result)
    return 1 if result.failed else 0


if __name__ == "__main__":
    sys.exit(main())
