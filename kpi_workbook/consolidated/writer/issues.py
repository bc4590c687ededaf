"""検証結果: every issue of every input, filterable, each linked to where the output shows it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Final

from xlsxwriter.utility import xl_rowcol_to_cell

from kpi_workbook.consolidated.writer.cells import write_link, write_text
from kpi_workbook.domain import labels
from kpi_workbook.domain.issues import Issue, Severity, sort_issues
from kpi_workbook.domain.messages import severity_label

if TYPE_CHECKING:
    from xlsxwriter.worksheet import Worksheet

    from kpi_workbook.consolidated.writer.formats import Formats
    from kpi_workbook.consolidated.writer.layout import LinkMap
    from kpi_workbook.domain.messages import Lang

SHEET_NAME: Final = labels.ISSUES_SHEET
HEADERS: Final = ("重要度", "コード", "ファイル", "シート", "セル", "メッセージ", "移動先")
WIDTHS: Final = (8, 26, 28, 20, 8, 80, 24)
NO_ISSUES: Final = "問題はありません。"


def write_issues_sheet(ws: Worksheet, issues: Sequence[Issue], fm: Formats, lang: Lang,
                       links: LinkMap) -> None:
    for i, (header, width) in enumerate(zip(HEADERS, WIDTHS, strict=True)):
        write_text(ws, 0, i, header, fm.header)
        ws.set_column(i, i, width)
    ordered = sort_issues(issues)
    for r, issue in enumerate(ordered, start=1):
        severity = issue.severity
        write_text(ws, r, 0, severity_label(severity), fm.center)
        write_text(ws, r, 1, issue.code, fm.text)
        write_text(ws, r, 2, issue.where.file.name, fm.text)
        write_text(ws, r, 3, issue.where.sheet or "", fm.text)
        write_text(ws, r, 4, issue.where.cell or "", fm.text)
        write_text(ws, r, 5, issue.message(lang), fm.wrap)
        target = links.target(issue.where)
        if target is not None:
            sheet, row = target
            write_link(ws, r, 6, sheet, xl_rowcol_to_cell(row, 0), f"{sheet} {row + 1}行",
                       fm.link)
        else:
            write_text(ws, r, 6, "", fm.text)
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
