"""The one table renderer: columns say how cells behave; cells are text, never markup."""

from __future__ import annotations

import pytest

from pssc.output.table import DEFAULT_WIDTH, Column, render_table, table_width


def cells(text: str) -> list[list[str]]:
    """The body rows of a rendered table, as lists of stripped cells."""
    return [
        [c.strip() for c in line.strip("│").split("│")]
        for line in text.splitlines()
        if line.startswith("│")
    ]


def test_a_narrow_table_folds_the_other_columns_and_keeps_host_and_status_whole() -> None:
    columns = [Column("host", whole=True), Column("status", whole=True), "trustpoint", "note"]
    host = "edge-router-0042.paris.example.net"
    row = [host, "unchanged", "TP-self-signed-4146203551", "word " * 40]
    for width in (160, 80, 60):
        text = render_table("t", columns, [row], width=width, color=False)
        rows = cells(text)
        assert rows[0][:2] == [host, "unchanged"], width
        assert all(r[:2] == ["", ""] for r in rows[1:])  # continuation lines of the others
        assert "".join(r[2] for r in rows) == "TP-self-signed-4146203551"  # folded, not cut
        assert "".join(r[3] for r in rows).replace(" ", "") == "word" * 40
        assert max(len(line) for line in text.splitlines()) <= width


def test_styles_are_colour_only_and_only_when_asked() -> None:
    columns = ["host", Column("status", styles={"failed": "bold red"})]
    plain = render_table("t", columns, [["R1", "failed"]], color=False)
    coloured = render_table("t", columns, [["R1", "failed"]], color=True)
    assert "\x1b[" not in plain and "failed" in plain
    assert "\x1b[1;31mfailed" in coloured


def test_the_styles_shorthand_colours_the_status_column() -> None:
    text = render_table("t", ["host", "status"], [["failed", "failed"]], styles={"failed": "red"},
                        color=True)  # fmt: skip
    (row,) = [line for line in text.splitlines() if line.startswith("│")]
    assert row.count("\x1b[31m") == 1 and row.index("\x1b[31m") > row.index("│", 1)


@pytest.mark.parametrize("hostile", ["[bold]R1[/bold]", "[red]", "R1 [/]", "\\[x]"])
def test_cells_are_text_not_markup(hostile: str) -> None:
    (row,) = cells(render_table("t", ["host"], [[hostile]], color=False))
    assert row == [hostile]


def test_none_is_an_empty_cell_and_numbers_can_be_right_aligned() -> None:
    text = render_table(None, ["a", Column("n", justify="right")], [[None, 7], ["x", 1234]])
    assert cells(text) == [["", "7"], ["x", "1234"]]
    assert "│    7 │" in text


def test_no_trailing_blanks_and_a_final_newline() -> None:
    text = render_table("a title", ["h"], [["v"]], color=False)
    assert text.endswith("\n") and all(line == line.rstrip() for line in text.splitlines())


def test_width_is_the_terminal_only_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    assert table_width(90) == 90
    monkeypatch.delenv("COLUMNS", raising=False)  # set by some terminals and test runners
    monkeypatch.setattr("sys.stdout.isatty", lambda: False)
    assert table_width() == DEFAULT_WIDTH
