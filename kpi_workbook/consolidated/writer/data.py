"""事業データ and 事業内容: hidden, flat sheets that carry what a project sheet prints.

The project sheets are for print and 集計一覧 holds one row per KPI × year, so the header
block of a project (事業費, 事業効果, …) and the 事業内容 of each year would otherwise exist
only as printed text. These two sheets hold them one datum per cell, text as text and
numbers as numbers, so that ``previous.py`` (and through it ``template --from``) rebuilds a
submission without parsing the print layout, and nothing a department gave is dropped
(spec §4). They are hidden: the council reads the project sheets.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Final

from kpi_workbook.consolidated.columns.data import (  # noqa: F401 (the sheets' headers)
    ACTIVITIES_SHEET,
    ACTIVITY_HEADERS,
    H_ACTIVITIES,
    H_ASSESSMENT,
    H_COST,
    H_DEPARTMENT,
    H_EFFECT,
    H_END,
    H_FILE,
    H_GRANT,
    H_NAME,
    H_NUMBER,
    H_POLICY,
    H_PURPOSE,
    H_SCOPE,
    H_SHEET,
    H_SOURCE,
    H_START,
    H_YEAR,
    H_YEAR_LABEL,
    PROJECT_HEADERS,
    PROJECTS_SHEET,
)
from kpi_workbook.consolidated.writer.cells import write_number, write_text

if TYPE_CHECKING:
    from xlsxwriter.worksheet import Worksheet

    from kpi_workbook.consolidated.writer.formats import Formats
    from kpi_workbook.consolidated.writer.layout import PlacedProject

_WIDTH: Final = 16


def write_projects_sheet(ws: Worksheet, placed: Sequence[PlacedProject], fm: Formats,
                         book_of: Mapping[str, str]) -> None:
    """事業データ: one row per project, in output order (projects without KPIs too), with
    its sheet and the part workbook that holds it (``book_of``: sheet → file name; a sheet
    not in it is in this workbook; the columns: ``consolidated/columns/data.py``)."""
    _header(ws, PROJECT_HEADERS, fm)
    for r, pp in enumerate(placed, start=1):
        p = pp.project
        write_number(ws, r, 0, p.number, fm.integer)
        write_text(ws, r, 1, p.name, fm.text)
        write_text(ws, r, 2, p.scope.value if p.scope else None, fm.text)
        write_text(ws, r, 3, p.department, fm.text)
        write_number(ws, r, 4, p.period.start if p.period else None, fm.integer)
        write_number(ws, r, 5, p.period.end if p.period else None, fm.integer)
        write_text(ws, r, 6, p.purpose, fm.text)
        write_number(ws, r, 7, p.cost, fm.yen)
        write_number(ws, r, 8, p.grant, fm.yen)
        write_text(ws, r, 9, p.effect, fm.text)
        write_text(ws, r, 10, p.policy, fm.text)
        write_text(ws, r, 11, p.assessment, fm.text)
        write_text(ws, r, 12, p.where.describe(), fm.text)
        write_text(ws, r, 13, pp.sheet, fm.text)
        write_text(ws, r, 14, book_of.get(pp.sheet), fm.text)
        write_text(ws, r, 15, p.cause, fm.text)
        write_text(ws, r, 16, p.improvement, fm.text)
        write_text(ws, r, 17, p.policy_reason, fm.text)
        write_text(ws, r, 18, p.grant_kind, fm.text)
        write_number(ws, r, 19, p.actual_cost, fm.yen)
    _finish(ws, PROJECT_HEADERS, len(placed))


def write_activities_sheet(ws: Worksheet, placed: Sequence[PlacedProject],
                           fm: Formats) -> None:
    """事業内容: one row per project × year row, the year as a number and as typed."""
    _header(ws, ACTIVITY_HEADERS, fm)
    r = 0
    for pp in placed:
        p = pp.project
        for year in p.years:
            r += 1
            write_number(ws, r, 0, p.number, fm.integer)
            write_text(ws, r, 1, p.name, fm.text)
            write_number(ws, r, 2, year.fiscal_year, fm.integer)
            write_text(ws, r, 3, year.label, fm.text)
            write_text(ws, r, 4, year.activities, fm.text)
            write_text(ws, r, 5, year.where.describe(), fm.text)
    _finish(ws, ACTIVITY_HEADERS, r)


def _header(ws: Worksheet, headers: Sequence[str], fm: Formats) -> None:
    for c, header in enumerate(headers):
        write_text(ws, 0, c, header, fm.header)
    ws.set_column(0, len(headers) - 1, _WIDTH)


def _finish(ws: Worksheet, headers: Sequence[str], n_rows: int) -> None:
    ws.autofilter(0, 0, max(n_rows, 1), len(headers) - 1)
    ws.freeze_panes(1, 0)
    ws.hide()
