"""``make demo``: the whole job on the embedded lab, offline, in well under two minutes.

1. start the lab with ``lab/fleets/demo.yaml`` (factory, FN70489, unsaved, weak-key, healthy and
   no-crypto devices) in a temporary folder (``--state DIR`` keeps it);
2. audit (before): ``reports/before.html`` and ``reports/before.json``;
3. rollout with ``--fix`` (the certificates it made are pinned: an intended rotation);
4. verify with a reload;
5. audit (after): ``reports/after.html`` and ``reports/after.json``;
6. print a before/after summary and stop the lab.

The same runbooks as the commands (``pssc.audit``, ``pssc.rollout``, ``pssc.verify``), called
directly; the summary goes through the one table renderer (``pssc.output.table``).
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from nornir.core import Nornir

from pssc.audit.collect import run_audit
from pssc.audit.model import SEVERITIES, AuditReport
from pssc.audit.report import write_report
from pssc.inventory import load_nornir
from pssc.output.table import Column, render_table
from pssc.rollout import pin_changes, run_rollout
from pssc.verify.report import render
from pssc.verify.runbook import run_verify
from tasks.rollout import HostOutcome

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent
DEMO_FLEET = ROOT / "lab" / "fleets" / "demo.yaml"


@dataclass
class DemoResult:
    before: AuditReport | None = None
    after: AuditReport | None = None
    steps: list[tuple[str, str]] = field(default_factory=list)  # (step, outcome)
    files: list[Path] = field(default_factory=list)
    seconds: float = 0.0
    verify_table: str = ""  # pssc verify's table: fingerprints before/after side by side


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m pssc.demo", description=__doc__)
    p.add_argument("--fleet", type=Path, default=DEMO_FLEET, help="lab fleet file")
    p.add_argument("--reports", type=Path, default=Path("reports"), help="where reports go")
    p.add_argument("--state", type=Path, default=None, help="keep the lab state here")
    p.add_argument("--boot-seconds", type=float, default=1.0, help="lab devices' boot time")
    p.add_argument("--workers", type=int, default=20)
    p.add_argument("-v", "--verbose", action="count", default=0)
    return p


@contextmanager
def _folder(state: Path | None) -> Iterator[Path]:
    if state is not None:
        state.mkdir(parents=True, exist_ok=True)
        yield state
        return
    with tempfile.TemporaryDirectory(prefix="pssc-demo-") as tmp:
        yield Path(tmp)


def _audit(nr: Nornir, pins: Path, reports: Path, label: str, result: DemoResult) -> AuditReport:
    report = run_audit(nr, pins=pins, report_options={"run": label})
    for fmt in ("html", "json"):
        result.files.append(write_report(report, fmt, reports / f"{label}.{fmt}"))
    result.steps.append((f"audit ({label})", _counts_line(report)))
    return report


def _rollout(nr: Nornir, result: DemoResult) -> list[HostOutcome]:
    outcomes = run_rollout(nr, fix=True)
    result.steps.append(("rollout --fix", _tally(o.status for o in outcomes)))
    return outcomes


def _verify(nr: Nornir, pins: Path, result: DemoResult) -> None:
    reports = run_verify(nr, reload=True, pins=pins, boot_timeout=60.0)
    result.verify_table = render(reports, width=160)
    result.steps.append(("verify --reload", _tally(r.verdict for r in reports)))


def _accept_rotations(outcomes: list[HostOutcome], pins: Path, result: DemoResult) -> None:
    """The rollout made new certificates on purpose and pins them, as ``pssc rollout`` does."""
    accepted = pin_changes(outcomes, pins)
    result.steps.append(("pins accept", f"{accepted} certificate(s) made by the rollout pinned"))


def _tally(values: Iterable[str]) -> str:
    """``"2 changed, 1 failed"``: how many of each value, in alphabetical order."""
    return ", ".join(f"{n} {v}" for v, n in sorted(Counter(values).items()))


def _counts_line(report: AuditReport) -> str:
    counts = report.counts()
    return f"{len(report.hosts)} hosts: " + ", ".join(f"{counts[s]} {s}" for s in SEVERITIES)


def run_demo(
    fleet: Path = DEMO_FLEET,
    reports: Path = Path("reports"),
    state: Path | None = None,
    boot_seconds: float = 1.0,
    workers: int = 20,
) -> DemoResult:
    """Run the demo end to end; the lab is stopped on the way out, whatever happens."""
    from lab.runner import LabConfig, start_lab

    started = time.monotonic()
    result = DemoResult()
    with _folder(state) as folder:
        cfg = LabConfig(
            base_port=0,
            https_base_port=0,
            state_dir=folder / "lab-state",
            inventory_out=folder / "inventory",
            boot_seconds=boot_seconds,
            fleet=fleet,
        )
        pins = folder / "pins.sqlite"
        with start_lab(cfg) as lab:
            result.steps.append(("lab", f"{len(lab.hosts)} devices up ({fleet.name})"))
            nr = load_nornir(lab.inventory_dir, workers=workers)
            for host in nr.inventory.hosts.values():  # every demo device should serve HTTPS:
                host.data["https"] = True  # one left without a certificate is an error
            try:
                result.before = _audit(nr, pins, reports, "before", result)
                outcomes = _rollout(nr, result)
                nr.close_connections()
                _accept_rotations(outcomes, pins, result)
                _verify(nr, pins, result)
                nr.close_connections()
                result.after = _audit(nr, pins, reports, "after", result)
            finally:
                nr.close_connections()
    result.seconds = time.monotonic() - started
    return result


COMPARE = (
    Column("", whole=True),
    Column("before", justify="right"),
    Column("after", justify="right"),
)


def summary_lines(result: DemoResult, *, color: bool | None = None) -> list[str]:
    """The steps, findings before/after per severity and per rule, the reports, the time."""
    text = render_table(None, (Column("step", whole=True), "outcome"), result.steps, color=color)
    if result.before and result.after:
        b, a = result.before.counts(), result.after.counts()
        rows = [(s, b[s], a[s]) for s in SEVERITIES]
        text += render_table("findings per severity", COMPARE, rows, color=color)
        rb = Counter(f.rule for f in result.before.findings)
        ra = Counter(f.rule for f in result.after.findings)
        rows = [(r, rb[r], ra[r]) for r in sorted({*rb, *ra})]
        text += render_table("findings per rule", COMPARE, rows, color=color)
    lines = text.splitlines()
    lines += [f"report: {path}" for path in result.files]
    lines.append(f"took {result.seconds:.1f} s")
    return lines


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    level = logging.WARNING if args.verbose == 0 else logging.INFO
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    if not args.fleet.is_file():
        print(f"demo: no fleet file {args.fleet}", file=sys.stderr)
        return 2
    # a host that fails is in the reports; Nornir's traceback only with -vv. The levels are put
    # back afterwards: a caller's later runs in the same process keep their own logging
    quieted = {"paramiko": logging.WARNING}
    if args.verbose < 2:
        quieted["nornir.core.task"] = logging.CRITICAL
    before = {name: logging.getLogger(name).level for name in quieted}
    for name, quiet in quieted.items():
        logging.getLogger(name).setLevel(quiet)
    try:
        result = run_demo(args.fleet, args.reports, args.state, args.boot_seconds, args.workers)
    finally:
        for name, old in before.items():
            logging.getLogger(name).setLevel(old)
    print("pssc demo")
    if result.verify_table:
        print(result.verify_table, end="")
    print("\n".join(summary_lines(result)))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
