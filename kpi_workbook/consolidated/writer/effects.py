"""事業別 and 達成状況 (docs/kpi-layout.md §2.4–2.5).

事業別: one row per project in output order: how many KPIs were counted and met, the
事業効果(案) the KPIs suggest (``domain/effect.py``) with its 判定理由 in words, and the
department's own 事業効果 beside it. The experts decide; the tool explains. Values, worked
out when the workbook is written (a formula per project over 集計一覧 would cost Excel a
pass over every row for each of 10,000 projects at every opening).

達成状況: the State's three shares as live formulas with their cached values: the share of
KPIs 達成 and of KPIs with 達成率 under 50 % count 集計一覧's rows marked 集計対象 (so a
corrected value changes them), the share of projects with a KPI 達成 counts 事業別.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Final

from xlsxwriter.utility import xl_rowcol_to_cell

from kpi_workbook.consolidated.columns import effects as E
from kpi_workbook.consolidated.columns import summary as S
from kpi_workbook.consolidated.writer.cells import write_formula, write_number, write_text
from kpi_workbook.consolidated.writer.summary import columns as summary_columns
from kpi_workbook.domain import formulas
from kpi_workbook.domain.attainment import ACHIEVED as ACHIEVED_TEXT
from kpi_workbook.domain.effect import (
    LOW_RATE,
    EffectProposal,
    RowResult,
    Shares,
    differs,
    propose_effect,
    share,
    standings,
    state_shares,
)

if TYPE_CHECKING:
    from xlsxwriter.worksheet import Worksheet

    from kpi_workbook.consolidated.writer.formats import Formats
    from kpi_workbook.consolidated.writer.layout import PlacedProject
    from kpi_workbook.consolidated.writer.options import WriterOptions

_WIDTHS: Final = {E.H_NUMBER: 8, E.H_NAME: 30, E.H_SCOPE: 8, E.H_DEPARTMENT: 14,
                  E.H_COUNTED: 9, E.H_ACHIEVED: 9, E.H_PROPOSAL: 26, E.H_REASON: 50,
                  E.H_SUBMITTED: 26, E.H_COMPARISON: 9}
_HOW: Final = {
    E.ITEM_PROJECTS: "「事業別」で、集計した指標が1つ以上ある事業のうち、達成した指標が"
                     "1つ以上ある事業",
    E.ITEM_ACHIEVED: "「集計一覧」の集計対象（指標ごとに、達成・未達成を判定できた最新の年度）の"
                     "うち、判定が「達成」の指標",
    E.ITEM_LOW: "「集計一覧」の集計対象のうち、達成率が50%未満の指標（達成率が空欄の指標は"
                "数えません）",
}


def write_effects_sheet(ws: Worksheet, placed: Sequence[PlacedProject], fm: Formats,
                        options: WriterOptions,
                        known: Mapping[int, Sequence[RowResult]] | None = None) -> Shares:
    """Fill 事業別; returns the shares its rows and 集計一覧 give (for 達成状況).

    ``known``: each KPI's rows as 集計一覧 shows them (``effect.row_results``, by ``id`` of
    the KPI), worked out once for both sheets."""
    for c, header in enumerate(E.EFFECT_HEADERS):
        write_text(ws, 0, c, header, fm.header)
        ws.set_column(c, c, _WIDTHS[header])
    all_standings = []
    for r, pp in enumerate(placed, start=1):
        p = pp.project
        kpis = standings(p, options.report_year, known)
        all_standings.append(kpis)
        proposal = propose_effect(kpis, options.effect_line)
        write_number(ws, r, 0, p.number, fm.integer)
        write_text(ws, r, 1, p.name, fm.wrap)
        write_text(ws, r, 2, p.scope.value if p.scope else None, fm.text)
        write_text(ws, r, 3, p.department, fm.text)
        write_number(ws, r, 4, proposal.counted, fm.integer)
        write_number(ws, r, 5, proposal.achieved, fm.integer)
        write_text(ws, r, 6, proposal.effect.value if proposal.effect else None, fm.wrap)
        write_text(ws, r, 7, proposal.reason.ja, fm.wrap)
        write_text(ws, r, 8, p.effect, fm.wrap)
        write_text(ws, r, 9, _comparison(p.effect, proposal), fm.center)
    n = len(placed)
    ws.autofilter(0, 0, max(n, 1), len(E.EFFECT_HEADERS) - 1)
    ws.freeze_panes(1, 0)
    _print_setup(ws)
    return state_shares(all_standings)


def _comparison(submitted: str | None, proposal: EffectProposal) -> str | None:
    if not submitted or proposal.effect is None:
        return None
    return E.DIFFERENT if differs(submitted, proposal) else E.SAME


def write_statistics_sheet(ws: Worksheet, shares: Shares, fm: Formats, *,
                           projects: int, summary_rows: int, graded: bool) -> None:
    """Fill 達成状況: the shares as formulas over 事業別 (``projects`` rows) and 集計一覧
    (``summary_rows`` rows), each cached with the count ``shares`` holds."""
    for c, header in enumerate(E.STATISTICS_HEADERS):
        write_text(ws, 0, c, header, fm.header)
    for c, width in enumerate((34, 9, 9, 9, 70)):
        ws.set_column(c, c, width)
    summary = {c.header: i for i, c in enumerate(summary_columns(graded))}

    def column(sheet: str, col: int, rows: int) -> str:
        first = xl_rowcol_to_cell(1, col, row_abs=True, col_abs=True)
        last = xl_rowcol_to_cell(max(rows, 1), col, row_abs=True, col_abs=True)
        return f"'{sheet}'!{first}:{last}"

    counted_col = column(S.SHEET_NAME, summary[S.H_COUNTED], summary_rows)
    verdict_col = column(S.SHEET_NAME, summary[S.H_VERDICT], summary_rows)
    rate_col = column(S.SHEET_NAME, summary[S.H_RATE], summary_rows)
    effects = {h: i for i, h in enumerate(E.EFFECT_HEADERS)}
    achieved_col = column(E.EFFECTS_SHEET, effects[E.H_ACHIEVED], projects)
    counted_projects = column(E.EFFECTS_SHEET, effects[E.H_COUNTED], projects)
    positive = formulas.above_criterion(0)
    rows = [
        (E.ITEM_PROJECTS, formulas.count_formula((achieved_col, positive)),
         shares.projects_achieved, formulas.count_formula((counted_projects, positive)),
         shares.projects_counted),
        (E.ITEM_ACHIEVED, formulas.count_formula((counted_col, "1"), (
            verdict_col, formulas.text_criterion(ACHIEVED_TEXT))), shares.kpis_achieved,
         formulas.count_formula((counted_col, "1")), shares.kpis_counted),
        (E.ITEM_LOW, formulas.count_formula((counted_col, "1"), (
            rate_col, formulas.below_criterion(LOW_RATE))), shares.kpis_low,
         formulas.count_formula((counted_col, "1")), shares.kpis_counted),
    ]
    for r, (item, part_formula, part, whole_formula, whole) in enumerate(rows, start=1):
        write_text(ws, r, 0, item, fm.wrap)
        part_cell, whole_cell = xl_rowcol_to_cell(r, 2), xl_rowcol_to_cell(r, 3)
        write_formula(ws, r, 1, formulas.share_formula(part_cell, whole_cell), fm.percent,
                      share(part, whole))
        write_formula(ws, r, 2, part_formula, fm.integer, part)
        write_formula(ws, r, 3, whole_formula, fm.integer, whole)
        write_text(ws, r, 4, _HOW[item], fm.wrap)
    _print_setup(ws)


def _print_setup(ws: Worksheet) -> None:
    ws.set_paper(9)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(0)
    ws.set_footer("&C&P / &N")
