"""Terminal output shared by the commands: a progress bar fed by Nornir, tables, JSON files.

Generic on purpose: nothing here knows about certificates. The progress bar goes to stderr (so
stdout stays a clean table) and only when stderr is a terminal, unless forced.
"""

from __future__ import annotations

import io
import json
import sys
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

from nornir.core.inventory import Host
from nornir.core.task import AggregatedResult, MultiResult, Task
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from pssc.atomic import write_text


class ProgressProcessor:
    """A Nornir processor that advances a rich progress bar as each host finishes a task.

    Only the top-level task counts (subtasks are ignored); failed hosts are counted apart.
    """

    def __init__(self, progress: Progress | None, task_id: Any = None) -> None:
        self.progress = progress
        self.task_id = task_id
        self.done = 0
        self.failed = 0
        self._lock = threading.Lock()

    def task_started(self, task: Task) -> None:
        return None

    def task_completed(self, task: Task, result: AggregatedResult) -> None:
        return None

    def task_instance_started(self, task: Task, host: Host) -> None:
        return None

    def task_instance_completed(self, task: Task, host: Host, result: MultiResult) -> None:
        with self._lock:
            self.done += 1
            self.failed += int(result.failed)
            if self.progress is not None:
                self.progress.update(
                    self.task_id,
                    advance=1,
                    description=f"{task.name}: {self.failed} failed" if self.failed else task.name,
                )

    def subtask_instance_started(self, task: Task, host: Host) -> None:
        return None

    def subtask_instance_completed(self, task: Task, host: Host, result: MultiResult) -> None:
        return None


@contextmanager
def progress_bar(
    total: int, description: str, *, enabled: bool | None = None, stream: TextIO | None = None
) -> Iterator[ProgressProcessor]:
    """A processor to pass to ``nr.with_processors([...])`` that drives a progress bar."""
    stream = stream or sys.stderr
    show = stream.isatty() if enabled is None else enabled
    if not show:
        yield ProgressProcessor(None)
        return
    console = Console(file=stream)
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=True) as progress:
        task_id = progress.add_task(description, total=total)
        yield ProgressProcessor(progress, task_id)


def render_table(
    title: str,
    columns: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    styles: Mapping[str, str] | None = None,
    style_column: int = 1,
    width: int | None = None,
) -> str:
    """A table as text (``styles`` colours a row's ``style_column`` cell by its value)."""
    table = Table(title=title, title_justify="left")
    for index, name in enumerate(columns):
        table.add_column(name, overflow="fold", no_wrap=index < len(columns) - 1)
    for row in rows:
        cells = [escape(str(cell)) for cell in row]
        style = (styles or {}).get(cells[style_column]) if len(cells) > style_column else None
        if style:
            cells[style_column] = f"[{style}]{cells[style_column]}[/]"
        table.add_row(*cells)
    console = Console(width=width or 160, record=True, file=io.StringIO())
    console.print(table)
    return console.export_text(styles=sys.stdout.isatty() if width is None else False)


def write_json(path: Path | str, data: Any) -> Path:
    """``data`` as indented JSON, written atomically (a reader never sees half a file)."""
    return write_text(path, json.dumps(data, indent=2, sort_keys=False, default=str) + "\n")


__all__ = ["ProgressProcessor", "progress_bar", "render_table", "write_json"]
