"""The whole fleet in about one device's time: rollout, audit and verify over a lab fleet with
device-like timing, pssc's defaults today against the old ones (threaded runner, 20 workers).

    .venv/bin/python bench/fleet_bench.py [--fleet lab/fleets/realistic1000.yaml] [--devices 200]
                                          [--reload-hosts 12] [--no-old]

One lab (``pssc lab up --fleet``, another process; ``--devices N`` keeps the file's seed, defaults
and special devices and shortens the big entry). Each measurement runs pssc in a child process
(its CPU and peak RSS from ``wait4``), on every device but one:

- **single**: the command on the slowest device of the file alone (largest key generation +
  round trips): the time the fleet is compared with (rollouts use ``--rotate``, so each run
  does the full work);
- **rollout / audit / verify** (no reload) over the fleet, new defaults, then the old ones;
- **verify --reload** of ``--reload-hosts`` devices in waves (canary 1, ``--batch 50%``): the
  waves seen in the timeline, the most hosts down at once, whether waves overlapped.

Per run: wall, wall / single, CPU per host (pssc and lab), pssc's peak RSS, host starts (logins)
a second. Figures go into ``bench/RESULTS.md`` by hand; nothing here is a test.
"""

from __future__ import annotations

import argparse
import itertools
import json
import logging
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import yaml
from _labproc import ROOT, cpu_seconds, lab_up

sys.path.insert(0, str(ROOT))
logging.getLogger("nornir").setLevel(logging.CRITICAL)
OLD = {"plugin": "threaded", "options": {"num_workers": 20}}


def scaled_fleet(source: Path, devices: int | None, folder: Path) -> Path:
    """The fleet file, its largest entry shortened so the fleet has ``devices`` devices."""
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    if devices is not None:
        entries = data["devices"]
        big = max(entries, key=lambda e: e.get("count", 1))
        others = sum(e.get("count", 1) for e in entries) - big.get("count", 1)
        big["count"] = max(1, devices - others)
    out = folder / "fleet.yaml"
    out.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return out


def slowest(fleet: Path) -> str:
    """The device a rollout takes longest on (and that can succeed): key generation + ~20 RTTs."""
    from lab.fleet import load_fleet

    ok = [s for s in load_fleet(fleet) if not (s.faults.auth_fails or s.faults.no_crypto_image
                                               or s.faults.nvram_write_error)]  # fmt: skip
    return max(ok, key=lambda s: s.faults.slow_keygen + 20 * s.faults.latency_ms / 1000).name


# --- the child: one pssc run, in its own process ---------------------------------------------


class Starts:
    """A Nornir processor noting when each host starts (its SSH login follows at once) and when
    it finishes."""

    def __init__(self) -> None:
        self.first: dict[str, float] = {}
        self.last: dict[str, float] = {}

    @property
    def times(self) -> list[float]:
        return list(self.first.values())

    def task_instance_started(self, task: Any, host: Any) -> None:
        self.first.setdefault(host.name, time.time())

    def task_instance_completed(self, task: Any, host: Any, result: Any) -> None:
        self.last[host.name] = time.time()

    def sessions(self, t0: float) -> list[tuple[float, float]]:
        """(start, end) of each host from ``t0``, in the order they started."""
        return sorted((t - t0, self.last[h] - t0) for h, t in self.first.items() if h in self.last)

    def __getattr__(self, name: str) -> Any:
        return lambda *a, **k: None


def child(args: argparse.Namespace) -> None:
    from pssc.inventory import load_nornir

    hosts = args.hosts.split(",")
    runner = OLD if args.mode == "old" else None
    nr = load_nornir(Path(args.inventory), hosts=hosts, runner=runner)
    starts = Starts()
    nr = nr.with_processors([starts])
    out: dict[str, Any] = {}
    t0 = time.time()
    try:
        if args.command == "rollout":
            from pssc.rollout import run_rollout

            done = run_rollout(nr, rotate=True)
            out["status"] = [o.status for o in done]
            out["errors"] = [o.error for o in done if o.error]
        elif args.command == "audit":
            from pssc.audit.collect import run_audit

            report = run_audit(nr)
            out["status"] = [str(len(a.findings)) for a in report.hosts]
        else:
            from pssc.fleet.waves import WavePolicy, parse_count
            from pssc.verify.runbook import run_verify

            reload = args.command == "verify-reload"
            waves = WavePolicy(canary=1, batch=parse_count(args.batch), max_fail=None)
            reports = run_verify(nr, reload=reload, pins=None, waves=waves, boot_timeout=300)
            out["status"] = [r.verdict for r in reports]
            out["timeline"] = {r.host: {**r.timeline, "wave": r.wave} for r in reports}
    finally:
        nr.close_connections()
    out["wall"] = time.time() - t0
    out["starts"] = sorted(t - t0 for t in starts.times)
    out["sessions"] = starts.sessions(t0)
    print("RESULT " + json.dumps(out))


# --- the parent ------------------------------------------------------------------------------


def run_child(lab: subprocess.Popen[str], inventory: Path, command: str, mode: str,
              hosts: list[str], batch: str = "50%") -> dict[str, Any]:  # fmt: skip
    cmd = [sys.executable, __file__, "--child", "--inventory", str(inventory), "--command",
           command, "--mode", mode, "--hosts", ",".join(hosts), "--batch", batch]  # fmt: skip
    lab_cpu = cpu_seconds(lab.pid)
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, cwd=ROOT)
    assert proc.stdout is not None
    text = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    proc.stdout.close()
    line = next((x for x in text.splitlines() if x.startswith("RESULT ")), None)
    if line is None:
        raise SystemExit(f"{command} {mode}: no result (exit {proc.returncode})")
    out: dict[str, Any] = json.loads(line[len("RESULT ") :])
    out["cpu"] = usage.ru_utime + usage.ru_stime
    out["rss_mib"] = usage.ru_maxrss / 1024
    out["lab_cpu"] = cpu_seconds(lab.pid) - lab_cpu
    out["hosts"] = len(hosts)
    return out


def line(label: str, r: dict[str, Any], single: float | None) -> str:
    n = r["hosts"]
    starts = r["starts"]
    span = (starts[-1] - starts[0]) if len(starts) > 1 else 0.0
    rate = (len(starts) - 1) / span if span > 0 else float("nan")
    ratio = f"{r['wall'] / single:5.2f}x" if single else "   - "
    bad = sum(s in ("failed", "unreachable", "skipped") for s in r["status"])
    took = sorted(end - start for start, end in r.get("sessions") or [(0.0, 0.0)])
    return (f"  {label:28} {r['wall']:7.1f} s  {ratio}  CPU/host pssc {r['cpu'] / n:.3f} s "
            f"lab {r['lab_cpu'] / n:.3f} s  RSS {r['rss_mib']:6.0f} MiB  "
            f"starts {rate:6.1f}/s  host time median {took[len(took) // 2]:.1f} s, "
            f"max {took[-1]:.1f} s  failed {bad}")  # fmt: skip


def errors_summary(r: dict[str, Any]) -> str:
    """The most frequent failure messages (host names and numbers blurred), one line each."""
    kinds = Counter(re.sub(r"[A-Z]+\d+|\d+(\.\d+)?", "N", e)[:110] for e in r.get("errors", []))
    return "".join(f"    {n} x {kind}\n" for kind, n in kinds.most_common(5))


def waves_summary(r: dict[str, Any]) -> str:
    waves: dict[str, list[dict[str, Any]]] = {}
    for t in r["timeline"].values():
        if t.get("wave"):
            waves.setdefault(t["wave"], []).append(t)
    order = sorted(waves, key=lambda w: min(t["reload_requested"] or 0 for t in waves[w]))
    spans = []
    for w in order:
        down = [t["went_down"] for t in waves[w] if t.get("went_down")]
        back = [t["ssh_back"] for t in waves[w] if t.get("ssh_back")]
        spans.append((w, len(waves[w]), min(down or [0]), max(back or [0])))
    overlap = any(a[3] > b[2] for a, b in itertools.pairwise(spans))
    events = sorted([(t["went_down"], 1) for ts in waves.values() for t in ts if t.get("went_down")]
                    + [(t["ssh_back"], -1) for ts in waves.values() for t in ts
                       if t.get("ssh_back")])  # fmt: skip
    most = now = 0
    for _, step in events:
        now += step
        most = max(most, now)
    sizes = ", ".join(f"{w} {n}" for w, n, _, _ in spans)
    return f"  waves: {sizes}; most down at once {most}; waves overlapped: {overlap}"


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--fleet", type=Path, default=ROOT / "lab/fleets/realistic1000.yaml")
    p.add_argument("--devices", type=int, default=None, help="shorten the fleet to N devices")
    p.add_argument("--reload-hosts", type=int, default=12)
    p.add_argument("--no-old", action="store_true", help="only the new defaults")
    p.add_argument("--commands", nargs="+", default=["rollout", "audit", "verify", "verify-reload"])
    p.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--inventory", help=argparse.SUPPRESS)
    p.add_argument("--command", help=argparse.SUPPRESS)
    p.add_argument("--mode", help=argparse.SUPPRESS)
    p.add_argument("--hosts", help=argparse.SUPPRESS)
    p.add_argument("--batch", default="50%", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.child:
        child(args)
        return
    with tempfile.TemporaryDirectory(prefix="pssc-fleet-bench-") as tmp:
        folder = Path(tmp)
        fleet = scaled_fleet(args.fleet, args.devices, folder)
        one = slowest(fleet)
        t0 = time.perf_counter()
        with lab_up(folder, "--fleet", str(fleet)) as lab:
            inventory = folder / "inventory"
            names = list(yaml.safe_load((inventory / "hosts.yaml").read_text()))
            print(f"fleet {fleet.name}: {len(names)} devices, lab up in "
                  f"{time.perf_counter() - t0:.1f} s; single device: {one}; {os.cpu_count()} "
                  "CPUs", flush=True)  # fmt: skip
            rest = [n for n in names if n != one]
            modes = ["new"] if args.no_old else ["new", "old"]
            for command in args.commands:
                if command == "verify-reload":
                    continue
                single = run_child(lab, inventory, command, "new", [one])
                print(line(f"{command} single ({one})", single, None), flush=True)
                base = single["wall"]
                for mode in modes:
                    r = run_child(lab, inventory, command, mode, rest)
                    print(line(f"{command} {len(rest)} ({mode})", r, base), flush=True)
                    print(errors_summary(r), end="", flush=True)
            if "verify-reload" in args.commands:
                healthy = [n for n in rest if n.startswith("E")][: args.reload_hosts]
                run_child(lab, inventory, "rollout", "new", healthy)  # a certificate to prove
                r = run_child(lab, inventory, "verify-reload", "new", healthy, batch="50%")
                print(line(f"verify --reload {len(healthy)} (waves)", r, None), flush=True)
                print(waves_summary(r), flush=True)


if __name__ == "__main__":
    main()
