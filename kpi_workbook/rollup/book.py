"""The roll-up book: 集計一覧 (a row per municipality × project × KPI × year), 統計 (the
State's three shares per municipality and in total, a chart for each) and 検証結果; and
the CSV of 集計一覧 with the open-data prefix columns first.

Values are written as values, not formulas: a prefecture's book of ten thousand projects
must open quickly, and every figure in it is a municipality's, already judged by the
rules of ``domain/attainment.py``. Text from a report is text (never a formula).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Final

from kpi_workbook.consolidated.writer.cells import write_number, write_text
from kpi_workbook.domain.issues import Issue
from kpi_workbook.domain.messages import Lang, severity_label
from kpi_workbook.domain.rollup import RollupRow, Shares, Statistics
from kpi_workbook.output.atomic import atomic_write

if TYPE_CHECKING:
    from xlsxwriter.workbook import Workbook
    from xlsxwriter.worksheet import Worksheet

ROWS_SHEET: Final = "集計一覧"
STATS_SHEET: Final = "統計"
ISSUES_SHEET: Final = "検証結果"

H_NO, H_CODE, H_PREFECTURE, H_TOWN = "NO", "全国地方公共団体コード", "都道府県名", "市区町村名"
H_NUMBER, H_NAME, H_KPI_INDEX, H_KPI = "事業番号", "事業名", "指標番号", "指標名"
H_UNIT, H_YEAR, H_TARGET, H_ACTUAL = "単位", "年度", "目標値", "実績値"
H_RATE, H_VERDICT, H_SOURCE = "達成率", "判定", "出典"
#: 集計一覧's columns; the CSV's are the same, the open-data prefix (code, NO, 都道府県名,
#: 市区町村名: デジタル庁 自治体標準オープンデータセット) first.
COLUMNS: Final = (H_NO, H_CODE, H_PREFECTURE, H_TOWN, H_NUMBER, H_NAME, H_KPI_INDEX, H_KPI,
                  H_UNIT, H_YEAR, H_TARGET, H_ACTUAL, H_RATE, H_VERDICT, H_SOURCE)
CSV_COLUMNS: Final = (H_CODE, H_NO, H_PREFECTURE, H_TOWN, *COLUMNS[4:])
TOTAL: Final = "合計"
STATS_COLUMNS: Final = (
    H_CODE, H_PREFECTURE, H_TOWN, "事業数（判定あり）", "KPIを1つ以上達成した事業",
    "KPIを1つ以上達成した事業の割合", "KPI数（判定あり）", "達成したKPI", "KPIの達成割合",
    "達成率50%未満のKPI", "達成率50%未満のKPIの割合")
#: (column of the share in 統計, the chart's title)
CHARTS: Final = ((5, "KPIを1つ以上達成した事業の割合"), (8, "KPIの達成割合"),
                 (10, "達成率50%未満のKPIの割合"))


def row_values(row: RollupRow) -> dict[str, object]:
    judgement = row.judgement
    town = row.municipality
    return {H_NO: row.no, H_CODE: town.code, H_PREFECTURE: town.prefecture,
            H_TOWN: town.name, H_NUMBER: row.project_number, H_NAME: row.project_name,
            H_KPI_INDEX: row.kpi_index, H_KPI: row.kpi_name, H_UNIT: row.unit or "",
            H_YEAR: row.fiscal_year, H_TARGET: row.target, H_ACTUAL: row.actual,
            H_RATE: judgement.rate, H_VERDICT: judgement.verdict, H_SOURCE: row.source}


def write_book(out: Path, rows: Sequence[RollupRow], stats: Statistics,
               issues: Sequence[Issue], lang: Lang = "ja") -> None:
    """Write the book atomically (a temporary file beside ``out``, then a rename)."""
    import xlsxwriter

    with atomic_write(out) as tmp:
        wb = xlsxwriter.Workbook(str(tmp), {"strings_to_formulas": False,
                                            "strings_to_urls": False,
                                            "strings_to_numbers": False,
                                            "constant_memory": True})
        formats = _Formats(wb)
        _rows_sheet(wb.add_worksheet(ROWS_SHEET), rows, formats)
        _stats_sheet(wb, wb.add_worksheet(STATS_SHEET), stats, formats)
        _issues_sheet(wb.add_worksheet(ISSUES_SHEET), issues, lang, formats)
        wb.close()


class _Formats:
    def __init__(self, wb: Workbook) -> None:
        self.head = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1,
                                   "text_wrap": True, "valign": "top"})
        self.number = wb.add_format({"num_format": "#,##0.###"})
        self.percent = wb.add_format({"num_format": "0.0%"})
        self.count = wb.add_format({"num_format": "#,##0"})
        self.total = wb.add_format({"bold": True, "top": 1})
        self.total_percent = wb.add_format({"bold": True, "top": 1, "num_format": "0.0%"})


def _header(ws: Worksheet, columns: Sequence[str], formats: _Formats) -> None:
    for col, text in enumerate(columns):
        write_text(ws, 0, col, text, formats.head)
    ws.freeze_panes(1, 0)


def _rows_sheet(ws: Worksheet, rows: Sequence[RollupRow], formats: _Formats) -> None:
    _header(ws, COLUMNS, formats)
    ws.set_column(0, 0, 7)
    ws.set_column(1, 1, 12)
    ws.set_column(5, 5, 36)
    ws.set_column(7, 7, 30)
    ws.set_column(14, 14, 30)
    for r, row in enumerate(rows, start=1):
        values = row_values(row)
        for c, name in enumerate(COLUMNS):
            value = values[name]
            if name == H_RATE:
                write_number(ws, r, c, value if isinstance(value, float) else None,
                             formats.percent)
            elif name == H_YEAR and isinstance(value, int):
                write_number(ws, r, c, value)
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                write_number(ws, r, c, float(value), formats.number)
            elif value is None:
                write_text(ws, r, c, None)
            else:
                write_text(ws, r, c, str(value))
    if rows:
        ws.autofilter(0, 0, len(rows), len(COLUMNS) - 1)


def _stats_sheet(wb: Workbook, ws: Worksheet, stats: Statistics, formats: _Formats) -> None:
    _header(ws, STATS_COLUMNS, formats)
    ws.set_column(0, 2, 12)
    ws.set_column(3, 10, 14)
    r = 0
    for r, (code, shares) in enumerate(stats.by_municipality.items(), start=1):
        town = stats.municipalities[code]
        write_text(ws, r, 0, town.code)
        write_text(ws, r, 1, town.prefecture)
        write_text(ws, r, 2, town.name)
        _shares(ws, r, shares, formats.count, formats.percent)
    total = r + 1
    write_text(ws, total, 0, TOTAL, formats.total)
    write_text(ws, total, 1, None, formats.total)
    write_text(ws, total, 2, None, formats.total)
    _shares(ws, total, stats.total, formats.total, formats.total_percent)
    for n, (col, title) in enumerate(CHARTS):
        chart = wb.add_chart({"type": "bar"})
        if chart is None:  # (only for an unknown type)
            continue
        chart.add_series({"name": title,
                          "categories": [STATS_SHEET, 1, 2, total, 2],
                          "values": [STATS_SHEET, 1, col, total, col],
                          "data_labels": {"value": True, "num_format": "0.0%"}})
        chart.set_title({"name": title})
        chart.set_legend({"none": True})
        chart.set_x_axis({"num_format": "0%", "min": 0, "max": 1})
        chart.set_y_axis({"reverse": True})
        chart.set_size({"width": 520, "height": max(240, 18 * (total + 1))})
        ws.insert_chart(total + 3, n * 8, chart)


def _shares(ws: Worksheet, r: int, shares: Shares, count: object, percent: object) -> None:
    values = (shares.projects, shares.projects_met, shares.share_projects_met, shares.kpis,
              shares.kpis_met, shares.share_kpis_met, shares.kpis_under_half,
              shares.share_under_half)
    for offset, value in enumerate(values):
        fmt = percent if offset in (2, 5, 7) else count
        write_number(ws, r, 3 + offset, None if value is None else float(value),
                     fmt)  # type: ignore[arg-type]


def _issues_sheet(ws: Worksheet, issues: Sequence[Issue], lang: Lang,
                  formats: _Formats) -> None:
    _header(ws, ("重要度", "ファイル", "シート", "セル", "内容"), formats)
    ws.set_column(1, 1, 28)
    ws.set_column(4, 4, 90)
    for r, issue in enumerate(issues, start=1):
        write_text(ws, r, 0, severity_label(issue.severity, lang))
        write_text(ws, r, 1, issue.where.file.name)
        write_text(ws, r, 2, issue.where.sheet)
        write_text(ws, r, 3, issue.where.cell)
        write_text(ws, r, 4, issue.message(lang))


def write_csv(out: Path, rows: Sequence[RollupRow]) -> None:
    """集計一覧 as the open-data CSV (UTF-8 with BOM, CRLF, text never a formula)."""
    from kpi_workbook.publication.opendata import render_csv

    data = render_csv(CSV_COLUMNS, [[_csv_cell(row_values(r)[name]) for name in CSV_COLUMNS]
                                    for r in rows])
    with atomic_write(out) as tmp:
        tmp.write_bytes(data)


def _csv_cell(value: object) -> float | str | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    return str(value)
