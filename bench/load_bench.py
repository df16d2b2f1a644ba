"""Load: the lab holds many concurrent SSH sessions while pssc rolls out on many devices.

    .venv/bin/python bench/load_bench.py [--devices 500] [--sessions 300] [--workers 64]
    .venv/bin/python bench/load_bench.py --faults 100     # the fault fleet, about 10% faulty

The lab runs in its own process (``pssc lab up --fleet``). A second process holds ``--sessions``
interactive SSH sessions (asyncssh), each sending ``show clock`` every 2 s and timing the answer,
while this process runs ``pssc rollout`` (``run_rollout``, ``--workers`` threads) on every device,
then once more (nothing to change). Printed: wall time, per-host latency percentiles, failures
(target: none), the held sessions' round trips and how many survived, the lab's CPU and memory.
Figures go into ``bench/RESULTS.md`` by hand; nothing here is a test.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TICKS = os.sysconf("SC_CLK_TCK")


def percentiles(values: list[float]) -> str:
    if not values:
        return "-"
    q = statistics.quantiles(values, n=100, method="inclusive") if len(values) > 1 else values * 99
    return (
        f"p50 {q[49]:.2f} s, p90 {q[89]:.2f} s, p99 {q[98]:.2f} s, max {max(values):.2f} s "
        f"(n={len(values)})"
    )


# --- the session holder (a child process) -------------------------------------------------------


async def _hold_one(host: dict[str, Any], stop: asyncio.Event, rtts: list[float]) -> str:
    import asyncssh

    try:
        async with asyncssh.connect(
            host["hostname"], port=host["port"], username=host["username"],
            password=host["password"], known_hosts=None, connect_timeout=60,
        ) as conn:  # fmt: skip
            proc = await conn.create_process(term_type="vt100")
            await proc.stdout.readuntil((">", "#"))
            proc.stdin.write("terminal length 0\n")
            await proc.stdout.readuntil((">", "#"))
            while not stop.is_set():
                t0 = time.perf_counter()
                proc.stdin.write("show clock\n")
                await asyncio.wait_for(proc.stdout.readuntil((">", "#")), 30)
                rtts.append(time.perf_counter() - t0)
                try:
                    await asyncio.wait_for(stop.wait(), 2.0)
                except TimeoutError:
                    pass
            return "ok"
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"[:120]


async def _hold(inventory: Path, sessions: int) -> dict[str, Any]:
    hosts = list(yaml.safe_load((inventory / "hosts.yaml").read_text()).values())
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    rtts: list[float] = []
    tasks = [
        asyncio.create_task(_hold_one(hosts[i % len(hosts)], stop, rtts)) for i in range(sessions)
    ]
    while len(rtts) < sessions and not stop.is_set() and not all(t.done() for t in tasks):
        await asyncio.sleep(0.2)
    print(f"held {sum(not t.done() for t in tasks)}", flush=True)
    opened_rtts = len(rtts)
    await stop.wait()
    results = await asyncio.gather(*tasks)
    return {
        "sessions": sessions,
        "survived": sum(r == "ok" for r in results),
        "errors": Counter(r for r in results if r != "ok").most_common(5),
        "rtts": rtts[opened_rtts:],
    }


def hold_main(inventory: Path, sessions: int) -> None:
    print(json.dumps(asyncio.run(_hold(inventory, sessions))), flush=True)


# --- the measurement ----------------------------------------------------------------------------


class Timer:
    """A Nornir processor: the wall time of each host's top-level task."""

    def __init__(self) -> None:
        self.start: dict[str, float] = {}
        self.took: dict[str, float] = {}
        self.lock = threading.Lock()

    def task_started(self, task: Any) -> None: ...
    def task_completed(self, task: Any, result: Any) -> None: ...
    def subtask_instance_started(self, task: Any, host: Any) -> None: ...
    def subtask_instance_completed(self, task: Any, host: Any, result: Any) -> None: ...

    def task_instance_started(self, task: Any, host: Any) -> None:
        with self.lock:
            self.start[host.name] = time.perf_counter()

    def task_instance_completed(self, task: Any, host: Any, result: Any) -> None:
        with self.lock:
            self.took[host.name] = time.perf_counter() - self.start[host.name]


def rollout(inventory: Path, workers: int, label: str) -> dict[str, Any]:
    from pssc.inventory import load_nornir
    from pssc.rollout import run_rollout

    logging.getLogger("nornir").setLevel(logging.CRITICAL)  # failures are printed below
    nr = load_nornir(inventory, workers=workers)
    timer = Timer()
    t0 = time.perf_counter()
    try:
        done = run_rollout(nr, processors=[timer])
    finally:
        nr.close_connections()
    wall = time.perf_counter() - t0
    statuses = Counter(o.status for o in done)
    print(f"  {label}: {len(done)} hosts in {wall:.1f} s ({len(done) / wall:.1f} hosts/s), "
          f"{dict(statuses)}")  # fmt: skip
    print(f"    per-host latency: {percentiles(list(timer.took.values()))}")
    for o in [o for o in done if o.status == "failed"][:12]:
        print(f"    failed {o.host}: {(o.error or '')[:110]}")
    return {o.host: o for o in done}


def lab_usage(pid: int) -> str:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    cpu = (int(fields[11]) + int(fields[12])) / TICKS
    rss = int(fields[21]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    return f"lab CPU {cpu:.1f} s, RSS {rss:.0f} MiB"


def start(cmd: list[str], marker: str) -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith(marker):
            return proc, line.strip()
    raise SystemExit(f"{cmd[2:5]} did not start (exit {proc.wait()})")


def fleet_doc(args: argparse.Namespace) -> dict[str, Any]:
    if args.faults:
        sys.path.insert(0, str(ROOT / "tests" / "reliability"))
        from faulty_fleet import fleet

        return fleet(args.faults, boot_seconds=1.0)
    return {"defaults": {"boot_seconds": 1}, "devices": [{"hostname": "L{n:03}",
                                                          "count": args.devices}]}  # fmt: skip


def bench(args: argparse.Namespace) -> None:
    folder = Path(tempfile.mkdtemp(prefix="pssc-load-"))
    (folder / "fleet.yaml").write_text(yaml.safe_dump(fleet_doc(args)))
    inventory = folder / "inventory"
    t0 = time.perf_counter()
    lab, ready = start([sys.executable, "-m", "pssc", "lab", "up", "--fleet",
                        str(folder / "fleet.yaml"), "--base-port", "0", "--https-base-port", "0",
                        "--state-dir", str(folder / "state"), "--inventory-out", str(inventory)],
                       "lab ready:")  # fmt: skip
    print(f"{ready[:60]}... in {time.perf_counter() - t0:.1f} s")
    holder = None
    try:
        if args.sessions:
            t0 = time.perf_counter()
            holder, held = start([sys.executable, __file__, "--hold", str(args.sessions),
                                  "--inventory", str(inventory)], "held")  # fmt: skip
            print(f"{held} SSH sessions open in {time.perf_counter() - t0:.1f} s")
        first = rollout(inventory, args.workers, f"rollout, {args.workers} workers")
        second = rollout(inventory, args.workers, "again (nothing to change)")
        if args.faults:
            touched = [h for h, o in first.items()
                       if o.status == "changed" and second[h].sha256 != o.sha256]  # fmt: skip
            print(f"    healthy hosts touched by the second run: {len(touched)}")
        print(f"  {lab_usage(lab.pid)}")
    finally:
        if holder is not None:
            holder.send_signal(signal.SIGTERM)
            out, _ = holder.communicate(timeout=120)
            stats = json.loads(out.strip().splitlines()[-1])
            print(f"  held sessions: {stats['survived']}/{stats['sessions']} survived, "
                  f"errors {stats['errors']}")  # fmt: skip
            print(f"    show clock round trip during the runs: {percentiles(stats['rtts'])}")
        lab.terminate()
        lab.wait(timeout=60)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--devices", type=int, default=500)
    p.add_argument("--sessions", type=int, default=300)
    p.add_argument("--workers", type=int, default=64)
    p.add_argument("--faults", type=int, default=0, metavar="N", help="the fault fleet of N")
    p.add_argument("--hold", type=int, default=0, help=argparse.SUPPRESS)
    p.add_argument("--inventory", type=Path, help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.hold:
        hold_main(args.inventory, args.hold)
    else:
        bench(args)


if __name__ == "__main__":
    main()
