"""Benchmark the emulated lab: start time, memory, round trips with netmiko and a raw shell.

Runs ``pssc lab up`` in a subprocess (so its memory and its CPU are its own) on free ports in a
temporary folder, then drives it from this process:

- first start (host keys made, NVRAM empty) and restart on the same state folder, until
  ``lab ready:``; resident memory of the lab process;
- a raw paramiko shell: one command round trip (send a line, read up to the prompt), which is what
  the lab adds to any client's cost;
- netmiko ``cisco_ios``: connect + enable + ``show running-config`` (one client), and the
  ``show running-config`` round trip of 50 concurrent sessions;
- the enroll dialog (trustpoint, ``crypto pki enroll``) through netmiko.

Usage: ``python bench/lab_bench.py [--devices N] [--sessions 50] [--rounds 20] [--fleet FILE]``.
Prints figures; nothing fails. Record them in ``bench/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import paramiko
import yaml
from netmiko import ConnectHandler

ROOT = Path(__file__).resolve().parents[1]


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def ms(values: list[float]) -> str:
    return (
        f"p50 {pct(values, 50) * 1000:7.1f} ms  p95 {pct(values, 95) * 1000:7.1f} ms"
        f"  (n={len(values)})"
    )


class LabProcess:
    def __init__(
        self, folder: Path, devices: int, boot_seconds: float = 0.5, fleet: Path | None = None
    ) -> None:
        self.folder = folder
        self.args = [
            sys.executable, "-m", "pssc", "lab", "up", "--devices", str(devices),
            "--base-port", "0", "--https-base-port", "0", "--state-dir", str(folder / "state"),
            "--inventory-out", str(folder / "inventory"), "--boot-seconds", str(boot_seconds),
        ]  # fmt: skip
        if fleet is not None:
            self.args += ["--fleet", str(fleet.resolve())]
        self.proc: subprocess.Popen[str] | None = None

    def start(self) -> float:
        began = time.perf_counter()
        self.proc = subprocess.Popen(
            self.args, cwd=ROOT, stdout=subprocess.PIPE, text=True, start_new_session=True
        )
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            if line.startswith("lab ready:"):
                return time.perf_counter() - began
        raise RuntimeError(f"lab exited with {self.proc.wait()} before it was ready")

    def rss_mib(self) -> float:
        assert self.proc is not None
        status = Path(f"/proc/{self.proc.pid}/status").read_text()
        match = re.search(r"VmRSS:\s+(\d+) kB", status)
        return int(match.group(1)) / 1024 if match else float("nan")

    def stop(self) -> float:
        assert self.proc is not None
        began = time.perf_counter()
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(timeout=120)
        return time.perf_counter() - began

    def hosts(self) -> dict[str, Any]:
        data: dict[str, Any] = yaml.safe_load((self.folder / "inventory/hosts.yaml").read_text())
        return data


def netmiko_params(host: dict[str, Any]) -> dict[str, Any]:
    return {
        "device_type": "cisco_ios",
        "host": host["hostname"],
        "port": host["port"],
        "username": host["username"],
        "password": host["password"],
        "secret": host["connection_options"]["netmiko"]["extras"]["secret"],
    }


def raw_round_trips(host: dict[str, Any], rounds: int, command: str = "show clock") -> list[float]:
    """Send ``command`` on a plain shell and time until the prompt is back."""
    client = paramiko.SSHClient()
    client.set_missing_host_key_policy(paramiko.AutoAddPolicy())
    client.connect(
        host["hostname"],
        port=host["port"],
        username=host["username"],
        password=host["password"],
        look_for_keys=False,
        allow_agent=False,
    )
    chan = client.invoke_shell(width=511, height=0)
    buf = b""
    while not buf.rstrip().endswith(b">"):
        buf += chan.recv(65536)
    times = []
    for _ in range(rounds):
        buf = b""
        began = time.perf_counter()
        chan.sendall(command.encode() + b"\r")
        while not buf.endswith(b">"):
            buf += chan.recv(65536)
        times.append(time.perf_counter() - began)
    client.close()
    return times


def raw_concurrent(hosts: list[dict[str, Any]], sessions: int, rounds: int) -> list[float]:
    with ThreadPoolExecutor(max_workers=sessions) as pool:
        runs = pool.map(lambda i: raw_round_trips(hosts[i % len(hosts)], rounds), range(sessions))
        return [t for times in runs for t in times]


def connect_enable_showrun(host: dict[str, Any]) -> float:
    began = time.perf_counter()
    conn = ConnectHandler(**netmiko_params(host))
    conn.enable()
    conn.send_command("show running-config")
    elapsed = time.perf_counter() - began
    conn.disconnect()
    return elapsed


def concurrent_showrun(hosts: list[dict[str, Any]], sessions: int, rounds: int) -> list[float]:
    def one(i: int) -> list[float]:
        conn = ConnectHandler(**netmiko_params(hosts[i % len(hosts)]))
        conn.enable()
        out = []
        for _ in range(rounds):
            began = time.perf_counter()
            conn.send_command("show running-config")
            out.append(time.perf_counter() - began)
        conn.disconnect()
        return out

    with ThreadPoolExecutor(max_workers=sessions) as pool:
        return [t for times in pool.map(one, range(sessions)) for t in times]


ENROLL_ANSWERS = (
    ("serial number", "no"),
    ("IP address", "no"),
    ("Generate Self Signed Router Certificate", "yes"),
    ("replace", "yes"),
    ("continue generating", "yes"),
    ("re-enrollment", "yes"),
)


def enroll_cost(host: dict[str, Any], bits: int) -> float:
    """Trustpoint + ``crypto pki enroll`` dialog answered by pattern, key generation included."""
    conn = ConnectHandler(**netmiko_params(host))
    conn.enable()
    try:
        began = time.perf_counter()
        out = conn.send_config_set(
            ["crypto pki trustpoint BENCH", "enrollment selfsigned", f"rsakeypair BENCH {bits}"]
        )
        if "Invalid input" in out:
            raise RuntimeError(f"trustpoint refused: {out!r}")
        conn.config_mode()
        command, seen = "crypto pki enroll BENCH", ""
        for _ in range(8):
            out = conn.send_command(command, expect_string=r"(\]:|\(config\)#)", strip_prompt=False)
            seen += out
            if out.rfind("(config)#") > out.rfind("]:"):
                break
            line = out[: out.rfind("]:") + 2].splitlines()[-1]
            command = next((a for q, a in ENROLL_ANSWERS if q in line), "")
            if not command:
                raise RuntimeError(f"unexpected prompt {line!r}")
        elapsed = time.perf_counter() - began
        if "successfully created" not in seen:
            raise RuntimeError(f"no certificate: {seen!r}")
        conn.exit_config_mode()
        return elapsed
    finally:
        conn.disconnect()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--devices", type=int, default=50)
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--fleet", type=Path, help="a fleet file instead of N factory devices")
    args = parser.parse_args()
    what = f"fleet {args.fleet}" if args.fleet else f"{args.devices} factory devices"
    print(f"lab bench: {what}, {os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory(prefix="pssc-lab-bench-") as tmp:
        lab = LabProcess(Path(tmp), args.devices, fleet=args.fleet)
        print(f"first start (host keys made): {lab.start():6.2f} s   RSS {lab.rss_mib():7.1f} MiB")
        print(f"stop (SIGTERM):               {lab.stop():6.2f} s")
        print(f"restart (same state):         {lab.start():6.2f} s   RSS {lab.rss_mib():7.1f} MiB")
        try:
            hosts = list(lab.hosts().values())
            print(f"devices: {len(hosts)}")
            print(f"raw shell round trip (lab cost):       {ms(raw_round_trips(hosts[0], 200))}")
            raw = raw_concurrent(hosts, args.sessions, args.rounds * 5)
            print(f"raw round trip, {args.sessions} concurrent sessions: {ms(raw)}")
            single = [connect_enable_showrun(hosts[i % len(hosts)]) for i in range(args.rounds)]
            print(f"netmiko connect+enable+show run:       {ms(single)}")
            conc = concurrent_showrun(hosts, args.sessions, args.rounds)
            print(f"show run, {args.sessions} concurrent sessions:    {ms(conc)}")
            print(f"RSS after the sessions: {lab.rss_mib():7.1f} MiB")
            showrun = raw_round_trips(hosts[1], 100, "show running-config")
            print(f"raw show running-config round trip:    {ms(showrun)}")
            for n, bits in enumerate((1024, 2048)):
                costs = [enroll_cost(hosts[-1 - i - 5 * n], bits) for i in range(5)]
                print(f"trustpoint + enroll dialog, {bits}-bit:  {ms(costs)}")
        finally:
            lab.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
