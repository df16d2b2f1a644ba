"""Roll out on N fresh lab devices and print wall time, hosts/s and CPU per host.

    .venv/bin/python bench/rollout_bench.py --devices 10 100 [500] [--workers 50]

For each N a lab runs in another process (``python -m pssc lab up`` on free ports, its CPU read
from /proc), and this process runs, in the same measurement:

- ``pssc rollout`` (``pssc.rollout.run_rollout``) on the N factory devices, then again (nothing
  to change: the idempotent second run);
- the baseline users have today: a plain sequential netmiko script doing the same steps with
  ``send_command_timing`` (on ``--baseline-sample`` devices of a fresh lab, scaled to N);
- the unavoidable cost: one RSA key generation of the wanted size plus two SSH handshakes
  (connect + password authentication, client and lab CPU), per host.

Target: 100 devices in under 30 s, CPU per host within 3x of the unavoidable cost.
Figures go into ``bench/RESULTS.md`` by hand; nothing here is a test.
"""

from __future__ import annotations

import argparse
import logging
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from _labproc import cpu_seconds, lab_up

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


@dataclass
class Lab:
    proc: subprocess.Popen[str]
    inventory: Path

    def cpu(self) -> float:
        """User + system CPU seconds of the lab process so far (all its threads)."""
        return cpu_seconds(self.proc.pid)


@contextmanager
def lab_process(devices: int, folder: Path, personality: str) -> Iterator[Lab]:
    """``pssc lab up`` in a child process; yields once it printed ``lab ready:``."""
    options = ("--devices", str(devices), "--boot-seconds", "0.5", "--personality", personality)
    with lab_up(folder, *options) as proc:
        yield Lab(proc, folder / "inventory")


@dataclass
class Run:
    wall: float
    cpu_client: float
    cpu_lab: float
    hosts: int
    failed: int = 0

    def line(self, label: str, n: int) -> str:
        cpu = (self.cpu_client + self.cpu_lab) / max(self.hosts, 1)
        return (
            f"  {label:34} {self.wall:8.2f} s  {n / self.wall:7.1f} hosts/s  "
            f"CPU {cpu:6.3f} s/host (pssc {self.cpu_client / max(self.hosts, 1):.3f}, "
            f"lab {self.cpu_lab / max(self.hosts, 1):.3f})"
            + (f"  FAILED {self.failed}" if self.failed else "")
        )


def measure(lab: Lab, func: object, hosts: int) -> Run:
    c0, l0, t0 = time.process_time(), lab.cpu(), time.perf_counter()
    failed = func()  # type: ignore[operator]
    return Run(
        time.perf_counter() - t0, time.process_time() - c0, lab.cpu() - l0, hosts, int(failed)
    )


def pssc_rollout(inventory: Path, workers: int) -> int:
    from pssc.inventory import load_nornir
    from pssc.rollout import run_rollout

    nr = load_nornir(inventory, workers=workers)
    try:
        done = run_rollout(nr)
    finally:
        nr.close_connections()
    failed = [o for o in done if o.status == "failed"]
    for o in failed[:3]:
        print(f"    {o.host}: {o.error}")
    return len(failed)


def dask_rollout(lab: Lab, n: int, args: argparse.Namespace) -> None:
    """``pssc rollout --dask-local W``: a LocalCluster of W processes, threads split among them."""
    from pssc.dask import DaskRunner
    from pssc.inventory import load_nornir
    from pssc.rollout import run_rollout

    threads = max(1, args.workers // args.dask_workers)
    with DaskRunner(local_workers=args.dask_workers, num_workers=threads) as runner:
        t0 = time.perf_counter()
        runner.live_workers()  # the cluster starts here, timed apart
        start = time.perf_counter() - t0
        nr = load_nornir(lab.inventory).with_runner(runner)
        cpu0 = sum(runner.client.run(time.process_time).values())

        def roll() -> int:
            return sum(o.status == "failed" for o in run_rollout(nr))

        run = measure(lab, roll, n)
        cpu = sum(runner.client.run(time.process_time).values()) - cpu0
    label = f"dask {args.dask_workers} workers x {threads} threads"
    print(run.line(label, n) + f"  (workers CPU {cpu / n:.3f} s/host, cluster start {start:.1f} s)")


def baseline_host(params: dict[str, object], key_size: int) -> bool:
    """What a user scripts today: the same steps, each read with send_command_timing."""
    from netmiko import ConnectHandler

    with ConnectHandler(**params) as conn:
        conn.enable()
        conn.send_command_timing("show running-config")
        conn.send_command_timing("show startup-config")
        conn.send_command_timing("configure terminal")
        for line in (
            "crypto pki trustpoint PSSC-SELF-SIGNED", "enrollment selfsigned", "serial-number",
            "ip-address none", f"rsakeypair PSSC-SELF-SIGNED {key_size}", "hash sha256", "exit",
        ):  # fmt: skip
            conn.send_command_timing(line)
        out = conn.send_command_timing("crypto pki enroll PSSC-SELF-SIGNED")
        for _ in range(4):
            if "[yes/no]" not in out and "[no]" not in out:
                break
            out = conn.send_command_timing("yes" if "Generate" in out else "no")
        conn.send_command_timing("ip http secure-trustpoint PSSC-SELF-SIGNED")
        conn.send_command_timing("ip http secure-server")
        conn.send_command_timing("end")
        saved = conn.send_command_timing("write memory")
        conn.send_command_timing("show startup-config")
    return "[OK]" in saved


def baseline(inventory: Path, sample: int, key_size: int) -> int:
    from pssc.inventory import load_nornir

    nr = load_nornir(inventory)
    failed = 0
    for host in list(nr.inventory.hosts.values())[:sample]:
        p = host.get_connection_parameters("netmiko")
        params: dict[str, object] = {
            "device_type": "cisco_ios", "host": p.hostname, "port": p.port,
            "username": p.username, "password": p.password, **(p.extras or {}),
        }  # fmt: skip
        failed += not baseline_host(params, key_size)
    return failed


def unavoidable(lab: Lab, sample: int, key_size: int) -> tuple[float, float, float]:
    """(keygen CPU s, handshake CPU s client+lab, handshake wall s) per host, over ``sample``."""
    import paramiko
    from cryptography.hazmat.primitives.asymmetric import rsa

    from pssc.inventory import load_nornir

    c0 = time.process_time()
    for _ in range(sample):
        rsa.generate_private_key(public_exponent=65537, key_size=key_size)
    keygen = (time.process_time() - c0) / sample
    hosts = list(load_nornir(lab.inventory).inventory.hosts.values())[:sample]
    c0, l0, t0 = time.process_time(), lab.cpu(), time.perf_counter()
    for host in hosts:
        for _ in range(2):
            client = paramiko.SSHClient()
            client.set_missing_host_key_policy(paramiko.AutoAddPolicy())
            client.connect(
                host.hostname or "127.0.0.1", port=host.port or 22, username=host.username,
                password=host.password, look_for_keys=False, allow_agent=False,
            )  # fmt: skip
            client.close()
    n = len(hosts)
    cpu = (time.process_time() - c0 + lab.cpu() - l0) / n
    return keygen, cpu, (time.perf_counter() - t0) / n


def bench(n: int, args: argparse.Namespace, baseline_per_host: list[float]) -> None:
    print(f"{n} devices ({args.personality}, {args.workers} workers)")
    with tempfile.TemporaryDirectory(prefix="pssc-rollout-bench-") as tmp:
        folder = Path(tmp)
        t0 = time.perf_counter()
        with lab_process(n, folder / "a", args.personality) as lab:
            print(f"  lab up in {time.perf_counter() - t0:.1f} s (another process)")
            first = measure(lab, lambda: pssc_rollout(lab.inventory, args.workers), n)
            print(first.line("pssc rollout (fresh devices)", n))
            again = measure(lab, lambda: pssc_rollout(lab.inventory, args.workers), n)
            print(again.line("pssc rollout again (unchanged)", n))
            keygen, handshake, hs_wall = unavoidable(lab, min(n, 10), args.key_size)
        floor = keygen + handshake
        per_host = (first.cpu_client + first.cpu_lab) / n
        print(
            f"  unavoidable per host: RSA-{args.key_size} keygen {keygen:.3f} s + two SSH "
            f"handshakes {handshake:.3f} s (wall {hs_wall:.3f} s) = {floor:.3f} s CPU; "
            f"rollout uses {per_host / floor:.1f}x"
        )
        if args.runner == "dask":  # the same rollout on a fresh lab through the Dask runner
            with lab_process(n, folder / "d", args.personality) as lab_d:
                dask_rollout(lab_d, n, args)
        if args.baseline_sample and not baseline_per_host:  # measured once, scaled to each N
            sample = min(n, args.baseline_sample)
            with lab_process(sample, folder / "b", args.personality) as lab_b:
                base = measure(
                    lab_b, lambda: baseline(lab_b.inventory, sample, args.key_size), sample
                )
            print(base.line(f"baseline netmiko timing ({sample} hosts)", sample))
            baseline_per_host.append(base.wall / sample)
        if baseline_per_host:
            scaled = baseline_per_host[0] * n
            print(
                f"  baseline scaled to {n} hosts: {scaled:8.1f} s sequential "
                f"({scaled / first.wall:.0f}x the rollout)"
            )


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--devices", type=int, nargs="+", default=[10, 100])
    p.add_argument("--workers", type=int, default=50)
    p.add_argument("--key-size", type=int, default=2048)
    p.add_argument("--personality", default="ios15")
    p.add_argument(
        "--baseline-sample",
        type=int,
        default=3,
        metavar="K",
        help="run the sequential baseline once on K devices and scale it to each N (0: skip)",
    )
    p.add_argument(
        "--runner",
        choices=("threaded", "dask"),
        default="threaded",
        help="dask: also roll out on a fresh lab through the Dask runner (threaded first)",
    )
    p.add_argument("--dask-workers", type=int, default=2, metavar="W", help="with --runner dask")
    args = p.parse_args()
    logging.basicConfig(level=logging.WARNING)
    logging.getLogger("nornir").setLevel(logging.CRITICAL)
    baseline_per_host: list[float] = []
    for n in args.devices:
        bench(n, args, baseline_per_host)
    return 0


if __name__ == "__main__":
    sys.exit(main())
