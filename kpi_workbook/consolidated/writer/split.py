"""The project sheets of a large consolidated workbook, in part workbooks (issue 14).

Measured with LibreOffice 7 headless on a shared 2-core machine (``benchmarks/README.md``
has the table): a consolidated workbook opens in about 20 s with 255 project sheets and
43 s with 505, and the time grows faster than the number of sheets (LibreOffice keeps
only the first 10,000 sheets at all). So one file holds at most ``MAX_PROJECT_SHEETS``
(``options.py``) project sheets, each with up to five charts; above that the project
sheets go to part workbooks, grouped by a key (担当課 by default), a key with more
sheets than the limit in several parts. The consolidated workbook keeps every flat sheet
whole; ``kpi_workbook/consolidated/parts.py`` describes the shape.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Final

from kpi_workbook.consolidated.parts import PART_PROPERTY, part_file_name
from kpi_workbook.consolidated.writer import status as status_sheet
from kpi_workbook.consolidated.writer.cells import (
    LinkBudget,
    write_link,
    write_number,
    write_text,
)
from kpi_workbook.consolidated.writer.formats import Formats
from kpi_workbook.consolidated.writer.options import MAX_PROJECT_SHEETS, SplitBy, WriterOptions
from kpi_workbook.consolidated.writer.project import write_project_sheet
from kpi_workbook.consolidated.writer.xlsx_engine.book import KpiWorkbook
from kpi_workbook.domain import labels
from kpi_workbook.domain.labels import DEPARTMENT, PROJECT_NAME, PROJECT_NUMBER, SCOPE
from kpi_workbook.domain.version import __version__

if TYPE_CHECKING:
    from xlsxwriter.worksheet import Worksheet

    from kpi_workbook.consolidated.writer.layout import ErrorMarks, LinkMap, PlacedProject

INDEX_SHEET: Final = labels.PARTS_SHEET
INDEX_HEADERS: Final = (PROJECT_NUMBER, PROJECT_NAME, DEPARTMENT, SCOPE, "シート")
INDEX_WIDTHS: Final = (9, 50, 16, 9, 50)
BACK_LINK: Final = "集計ブック（{main}）の提出状況へ"


def split_key(split_by: SplitBy, pp: PlacedProject) -> str:
    p = pp.project
    if split_by is SplitBy.SCOPE:
        return p.scope.value if p.scope else ""
    return p.department


@dataclass(frozen=True, slots=True)
class Part:
    """One part workbook: its file name (in OUT's folder), its key, its projects."""

    file_name: str
    key: str
    projects: tuple[PlacedProject, ...]


def plan_parts(placed: Sequence[PlacedProject], main: Path, split_by: SplitBy,
               limit: int = MAX_PROJECT_SHEETS) -> list[Part]:
    """The parts, in the order their keys first appear in ``placed`` (none when every
    project sheet fits in one workbook). Projects keep their order within a part."""
    if len(placed) <= limit:
        return []
    groups: dict[str, list[PlacedProject]] = {}
    for pp in placed:
        groups.setdefault(split_key(split_by, pp), []).append(pp)
    parts: list[Part] = []
    for key, projects in groups.items():
        chunks = [projects[i:i + limit] for i in range(0, len(projects), limit)]
        for n, chunk in enumerate(chunks, start=1):
            label = key if len(chunks) == 1 else f"{key}_{n}"
            parts.append(Part(part_file_name(main, len(parts) + 1, label), key, tuple(chunk)))
    return parts


def write_parts(parts: Sequence[Part], main: Path, write_to: Callable[[str], Path],
                workbook_options: Mapping[str, object], options: WriterOptions,
                marks: ErrorMarks, links: LinkMap) -> None:
    """Write each part to ``write_to(file name)``, one after the other (one in memory at
    a time), registering where each project's rows are in ``links``."""
    for number, part in enumerate(parts, start=1):
        links.book = part.file_name
        wb = KpiWorkbook(str(write_to(part.file_name)), dict(workbook_options))
        try:
            wb.set_properties({"title": f"{main.stem} 事業シート {number}/{len(parts)}",
                               "comments": f"kpi-workbook {__version__}",
                               "created": options.created
                               or dt.datetime.now().replace(microsecond=0)})
            wb.set_custom_property(PART_PROPERTY, main.name)
            fm = Formats(wb)
            index = wb.add_streamed_worksheet(INDEX_SHEET)
            sheets = [wb.add_streamed_worksheet(pp.sheet) for pp in part.projects]
            _write_index(index, part, main, fm)
            for ws, pp in zip(sheets, part.projects, strict=True):
                write_project_sheet(wb, ws, pp, fm, marks, links)
                ws.finish()
            index.activate()
        finally:
            wb.close()
    links.book = ""


def _write_index(ws: Worksheet, part: Part, main: Path, fm: Formats) -> None:
    """事業シート目次: a link back to OUT's 提出状況, then one linked row per project."""
    budget = LinkBudget()
    write_link(ws, 0, 0, status_sheet.SHEET_NAME, "A1", BACK_LINK.format(main=main.name),
               fm.link, budget, book=main.name)
    for c, (header, width) in enumerate(zip(INDEX_HEADERS, INDEX_WIDTHS, strict=True)):
        write_text(ws, 2, c, header, fm.header)
        ws.set_column(c, c, width)
    for r, pp in enumerate(part.projects, start=3):
        p = pp.project
        write_number(ws, r, 0, p.number, fm.integer)
        write_text(ws, r, 1, p.name, fm.text)
        write_text(ws, r, 2, p.department, fm.text)
        write_text(ws, r, 3, p.scope.value if p.scope else "", fm.text)
        write_link(ws, r, 4, pp.sheet, "A1", pp.sheet, fm.link, budget)
    ws.freeze_panes(3, 0)
