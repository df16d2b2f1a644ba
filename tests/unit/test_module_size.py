"""Issue 16: no module of pssc, tasks, parsers or lab over 350 lines (split it into a package)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LIMIT = 350


def test_no_module_over_the_limit() -> None:
    big = []
    for pkg in ("pssc", "tasks", "parsers", "lab"):
        for path in sorted((ROOT / pkg).rglob("*.py")):
            n = len(path.read_text(encoding="utf-8").splitlines())
            if n > LIMIT:
                big.append(f"{path.relative_to(ROOT)}: {n} lines")
    assert not big, f"modules over {LIMIT} lines:\n" + "\n".join(big)
