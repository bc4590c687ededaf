"""One sheet per project in the council layout of the seed, ready to print.

Title with number and period, 事業目的, then the year × KPI table with 目標値/実績値/達成率
(達成率 a live formula, cached), the optional 事業費/事業効果/今後の方針/評価・課題 block,
and a native chart per KPI (target vs actual by year).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from xlsxwriter.utility import xl_rowcol_to_cell

from kpi_workbook.consolidated.writer.cells import (
    merge_text,
    write_formula,
    write_number,
    write_text,
)
from kpi_workbook.consolidated.writer.cells import write_value as write_cell_value
from kpi_workbook.consolidated.writer.formats import PERCENT_UNIT
from kpi_workbook.consolidated.writer.summary import kpi_decimals
from kpi_workbook.consolidated.writer.text_height import text_height
from kpi_workbook.consolidated.writer.xlsx_engine.book import sheet_name
from kpi_workbook.consolidated.writer.xlsx_engine.chart import (
    ChartLook,
    KpiColumnChart,
    add_kpi_chart,
    cached_text,
    cached_value,
)
from kpi_workbook.domain import formulas
from kpi_workbook.domain.attainment import judge_observation
from kpi_workbook.domain.fiscal_year import format_fiscal_year
from kpi_workbook.domain.labels import (
    ACTIVITIES,
    ASSESSMENT,
    COST,
    DEPARTMENT,
    EFFECT,
    GRANT,
    KPI_HEADER,
    POLICY,
    PURPOSE,
    SCOPE,
    TARGET,
    YEAR,
)
from kpi_workbook.domain.labels import (
    ACTUAL as ACTUAL_LABEL,
)
from kpi_workbook.domain.sheet_names import circled

if TYPE_CHECKING:
    from xlsxwriter.workbook import Workbook
    from xlsxwriter.worksheet import Worksheet

    from kpi_workbook.consolidated.writer.formats import Formats
    from kpi_workbook.consolidated.writer.layout import ErrorMarks, LinkMap, PlacedProject
    from kpi_workbook.domain.model import Kpi, Project

RATE: Final = "達成率"
ACTIVITIES_HEADER: Final = "事業概要"
NO_KPI_NOTE: Final = "（KPIの設定なし）"
CHART_TARGET: Final = "目標値"
CHART_ACTUAL: Final = "実績値"

YEAR_WIDTH: Final = 14
ACTIVITIES_WIDTH: Final = 48
VALUE_WIDTH: Final = 13
CHART_WIDTH: Final = 480  # pixels
CHART_HEIGHT: Final = 270
DEFAULT_ROW_HEIGHT: Final = 15.0  # points
TITLE_ROW_HEIGHT: Final = 20.0  # the 14 pt title
# The printable area of A4 landscape with the margins of _print_setup, in points.
PAGE_WIDTH: Final = 842 - 2 * 0.5 * 72
PAGE_HEIGHT: Final = 595 - 2 * 0.6 * 72 - 2 * 0.3 * 72  # less the header and footer
_CHART_LOOK: Final = ChartLook(((CHART_TARGET, "#A6A6A6"), (CHART_ACTUAL, "#2F75B5")),
                               title_size=10, gridline_colour="#D9D9D9",
                               width=CHART_WIDTH, height=CHART_HEIGHT)


def project_title(project: Project) -> str:
    """``① 小野田ガラスのブランド化推進事業(令和2年度～令和4年度)``, as in the seed."""
    title = f"{circled(project.number)} {project.name}".strip()
    if project.period is not None:
        title += f"({project.period.label()})"
    return title


def write_project_sheet(wb: Workbook, ws: Worksheet, pp: PlacedProject, fm: Formats,
                        marks: ErrorMarks, links: LinkMap) -> None:
    p = pp.project
    n_kpis = len(p.kpis)
    last_col = max(1 + 3 * n_kpis, 5)
    ws.set_column(0, 0, YEAR_WIDTH)
    ws.set_column(1, 1, ACTIVITIES_WIDTH)
    if n_kpis:
        ws.set_column(2, 1 + 3 * n_kpis, VALUE_WIDTH)
    links.add_sheet(pp.submission.path, p.sheet, sheet_name(ws), 0)

    write_text(ws, 0, 0, project_title(p), fm.title)
    info = "　".join(f"{label}：{value}" for label, value in (
        (DEPARTMENT, p.department), (SCOPE, p.scope.value if p.scope else "")) if value)
    write_text(ws, 1, 0, info, fm.plain)
    write_text(ws, 2, 0, PURPOSE, fm.subtitle)
    merge_text(ws, 3, 0, 3, last_col, p.purpose, fm.paragraph)
    ws.set_row(3, text_height(p.purpose, ACTIVITIES_WIDTH + YEAR_WIDTH
                               + VALUE_WIDTH * max(n_kpis * 3, 4)))

    top = 5
    first_data = _write_table_header(ws, p, fm, top)
    heights = [TITLE_ROW_HEIGHT, DEFAULT_ROW_HEIGHT, DEFAULT_ROW_HEIGHT,
               text_height(p.purpose, ACTIVITIES_WIDTH + YEAR_WIDTH
                            + VALUE_WIDTH * max(n_kpis * 3, 4)),
               *[DEFAULT_ROW_HEIGHT] * (first_data - 4)]
    heights[top + 1] = 30 if p.kpis else DEFAULT_ROW_HEIGHT
    decimals = {kpi.index: kpi_decimals(kpi, p.years) for kpi in p.kpis}  # once per KPI
    for offset, year in enumerate(p.years):
        r = first_data + offset
        write_text(ws, r, 0, _year_label(year.label, year.fiscal_year), fm.wrap)
        write_text(ws, r, 1, year.activities, fm.wrap)
        heights.append(text_height(year.activities, ACTIVITIES_WIDTH))
        ws.set_row(r, heights[-1])
        links.add_cell(year.where, sheet_name(ws), r)
        for kpi in p.kpis:
            if kpi.index - 1 >= len(year.observations):
                continue
            obs = year.observations[kpi.index - 1]
            c = 2 + 3 * (kpi.index - 1)
            dec = decimals[kpi.index]
            for col, value in ((c, obs.target), (c + 1, obs.actual)):
                mark = marks.mark(pp.submission.path, value.where)
                write_cell_value(ws, r, col, value, fm.number(kpi.unit, dec, mark),
                                 fm.marked_text(mark))
            j = judge_observation(obs.target, obs.actual, kpi.direction)
            t, a = xl_rowcol_to_cell(r, c), xl_rowcol_to_cell(r, c + 1)
            write_formula(ws, r, c + 2, formulas.rate_formula(t, a, kpi.direction),
                          fm.percent, j.rate)
    last_data = first_data + len(p.years) - 1
    row = max(last_data, first_data) + 2
    row = _write_optional_block(ws, p, fm, row, last_col)
    _insert_charts(wb, ws, p, first_data, last_data, row + 1)
    width = max(_points(YEAR_WIDTH) + _points(ACTIVITIES_WIDTH) + 3 * n_kpis
                * _points(VALUE_WIDTH), (5 + n_kpis * (CHART_WIDTH + 10)) * 0.75)
    _print_setup(ws, top, first_data - 1, repeat=not _fits_one_page(width, heights))


def _write_table_header(ws: Worksheet, p: Project, fm: Formats, top: int) -> int:
    """The seed's header: 事業概要 | 重要業績評価指標(KPI); KPI names; 年度 事業内容 目標値 …

    Returns the first year row.
    """
    if not p.kpis:
        merge_text(ws, top, 0, top, 1, ACTIVITIES_HEADER, fm.header)
        write_text(ws, top + 1, 0, YEAR, fm.header)
        write_text(ws, top + 1, 1, ACTIVITIES, fm.header)
        write_text(ws, top + 2, 0, "", fm.plain)
        return top + 2
    # Row by row (the sheet is streamed): the KPI band of the first row before the
    # two-row 事業概要 block, which begins the second.
    last = 1 + 3 * len(p.kpis)
    merge_text(ws, top, 2, top, last, KPI_HEADER, fm.header)
    merge_text(ws, top, 0, top + 1, 1, ACTIVITIES_HEADER, fm.header)
    ws.set_row(top + 1, 30)
    for kpi in p.kpis:
        c = 2 + 3 * (kpi.index - 1)
        merge_text(ws, top + 1, c, top + 1, c + 2, _kpi_heading(kpi), fm.header)
    write_text(ws, top + 2, 0, YEAR, fm.header)
    write_text(ws, top + 2, 1, ACTIVITIES, fm.header)
    for kpi in p.kpis:
        c = 2 + 3 * (kpi.index - 1)
        write_text(ws, top + 2, c, TARGET, fm.header)
        write_text(ws, top + 2, c + 1, ACTUAL_LABEL, fm.header)
        write_text(ws, top + 2, c + 2, RATE, fm.header)
    return top + 3


def _kpi_heading(kpi: Kpi) -> str:
    unit = f"（{kpi.unit}）" if kpi.unit else ""
    direction = "" if kpi.direction.value == "増加" else f"［{kpi.direction.value}が目標］"
    return f"{kpi.name}{unit}{direction}"


def _year_label(label: str, fiscal_year: int | None) -> str:
    if fiscal_year is None:
        return label
    fy = format_fiscal_year(fiscal_year)
    return label if label == fy else f"{label}\n（{fy}）"


def _write_optional_block(ws: Worksheet, p: Project, fm: Formats, row: int,
                          last_col: int) -> int:
    """事業費/交付金額/事業効果/今後の方針/評価・課題, only those submitted. Returns next row."""
    for label, amount in ((COST, p.cost), (GRANT, p.grant)):
        if amount is not None:
            write_text(ws, row, 0, label, fm.header)
            write_number(ws, row, 1, amount, fm.yen)
            row += 1
    for label, text in ((EFFECT, p.effect), (POLICY, p.policy)):
        if text:
            write_text(ws, row, 0, label, fm.header)
            write_text(ws, row, 1, text, fm.text)
            row += 1
    if p.assessment:
        write_text(ws, row, 0, ASSESSMENT, fm.header)
        merge_text(ws, row, 1, row, last_col, p.assessment, fm.wrap)
        ws.set_row(row, text_height(p.assessment, ACTIVITIES_WIDTH + VALUE_WIDTH * 3))
        row += 1
    return row


def _insert_charts(wb: Workbook, ws: Worksheet, p: Project, first: int, last: int,
                   row: int) -> None:
    """One column chart per KPI, caching the values the table above holds (chart.py)."""
    if last < first:
        return
    labels = tuple(cached_text(_year_label(y.label, y.fiscal_year)) for y in p.years)
    for i, kpi in enumerate(p.kpis):
        c = 2 + 3 * (kpi.index - 1)
        k = kpi.index - 1
        observations = [y.observations[k] if k < len(y.observations) else None
                        for y in p.years]
        targets = tuple(None if o is None else cached_value(o.target) for o in observations)
        actuals = tuple(None if o is None else cached_value(o.actual) for o in observations)
        num_format = "0%" if kpi.unit == PERCENT_UNIT else "#,##0"
        chart = add_kpi_chart(wb, KpiColumnChart(
            _CHART_LOOK, sheet_name(ws), first, last, (0, c, c + 1), kpi.name, num_format,
            (labels, targets, actuals)))
        ws.insert_chart(row, 0, chart, {"x_offset": 5 + i * (CHART_WIDTH + 10), "y_offset": 5})


def _print_setup(ws: Worksheet, first_header: int, last_header: int, *,
                 repeat: bool) -> None:
    """A4 landscape, one page wide; the table's header rows repeat on every page only
    when the table needs more than one (``repeat``).

    Why not always: each sheet's print titles are a defined name, and LibreOffice's load
    time grows with the square of their number (measured on 105 project sheets: 4.3 s
    without, 22.8 s with; 134 s for 255 sheets), while a project's table of three to five
    years is far from filling a page. Print titles that never print cost the council a
    workbook that opens.
    """
    ws.set_paper(9)  # A4
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    if repeat:
        ws.repeat_rows(first_header, last_header)
    ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    ws.set_header("&L&A")
    ws.set_footer("&C&P / &N")


def _points(width: float) -> float:
    """A column width (in characters) in points: Excel's 7 pixels a character plus 5."""
    return (width * 7 + 5) * 0.75


def _fits_one_page(width: float, heights: list[float]) -> bool:
    """Whether rows of ``heights`` (points), on a sheet ``width`` points wide printed one
    page wide, fit on one page of A4 landscape."""
    scale = min(1.0, PAGE_WIDTH / width) if width else 1.0
    return sum(heights) * scale <= PAGE_HEIGHT
