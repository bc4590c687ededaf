"""前回との差異: what changed since the previous consolidated workbook, with both values.

Written only when merge is given ``--previous``; an empty list says so in words, so the
council clerk knows the comparison was made.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Final

from kpi_workbook.consolidated.writer.cells import write_number, write_text

if TYPE_CHECKING:
    from xlsxwriter.worksheet import Worksheet

    from kpi_workbook.consolidated.writer.formats import Formats
    from kpi_workbook.domain.differences import Difference

SHEET_NAME: Final = "前回との差異"
HEADERS: Final = ("種類", "事業名", "担当課", "指標名", "年度", "項目", "前回", "今回", "出典")
WIDTHS: Final = (14, 36, 14, 36, 9, 9, 16, 16, 40)
KIND_TEXT: Final = {
    "previous-value-changed": "値の変更",
    "previous-value-finalised": "速報→確定",
    "previous-kpi-renamed": "指標名の変更",
    "previous-unit-changed": "単位の変更",
    "previous-kpi-missing": "指標の削除",
    "previous-project-missing": "事業の消失",
}
NO_DIFFERENCES: Final = "前回の集計との差異はありません。"


def write_differences_sheet(ws: Worksheet, differences: Sequence[Difference],
                            fm: Formats) -> None:
    for i, (header, width) in enumerate(zip(HEADERS, WIDTHS, strict=True)):
        write_text(ws, 0, i, header, fm.header)
        ws.set_column(i, i, width)
    for r, d in enumerate(differences, start=1):
        write_text(ws, r, 0, KIND_TEXT.get(d.kind, d.kind), fm.text)
        write_text(ws, r, 1, d.project, fm.wrap)
        write_text(ws, r, 2, d.department, fm.text)
        write_text(ws, r, 3, d.kpi, fm.wrap)
        write_number(ws, r, 4, d.year, fm.fiscal_year)
        write_text(ws, r, 5, d.field, fm.center)
        write_text(ws, r, 6, d.old, fm.text)
        write_text(ws, r, 7, d.new, fm.text)
        write_text(ws, r, 8, d.where.describe(), fm.text)
    if not differences:
        write_text(ws, 1, 1, NO_DIFFERENCES, fm.text)
    ws.autofilter(0, 0, max(len(differences), 1), len(HEADERS) - 1)
    ws.freeze_panes(1, 0)
    ws.set_paper(9)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(0)
    ws.set_footer("&C&P / &N")
