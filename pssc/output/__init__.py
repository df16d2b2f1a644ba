"""What the commands print and write: tables, the progress bar, JSON files.

``pssc.output.table``: the one table renderer (every terminal table goes through it);
``pssc.output.progress``: a Nornir processor driving a progress bar on stderr;
``pssc.output.safe``: device text made inert for the terminal, CSV, Markdown and HTML. Generic on
purpose: nothing here knows about certificates.

May import: rich, nornir (the processor's types), ``pssc.atomic``. Nothing else of pssc.
"""

from __future__ import annotations

from pssc.atomic import write_json
from pssc.output.progress import ProgressProcessor, progress_bar
from pssc.output.table import Column, render_table

__all__ = ["Column", "ProgressProcessor", "progress_bar", "render_table", "write_json"]
