"""Issue 14 item 6: comments and docs cite only documents a user of pssc has (``docs/``)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Documents of the workplace that built pssc, which a user of the project does not have.
FOREIGN = re.compile(
    r"prompt-variants|ios-behaviour §|\bspec (?:section )?\d|shared/(?:spec|corpus|seed)|STYLE\.md"
)
PACKAGES = ("pssc", "tasks", "parsers", "lab", "tests", "bench", "docs", "inventory")


def _sources() -> list[Path]:
    files = [ROOT / "README.md", ROOT / "Makefile", ROOT / "pyproject.toml"]
    for pkg in PACKAGES:
        files += [p for p in (ROOT / pkg).rglob("*") if p.suffix in {".py", ".md", ".yaml", ".ttp"}]
    return [p for p in files if p.is_file() and p != Path(__file__)]


def test_no_source_cites_a_document_users_lack() -> None:
    hits = []
    for path in _sources():
        for n, line in enumerate(
            path.read_text(encoding="utf-8", errors="replace").splitlines(), 1
        ):
            # docs/ios-behaviour.md is the project's own; only a bare name without docs/ is foreign
            if FOREIGN.search(line.replace("docs/ios-behaviour.md", "")):
                hits.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert not hits, "cite docs/ instead:\n" + "\n".join(hits)


def test_the_cited_docs_exist() -> None:
    assert (ROOT / "docs" / "prompts.md").is_file()
    assert (ROOT / "docs" / "ios-behaviour.md").is_file()
