"""A fleet with hostile devices: what 10 of them cost the 90 healthy ones, and pssc's memory.

    .venv/bin/python bench/hostile_bench.py [--healthy 90] [--hostile 10] [--workers 50]

Two labs, each in its own process on free ports: the healthy devices alone (factory preset), then
the same healthy devices plus the hostile ones (preset ``hostile``, two each of: names only,
32,000 blank lines and ``[``, 50 MB of output, output that never ends, a prompt that never comes
back). On each: ``pssc rollout``, ``pssc verify`` (no reload), ``pssc audit --format json``, as
the CLI runs them (a child process; its peak RSS from ``wait4``). Printed per command: wall time
alone and with the hostile devices, their ratio (target <= 1.5x), pssc's peak RSS (target under
500 MB), and that every healthy host ended as it did alone. Figures go into ``bench/RESULTS.md``
by hand; nothing here is a test.
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
PSSC = Path(sys.executable).with_name("pssc")
VARIANTS = ([], ["blank-lines", "bracket-flood"], ["huge-output"], ["endless-output"],
            ["prompt-lost"])  # fmt: skip


def fleet(healthy: int, hostile: int) -> dict[str, Any]:
    devices: list[dict[str, Any]] = [{"hostname": "OK{n:03}", "count": healthy}]
    for i in range(hostile):
        faults = VARIANTS[i % len(VARIANTS)]
        devices.append({"hostname": f"EVIL{i:02}", "preset": "hostile", "faults": faults})
    return {"defaults": {"boot_seconds": 0.5, "preset": "factory"}, "devices": devices}


def run(*args: str) -> tuple[float, float, int]:
    """Wall seconds, peak RSS (MB) and exit code of one pssc command."""
    t0 = time.perf_counter()
    proc = subprocess.Popen([str(PSSC), *args], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)  # fmt: skip
    _pid, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return time.perf_counter() - t0, usage.ru_maxrss / 1024, proc.returncode


def outcomes(path: Path, key: str) -> dict[str, str]:
    data = json.loads(path.read_text())
    rows = data["hosts"] if isinstance(data, dict) else data
    if key == "worst":
        return {r["host"]: str(r["facts"]["reachable"]) for r in rows}
    return {r["host"]: str(r[key]) for r in rows}


def commands(inv: Path, out: Path, workers: int) -> dict[str, tuple[list[str], Path, str]]:
    common = ["-i", str(inv), "--workers", str(workers), "--pins", str(out / "pins.sqlite")]
    return {
        "rollout": (["rollout", *common, "--no-progress", "--json", str(out / "r.json")],
                    out / "r.json", "status"),
        "verify": (["verify", *common, "--json", str(out / "v.json")], out / "v.json", "verdict"),
        "audit": (["audit", *common, "--format", "json", "--output", str(out / "a.json")],
                  out / "a.json", "worst"),
    }  # fmt: skip


def measure(healthy: int, hostile: int, workers: int) -> dict[str, Any]:
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="pssc-hostile-") as tmp:
        folder = Path(tmp)
        (folder / "fleet.yaml").write_text(yaml.safe_dump(fleet(healthy, hostile)))
        with lab_up(folder, "--fleet", str(folder / "fleet.yaml")):
            for name, (args, path, key) in commands(folder / "inventory", folder, workers).items():
                wall, rss, code = run(*args)
                results[name] = (wall, rss, code, outcomes(path, key))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--healthy", type=int, default=90)
    parser.add_argument("--hostile", type=int, default=10)
    parser.add_argument("--workers", type=int, default=50)
    args = parser.parse_args()
    print(f"{os.cpu_count()} cores; {args.healthy} healthy + {args.hostile} hostile devices, "
          f"--workers {args.workers}")  # fmt: skip
    alone = measure(args.healthy, 0, args.workers)
    mixed = measure(args.healthy, args.hostile, args.workers)
    for name in alone:
        wall_a, rss_a, code_a, out_a = alone[name]
        wall_m, rss_m, code_m, out_m = mixed[name]
        same = all(out_m.get(host) == value for host, value in out_a.items())
        hostile = {h: v for h, v in out_m.items() if h.startswith("EVIL")}
        print(f"{name:8} alone {wall_a:6.1f} s (exit {code_a}, {rss_a:5.0f} MB)  "
              f"with hostile {wall_m:6.1f} s (exit {code_m}, {rss_m:5.0f} MB)  "
              f"ratio {wall_m / wall_a:4.2f}  healthy as alone: {same}")  # fmt: skip
        print(f"         hostile: {sorted(set(hostile.values()))}")


if __name__ == "__main__":
    main()
