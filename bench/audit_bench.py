"""Audit N lab devices and print how long it takes (target: 500 devices under 60 s).

    .venv/bin/python bench/audit_bench.py --devices 500 --workers 100

Starts a lab of N devices on free ports in a temporary folder (a mix of presets when the fleet
allows), runs ``pssc.audit.collect.run_audit`` over the whole inventory, and prints the lab start
time, the audit time, hosts per second, the findings and the peak memory of this process.
Figures go into ``bench/RESULTS.md`` by hand; nothing here is a test.
"""

from __future__ import annotations

import argparse
import logging
import resource
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PRESETS = ("factory", "healthy", "unsaved", "legacy-fn70489", "weak-key", "two-selfsigned")


def fleet_file(folder: Path, devices: int, boot_seconds: float, mixed: bool) -> Path:
    """A fleet of ``devices`` named B0001..., spread over the presets when ``mixed``."""
    entries = []
    presets = PRESETS if mixed else ("healthy",)
    per = devices // len(presets)
    extra = devices - per * len(presets)
    for i, preset in enumerate(presets):
        count = per + (1 if i < extra else 0)
        if count:
            entries.append({"hostname": f"B{i}-{{n:04}}", "count": count, "preset": preset})
    data = {"defaults": {"boot_seconds": boot_seconds}, "devices": entries}
    path = folder / "fleet.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--devices", type=int, default=500)
    p.add_argument("--workers", type=int, default=100)
    p.add_argument("--same", action="store_true", help="every device healthy (no preset mix)")
    p.add_argument("--lab-workers", type=int, default=16)
    args = p.parse_args()
    logging.basicConfig(level=logging.WARNING)

    from lab.runner import LabConfig, start_lab
    from pssc.audit.collect import run_audit
    from pssc.inventory import load_nornir

    with tempfile.TemporaryDirectory(prefix="pssc-audit-bench-") as tmp:
        folder = Path(tmp)
        cfg = LabConfig(
            base_port=0,
            https_base_port=0,
            state_dir=folder / "state",
            inventory_out=folder / "inventory",
            boot_seconds=0.2,
            fleet=fleet_file(folder, args.devices, 0.2, not args.same),
            workers=args.lab_workers,
        )
        t0 = time.perf_counter()
        with start_lab(cfg) as lab:
            t1 = time.perf_counter()
            nr = load_nornir(lab.inventory_dir, workers=args.workers)
            report = run_audit(nr, pins=folder / "pins.sqlite")
            t2 = time.perf_counter()
            nr.close_connections()
            again = run_audit(load_nornir(lab.inventory_dir, workers=args.workers),
                              pins=folder / "pins.sqlite")  # fmt: skip
            t3 = time.perf_counter()
    audited = sum(1 for h in report.hosts if h.facts.reachable)
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"devices            {args.devices} ({'healthy' if args.same else 'preset mix'})")
    print(f"lab start          {t1 - t0:.1f} s")
    rate = len(report.hosts) / (t2 - t1)
    print(f"audit (workers {args.workers:>3}) {t2 - t1:.1f} s  ({rate:.1f} hosts/s)")
    print(f"audit again        {t3 - t2:.1f} s  (pins: {again.counts()})")
    print(f"audited            {audited}/{len(report.hosts)} reachable")
    print(f"findings           {report.counts()}")
    print(f"peak RSS           {peak_mib:.0f} MiB (lab and audit in one process)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
