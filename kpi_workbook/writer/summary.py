"""集計一覧: one flat row per project × KPI × year, as an Excel table (spec §4).

Flat and machine-readable: one datum per cell, numbers as numbers, no merged cells; with
指標番号, 値の種類 and 基準値 a KPI can be rebuilt from its rows (``previous.py``). 達成率,
判定, 判定根拠 (and 評価) are live formulas over the row's 目標値/実績値/目標の方向 cells,
each cached with the value ``attainment.py`` computes, so pandas and previews read the
right result and a clerk who corrects a value in Excel sees it change.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell

from kpi_workbook import formulas
from kpi_workbook.attainment import ACHIEVED, NOT_ACHIEVED, grade, judge_observation
from kpi_workbook.writer.cells import (
    write_formula,
    write_number,
    write_text,
    write_value,
)
from kpi_workbook.writer.formats import Formats, decimals_needed

if TYPE_CHECKING:
    from xlsxwriter.workbook import Workbook
    from xlsxwriter.worksheet import Worksheet

    from kpi_workbook.issues import Location
    from kpi_workbook.model import Kpi, Project, Submission, Value, YearRow
    from kpi_workbook.writer.layout import ErrorMarks, LinkMap, PlacedProject
    from kpi_workbook.writer.options import WriterOptions

SHEET_NAME: Final = "集計一覧"
TABLE_NAME: Final = "KpiSummary"
TABLE_STYLE: Final = "Table Style Medium 2"

H_NUMBER: Final = "事業番号"
H_NAME: Final = "事業名"
H_SCOPE: Final = "実施区分"
H_DEPARTMENT: Final = "担当課"
H_KPI_INDEX: Final = "指標番号"
H_KPI: Final = "指標名"
H_UNIT: Final = "単位"
H_DIRECTION: Final = "目標の方向"
H_KIND: Final = "値の種類"
H_BASELINE: Final = "基準値"
H_YEAR: Final = "年度"
H_TARGET: Final = "目標値"
H_ACTUAL: Final = "実績値"
H_RATE: Final = "達成率"
H_VERDICT: Final = "判定"
H_REASON: Final = "判定根拠"
H_GRADE: Final = "評価"
H_SOURCE: Final = "出典"


@dataclass(frozen=True, slots=True)
class Column:
    header: str
    width: float


def columns(with_grade: bool) -> list[Column]:
    """The header row, in order; 評価 only when a grade scheme is chosen."""
    # 指標番号, 値の種類 and 基準値 sit with the KPI's other attributes; formulas and
    # conditional formats find their columns by header, never by a fixed letter.
    cols = [
        Column(H_NUMBER, 8), Column(H_NAME, 36), Column(H_SCOPE, 8), Column(H_DEPARTMENT, 14),
        Column(H_KPI_INDEX, 8), Column(H_KPI, 36), Column(H_UNIT, 7), Column(H_DIRECTION, 9),
        Column(H_KIND, 9), Column(H_BASELINE, 15), Column(H_YEAR, 10), Column(H_TARGET, 15),
        Column(H_ACTUAL, 15), Column(H_RATE, 9), Column(H_VERDICT, 8), Column(H_REASON, 36),
    ]
    if with_grade:
        cols.append(Column(H_GRADE, 6))
    cols.append(Column(H_SOURCE, 40))
    return cols


@dataclass(frozen=True, slots=True)
class SummaryRow:
    project: Project
    submission: Submission
    kpi: Kpi
    year: YearRow


def summary_rows(placed: Sequence[PlacedProject]) -> list[SummaryRow]:
    """Rows in output order: projects as placed, then KPI, then year."""
    return [SummaryRow(pp.project, pp.submission, kpi, year)
            for pp in placed for kpi in pp.project.kpis for year in pp.project.years
            if kpi.index - 1 < len(year.observations)]


def write_summary_sheet(wb: Workbook, ws: Worksheet, placed: Sequence[PlacedProject],
                        fm: Formats, options: WriterOptions, marks: ErrorMarks,
                        links: LinkMap) -> None:
    """Fill 集計一覧; ``marks`` says which value cells to highlight as erroneous."""
    cols = columns(options.grading.enabled)
    col = {c.header: i for i, c in enumerate(cols)}
    rows = summary_rows(placed)
    for i, c in enumerate(cols):
        ws.set_column(i, i, c.width)
    decimals = _decimals_by_kpi(rows)

    for n, r in enumerate(rows, start=1):
        p, kpi, year = r.project, r.kpi, r.year
        obs = p.observation(kpi, year)
        cell = {h: xl_rowcol_to_cell(n, i) for h, i in col.items()}
        write_number(ws, n, col[H_NUMBER], p.number, fm.integer)
        write_text(ws, n, col[H_NAME], p.name, fm.text)
        write_text(ws, n, col[H_SCOPE], p.scope.value if p.scope else "", fm.text)
        write_text(ws, n, col[H_DEPARTMENT], p.department, fm.text)
        write_number(ws, n, col[H_KPI_INDEX], kpi.index, fm.integer)
        write_text(ws, n, col[H_KPI], kpi.name, fm.text)
        write_text(ws, n, col[H_UNIT], kpi.unit or "", fm.text)
        write_text(ws, n, col[H_DIRECTION], kpi.direction.value, fm.center)
        write_text(ws, n, col[H_KIND], kpi.kind.value, fm.center)
        dec = decimals[id(kpi)]
        if kpi.baseline is not None:
            mark = marks.mark(r.submission.path, kpi.baseline.where)
            write_value(ws, n, col[H_BASELINE], kpi.baseline, fm.number(kpi.unit, dec, mark),
                        fm.marked_text(mark))
            links.add_cell(kpi.baseline.where, ws.name, n)
        else:
            write_text(ws, n, col[H_BASELINE], None, fm.text)
        if year.fiscal_year is not None:
            write_number(ws, n, col[H_YEAR], year.fiscal_year, fm.fiscal_year)
        else:
            write_text(ws, n, col[H_YEAR], year.label, fm.marked_text("cell"))
        for header, value in ((H_TARGET, obs.target), (H_ACTUAL, obs.actual)):
            mark = marks.mark(r.submission.path, value.where)
            write_value(ws, n, col[header], value, fm.number(kpi.unit, dec, mark),
                        fm.marked_text(mark))
            links.add_cell(value.where, ws.name, n)
        links.add_cell(year.where, ws.name, n)

        j = judge_observation(obs.target, obs.actual, kpi.direction)
        t, a, d = cell[H_TARGET], cell[H_ACTUAL], "$" + cell[H_DIRECTION]
        write_formula(ws, n, col[H_RATE], formulas.rate_formula(t, a, d), fm.percent, j.rate)
        write_formula(ws, n, col[H_VERDICT], formulas.verdict_formula(t, a, d), fm.center,
                      j.verdict)
        write_formula(ws, n, col[H_REASON], formulas.reason_formula(t, a, d), fm.text,
                      j.reason)
        if options.grading.enabled:
            write_formula(ws, n, col[H_GRADE],
                          formulas.grade_formula(cell[H_RATE], cell[H_VERDICT], options.grading),
                          fm.center, grade(j, options.grading))
        write_text(ws, n, col[H_SOURCE], _source(obs.target.where, obs.actual.where), fm.text)

    last_row = max(len(rows), 1)  # a table needs one data row, even an empty one
    ws.add_table(0, 0, last_row, len(cols) - 1, {
        "name": TABLE_NAME,
        "style": TABLE_STYLE,
        "columns": [{"header": c.header, "header_format": fm.header} for c in cols],
    })
    ws.freeze_panes(1, 0)
    if rows:
        _conditional_formats(ws, fm, options, col[H_RATE], col[H_VERDICT], len(rows))
    _print_setup(ws)


def _conditional_formats(ws: Worksheet, fm: Formats, options: WriterOptions, rate_col: int,
                         verdict_col: int, n_rows: int) -> None:
    # Formula rules with ISNUMBER: an empty rate ("") must not fall in the < 80 % band.
    letter = xl_col_to_name(rate_col)
    rng = (1, rate_col, n_rows, rate_col)
    ref = f"${letter}2"
    bands = options.bands
    for criteria, fmt in (
        (f"=AND(ISNUMBER({ref}),{ref}>={bands.good})", fm.band_good),
        (f"=AND(ISNUMBER({ref}),{ref}>={bands.fair},{ref}<{bands.good})", fm.band_fair),
        (f"=AND(ISNUMBER({ref}),{ref}<{bands.fair})", fm.band_poor),
    ):
        ws.conditional_format(*rng, {"type": "formula", "criteria": criteria, "format": fmt})
    vrng = (1, verdict_col, n_rows, verdict_col)
    for text, fmt in ((ACHIEVED, fm.verdict_ok), (NOT_ACHIEVED, fm.verdict_ng)):
        ws.conditional_format(*vrng, {"type": "cell", "criteria": "==",
                                      "value": f'"{text}"', "format": fmt})


def _print_setup(ws: Worksheet) -> None:
    ws.set_paper(9)  # A4
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(0)
    ws.set_footer("&C&P / &N")


def _decimals_by_kpi(rows: Sequence[SummaryRow]) -> dict[int, int]:
    # One number format per KPI, with as many decimals as its values need.
    return {id(r.kpi): kpi_decimals(r.kpi, r.project.years) for r in rows}


def _source(target: Location, actual: Location) -> str:
    """出典: ``file.xlsx!sheet!C8,D8`` (the target and actual cells)."""
    text = target.describe()
    if actual.cell and actual.cell != target.cell:
        text += f",{actual.cell}"
    return text


def kpi_decimals(kpi: Kpi, years: Sequence[YearRow]) -> int:
    """Decimals the values (and baseline) of one KPI need (shared with the project sheets)."""
    values: list[Value] = [kpi.baseline] if kpi.baseline is not None else []
    for y in years:
        if kpi.index - 1 < len(y.observations):
            o = y.observations[kpi.index - 1]
            values += [o.target, o.actual]
    return decimals_needed([v.number for v in values if v.is_number and v.number is not None],
                           kpi.unit)
