"""集計一覧: one flat row per project × KPI × year, as an Excel table (spec §4).

Flat and machine-readable: one datum per cell, numbers as numbers, no merged cells; with
指標番号, 値の種類, 基準値 and 最終目標値 a KPI can be rebuilt from its rows
(``previous.py``). 達成率, 進捗率, 判定, 判定根拠 (and 評価) are live formulas over the row's
目標値/実績値/目標の方向/基準値/値の種類/公表予定 cells, each cached with the value
``domain/effect.row_results`` computes, so pandas and previews read the right result and a
clerk who corrects a value in Excel sees it change. 速報・確定, 公表予定 and 集計対象 (the
KPI's counted year, which 達成状況 counts) are values (docs/kpi-layout.md §2.3–2.5).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from xlsxwriter.utility import xl_col_to_name

from kpi_workbook.consolidated.columns.summary import (  # noqa: F401 (the sheet's headers)
    H_ACTUAL,
    H_BASELINE,
    H_COUNTED,
    H_DEPARTMENT,
    H_DIRECTION,
    H_DUE,
    H_FIGURE_STATUS,
    H_FINAL_TARGET,
    H_GRADE,
    H_KIND,
    H_KPI,
    H_KPI_INDEX,
    H_NAME,
    H_NO,
    H_NUMBER,
    H_PROGRESS,
    H_RATE,
    H_REASON,
    H_SCOPE,
    H_SOURCE,
    H_TARGET,
    H_UNIT,
    H_VERDICT,
    H_YEAR,
    SHEET_NAME,
)
from kpi_workbook.consolidated.writer.cells import (
    write_formula,
    write_number,
    write_text,
    write_value,
)
from kpi_workbook.consolidated.writer.formats import Formats, decimals_needed
from kpi_workbook.consolidated.writer.text_height import row_height
from kpi_workbook.consolidated.writer.xlsx_engine.book import sheet_name
from kpi_workbook.domain import formulas
from kpi_workbook.domain.attainment import ACHIEVED, NOT_ACHIEVED, grade
from kpi_workbook.domain.effect import RowResult, counted_index, kpi_years, row_results
from kpi_workbook.domain.figure_status import figure_statuses
from kpi_workbook.domain.labels import project_key
from kpi_workbook.domain.numbering import KpiKey, number_kpis

if TYPE_CHECKING:
    from xlsxwriter.workbook import Workbook
    from xlsxwriter.worksheet import Worksheet

    from kpi_workbook.consolidated.writer.layout import ErrorMarks, LinkMap, PlacedProject
    from kpi_workbook.consolidated.writer.options import WriterOptions
    from kpi_workbook.domain.issues import Location
    from kpi_workbook.domain.model import (
        FigureStatus,
        Kpi,
        Project,
        Submission,
        Value,
        YearRow,
    )

TABLE_NAME: Final = "KpiSummary"
TABLE_STYLE: Final = "Table Style Medium 2"



@dataclass(frozen=True, slots=True)
class Column:
    header: str
    width: float


def columns(with_grade: bool) -> list[Column]:
    """The header row, in order; 評価 only when a grade scheme is chosen."""
    # 指標番号, 値の種類 and 基準値 sit with the KPI's other attributes; formulas and
    # conditional formats find their columns by header, never by a fixed letter.
    # What the council reads is printed (up to 判定根拠/評価); from 出典 on, the columns are
    # for the planning division and for programs (the print stays legible: issue 14).
    cols = [
        Column(H_NUMBER, 8), Column(H_NAME, 26), Column(H_SCOPE, 8), Column(H_DEPARTMENT, 14),
        Column(H_KPI_INDEX, 8), Column(H_KPI, 26), Column(H_UNIT, 7), Column(H_DIRECTION, 9),
        Column(H_KIND, 9), Column(H_BASELINE, 15), Column(H_YEAR, 10), Column(H_TARGET, 15),
        Column(H_ACTUAL, 15), Column(H_FIGURE_STATUS, 6), Column(H_RATE, 9),
        Column(H_PROGRESS, 8), Column(H_VERDICT, 8), Column(H_REASON, 26),
    ]
    if with_grade:
        cols.append(Column(H_GRADE, 6))
    cols += [Column(H_SOURCE, 40), Column(H_FINAL_TARGET, 15), Column(H_DUE, 11),
             Column(H_COUNTED, 8), Column(H_NO, 6)]
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
                        links: LinkMap,
                        known: Mapping[int, Sequence[RowResult]] | None = None,
                        previous_numbers: Mapping[KpiKey, int] | None = None,
                        highest_no: int = 0) -> int:
    """Fill 集計一覧; ``marks`` says which value cells to highlight as erroneous; ``known``:
    each KPI's rows already worked out (:func:`row_results_of`). Returns the highest
    open-data NO given (``highest_no``: the highest ever, from --previous).

    Rows are written strictly in order, the table declared first, so ``ws`` may be a
    :class:`~kpi_workbook.consolidated.writer.xlsx_engine.book.StreamedWorksheet` (constant memory).
    """
    cols = columns(options.grading.enabled)
    col = {c.header: i for i, c in enumerate(cols)}
    rows = summary_rows(placed)
    for i, c in enumerate(cols):
        ws.set_column(i, i, c.width)
    last_row = max(len(rows), 1)  # a table needs one data row, even an empty one
    ws.add_table(0, 0, last_row, len(cols) - 1, {
        "name": TABLE_NAME,
        "style": TABLE_STYLE,
        "columns": [{"header": c.header, "header_format": fm.header} for c in cols],
    })
    for i, c in enumerate(cols):  # over the table's own header cells (streamed: inline)
        write_text(ws, 0, i, c.header, fm.header)
    ws.freeze_panes(1, 0)
    if rows:
        _conditional_formats(ws, fm, options, col[H_RATE], col[H_VERDICT], len(rows))
    _print_setup(ws, cols, len(rows))

    decimals = _decimals_by_kpi(rows)
    facts = _row_facts(rows, options.report_year, known or {})
    row_formulas = _RowFormulas(col, options)
    c_number, c_name, c_scope = col[H_NUMBER], col[H_NAME], col[H_SCOPE]
    c_department, c_kpi_index, c_kpi = col[H_DEPARTMENT], col[H_KPI_INDEX], col[H_KPI]
    c_unit, c_direction, c_kind = col[H_UNIT], col[H_DIRECTION], col[H_KIND]
    c_baseline, c_year, c_source = col[H_BASELINE], col[H_YEAR], col[H_SOURCE]
    c_no = col[H_NO]
    keys = [project_key(r.project.number, r.project.name) for r in rows]
    numbers = number_kpis(zip(keys, (r.kpi.index for r in rows), strict=True),
                          previous_numbers, highest_no)
    c_final = col[H_FINAL_TARGET]
    c_rate, c_verdict, c_reason = col[H_RATE], col[H_VERDICT], col[H_REASON]
    c_progress = col[H_PROGRESS]
    c_status, c_due, c_counted = col[H_FIGURE_STATUS], col[H_DUE], col[H_COUNTED]
    c_grade = col.get(H_GRADE)
    w_name, w_kpi, w_reason = (cols[col[h]].width for h in (H_NAME, H_KPI, H_REASON))
    name = sheet_name(ws)
    for n, r in enumerate(rows, start=1):
        p, kpi, year = r.project, r.kpi, r.year
        path = r.submission.path
        obs = p.observation(kpi, year)
        fact = facts[(id(kpi), id(year))]
        j = fact.result.judgement
        height = row_height((p.name, w_name), (kpi.name, w_kpi), (j.reason, w_reason))
        if height is not None:  # before the row's first cell (a streamed sheet)
            ws.set_row(n, height)
        write_number(ws, n, c_number, p.number, fm.integer)
        write_text(ws, n, c_name, p.name, fm.wrap)
        write_text(ws, n, c_scope, p.scope.value if p.scope else "", fm.text)
        write_text(ws, n, c_department, p.department, fm.text)
        write_number(ws, n, c_kpi_index, kpi.index, fm.integer)
        write_text(ws, n, c_kpi, kpi.name, fm.wrap)
        write_text(ws, n, c_unit, kpi.unit or "", fm.text)
        write_text(ws, n, c_direction, kpi.direction.value, fm.center)
        write_text(ws, n, c_kind, kpi.kind.value, fm.center)
        dec = decimals[id(kpi)]
        for c_attribute, attribute in ((c_baseline, kpi.baseline),
                                       (c_final, kpi.final_target)):
            if attribute is not None:
                mark = marks.mark(path, attribute.where)
                write_value(ws, n, c_attribute, attribute, fm.number(kpi.unit, dec, mark),
                            fm.marked_text(mark))
                links.add_cell(attribute.where, name, n)
            else:
                write_text(ws, n, c_attribute, None, fm.text)
        if year.fiscal_year is not None:
            write_number(ws, n, c_year, year.fiscal_year, fm.fiscal_year)
        else:
            write_text(ws, n, c_year, year.label, fm.marked_text("cell"))
        for c_value, value in ((col[H_TARGET], obs.target), (col[H_ACTUAL], obs.actual)):
            mark = marks.mark(path, value.where)
            write_value(ws, n, c_value, value, fm.number(kpi.unit, dec, mark), fm.marked_text(mark))
            links.add_cell(value.where, name, n)
        links.add_cell(year.where, name, n)
        write_text(ws, n, c_status, fact.status.value if fact.status else None, fm.center)
        write_text(ws, n, c_due, fact.result.due, fm.center)
        write_number(ws, n, c_counted, 1 if fact.counted else None, fm.center)

        write_formula(ws, n, c_rate, row_formulas.rate(n), fm.percent, j.rate)
        write_formula(ws, n, c_progress, row_formulas.progress(n), fm.percent,
                      fact.result.progress)
        write_formula(ws, n, c_verdict, row_formulas.verdict(n), fm.center, j.verdict)
        write_formula(ws, n, c_reason, row_formulas.reason(n), fm.wrap, j.reason)
        if c_grade is not None:
            write_formula(ws, n, c_grade, row_formulas.grade(n), fm.center,
                          grade(j, options.grading))
        write_text(ws, n, c_source, _source(obs.target.where, obs.actual.where), fm.text)
        write_number(ws, n, c_no, numbers[(keys[n - 1], kpi.index)], fm.integer)
    return max([highest_no, *numbers.values()])


class _RowFormulas:
    """The formulas of one row of 集計一覧, from templates built once per sheet.

    Every row's formulas are the same but for the row number of their references
    (``L5``, ``M5``, ``$H5``), so each is built once with a placeholder row and then
    only formatted; ``tests/test_writer.py`` checks them against ``formulas.py``.
    """

    def __init__(self, col: dict[str, int], options: WriterOptions) -> None:
        def ref(header: str, absolute: bool = False) -> str:
            return ("$" if absolute else "") + xl_col_to_name(col[header]) + _ROW
        t, a, d = ref(H_TARGET), ref(H_ACTUAL), ref(H_DIRECTION, absolute=True)
        b, k = ref(H_BASELINE, absolute=True), ref(H_KIND, absolute=True)
        self._rate = _template(formulas.rate_formula(t, a, d))
        self._progress = _template(formulas.progress_formula(t, a, b, k))
        due = ref(H_DUE, absolute=True)
        self._verdict = _template(formulas.verdict_formula(t, a, d, due))
        self._reason = _template(formulas.reason_formula(t, a, d, due))
        self._grade = (_template(formulas.grade_formula(ref(H_RATE), ref(H_VERDICT),
                                                         options.grading))
                       if options.grading.enabled else "")

    def rate(self, row: int) -> str:
        return self._rate.format(row + 1)

    def progress(self, row: int) -> str:
        return self._progress.format(row + 1)

    def verdict(self, row: int) -> str:
        return self._verdict.format(row + 1)

    def reason(self, row: int) -> str:
        return self._reason.format(row + 1)

    def grade(self, row: int) -> str:
        return self._grade.format(row + 1)


_ROW: Final = "\x00"  # the placeholder row number of a template (never in a formula)


def _template(formula: str) -> str:
    return formula.replace("{", "{{").replace("}", "}}").replace(_ROW, "{0}")


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


# Printing 集計一覧 for the council (issue 14): on one A4 page wide its columns came out at
# 4-5 pt. It prints two pages wide instead (about 75 %: 7.5 pt), each pair of pages holding
# the same rows (across, then down), the key columns repeated on the second page, the
# names and 判定根拠 wrapped in narrower columns. 出典 (a file and cell, for the planning
# division) is left out of the print.
PRINT_KEY_LAST: Final = H_KPI
"""The key columns (事業番号 … 指標名), repeated at the left of every page."""


def _print_setup(ws: Worksheet, cols: Sequence[Column], n_rows: int) -> None:
    names = [c.header for c in cols]
    ws.set_paper(9)  # A4
    ws.set_landscape()
    ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    ws.print_area(0, 0, max(n_rows, 1), names.index(H_SOURCE) - 1)
    ws.repeat_rows(0)
    ws.repeat_columns(0, names.index(PRINT_KEY_LAST))
    ws.fit_to_pages(2, 0)
    ws.print_across()
    ws.set_footer("&C&P / &N")


@dataclass(frozen=True, slots=True)
class _RowFacts:
    result: RowResult
    counted: bool
    status: FigureStatus | None


def row_results_of(placed: Sequence[PlacedProject],
                   report_year: int) -> dict[int, list[RowResult]]:
    """Every KPI's rows as 集計一覧 shows them, by ``id`` of the KPI: worked out once for
    集計一覧 and 事業別."""
    return {id(kpi): row_results(pp.project, kpi, report_year)
            for pp in placed for kpi in pp.project.kpis}


def _row_facts(rows: Sequence[SummaryRow], report_year: int,
               known: Mapping[int, Sequence[RowResult]]) -> dict[tuple[int, int], _RowFacts]:
    """(id(kpi), id(year)) → what the row shows (``effect.row_results``: the judgement, the
    公表予定, whether it is the KPI's counted year) and its 速報/確定, once per KPI."""
    facts: dict[tuple[int, int], _RowFacts] = {}
    seen: set[int] = set()
    for r in rows:
        if id(r.kpi) in seen:
            continue
        seen.add(id(r.kpi))
        years = kpi_years(r.project, r.kpi)
        results = known.get(id(r.kpi)) or row_results(r.project, r.kpi, report_year)
        counted = counted_index(results)
        statuses = figure_statuses(r.kpi, years)
        for i, (year, result) in enumerate(zip(years, results, strict=True)):
            facts[(id(r.kpi), id(year))] = _RowFacts(result, i == counted, statuses.get(i))
    return facts


def _decimals_by_kpi(rows: Sequence[SummaryRow]) -> dict[int, int]:
    # One number format per KPI, with as many decimals as its values need (once per KPI,
    # not once per row).
    decimals: dict[int, int] = {}
    for r in rows:
        if id(r.kpi) not in decimals:
            decimals[id(r.kpi)] = kpi_decimals(r.kpi, r.project.years)
    return decimals


def _source(target: Location, actual: Location) -> str:
    """出典: ``file.xlsx!sheet!C8,D8`` (the target and actual cells)."""
    text = target.describe()
    if actual.cell and actual.cell != target.cell:
        text += f",{actual.cell}"
    return text


def kpi_decimals(kpi: Kpi, years: Sequence[YearRow]) -> int:
    """Decimals the values (and baseline, final target) of one KPI need (shared with the
    project sheets)."""
    values: list[Value] = [v for v in (kpi.baseline, kpi.final_target) if v is not None]
    for y in years:
        if kpi.index - 1 < len(y.observations):
            o = y.observations[kpi.index - 1]
            values += [o.target, o.actual]
    return decimals_needed([v.number for v in values if v.is_number and v.number is not None],
                           kpi.unit)
