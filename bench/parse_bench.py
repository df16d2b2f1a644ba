"""Parse speed: 1,000 certificates of ``show crypto pki certificates verbose`` (target < 1 s)
and a 5,000-line running configuration, built by repeating real corpus blocks.

    .venv/bin/python bench/parse_bench.py [--repeat 5]

Prints the first call (TTP template objects are built then), the median and best of the
following calls, and the rate. Figures go into ``bench/RESULTS.md`` by hand; nothing here is a
test.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from parsers import parse  # noqa: E402

GOLDEN = ROOT / "tests" / "golden"


def verbose_output(certificates: int) -> str:
    """A ``show crypto pki certificates verbose`` capture with this many certificate blocks."""
    blocks: list[str] = []
    for path in sorted((GOLDEN / "show_crypto_pki_certificates_verbose").glob("*.txt")):
        text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
        blocks += [b.strip("\n") for b in re.split(r"\n\s*\n(?=\S)", text) if b.strip()]
    out = [blocks[i % len(blocks)] for i in range(certificates)]
    return "R1#show crypto pki certificates verbose\n" + "\n\n".join(out) + "\n\nR1#"


def running_config(lines: int, chains: int) -> str:
    """A running configuration of about ``lines`` lines holding ``chains`` certificate chains.

    The chains repeat the real self-signed and CA chains of the corpus (renamed); the rest
    repeats the corpus configuration's other top-level blocks.
    """
    source = (GOLDEN / "show_running_config" / "ciscoconfparse_1.txt").read_text()
    chain_blocks = re.findall(r"crypto pki certificate chain .*?\n\s+quit\n", source, re.S)
    filler = (GOLDEN / "show_running_config" / "ansible_cisco_ios_1.txt").read_text()
    filler_lines = [
        ln
        for ln in filler.splitlines()[1:]
        if ln[:1].isalpha() and not ln.startswith(("hostname", "crypto"))
    ]
    out = ["Building configuration...", "", "Current configuration : 99999 bytes", "!"]
    out += ["hostname BENCH", "!"]
    for n in range(chains):
        block = chain_blocks[n % len(chain_blocks)]
        name = f"TP-bench-{n}"
        out += [f"crypto pki trustpoint {name}", " enrollment selfsigned", " revocation-check none"]
        out += [f" rsakeypair {name}", "!"]
        out += [*re.sub(r"chain \S+", f"chain {name}", block).rstrip("\n").split("\n"), "!"]
    out += ["ip http server", "ip http secure-server", "ip http secure-trustpoint TP-bench-0"]
    n = 0
    while len(out) < lines - 1:
        out += [f"interface GigabitEthernet0/{n}", " no ip address", " shutdown", "!"]
        out.append(filler_lines[n % len(filler_lines)])
        n += 1
    out.append("end")
    return "\n".join(out) + "\n"


def timed(func: Callable[[], Any], repeat: int) -> tuple[float, list[float], Any]:
    start = time.perf_counter()
    result = func()
    first = time.perf_counter() - start
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        runs.append(time.perf_counter() - start)
    return first, runs, result


def report(label: str, first: float, runs: list[float], unit: str, count: int) -> None:
    median = statistics.median(runs)
    print(
        f"{label}: first {first:.3f} s, median {median:.3f} s, best {min(runs):.3f} s "
        f"over {len(runs)} runs; {count / median:,.0f} {unit}/s"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--certificates", type=int, default=1000)
    parser.add_argument("--lines", type=int, default=5000)
    args = parser.parse_args(argv)

    text = verbose_output(args.certificates)
    first, runs, result = timed(
        lambda: parse("show crypto pki certificates verbose", text), args.repeat
    )
    assert len(result) == args.certificates, len(result)
    lines = text.count("\n")
    print(f"verbose output: {args.certificates} certificates, {lines} lines, {len(text):,} chars")
    report("  show crypto pki certificates verbose", first, runs, "certificates", len(result))
    verdict = "met" if statistics.median(runs) < 1.0 else "NOT met"
    print(f"  target 1,000 certificates under 1 s: {verdict}")

    for chains in (2, 100):
        config = running_config(args.lines, chains)
        first, runs, result = timed(lambda c=config: parse("show running-config", c), args.repeat)
        decoded = sum(
            1 for c in result["certificate_chains"] for e in c["certificates"] if e["certificate"]
        )
        print(
            f"running config: {config.count(chr(10))} lines, {len(result['trustpoints'])} "
            f"trustpoints, {decoded} certificates decoded and verified"
        )
        report("  show running-config", first, runs, "lines", config.count("\n"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
