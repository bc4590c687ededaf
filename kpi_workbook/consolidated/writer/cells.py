"""The only ways the writer puts data into a cell (style §2.8: one write path).

Submitted text is always written with ``write_string``, never ``write()``: a 事業内容 that
starts with ``=``, ``+``, ``-`` or ``@`` stays text exactly as typed, and a number stays a
number. ``tests/test_writer_cells.py`` checks that no other writer module writes cells.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import TYPE_CHECKING, Final

from kpi_workbook.consolidated.writer.xlsx_engine.references import quote_sheet

if TYPE_CHECKING:
    from xlsxwriter.format import Format
    from xlsxwriter.worksheet import Worksheet

    from kpi_workbook.domain.model import Value


def write_text(ws: Worksheet, row: int, col: int, text: str | None,
               fmt: Format | None = None) -> None:
    """Text as typed (an empty or missing text leaves a formatted blank)."""
    if text is None or text == "":
        ws.write_blank(row, col, None, fmt)
    else:
        ws.write_string(row, col, text, fmt)


def write_number(ws: Worksheet, row: int, col: int, number: float | None,
                 fmt: Format | None = None) -> None:
    """A number as a number; None (or NaN) leaves a formatted blank, never an error cell."""
    if number is None or isinstance(number, bool) or math.isnan(number) or math.isinf(number):
        ws.write_blank(row, col, None, fmt)
    else:
        ws.write_number(row, col, number, fmt)


def write_formula(ws: Worksheet, row: int, col: int, formula: str, fmt: Format | None,
                  value: float | str | None) -> None:
    """A live formula with its computed value cached, for readers that never recalculate.

    An empty result is cached as "" (xlsxwriter then writes an empty ``<v>``).
    """
    ws.write_formula(row, col, formula, fmt, "" if value is None else value)


def write_value(ws: Worksheet, row: int, col: int, value: Value, number_fmt: Format | None,
                text_fmt: Format | None = None) -> None:
    """A 目標値/実績値 as read: its number, or else the text exactly as typed (a dash, or an
    unreadable entry that 検証結果 explains), so nothing a clerk typed is lost."""
    if value.is_number:
        write_number(ws, row, col, value.number, number_fmt)
    else:
        write_text(ws, row, col, value.raw_text, text_fmt or number_fmt)


def write_datetime(ws: Worksheet, row: int, col: int, when: dt.datetime | None,
                   fmt: Format | None = None) -> None:
    if when is None:
        ws.write_blank(row, col, None, fmt)
    else:
        ws.write_datetime(row, col, when, fmt)


class LinkBudget:
    """Hyperlinks left for one sheet: Excel reads at most 65,530 per sheet, and past that
    xlsxwriter drops the whole cell, text and all, with a warning on stderr. Past the
    limit a link is written as its text alone, so no cell is ever empty (issue 14)."""

    LIMIT: Final = 65_530

    def __init__(self, limit: int = LIMIT) -> None:
        self.left = limit
        self.refused = 0
        """Links written as text only."""

    def take(self) -> bool:
        if self.left > 0:
            self.left -= 1
            return True
        self.refused += 1
        return False


def write_link(ws: Worksheet, row: int, col: int, sheet: str, cell: str, text: str,
               fmt: Format | None, budget: LinkBudget, *, book: str = "",
               text_fmt: Format | None = None) -> None:
    """A hyperlink to a cell of this workbook (``'sheet name'!A5``), or of the workbook
    ``book`` in the same folder; only the text once ``budget`` is spent."""
    if not budget.take():
        write_text(ws, row, col, text, text_fmt or fmt)
        return
    location = f"{quote_sheet(sheet)}!{cell}"
    url = f"external:{book}#{location}" if book else f"internal:{location}"
    ws.write_url(row, col, url, fmt, string=text)


def merge_text(ws: Worksheet, first_row: int, first_col: int, last_row: int, last_col: int,
               text: str | None, fmt: Format | None = None) -> None:
    """Text in a merged range (project sheets only; 集計一覧 has no merged cells).

    ``merge_range`` writes its data with ``write()``, which would read ``{=…}`` as an array
    formula; the text goes as :class:`_Text`, which the write handler registered here
    hands to :func:`write_text`. The cells are written in row order, top-left first, as a
    streamed sheet needs.
    """
    if first_row == last_row and first_col == last_col:
        write_text(ws, first_row, first_col, text, fmt)
        return
    ws.add_write_handler(_Text, _write_text_token)
    ws.merge_range(first_row, first_col, last_row, last_col, _Text(text or ""), fmt)


class _Text(str):
    """Text for ``merge_range``: written as text, whatever it looks like."""

    __slots__ = ()


def _write_text_token(ws: Worksheet, row: int, col: int, token: _Text,
                      fmt: Format | None = None) -> int:
    write_text(ws, row, col, str(token), fmt)
    return 0
