"""TTP template objects, built once and reused (TTP is not thread-safe: a pool per template)."""

from __future__ import annotations

import copy
import logging
import queue
import threading
from pathlib import Path
from typing import Any

from ttp import ttp

from parsers.errors import ParseError

TEMPLATES = Path(__file__).parent / "templates"


class _QuietCache(logging.Filter):
    """TTP keeps a pickle of its function table next to its own code and logs a WARNING when it
    cannot read or write it (a read-only install, or two processes writing it at once: a Dask
    worker, a test run). TTP then loads the functions directly, so nothing is lost: drop exactly
    those two messages, keep every other TTP record."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        return not (
            message.startswith("ttp.lazy_import_functions: failed")
            and "ttp_dict_cache.pickle" in message
        )


logging.getLogger("ttp.ttp").addFilter(_QuietCache())


class _Template:
    """One template's TTP objects: a pool, each object parsing for one thread at a time.

    A TTP object is stateful (its inputs and results), so two threads cannot share one; a lock
    around a single object was tried and became the bottleneck of a 1,000-device run: a parse
    takes a fraction of a millisecond, but each hand-over of the lock waits for the next thread to
    get the interpreter back among hundreds of busy ones (260 sessions queued on it, 25 s each).
    A thread that finds no free object builds another (a few ms, at most ``MAX_OBJECTS``; past
    that it waits for one), so parses never queue behind each other.
    """

    MAX_OBJECTS = 32

    def __init__(self, name: str) -> None:
        self.name = name
        text = (TEMPLATES / f"{name}.ttp").read_text(encoding="utf-8")
        # a template may extend another one of this folder: <extend template="{TEMPLATES}/x.ttp"/>
        self.text = text.replace("{TEMPLATES}", str(TEMPLATES))
        self.free: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self.built = 0
        self._release(self._build())

    def _build(self) -> Any:
        """A new TTP object of this template (the caller holds ``_BUILD``)."""
        self.built += 1
        return ttp(template=self.text)

    def _acquire(self) -> Any:
        try:
            return self.free.get_nowait()
        except queue.Empty:
            pass
        with _BUILD:
            if self.built < self.MAX_OBJECTS:
                return self._build()
        return self.free.get()

    def _release(self, parser: Any) -> None:
        self.free.put(parser)

    def run(self, text: str) -> dict[str, Any]:
        parser = self._acquire()
        try:
            parser.clear_input()
            parser.clear_result()
            parser.add_input(text)
            parser.parse(one=True)
            # TTP's result lists are its own, emptied in place by the next parse's
            # clear_result(): copy them before the object goes back to the pool (issue 13)
            result = copy.deepcopy(parser.result())
        finally:
            self._release(parser)
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


# Building a TTP object parses TTP's own function modules with ``ast.parse`` (when its pickle
# cache is unusable); CPython 3.11 can fail that when two threads do it at once ("SystemError: AST
# constructor recursion depth mismatch", seen with Dask worker threads): build one at a time.
_BUILD = threading.Lock()
_BUILT: dict[str, _Template] = {}


def template(name: str) -> _Template:
    """The TTP objects of ``templates/<name>.ttp``, the first built on first use, once, by one
    thread."""
    found = _BUILT.get(name)
    if found is None:
        with _BUILD:
            found = _BUILT.get(name)
            if found is None:
                found = _BUILT[name] = _Template(name)
    return found


def run(name: str, text: str) -> dict[str, Any]:
    """Parse ``text`` with template ``name``; the top-level results as one dict."""
    return template(name).run(text)


def as_list(value: Any) -> list[dict[str, Any]]:
    """A TTP group result as a list (TTP gives a dict for one match, a list for several).

    >>> as_list({"a": 1}), as_list(None), as_list([{"a": 1}, "x"])
    ([{'a': 1}], [], [{'a': 1}])
    """
    if isinstance(value, dict):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, dict)]
    return []


def as_dict(value: Any, what: str, command: str | None = None) -> dict[str, Any]:
    """A TTP group that occurs at most once; ``ParseError`` when the text repeats it.

    >>> as_dict(None, "Issuer")
    {}
    """
    items = as_list(value)
    if len(items) > 1:
        raise ParseError(f"the {what} section appears more than once in one block", command=command)
    return items[0] if items else {}


def scalar(item: dict[str, Any], key: str) -> str | None:
    """One matched value as text; ``ParseError`` when the block repeats the line.

    >>> scalar({"serial": "01"}, "serial"), scalar({}, "serial")
    ('01', None)
    """
    value = item.get(key)
    if value is None:
        return None
    if isinstance(value, list | dict):
        raise ParseError(f"the {key.replace('_', ' ')} line appears more than once in one block")
    return str(value)
