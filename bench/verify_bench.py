"""Verify with reload at fleet scale: wall time, hosts per second, CPU per host, reload overlap.

The lab runs in another process (``lab.runner.run_foreground``) with N ``healthy`` devices
(a saved 2048-bit self-signed certificate bound to HTTPS) and a boot time of ``--boot-seconds``;
this process runs ``pssc.verify.runbook.run_verify(reload=True)`` over its inventory with one
worker per device and prints the figures. Target (issue 6): 100 devices, boot 3 s, under 45 s.

    .venv/bin/python bench/verify_bench.py --devices 100 --boot-seconds 3
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

LAB_MAIN = """
import sys
from pathlib import Path
from lab.runner import LabConfig, run_foreground
folder = Path(sys.argv[1])
cfg = LabConfig(base_port=0, https_base_port=0, state_dir=folder / "state",
                inventory_out=folder / "inventory", boot_seconds=float(sys.argv[2]),
                fleet=folder / "fleet.yaml", workers=int(sys.argv[3]))
sys.exit(run_foreground(cfg, out=sys.stdout))
"""


def start_lab(folder: Path, devices: int, boot: float, personality: str) -> subprocess.Popen[str]:
    fleet = {
        "defaults": {"personality": personality, "preset": "healthy", "boot_seconds": boot},
        "devices": [{"hostname": "R{n:03}", "count": devices}],
    }
    (folder / "fleet.yaml").write_text(yaml.safe_dump(fleet), encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-c", LAB_MAIN, str(folder), str(boot), "16"],
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


def run(devices: int, boot: float, personality: str, workers: int | None) -> None:
    from pssc.inventory import load_nornir
    from pssc.verify.runbook import run_verify

    with tempfile.TemporaryDirectory(prefix="verify-bench-") as tmp:
        folder = Path(tmp)
        t0 = time.perf_counter()
        lab = start_lab(folder, devices, boot, personality)
        print(f"lab: {devices} {personality} devices up in {time.perf_counter() - t0:.1f} s")
        try:
            nr = load_nornir(folder / "inventory", workers=workers or devices)
            cpu0, t0 = time.process_time(), time.perf_counter()
            reports = run_verify(nr, reload=True, boot_timeout=120.0, pins=None)
            wall, cpu = time.perf_counter() - t0, time.process_time() - cpu0
            nr.close_connections()
        finally:
            lab.terminate()
            lab.wait(timeout=60)
    counts = Counter(r.verdict for r in reports)
    down = [r.timeline["went_down"] for r in reports if r.timeline.get("went_down")]
    back = [r.timeline["ssh_back"] for r in reports if r.timeline.get("ssh_back")]
    print(f"verify --reload: {devices} devices, boot {boot:g} s: {wall:.1f} s wall")
    print(f"  {devices / wall:.2f} hosts/s, client CPU {cpu / devices * 1000:.0f} ms/host")
    print(f"  verdicts: {dict(counts)}")
    if down and back:
        print(
            f"  all {len(down)} devices were down at once: {max(down) < min(back)} "
            f"(last went down {max(down) - min(down):.1f} s after the first; "
            f"first back {min(back) - min(down):.1f} s after the first went down)"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devices", type=int, nargs="+", default=[100])
    parser.add_argument("--boot-seconds", type=float, default=3.0)
    parser.add_argument("--personality", default="ios15")
    parser.add_argument("--workers", type=int, default=None, help="default: one per device")
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    for n in args.devices:
        run(n, args.boot_seconds, args.personality, args.workers)
    return 0


if __name__ == "__main__":
    sys.exit(main())
