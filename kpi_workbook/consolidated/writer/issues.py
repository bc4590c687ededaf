"""検証結果: every issue of every input, filterable, each linked to where the output shows it."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Final

from xlsxwriter.utility import xl_rowcol_to_cell

from kpi_workbook.consolidated.columns import issues as columns
from kpi_workbook.consolidated.writer.cells import LinkBudget, write_link, write_text
from kpi_workbook.consolidated.writer.text_height import row_height
from kpi_workbook.domain.issues import Issue, Location, Severity, sort_issues
from kpi_workbook.domain.messages import severity_label

if TYPE_CHECKING:
    from xlsxwriter.worksheet import Worksheet

    from kpi_workbook.consolidated.writer.formats import Formats
    from kpi_workbook.consolidated.writer.layout import LinkMap
    from kpi_workbook.domain.messages import Lang

SHEET_NAME: Final = columns.SHEET_NAME
HEADERS: Final = columns.HEADERS
# About 150 characters: one A4 landscape page wide at about 90 % (legible), every column
# but 重要度 and セル wrapping its text instead of running past the last one (LibreOffice
# does not wrap a link's text: it cuts it at the cell's edge; Excel wraps it).
WIDTHS: Final = (7, 18, 18, 16, 7, 58, 26)
NO_ISSUES: Final = "問題はありません。"


def write_issues_sheet(ws: Worksheet, issues: Sequence[Issue], fm: Formats, lang: Lang,
                       links: LinkMap, *, book: Path,
                       notes: Sequence[Issue] = ()) -> list[Issue]:
    """Every issue, each linked to the row that shows its place (``links``), after
    ``notes`` about the workbook itself (``book``: its final path).

    Returns the notes written, ``notes`` and, when there are more places than a sheet can
    link (:class:`LinkBudget`), one that says how many rows have their place as text only.
    """
    for i, (header, width) in enumerate(zip(HEADERS, WIDTHS, strict=True)):
        write_text(ws, 0, i, header, fm.header)
        ws.set_column(i, i, width)
    budget = LinkBudget()
    ordered = sort_issues(issues)
    targets = [links.target(issue.where) for issue in ordered]
    over = sum(t is not None for t in targets) - budget.left
    notes = [*notes, *([Issue("output-links-limited", Location(book, SHEET_NAME),
                              {"count": over, "limit": budget.LIMIT})] if over > 0 else [])]
    rows = [*((n, None) for n in notes), *zip(ordered, targets, strict=True)]
    for r, (issue, target) in enumerate(rows, start=1):
        message = issue.message(lang)
        place = "" if target is None else f"{target.book} {target.sheet} {target.row + 1}行"
        height = row_height(*zip((issue.code, issue.where.file.name, issue.where.sheet,
                                  message, place), WIDTHS[1:4] + WIDTHS[5:], strict=True))
        if height is not None:  # before the row's first cell (a streamed sheet)
            ws.set_row(r, height)
        write_text(ws, r, 0, severity_label(issue.severity), fm.center)
        write_text(ws, r, 1, issue.code, fm.wrap)
        write_text(ws, r, 2, issue.where.file.name, fm.wrap)
        write_text(ws, r, 3, issue.where.sheet or "", fm.wrap)
        write_text(ws, r, 4, issue.where.cell or "", fm.text)
        write_text(ws, r, 5, message, fm.wrap)
        if target is not None:
            write_link(ws, r, 6, target.sheet, xl_rowcol_to_cell(target.row, 0),
                       place.strip(), fm.link, budget, book=target.book, text_fmt=fm.wrap)
        else:
            write_text(ws, r, 6, "", fm.text)
    ordered = [issue for issue, _ in rows]
    if not ordered:
        write_text(ws, 1, 5, NO_ISSUES, fm.text)
    last = max(len(ordered), 1)
    ws.autofilter(0, 0, last, len(HEADERS) - 1)
    ws.freeze_panes(1, 0)
    if ordered:
        for text, fmt in ((severity_label(Severity.ERROR), fm.severity_error),
                          (severity_label(Severity.WARNING), fm.severity_warning)):
            ws.conditional_format(1, 0, last, 0, {"type": "cell", "criteria": "==",
                                                  "value": f'"{text}"', "format": fmt})
    ws.set_paper(9)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(0)
    ws.set_footer("&C&P / &N")
    return notes
