"""``pssc lab up`` and ``pssc lab reset``: run the emulated IOS fleet, wipe its state.

The lab (and asyncssh with it) is imported only when a ``lab`` command runs: the parser of every
``pssc`` command is built from this module too, and ``pssc rollout``/``audit``/... never load the
lab. So the defaults below are written out for the parser; ``tests/unit/pssc/commands/
test_lab_cli.py`` checks them against :class:`lab.runner.LabConfig`.
"""

from __future__ import annotations

import argparse
import logging
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from pssc.errors import UsageError


@dataclass(frozen=True)
class _Defaults:
    """``lab.runner.LabConfig()``'s values, for the parser (kept equal by a test)."""

    devices: int = 3
    base_port: int = 2200
    https_base_port: int = 8443
    state_dir: Path = Path("lab/state")
    inventory_out: Path = Path("inventory")
    boot_seconds: float = 3.0
    personality: str = "ios15"
    listen: str = "127.0.0.1"


DEFAULTS = _Defaults()
PERSONALITIES = ("ios12", "ios15", "iosxe17")  # lab.device.PERSONALITIES (kept equal by a test)


def _port(text: str) -> int:
    value = int(text)
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"not a TCP port: {text}")
    return value


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "lab", help="run the emulated IOS lab", description="The emulated IOS lab."
    )
    sub = parser.add_subparsers(dest="lab_command", metavar="ACTION", required=True)
    up = sub.add_parser(
        "up",
        help="run the lab in the foreground until Ctrl-C",
        description="Start the emulated devices, write the Nornir inventory, run until "
        "SIGINT or SIGTERM. Prints one line starting 'lab ready:' once every device listens.",
    )
    up.add_argument("--devices", type=int, default=DEFAULTS.devices, help="number (default 3)")
    up.add_argument(
        "--base-port",
        type=_port,
        default=DEFAULTS.base_port,
        metavar="P",
        help="first SSH port (default 2200; 0 picks free ports)",
    )
    up.add_argument(
        "--https-base-port",
        type=_port,
        default=DEFAULTS.https_base_port,
        metavar="P",
        help="first HTTPS port (default 8443; 0 picks free ports)",
    )
    up.add_argument(
        "--state-dir",
        type=Path,
        default=DEFAULTS.state_dir,
        metavar="DIR",
        help="NVRAM and host keys (default lab/state/)",
    )
    up.add_argument(
        "--inventory-out",
        type=Path,
        default=DEFAULTS.inventory_out,
        metavar="DIR",
        help="where the inventory is written (default inventory/)",
    )
    up.add_argument(
        "--boot-seconds",
        type=float,
        default=DEFAULTS.boot_seconds,
        metavar="S",
        help="how long a reload keeps a device down (default 3)",
    )
    up.add_argument(
        "--personality",
        choices=PERSONALITIES,
        default=DEFAULTS.personality,
        help="IOS release to play (default ios15)",
    )
    up.add_argument(
        "--fleet",
        type=Path,
        metavar="FILE",
        help="fleet file (lab/fleets/example.yaml); overrides --devices",
    )
    up.add_argument(
        "--listen",
        default=DEFAULTS.listen,
        metavar="ADDR",
        help="address to bind (default 127.0.0.1)",
    )
    up.set_defaults(func=cmd_up)
    reset = sub.add_parser("reset", help="wipe the lab's state folder (NVRAM, host keys)")
    reset.add_argument("--state-dir", type=Path, default=DEFAULTS.state_dir, metavar="DIR")
    reset.set_defaults(func=cmd_reset)


def cmd_up(args: argparse.Namespace) -> int:
    from lab.errors import LabError
    from lab.runner import LabConfig, run_foreground

    if args.boot_seconds < 0:
        raise UsageError(f"--boot-seconds cannot be negative ({args.boot_seconds})")
    if args.verbose < 3:  # asyncssh logs every connection at info level
        logging.getLogger("asyncssh").setLevel(logging.WARNING)
    cfg = LabConfig(
        devices=args.devices,
        base_port=args.base_port,
        https_base_port=args.https_base_port,
        state_dir=args.state_dir,
        inventory_out=args.inventory_out,
        boot_seconds=args.boot_seconds,
        personality=args.personality,
        fleet=args.fleet,
        listen=args.listen,
    )
    try:
        return run_foreground(cfg, out=sys.stdout)
    except LabError as exc:
        raise UsageError(str(exc)) from exc


def cmd_reset(args: argparse.Namespace) -> int:
    from lab.hostkeys import KEY_FOLDER
    from lab.statelock import holder

    state: Path = args.state_dir
    if not state.exists():
        print(f"lab reset: {state} does not exist, nothing to do")
        return 0
    if not state.is_dir():
        raise UsageError(f"{state} is not a folder")
    pid = holder(state)
    if pid is not None:
        who = f"pid {pid}" if pid else "another process"
        raise UsageError(f"a lab runs on {state} ({who}); stop it before the reset")
    if any(state.iterdir()) and not (state / KEY_FOLDER).is_dir():
        raise UsageError(f"{state} does not look like a lab state folder (no {KEY_FOLDER}/)")
    shutil.rmtree(state)
    print(f"lab reset: removed {state}")
    return 0
