"""Start-up time of the console script (target: `pssc --help` and `pssc parse` under 0.5 s).

    .venv/bin/python bench/startup_bench.py [--repeat 15]

Each command runs as a user runs it (a fresh interpreter through the `pssc` console script);
prints the median and best wall time, and which of the lab / asyncssh modules each command
loaded (none but `pssc lab`). Figures go into ``bench/RESULTS.md`` by hand; nothing here is a
test.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PSSC = Path(sys.executable).with_name("pssc")
PROBE = (
    "import runpy, sys; sys.argv = ['pssc', *sys.argv[1:]]\n"
    "try:\n    runpy.run_module('pssc', run_name='__main__')\nexcept SystemExit:\n    pass\n"
    "print(sorted({m.split('.')[0] for m in sys.modules} & {'lab', 'asyncssh'}), file=sys.stderr)"
)


def wall(argv: list[str], stdin: str | None, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(argv, input=stdin, capture_output=True, text=True, check=False)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--repeat", type=int, default=15)
    args = p.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "run.txt"
        config.write_text("hostname R1\n!\nip http secure-server\n")
        cases = [
            ("pssc --help", ["--help"], None),
            ("pssc parse -c 'show run' FILE", ["parse", "-c", "show run", str(config)], None),
            ("pssc lab --help", ["lab", "--help"], None),
        ]
        print(f"{'command':36} {'median':>8} {'best':>8}  loads lab/asyncssh")
        for label, argv, stdin in cases:
            times = wall([str(PSSC), *argv], stdin, args.repeat)
            probe = subprocess.run(
                [sys.executable, "-c", PROBE, *argv], capture_output=True, text=True, check=False
            )
            loaded = probe.stderr.strip().splitlines()[-1] if probe.stderr.strip() else "?"
            print(f"{label:36} {statistics.median(times):7.3f}s {min(times):7.3f}s  {loaded}")


if __name__ == "__main__":
    main()
