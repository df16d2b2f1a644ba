"""``pssc pins``: list, accept or forget the pinned HTTPS fingerprints.

``accept HOST`` makes the fingerprint last seen (pending) the pin: an intended rotation.
``forget HOST`` drops the host's pins; the next audit pins what it sees.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict

from pssc.commands import common
from pssc.output.table import Column, render_table
from pssc.pinfile import open_store
from pssc.pins import PinStore

PIN_COLUMNS = (
    Column("host", whole=True),
    Column("trustpoint"),
    Column("sha-256"),
    Column("first seen"),
    Column("last seen"),
    Column("pending"),
)
HISTORY_COLUMNS = (
    Column("at"),
    Column("host", whole=True),
    Column("trustpoint"),
    Column("event", whole=True),
    Column("sha-256"),
)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser("pins", help="list, accept or forget pinned fingerprints")
    common.add_pin_options(p)
    sub = p.add_subparsers(dest="pins_command", metavar="ACTION", required=True)
    ls = sub.add_parser("list", help="every pin (pending changes marked)")
    ls.add_argument("host", nargs="?", default=None)
    ls.add_argument("--json", action="store_true", help="as JSON")
    ls.add_argument("--history", action="store_true", help="the events, oldest first")
    acc = sub.add_parser("accept", help="accept the changed fingerprint of HOST")
    acc.add_argument("host")
    acc.add_argument("--trustpoint", default=None)
    fg = sub.add_parser("forget", help="drop the pins of HOST")
    fg.add_argument("host")
    fg.add_argument("--trustpoint", default=None)
    p.set_defaults(func=handle)


def _list(store: PinStore, args: argparse.Namespace) -> int:
    if args.history:
        events = store.history(args.host)
        if args.json:
            print(json.dumps([asdict(e) for e in events], indent=2))
            return 0
        lines = [(e.at, e.host, e.trustpoint, e.event, e.sha256 or "-") for e in events]
        print(render_table(f"pin history in {store.path}", HISTORY_COLUMNS, lines), end="")
        return 0
    pins = store.list(args.host)
    if args.json:
        print(json.dumps([asdict(p) for p in pins], indent=2))
        return 0
    if not pins:
        print(f"no pins in {store.path}")
        return 0
    rows = [
        (
            pin.host,
            pin.trustpoint,
            pin.sha256[:16] + "...",
            pin.first_seen[:19],
            pin.last_seen[:19],
            f"{pin.pending_sha256[:16]}... (changed)" if pin.pending_sha256 else "-",
        )
        for pin in pins
    ]
    print(render_table(f"pins in {store.path}", PIN_COLUMNS, rows), end="")
    return 0


def handle(args: argparse.Namespace) -> int:
    if args.pins_command != "list" and not args.pins.exists():
        print(f"pins: no pin store at {args.pins}", file=sys.stderr)
        return 1
    if args.pins.exists():
        open_store(args.pins)  # a file that is no pin store: one line naming it, exit 2
    store = PinStore(args.pins)
    if args.pins_command == "list":
        if not args.pins.exists():
            print(f"no pins in {args.pins}")
            return 0
        return _list(store, args)
    if not store.list(args.host):
        print(f"pins: {args.host}: no such host in the pin store {args.pins}", file=sys.stderr)
        return 1
    if args.pins_command == "accept":
        n = store.accept(args.host, args.trustpoint)
        print(f"{args.host}: {n} changed fingerprint(s) accepted")
        return 0 if n else 1
    n = store.forget(args.host, args.trustpoint)
    print(f"{args.host}: {n} pin(s) forgotten")
    return 0 if n else 1
