"""The one table renderer: every table pssc prints on a terminal is made here, as text.

A table is a title, :class:`Column` descriptions and rows of cells. The columns say how their
cells behave, so that the rules live here and not in each command:

- ``whole``: a cell a reader finds the row by (host, status, verdict): never folded or cut;
  every other column folds onto more lines when the table is wider than :func:`table_width`
  (the widest first), rather than being cut;
- ``styles``: a cell's value -> a rich style (``{"failed": "bold red"}``), shown only in colour;
- ``justify``: ``"right"`` for numbers;
- ``detail``: free text (a note, a reason): when it would wrap onto more than
  ``DETAIL_LINES`` lines in its column, every detail column leaves the table and its cells
  follow the table as one paragraph per row, ``host: text``, wrapped at the width;
- ``shorten``: a value that is already an abbreviation (a fingerprint prefix): cut further
  with ``…`` when the table is too wide, never folded.

Tables never grow wider than :func:`table_width` (``COLUMNS`` when set).

Every cell becomes text in :func:`cell_text` (the place for rules on cell text, such as
stripping control characters), and the width comes from :func:`table_width`.

>>> print(render_table("t", [Column("host", whole=True), "n"], [["R1", 2]], color=False), end="")
t
┏━━━━━━┳━━━┓
┃ host ┃ n ┃
┡━━━━━━╇━━━┩
│ R1   │ 2 │
└──────┴───┘
"""

from __future__ import annotations

import io
import os
import shutil
import sys
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from pssc.output.safe import terminal

__all__ = ["DEFAULT_WIDTH", "Column", "cell_text", "render_table", "table_width"]

DEFAULT_WIDTH = 200  # when the output is not a terminal (a pipe, a file, a test)


@dataclass(frozen=True)
class Column:
    """One column of a table: its header and how its cells behave (see the module)."""

    header: str
    whole: bool = False
    styles: Mapping[str, str] = field(default_factory=dict)
    justify: Literal["left", "right"] = "left"
    detail: bool = False
    shorten: bool = False


def cell_text(value: object) -> str:
    """The text of one cell (None is an empty cell).

    Device text is made inert here (:func:`pssc.output.safe.terminal`): no escape sequence of a
    hostile device reaches the terminal, whatever table shows it.

    >>> cell_text(None), cell_text(3), cell_text("[b]x[/b]"), cell_text("\\x1b[2J")
    ('', '3', '[b]x[/b]', '\\\\x1b[2J')
    """
    return terminal(value)


def table_width(width: int | None = None) -> int:
    """``width`` if given, else ``COLUMNS`` (a terminal's width, even when stdout is a pipe),
    else the terminal's width when stdout is one, else ``DEFAULT_WIDTH``."""
    if width is not None:
        return width
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    if sys.stdout.isatty():
        return shutil.get_terminal_size((DEFAULT_WIDTH, 40)).columns
    return DEFAULT_WIDTH


DETAIL_LINES = 2  # a detail cell wrapping onto more lines goes under the table


def _columns(
    columns: Sequence[str | Column], styles: Mapping[str, str] | None, style_column: int
) -> list[Column]:
    out = [c if isinstance(c, Column) else Column(c) for c in columns]
    if styles and 0 <= style_column < len(out):
        column = out[style_column]
        out[style_column] = Column(
            column.header,
            column.whole,
            {**column.styles, **styles},
            column.justify,
            column.detail,
            column.shorten,
        )
    return out


def render_table(
    title: str | None,
    columns: Sequence[str | Column],
    rows: Iterable[Sequence[object]],
    *,
    width: int | None = None,
    color: bool | None = None,
    styles: Mapping[str, str] | None = None,
    style_column: int = 1,
) -> str:
    """The table as text, one newline-terminated line per row of characters, no trailing blanks.

    ``columns``: a :class:`Column` or just a header each. ``width``: see :func:`table_width`.
    ``color``: ANSI styles in the text (default: when stdout is a terminal); a table written to
    a file passes ``False``. ``styles`` is a shorthand for the ``styles`` of column
    ``style_column`` (the status, second by default).
    """
    cols = _columns(columns, styles, style_column)
    texts = [[cell_text(value) for value in row] for row in rows]
    total = table_width(width)
    console = Console(width=total, record=True, file=io.StringIO())
    table = _table(title, cols, texts)
    notes = ""
    if any(c.detail for c in cols) and _detail_lines(console, table, cols) > DETAIL_LINES:
        keep = [i for i, c in enumerate(cols) if not c.detail]
        notes = _notes(cols, texts, total)
        table = _table(title, [cols[i] for i in keep], [[row[i] for i in keep] for row in texts])
    console.print(table)
    text = console.export_text(styles=sys.stdout.isatty() if color is None else color)
    return "".join(line.rstrip() + "\n" for line in text.splitlines()) + notes


def _table(title: str | None, cols: Sequence[Column], texts: Sequence[Sequence[str]]) -> Table:
    table = Table(title=title, title_justify="left")
    for i, col in enumerate(cols):
        widest = max((cell_len(line) for row in texts for line in row[i].splitlines()), default=0)
        table.add_column(
            col.header,
            justify=col.justify,
            no_wrap=col.whole,
            overflow="ellipsis" if col.shorten else "fold",
            min_width=max(widest, cell_len(col.header)) if col.whole else None,
        )
    for row in texts:
        cells = (Text(t, style=c.styles.get(t, "")) for c, t in zip(cols, row, strict=True))
        table.add_row(*cells)
    return table


def _detail_lines(console: Console, table: Table, cols: Sequence[Column]) -> int:
    """The most lines a detail cell takes in ``table`` laid out on ``console``."""
    widths = table._calculate_column_widths(console, console.options)
    most = 0
    for i, col in enumerate(cols):
        if not col.detail:
            continue
        for cell in table.columns[i].cells:
            if isinstance(cell, Text):
                most = max(most, len(cell.wrap(console, max(widths[i], 1), overflow="fold")))
    return most


def _notes(cols: Sequence[Column], texts: Sequence[Sequence[str]], width: int) -> str:
    """The detail cells as paragraphs: ``key: text`` (``key header: text`` when several)."""
    details = [i for i, c in enumerate(cols) if c.detail]
    out = []
    for row in texts:
        for i in details:
            if not row[i].strip():
                continue
            head = f"{row[0]}: " if len(details) == 1 else f"{row[0]} {cols[i].header}: "
            out.append(
                textwrap.fill(
                    head + " ".join(row[i].split()),
                    width=max(width, 20),
                    subsequent_indent="    ",
                    break_on_hyphens=False,
                )
            )
    return "".join(f"{line}\n" for line in "\n".join(out).splitlines()) if out else ""
