"""The options ``pssc rollout``, ``verify`` and ``audit`` share, declared once, and what they give.

Declaring (each adds the same flags, help and checks to any subcommand):

- :func:`add_inventory_options`: ``-i/--inventory DIR``, ``--hosts`` (``R1,R2`` or ``R1 R2``,
  repeatable), ``--filter KEY=VALUE`` (repeatable), ``--ask-pass``;
- :func:`add_runner_options`: ``--workers N``, ``--dask-scheduler ADDRESS``, ``--dask-local N``,
  ``--shard-by KEY``;
- :func:`add_pin_options`: ``--pins FILE`` and (optionally) ``--no-pins``;
- :func:`add_output_file`: a file the command writes at the end (``--json``, ``--output``),
  checked before the run;
- :func:`add_probe_timeout`: ``--probe-timeout S``.

Reading: :func:`load_inventory` (checks the output files, then loads the selected hosts with the
runner and credentials asked for), :func:`runner_config`, :func:`credentials`, :func:`pins`.

>>> p = argparse.ArgumentParser(); add_inventory_options(p); add_runner_options(p)
>>> p.parse_args(["--hosts", "R1,R2", "R3", "--hosts", " R4 ,R1"]).hosts
['R1', 'R2', 'R3', 'R4']
>>> runner_config(p.parse_args(["--workers", "8"]))
{'plugin': 'fleet', 'options': {'num_workers': 8}}
>>> runner_config(p.parse_args([])) is None
True
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pssc.errors import UsageError
from pssc.pins import DEFAULT_PATH

if TYPE_CHECKING:
    from nornir.core import Nornir

    from pssc.credentials import Credentials

__all__ = [
    "add_inventory_options",
    "add_output_file",
    "add_pin_options",
    "add_probe_timeout",
    "add_runner_options",
    "check_output_files",
    "credentials",
    "load_inventory",
    "pins",
    "runner_config",
]

_OUTPUT_FILES = "_output_files"  # parser default: the (dest, flag) of each output file option


class _HostNames(argparse.Action):
    """``--hosts R1,R2``, ``--hosts R1 R2``, ``--hosts R1, R2``, repeated: one list, in order."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[Any] | None,
        option_string: str | None = None,
    ) -> None:
        names: list[str] = list(getattr(namespace, self.dest, None) or [])
        given = [values] if isinstance(values, str) else list(values or [])
        added = [n.strip() for value in given for n in str(value).split(",") if n.strip()]
        if not added:
            parser.error(f"{option_string} names no host ({' '.join(map(str, given))!r})")
        names += [n for n in dict.fromkeys(added) if n not in names]
        setattr(namespace, self.dest, names)


def add_inventory_options(parser: argparse.ArgumentParser) -> None:
    """Which hosts, from which inventory, logged in with which credentials."""
    parser.add_argument(
        "-i",
        "--inventory",
        type=Path,
        default=Path("inventory"),
        metavar="DIR",
        help="Nornir inventory folder (default inventory/)",
    )
    parser.add_argument(
        "--hosts",
        nargs="+",
        action=_HostNames,
        default=None,
        metavar="HOST",
        help="only these hosts: R1,R2 or R1 R2 (repeatable)",
    )
    parser.add_argument(
        "--filter",
        dest="filters",
        action="append",
        default=None,
        metavar="KEY=VALUE",
        help="only hosts whose inventory KEY (data, group, platform) is VALUE; repeatable",
    )
    parser.add_argument("--ask-pass", action="store_true", help="prompt for the credentials")


def add_runner_options(parser: argparse.ArgumentParser) -> None:
    """How many hosts at once, and where: Nornir's threads or a Dask cluster (``pssc.dask``)."""
    group = parser.add_argument_group("runner")
    group.add_argument(
        "--workers",
        type=int,
        default=None,
        metavar="N",
        help="at most N hosts at once (default: inventory config.yaml, else every host up to 1000)",
    )
    group.add_argument(
        "--max-logins-per-second",
        type=float,
        default=None,
        metavar="R",
        help="start at most R hosts (SSH logins) a second (default 50)",
    )
    group.add_argument(
        "--dask-scheduler",
        default=None,
        metavar="ADDRESS",
        help="run the hosts on an existing Dask cluster, e.g. tcp://10.0.0.5:8786",
    )
    group.add_argument(
        "--dask-local",
        type=int,
        default=None,
        metavar="N",
        help="start a local Dask cluster of N worker processes on 127.0.0.1 for this run",
    )
    group.add_argument(
        "--shard-by",
        default=None,
        metavar="KEY",
        help="with Dask: keep hosts with the same inventory data KEY (site, jump host) together",
    )


def add_pin_options(
    parser: argparse.ArgumentParser, *, use: str = "", no_pins: str | None = None
) -> None:
    """``--pins FILE`` (``use``: what the command does with it); ``--no-pins`` if given a help."""
    parser.add_argument(
        "--pins",
        type=Path,
        default=DEFAULT_PATH,
        metavar="FILE",
        help=f"pin store{' ' + use if use else ''} (default {DEFAULT_PATH}; env PSSC_PINS)",
    )
    if no_pins is not None:
        parser.add_argument("--no-pins", action="store_true", help=no_pins)


def add_output_file(parser: argparse.ArgumentParser, flag: str, *, help: str) -> None:
    """An option naming a file written after the run; :func:`load_inventory` checks it first."""
    action = parser.add_argument(flag, type=Path, default=None, metavar="FILE", help=help)
    declared = parser.get_default(_OUTPUT_FILES) or ()
    parser.set_defaults(**{_OUTPUT_FILES: (*declared, (action.dest, flag))})


def add_probe_timeout(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--probe-timeout",
        type=float,
        default=5.0,
        metavar="S",
        help="seconds for the TLS handshake with the HTTPS port (default 5)",
    )


def check_output_files(args: argparse.Namespace) -> None:
    """Refuse an output file that cannot be written, before anything runs."""
    from pssc.validate.options import output_file

    for dest, flag in getattr(args, _OUTPUT_FILES, ()):
        output_file(getattr(args, dest), option=flag)


def runner_config(args: argparse.Namespace) -> dict[str, Any] | None:
    """The Nornir ``runner`` configuration the arguments ask for, or None for the inventory's."""
    scheduler = getattr(args, "dask_scheduler", None)
    local = getattr(args, "dask_local", None)
    workers = getattr(args, "workers", None)
    if scheduler and local:
        raise UsageError("--dask-scheduler and --dask-local exclude each other")
    if scheduler or local:
        options: dict[str, Any] = {"scheduler": scheduler, "local_workers": local}
        if workers:
            options["num_workers"] = workers
        if getattr(args, "shard_by", None):
            options["shard_by"] = args.shard_by
        return {"plugin": "dask", "options": options}
    logins = getattr(args, "max_logins_per_second", None)
    if logins is not None and not logins > 0:
        raise UsageError(f"--max-logins-per-second must be more than 0, not {logins}")
    if workers is not None or logins is not None:
        if workers is not None and workers < 1:
            raise UsageError(f"--workers must be at least 1, not {workers}")
        fleet: dict[str, Any] = {"num_workers": workers} if workers is not None else {}
        if logins is not None:
            fleet["max_logins_per_second"] = logins
        return {"plugin": "fleet", "options": fleet}
    return None


def credentials(args: argparse.Namespace) -> Credentials:
    """The environment's credentials, completed at a prompt with ``--ask-pass``."""
    from pssc.credentials import ask, from_env

    creds = from_env()
    return ask(creds) if getattr(args, "ask_pass", False) else creds


def pins(args: argparse.Namespace) -> Path | None:
    """The pin store to use, or None with ``--no-pins``."""
    return None if getattr(args, "no_pins", False) else Path(args.pins)


def load_inventory(
    args: argparse.Namespace, *, session_log_dir: Path | None = None, require_hosts: bool = False
) -> Nornir:
    """Check the output files, then load the selected hosts (none selected: a usage error when
    ``require_hosts``). The caller closes the connections."""
    from pssc.inventory import load_nornir

    check_output_files(args)
    runner = runner_config(args)
    nr = load_nornir(
        args.inventory,
        hosts=args.hosts,
        filters=args.filters,
        runner=runner,
        credentials=credentials(args),
        session_log_dir=session_log_dir,
    )
    if require_hosts and not nr.inventory.hosts:
        raise UsageError(f"{args.inventory}: no host matches the selection")
    return nr
