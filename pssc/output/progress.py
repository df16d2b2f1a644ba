"""A progress bar fed by Nornir: a processor that advances it as each host finishes.

The bar goes to stderr (so stdout stays a clean table) and only when stderr is a terminal, unless
forced.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO

from nornir.core.inventory import Host
from nornir.core.task import AggregatedResult, MultiResult, Task
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn


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


__all__ = ["ProgressProcessor", "progress_bar"]
