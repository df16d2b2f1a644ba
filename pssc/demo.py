"""``make demo``: the whole job on the embedded lab, offline, in well under two minutes.

1. start the lab with ``lab/fleets/demo.yaml`` (factory, FN70489, unsaved, weak-key, healthy and
   no-crypto devices) in a temporary folder (``--state DIR`` keeps it);
2. audit (before): ``reports/before.html`` and ``reports/before.json``;
3. rollout with ``--fix`` (the certificates it made are pinned: an intended rotation);
4. verify with a reload;
5. audit (after): ``reports/after.html`` and ``reports/after.json``;
6. print a before/after summary and stop the lab.

A step whose runbook is not installed is reported as skipped, never faked.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pssc.audit.model import SEVERITIES, AuditReport

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


def _find(module: str, names: tuple[str, ...]) -> Callable[..., Any] | None:
    """The first of ``names`` in ``module``, or None when the module is not there."""
    try:
        mod = importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name and module.startswith(exc.name):
            return None
        raise
    for name in names:
        func = getattr(mod, name, None)
        if callable(func):
            return func  # type: ignore[no-any-return]
    return None


def _audit(nr: Any, pins: Path, reports: Path, label: str, result: DemoResult) -> AuditReport:
    from pssc.audit.collect import run_audit
    from pssc.audit.writers import write_report

    report = run_audit(nr, pins=pins, report_options={"run": label})
    for fmt in ("html", "json"):
        result.files.append(write_report(report, fmt, reports / f"{label}.{fmt}"))
    result.steps.append((f"audit ({label})", _counts_line(report)))
    return report


def _rollout(nr: Any, result: DemoResult) -> list[Any]:
    run = _find("pssc.rollout", ("run_rollout", "rollout"))
    if run is None:
        result.steps.append(("rollout --fix", "skipped: pssc.rollout is not installed yet"))
        return []
    outcome = run(nr, fix=True)
    result.steps.append(("rollout --fix", _outcome(outcome)))
    return list(outcome) if isinstance(outcome, list | tuple) else []


def _verify(nr: Any, pins: Path, result: DemoResult) -> None:
    run = _find("pssc.verify.runbook", ("run_verify",))
    if run is None:
        result.steps.append(("verify --reload", "skipped: pssc.verify is not installed yet"))
        return
    reports = run(nr, reload=True, pins=pins, boot_timeout=60.0)
    from pssc.commands.verify import render_table

    result.verify_table = render_table(reports, width=160)
    verdicts: dict[str, int] = {}
    for report in reports:
        verdict = str(getattr(report, "verdict", "?"))
        verdicts[verdict] = verdicts.get(verdict, 0) + 1
    result.steps.append(
        ("verify --reload", ", ".join(f"{n} {v}" for v, n in sorted(verdicts.items())))
    )


def _accept_rotations(outcomes: list[Any], pins: Path, result: DemoResult) -> None:
    """The rollout made new certificates on purpose and pins them, as ``pssc rollout`` does."""
    from pssc.rollout import pin_changes

    accepted = pin_changes(outcomes, pins)
    result.steps.append(("pins accept", f"{accepted} certificate(s) made by the rollout pinned"))


def _outcome(outcome: Any) -> str:
    if isinstance(outcome, list | tuple):
        statuses: dict[str, int] = {}
        for item in outcome:
            status = str(getattr(item, "status", "done"))
            statuses[status] = statuses.get(status, 0) + 1
        return ", ".join(f"{n} {s}" for s, n in sorted(statuses.items()))
    failed = getattr(outcome, "failed_hosts", None)
    if isinstance(failed, dict):
        return f"{len(outcome)} host(s), {len(failed)} failed"
    return "done"


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
    from pssc.inventory import load_nornir

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


def _by_rule(report: AuditReport) -> dict[str, int]:
    counts: dict[str, int] = {}
    for finding in report.findings:
        counts[finding.rule] = counts.get(finding.rule, 0) + 1
    return counts


def summary_lines(result: DemoResult) -> list[str]:
    lines = [f"  {step:16} {outcome}" for step, outcome in result.steps]
    if result.before and result.after:
        b, a = result.before.counts(), result.after.counts()
        lines.append("")
        lines.append(f"  {'severity':10} {'before':>7} {'after':>7}")
        lines += [f"  {s:10} {b[s]:7} {a[s]:7}" for s in SEVERITIES]
        lines += ["", f"  {'rule':22} {'before':>7} {'after':>7}"]
        rb, ra = _by_rule(result.before), _by_rule(result.after)
        lines += [f"  {r:22} {rb.get(r, 0):7} {ra.get(r, 0):7}" for r in sorted({*rb, *ra})]
    lines.append("")
    lines += [f"  report: {path}" for path in result.files]
    lines.append(f"  took {result.seconds:.1f} s")
    return lines


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    level = logging.WARNING if args.verbose == 0 else logging.INFO
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("paramiko").setLevel(logging.WARNING)
    if args.verbose < 2:  # a host that fails is in the reports; Nornir's traceback only with -vv
        logging.getLogger("nornir.core.task").setLevel(logging.CRITICAL)
    if not args.fleet.is_file():
        print(f"demo: no fleet file {args.fleet}", file=sys.stderr)
        return 2
    result = run_demo(args.fleet, args.reports, args.state, args.boot_seconds, args.workers)
    print("pssc demo")
    if result.verify_table:
        print(result.verify_table, end="")
    print("\n".join(summary_lines(result)))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
