"""TTP template objects, built once per template and reused (TTP is not thread-safe: a lock)."""

from __future__ import annotations

import threading
from functools import cache
from pathlib import Path
from typing import Any

from ttp import ttp

TEMPLATES = Path(__file__).parent / "templates"


class _Template:
    def __init__(self, name: str) -> None:
        self.name = name
        self.parser = ttp(template=(TEMPLATES / f"{name}.ttp").read_text(encoding="utf-8"))
        self.lock = threading.Lock()

    def run(self, text: str) -> dict[str, Any]:
        with self.lock:
            self.parser.clear_input()
            self.parser.clear_result()
            self.parser.add_input(text)
            self.parser.parse(one=True)
            result = self.parser.result()
        # one template, one input: [[{...}]]
        try:
            first = result[0][0]
        except (IndexError, KeyError, TypeError):
            return {}
        if isinstance(first, list):  # several matches of top-level groups without a path
            merged: dict[str, Any] = {}
            for item in first:
                merged.update(item)
            return merged
        return first if isinstance(first, dict) else {}


@cache
def template(name: str) -> _Template:
    """The TTP object of ``templates/<name>.ttp``, built on first use."""
    return _Template(name)


def run(name: str, text: str) -> dict[str, Any]:
    """Parse ``text`` with template ``name``; the top-level results as one dict."""
    return template(name).run(text)
