"""Audit N lab devices and print how long it takes (target: 500 devices under 60 s).

    .venv/bin/python bench/audit_bench.py --devices 500 --workers 100

The lab runs in another process (``python -m pssc lab up --fleet ...`` on free ports; a mix of
the presets factory, healthy, unsaved, legacy-fn70489, weak-key, two-selfsigned); this process
runs ``pssc.audit.collect.run_audit`` over the whole inventory (show running-config, show
startup-config, show version, one TLS handshake per host, the pin store, the rules), then once
more (every pin now "same"), then renders the HTML report. Prints wall time, hosts per second,
CPU per host of this process and of the lab, the findings. Figures go into ``bench/RESULTS.md``
by hand; nothing here is a test.
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
from _labproc import cpu_seconds, lab_up

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PRESETS = ("factory", "healthy", "unsaved", "legacy-fn70489", "weak-key", "two-selfsigned")


def fleet_file(folder: Path, devices: int, mixed: bool) -> Path:
    """A fleet of ``devices``, spread evenly over the presets when ``mixed``."""
    presets = PRESETS if mixed else ("healthy",)
    entries = []
    for i, preset in enumerate(presets):
        count = devices // len(presets) + (1 if i < devices % len(presets) else 0)
        if count:
            entry = {"hostname": f"B{i}-{{n:04}}", "count": count, "preset": preset}
            if preset == "legacy-fn70489":
                entry["personality"] = "ios12"
            entries.append(entry)
    data = {"defaults": {"boot_seconds": 0.5, "personality": "ios15"}, "devices": entries}
    path = folder / "fleet.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def timed_audit(inventory: Path, workers: int, pins: Path, lab_pid: int) -> tuple[object, str]:
    from pssc.audit.collect import run_audit
    from pssc.inventory import load_nornir

    c0, l0, t0 = time.process_time(), cpu_seconds(lab_pid), time.perf_counter()
    nr = load_nornir(inventory, workers=workers)
    try:
        report = run_audit(nr, pins=pins)
    finally:
        nr.close_connections()
    wall = time.perf_counter() - t0
    client, lab = time.process_time() - c0, cpu_seconds(lab_pid) - l0
    n = len(report.hosts)
    line = (
        f"{wall:6.1f} s  {n / wall:5.1f} hosts/s  CPU/host {1000 * (client + lab) / n:.0f} ms"
        f" (audit {1000 * client / n:.0f} + lab {1000 * lab / n:.0f})"
    )
    return report, line


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--devices", type=int, default=500)
    p.add_argument("--workers", type=int, default=100)
    p.add_argument("--same", action="store_true", help="every device healthy (no preset mix)")
    args = p.parse_args()
    logging.basicConfig(level=logging.WARNING)
    logging.getLogger("nornir.core.task").setLevel(logging.CRITICAL)
    from pssc.audit.report import render

    with tempfile.TemporaryDirectory(prefix="pssc-audit-bench-") as tmp:
        folder = Path(tmp)
        fleet = fleet_file(folder, args.devices, not args.same)
        t0 = time.perf_counter()
        with lab_up(folder, "--fleet", str(fleet)) as lab:
            print(f"lab up            {time.perf_counter() - t0:.1f} s (another process)")
            pins = folder / "pins.sqlite"
            report, first = timed_audit(folder / "inventory", args.workers, pins, lab.pid)
            print(f"audit (pins new)  {first}")
            again, second = timed_audit(folder / "inventory", args.workers, pins, lab.pid)
            print(f"audit again       {second}")
        t1 = time.perf_counter()
        html = render(report, "html")  # type: ignore[arg-type]
        t2 = time.perf_counter()
    audited = sum(1 for h in report.hosts if h.facts.reachable)  # type: ignore[attr-defined]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"devices           {args.devices} ({'healthy' if args.same else 'preset mix'})")
    print(f"workers           {args.workers}")
    print(f"reachable         {audited}/{args.devices}")
    print(f"findings          {report.counts()}")  # type: ignore[attr-defined]
    print(f"findings again    {again.counts()}")  # type: ignore[attr-defined]
    print(f"HTML report       {len(html) // 1024} KiB in {t2 - t1:.2f} s")
    print(f"peak RSS (audit)  {peak:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
