"""The options ``pssc rollout``, ``verify`` and ``audit`` share, declared once, and what they give.

Declaring (each adds the same flags, help and checks to any subcommand):

- :func:`add_global_options`: ``-v/--verbose``, ``--log-file FILE``; with :func:`add_source_options`
  (``-i/--inventory``, ``-c/--nornir-config``) and :func:`add_pin_options` (``--pins``), accepted
  before the subcommand too (``pssc -v --pins p.sqlite audit``). On the top-level parser they
  carry the defaults (``top=True``); on a subcommand their default is suppressed, so a value given
  before the subcommand is not overwritten by the subcommand's default;
- :func:`add_inventory_options`: the source options, ``--hosts`` (``R1,R2`` or ``R1 R2``,
  repeatable), ``--filter KEY=VALUE`` (repeatable), ``--ask-pass``;
- :func:`add_runner_options`: ``--workers N``, ``--dask-scheduler ADDRESS``, ``--dask-local N``,
  ``--dask-tls-ca/--dask-tls-cert/--dask-tls-key FILE``, ``--dask-insecure``, ``--shard-by KEY``;
- :func:`add_pin_options`: ``--pins FILE`` and (optionally) ``--no-pins``;
- :func:`add_output_file`: a file the command writes at the end (``--json``, ``--output``),
  checked before the run; ``-`` is stdout (:func:`to_stdout`);
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
import sys
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pssc.commands.globals import (
    COMPLETE,
    STDOUT,
    _complete,
    _default,
    add_global_options,
    add_source_options,
    finish,
    to_stdout,
)
from pssc.errors import UsageError
from pssc.pinfile import StoreInfo, open_store, shown
from pssc.pins import DEFAULT_PATH

if TYPE_CHECKING:
    from nornir.core import Nornir

    from pssc.credentials import Credentials

__all__ = [
    "COMPLETE",
    "STDOUT",
    "add_global_options",
    "add_inventory_options",
    "add_output_file",
    "add_pin_options",
    "add_probe_timeout",
    "add_runner_options",
    "add_source_options",
    "check_output_files",
    "credentials",
    "finish",
    "load_inventory",
    "pin_store",
    "pins",
    "runner_config",
    "say_pin_store",
    "to_stdout",
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
    add_source_options(parser)
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
        help="run the hosts on an existing Dask cluster, e.g. tls://10.0.0.5:8786",
    )
    group.add_argument(
        "--dask-local",
        type=int,
        default=None,
        metavar="N",
        help="start a local Dask cluster of N worker processes on 127.0.0.1 for this run (TLS)",
    )
    for flag, what in (("ca", "CA certificate"), ("cert", "client certificate"), ("key", "key")):
        group.add_argument(
            f"--dask-tls-{flag}",
            default=None,
            metavar="FILE",
            help=f"with a tls:// --dask-scheduler: the {what} file (else Dask's config)",
        )
    group.add_argument(
        "--dask-insecure",
        action="store_true",
        help="allow a --dask-scheduler that is not tls:// (credentials travel in clear)",
    )
    group.add_argument(
        "--shard-by",
        default=None,
        metavar="KEY",
        help="with Dask: keep hosts with the same inventory data KEY (site, jump host) together",
    )


def add_pin_options(
    parser: argparse.ArgumentParser,
    *,
    use: str = "",
    no_pins: str | None = None,
    top: bool = False,
) -> None:
    """``--pins FILE`` (``use``: what the command does with it); ``--no-pins`` if given a help."""
    _complete(
        parser.add_argument(
            "--pins",
            type=Path,
            default=_default(DEFAULT_PATH, top),
            metavar="FILE",
            help=f"pin store{' ' + use if use else ''} "
            f"(default {shown(DEFAULT_PATH)}; env PSSC_PINS)",
        )
    )
    if no_pins is not None:
        parser.add_argument("--no-pins", action="store_true", help=no_pins)


def add_output_file(parser: argparse.ArgumentParser, flag: str, *, help: str) -> None:
    """An option naming a file written after the run; :func:`load_inventory` checks it first."""
    action = _complete(
        parser.add_argument(
            flag, type=Path, default=None, metavar="FILE", help=f"{help}; - for stdout"
        )
    )
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
        if not to_stdout(getattr(args, dest)):
            output_file(getattr(args, dest), option=flag)


def runner_config(args: argparse.Namespace) -> dict[str, Any] | None:
    """The Nornir ``runner`` configuration the arguments ask for, or None for the inventory's."""
    scheduler = getattr(args, "dask_scheduler", None)
    local = getattr(args, "dask_local", None)
    workers = getattr(args, "workers", None)
    if scheduler and local:
        raise UsageError("--dask-scheduler and --dask-local exclude each other")
    if scheduler or local:
        from pssc.dask.security import check_scheduler

        tls: dict[str, Any] = {
            "tls_ca": getattr(args, "dask_tls_ca", None),
            "tls_cert": getattr(args, "dask_tls_cert", None),
            "tls_key": getattr(args, "dask_tls_key", None),
            "insecure": bool(getattr(args, "dask_insecure", False)),
        }
        check_scheduler(scheduler, **tls)  # one line, exit 2, before anything is contacted
        options: dict[str, Any] = {"scheduler": scheduler, "local_workers": local}
        options.update({k: v for k, v in tls.items() if v})
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


_PIN_STORE = "_pin_store"  # the StoreInfo, once checked


def pin_store(args: argparse.Namespace) -> StoreInfo | None:
    """The pin store to use, checked (``pssc.pinfile.open_store``: a bad one is one line, exit 2,
    before any device), or None with ``--no-pins``. A new store is warned about on stderr."""
    if getattr(args, "no_pins", False):
        return None
    info: StoreInfo | None = getattr(args, _PIN_STORE, None)
    if info is None:
        info = open_store(Path(args.pins))
        setattr(args, _PIN_STORE, info)
        if info.new:
            print(f"pssc {getattr(args, 'command', 'pins')}: {info.warning()}", file=sys.stderr)
    return info


def pins(args: argparse.Namespace) -> Path | None:
    """The pin store's path (checked, see ``pin_store``), or None with ``--no-pins``."""
    info = pin_store(args)
    return None if info is None else info.path


def say_pin_store(args: argparse.Namespace, *, to_stderr: bool = False) -> None:
    """The summary line naming the pin store this run used (nothing with ``--no-pins``)."""
    info = pin_store(args)
    if info is not None:
        print(info.summary(), file=sys.stderr if to_stderr else sys.stdout)


def load_inventory(
    args: argparse.Namespace, *, session_log_dir: Path | None = None, require_hosts: bool = False
) -> Nornir:
    """Check the output files, then load the selected hosts (none selected: a usage error when
    ``require_hosts``). The caller closes the connections."""
    from pssc.inventory import load_nornir, load_nornir_config

    check_output_files(args)
    runner = runner_config(args)
    source = getattr(args, "nornir_config", None)
    load = partial(load_nornir_config, source) if source else partial(load_nornir, args.inventory)
    nr = load(
        hosts=args.hosts,
        filters=args.filters,
        runner=runner,
        credentials=credentials(args),
        session_log_dir=session_log_dir,
    )
    if require_hosts and not nr.inventory.hosts:
        raise UsageError(f"{source or args.inventory}: no host matches the selection")
    return nr
