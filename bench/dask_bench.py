"""The Dask runner against the threaded runner, same lab, same run: wall time and cost per host.

The lab runs in another process (``lab.runner.run_foreground``) with N devices of one preset; this
process runs a runbook over it with Nornir's threaded runner (``--threads`` threads), then over a
fresh identical lab with ``pssc.dask.DaskRunner`` on a ``LocalCluster`` of
``--dask-workers`` processes on 127.0.0.1, one shard per worker and ``--threads`` divided among
them (the same number of sessions open at once: the lab is the same size for both). Cluster
start-up is timed apart. Runbooks: ``show-version`` (log in, one command, log out: the floor of
every runbook), ``audit`` (read-only) and ``rollout`` (``pssc.rollout.run_rollout``).

    .venv/bin/python bench/dask_bench.py --devices 100 250 500 1000 --dask-workers 2
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

LAB_MAIN = """
import sys
from pathlib import Path
from lab.runner import LabConfig, run_foreground
folder = Path(sys.argv[1])
cfg = LabConfig(base_port=0, https_base_port=0, state_dir=folder / "state",
                inventory_out=folder / "inventory", boot_seconds=0.1,
                fleet=folder / "fleet.yaml", workers=int(sys.argv[2]))
sys.exit(run_foreground(cfg, out=sys.stdout))
"""


def start_lab(folder: Path, devices: int, preset: str) -> subprocess.Popen[str]:
    fleet = {
        "defaults": {"preset": preset, "boot_seconds": 0.1},
        "devices": [{"hostname": "R{n:04}", "count": devices}],
    }
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "fleet.yaml").write_text(yaml.safe_dump(fleet), encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-c", LAB_MAIN, str(folder), "8"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("lab ready:"):
            return proc
    proc.wait()
    raise SystemExit(f"the lab did not start (exit {proc.returncode})")


def stop_lab(proc: subprocess.Popen[str]) -> None:
    proc.terminate()
    proc.wait(timeout=120)


def runbook(name: str) -> Callable[[Any], dict[str, bool]]:
    """The runbook as ``f(nr) -> {host: ok}``."""
    if name == "show-version":  # log in, one command, log out: the floor of every runbook
        from nornir_netmiko.tasks import netmiko_send_command

        def show_version(nr: Any) -> dict[str, bool]:
            results = nr.run(task=netmiko_send_command, command_string="show version")
            return {name: not multi.failed for name, multi in results.items()}

        return show_version
    if name == "audit":
        from pssc.audit.collect import run_audit

        def audit(nr: Any) -> dict[str, bool]:
            report = run_audit(nr)
            return {a.host: a.facts.reachable for a in report.hosts}

        return audit
    from pssc.rollout import run_rollout

    def rollout(nr: Any) -> dict[str, bool]:
        return {o.host: o.status != "failed" for o in run_rollout(nr)}

    return rollout


def timed(nr: Any, run: Callable[[Any], dict[str, bool]]) -> tuple[float, float, dict[str, bool]]:
    cpu0, t0 = time.process_time(), time.perf_counter()
    ok = run(nr)
    return time.perf_counter() - t0, time.process_time() - cpu0, ok


def worker_cpu(client: Any) -> float:
    return float(sum(client.run(time.process_time).values()))


def one_size(args: argparse.Namespace, devices: int, tmp: Path) -> None:
    from pssc.dask import DaskRunner
    from pssc.inventory import load_nornir

    run = runbook(args.runbook)
    per_shard = max(1, args.threads // args.dask_workers)
    print(f"\n{devices} devices ({args.preset}), a fresh lab for each runner:")
    lab = start_lab(tmp / "threaded", devices, args.preset)
    try:
        nr = load_nornir(tmp / "threaded" / "inventory", workers=args.threads)
        wall, cpu, ok = timed(nr, run)
        report("threaded", devices, wall, cpu, None, ok, f"{args.threads} threads")
    finally:
        stop_lab(lab)
    lab = start_lab(tmp / "dask", devices, args.preset)
    try:
        with DaskRunner(local_workers=args.dask_workers, num_workers=per_shard) as runner:
            t0 = time.perf_counter()
            runner.live_workers()
            start = time.perf_counter() - t0
            before = worker_cpu(runner.client)
            nr = load_nornir(tmp / "dask" / "inventory").with_runner(runner)
            wall, cpu, ok = timed(nr, run)
            workers = worker_cpu(runner.client) - before
        shape = f"{args.dask_workers} workers x {per_shard} threads, cluster start {start:.1f} s"
        report("dask", devices, wall, cpu, workers, ok, shape)
    finally:
        stop_lab(lab)


def report(
    name: str,
    devices: int,
    wall: float,
    cpu: float,
    workers: float | None,
    ok: dict[str, bool],
    shape: str,
) -> None:
    good = sum(ok.values())
    extra = "" if workers is None else f", worker CPU {workers / devices * 1000:.1f} ms/host"
    print(
        f"  {name:8} {wall:7.1f} s wall, {wall / devices * 1000:6.1f} ms/host, "
        f"{devices / wall:6.1f} hosts/s, client CPU {cpu / devices * 1000:.1f} ms/host{extra}, "
        f"{good}/{devices} ok ({shape})"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devices", type=int, nargs="+", default=[100])
    parser.add_argument("--dask-workers", type=int, default=2)
    parser.add_argument(
        "--threads",
        type=int,
        default=50,
        help="sessions at once (threaded runner; split among Dask workers)",
    )
    parser.add_argument("--runbook", choices=("audit", "rollout", "show-version"), default="audit")
    parser.add_argument("--preset", default="healthy")
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}; {args.runbook}")
    for devices in args.devices:
        with tempfile.TemporaryDirectory(prefix="dask-bench-") as tmp:
            one_size(args, devices, Path(tmp))
    return 0


if __name__ == "__main__":
    sys.exit(main())
