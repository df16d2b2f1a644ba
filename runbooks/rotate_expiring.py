"""Rotate the certificates that end within N days, then prove one survives a reload (canary).

    python runbooks/rotate_expiring.py -i inventory [--days 30] [--canary R1] [--boot-timeout 600]

1. Read the facts of every host (read-only, the audit's ``collect_host`` task) and pick the hosts
   whose HTTPS certificate (the one served, else the configured one) ends within ``--days``.
2. Roll out on those with ``rotate`` (a new key and certificate; ``fix`` too, so an expired or
   FN70489 certificate is replaced), saved.
3. Reload one of them, the canary (``--canary``, else the first), and compare the certificate
   served before and after: ``persistent`` or the job fails. Reload the others once it passed.
Exit 0 when every step passed, 1 otherwise.
"""

from __future__ import annotations

import argparse
import logging
import sys
from datetime import UTC, datetime, timedelta

from nornir.core import Nornir
from nornir_utils.plugins.functions import print_result

from pssc.audit.collect import collect_host
from pssc.audit.model import HostFacts
from pssc.inventory import load_nornir
from pssc.verify.runbook import verify_host
from tasks.plan import RolloutOptions
from tasks.rollout import rollout


def ends(facts: HostFacts) -> datetime | None:
    """When the host's HTTPS certificate ends (served, else configured); None if it has none."""
    cert = facts.served.certificate if facts.served else None
    if cert is None:
        bound = [t for t in facts.trustpoints if t.name == facts.https_trustpoint]
        cert = bound[0].certificate if bound else None
    if cert is None:
        return None
    return datetime.fromisoformat(cert["not_after"].replace("Z", "+00:00"))


def expiring(nr: Nornir, days: int) -> list[str]:
    """The hosts whose certificate ends within ``days`` (an ended one too)."""
    limit = datetime.now(UTC) + timedelta(days=days)
    result = nr.run(task=collect_host, name="facts")
    chosen = []
    for name, multi in sorted(result.items()):
        facts = multi[0].result
        if multi.failed or not isinstance(facts, HostFacts):
            print(f"{name}: skipped: {multi[0].result}", file=sys.stderr)
            continue
        end = ends(facts)
        if end is not None and end <= limit:
            print(f"{name}: certificate ends {end:%Y-%m-%d}: rotate")
            chosen.append(name)
    return chosen


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-i", "--inventory", default="inventory", help="inventory folder")
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--canary", default=None, help="the host reloaded first")
    parser.add_argument("--boot-timeout", type=float, default=600.0)
    args = parser.parse_args(argv)
    logging.getLogger("paramiko").setLevel(logging.CRITICAL)  # failures are in the results

    nr = load_nornir(args.inventory)
    try:
        names = expiring(nr, args.days)
        if not names:
            print(f"no certificate ends within {args.days} days")
            return 0
        chosen = nr.filter(filter_func=lambda h: h.name in names)
        rotated = chosen.run(task=rollout, options=RolloutOptions(rotate=True, fix=True))
        print_result(rotated)
        if rotated.failed:
            return 1
        canary = args.canary if args.canary in names else names[0]
        for group in ([canary], [n for n in names if n != canary]):
            if not group:
                continue
            hosts = nr.filter(filter_func=lambda h, g=group: h.name in g)
            checked = hosts.run(task=verify_host, reload=True, boot_timeout=args.boot_timeout)
            print_result(checked)
            bad = [h for h, m in checked.items() if m[0].result.verdict != "persistent"]
            if bad:
                print(f"not persistent after the reload: {', '.join(bad)}; stopped")
                return 1
    finally:
        nr.close_connections(on_failed=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
