"""The wave options on the command line: declared once, read into a ``WavePolicy``.

``pssc verify --reload``: ``--canary N`` (default 1), ``--batch N|P%`` (default 10%),
``--max-fail N|P%`` (default 0), ``--reload-group KEY``, ``--yes``. ``pssc rollout``:
``--batch`` (default 100%: the whole fleet at once) and ``--max-fail`` (default: never stop).
Every value is checked here, before any device is contacted (one line, exit 2).

>>> p = argparse.ArgumentParser(); add_wave_options(p, reload=True)
>>> w = policy(p.parse_args(["--batch", "25%", "--canary", "2"]))
>>> w.canary, str(w.batch), str(w.max_fail)
(2, '25%', '0')
>>> policy(p.parse_args(["--batch", "0"]))
Traceback (most recent call last):
...
pssc.errors.InvalidInput: --batch 0: must be at least 1 host (or more than 0%)
"""

from __future__ import annotations

import argparse

from pssc.fleet.waves import WavePolicy, parse_count

__all__ = ["add_wave_options", "policy"]


def add_wave_options(parser: argparse.ArgumentParser, *, reload: bool) -> None:
    """``reload``: the options of ``verify --reload`` (canary, groups, --yes), else rollout's."""
    group = parser.add_argument_group("waves" if not reload else "reload waves")
    if reload:
        group.add_argument(
            "--canary",
            type=int,
            default=1,
            metavar="N",
            help="reload N hosts first, alone; anything but 'persistent' stops the run (default 1)",
        )
    group.add_argument(
        "--batch",
        default="10%" if reload else "100%",
        metavar="N|P%",
        help="hosts at once after the canary (default 10%%)"
        if reload
        else "hosts per batch; the next batch starts when one ends (default 100%%: all at once)",
    )
    group.add_argument(
        "--max-fail",
        default="0" if reload else None,
        metavar="N|P%",
        help="stop launching batches once more than N (or P%%) hosts failed; the others are "
        + ("'skipped' (default 0)" if reload else "'skipped' (default: never stop)"),
    )
    group.add_argument(
        "--resume",
        action="store_true",
        help="skip the hosts an interrupted or killed run of this command already finished "
        "(the run journal beside the pin store)",
    )
    if reload:
        group.add_argument(
            "--reload-group",
            default=None,
            metavar="KEY",
            help="inventory data KEY (e.g. ha_pair): never two hosts of one group down at once",
        )
        group.add_argument(
            "--yes",
            action="store_true",
            help="reload without asking (needed when stdin is not a terminal)",
        )


def policy(args: argparse.Namespace) -> WavePolicy:
    """The ``WavePolicy`` of the parsed options; ``InvalidInput`` (exit 2) for a bad value."""
    from pssc.errors import InvalidInput

    canary = getattr(args, "canary", 0)
    if canary < 0:
        raise InvalidInput(f"--canary {canary}: must be 0 or more")
    max_fail = args.max_fail
    return WavePolicy(
        canary=canary,
        batch=parse_count(args.batch, option="--batch"),
        max_fail=None
        if max_fail is None
        else parse_count(max_fail, option="--max-fail", allow_zero=True),
        group_key=getattr(args, "reload_group", None),
    )
