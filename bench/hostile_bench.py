"""A fleet with hostile devices: what 10 of them cost the 90 healthy ones, and pssc's memory.

    .venv/bin/python bench/hostile_bench.py [--healthy 90] [--hostile 10] [--workers 50]

Two labs, each in its own process on free ports: the healthy devices alone (factory preset), then
the same healthy devices plus the hostile ones (preset ``hostile``, two each of: names only,
32,000 blank lines and ``[``, 50 MB of output, output that never ends, a prompt that never comes
back). On each, in a child process (``--driver``: the runbooks the CLI runs, with a processor
that notes when each host finished; its peak RSS from ``wait4``): rollout, verify (no reload),
audit. Printed per command: when the last healthy host finished, alone and with the hostile
devices, and the ratio (target <= 1.5x: the healthy ones finish as usual), whether each healthy
host ended as it did alone, when and how each hostile host ended (its own deadline, one line),
the whole run's wall time, and pssc's peak RSS (target under 500 MB). Figures go into
``bench/RESULTS.md`` by hand; nothing here is a test.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml
from _labproc import lab_up

ROOT = Path(__file__).resolve().parent.parent
VARIANTS: tuple[list[str], ...] = (
    *([], ["blank-lines", "bracket-flood"], ["huge-output"]),
    *(["endless-output"], ["prompt-lost"]),
)
COMMANDS = ("rollout", "verify", "audit")


def fleet(healthy: int, hostile: int) -> dict[str, Any]:
    devices: list[dict[str, Any]] = [{"hostname": "OK{n:03}", "count": healthy}]
    for i in range(hostile):
        faults = VARIANTS[i % len(VARIANTS)]
        devices.append({"hostname": f"EVIL{i:02}", "preset": "hostile", "faults": faults})
    return {"defaults": {"boot_seconds": 0.5, "preset": "factory"}, "devices": devices}


def driver(command: str, inventory: str, workers: int) -> None:
    """In the child: run one command's runbook, print {host: [seconds, outcome]} and the wall."""
    sys.path.insert(0, str(ROOT))
    from pssc.inventory import load_nornir
    from pssc.output.progress import ProgressProcessor

    class Timer(ProgressProcessor):
        def __init__(self) -> None:
            super().__init__(None)
            self.t0 = time.perf_counter()
            self.finished: dict[str, float] = {}

        def task_instance_completed(self, task: Any, host: Any, result: Any) -> None:
            self.finished[host.name] = time.perf_counter() - self.t0

    nr = load_nornir(inventory, workers=workers)
    timer = Timer()
    outcome: dict[str, str] = {}
    try:
        if command == "rollout":
            from pssc.rollout import run_rollout

            for o in run_rollout(nr, processors=[timer]):
                outcome[o.host] = o.status + (f": {o.error}" if o.error else "")
        elif command == "verify":
            from pssc.verify.runbook import run_verify

            for r in run_verify(nr.with_processors([timer]), pins=None):
                outcome[r.host] = (
                    f"{r.verdict}: {r.reason}" if r.verdict != "persistent" else r.verdict
                )
        else:
            from pssc.audit.collect import run_audit

            for a in run_audit(nr.with_processors([timer]), pins=None).hosts:
                f = a.facts
                outcome[a.host] = "reachable" if f.reachable else f"{f.error_kind}: {f.error}"
    finally:
        nr.close_connections()
    wall = time.perf_counter() - timer.t0
    hosts = {h: [timer.finished.get(h, wall), outcome.get(h, "?")] for h in nr.inventory.hosts}
    print(json.dumps({"wall": wall, "hosts": hosts}))


def run(command: str, inventory: Path, workers: int) -> dict[str, Any]:
    """One command in a child process; its printout, with its peak RSS in MB."""
    proc = subprocess.Popen(
        [sys.executable, __file__, "--driver", command, str(inventory), "--workers", str(workers)],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    assert proc.stdout is not None
    out = proc.stdout.read()
    _pid, _status, usage = os.wait4(proc.pid, 0)
    proc.returncode = 0
    data: dict[str, Any] = json.loads(out)
    data["rss"] = usage.ru_maxrss / 1024
    return data


def measure(healthy: int, hostile: int, workers: int) -> dict[str, dict[str, Any]]:
    with tempfile.TemporaryDirectory(prefix="pssc-hostile-") as tmp:
        folder = Path(tmp)
        (folder / "fleet.yaml").write_text(yaml.safe_dump(fleet(healthy, hostile)))
        with lab_up(folder, "--fleet", str(folder / "fleet.yaml")):
            return {c: run(c, folder / "inventory", workers) for c in COMMANDS}


def report(alone: dict[str, dict[str, Any]], mixed: dict[str, dict[str, Any]]) -> None:
    for command in COMMANDS:
        a, m = alone[command], mixed[command]
        healthy = [h for h in a["hosts"]]
        last_a = max(a["hosts"][h][0] for h in healthy)
        last_m = max(m["hosts"][h][0] for h in healthy)
        same = all(m["hosts"][h][1] == a["hosts"][h][1] for h in healthy)
        print(
            f"{command}: last healthy host done {last_a:.1f} s alone, {last_m:.1f} s with the "
            f"hostile ones: ratio {last_m / last_a:.2f}; healthy as alone: {same}; whole run "
            f"{a['wall']:.1f} s / {m['wall']:.1f} s; peak RSS {a['rss']:.0f} / {m['rss']:.0f} MB"
        )
        for host in healthy:
            was, now = a["hosts"][host][1], m["hosts"][host][1]
            if now != was:
                print(f"  {host}: alone {was[:80]!r}, now {now[:80]!r}")
        for host, (done, what) in sorted(m["hosts"].items()):
            if host.startswith("EVIL"):
                print(f"  {host} after {done:5.1f} s: {what[:150]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--healthy", type=int, default=90)
    parser.add_argument("--hostile", type=int, default=10)
    parser.add_argument("--workers", type=int, default=50)
    parser.add_argument(
        "--driver", nargs=2, metavar=("COMMAND", "INVENTORY"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.driver:
        driver(args.driver[0], args.driver[1], args.workers)
        return
    print(f"{os.cpu_count()} cores; {args.healthy} healthy + {args.hostile} hostile devices, "
          f"--workers {args.workers}")  # fmt: skip
    report(
        measure(args.healthy, 0, args.workers), measure(args.healthy, args.hostile, args.workers)
    )


if __name__ == "__main__":
    main()
