"""国への報告: the State's 事業実施結果報告 (様式2), ready to print and send.

The national layout (``domain/national_report.py`` decides what goes in each cell): the
form number and title, the header block (都道府県名, 市町村名, 団体コード, 担当部局課名 from
the settings file), the group headers ① … ⑦ over the leaf columns, then one block per
project in report order, its project cells merged over its five KPI lines 指標① … 指標⑤.
Printed on A4 landscape, one page wide, the two header rows repeated on every page.

The sheet is streamed (the report of 10,000 projects is 50,000 rows): every row is
written in order, the merged ranges declared with ``declare_merged`` and their cells
written row by row. Text is written with ``write_text``, so a 事業名 or an opinion that
starts with ``=`` stays text. It is filled when merge runs: what is typed into 外部評価
afterwards shows here once the workbook is made again (a re-merge keeps the record), as
the note beside the printed area says.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Final

from kpi_workbook.consolidated.writer.cells import (
    merge_text,
    write_number,
    write_text,
    write_value,
)
from kpi_workbook.consolidated.writer.formats import decimals_needed
from kpi_workbook.consolidated.writer.text_height import MIN_HEIGHT, text_height
from kpi_workbook.domain import national_report as N
from kpi_workbook.domain.model import Value, ValueStatus

if TYPE_CHECKING:
    from xlsxwriter.format import Format

    from kpi_workbook.consolidated.writer.formats import Formats
    from kpi_workbook.consolidated.writer.layout import ErrorMarks, PlacedProject
    from kpi_workbook.consolidated.writer.xlsx_engine.book import StreamedWorksheet
    from kpi_workbook.domain.evaluation import Evaluation
    from kpi_workbook.domain.national_report import KpiLine, ReportBlock, Reporter

SHEET_NAME: Final = N.SHEET_NAME
NOTE: Final = ("※ 外部評価に記入した内容（事業の評価・外部有識者からの意見・最終の今後の方針"
               "と理由）は、集計ブックを作成し直すとこのシートに反映されます"
               "（記入内容は引き継がれます）。この列は印刷されません。")

# The columns, left to right: (leaf header, width in characters). 指標 spans two: the
# line's label (指標①) and the KPI's name, as on the form.
_COLUMNS: Final = (
    (N.H_NO, 4.5), (N.H_NAME, 20), (N.H_GRANT_KIND, 12), (N.H_ACTUAL_COST, 12),
    (N.H_KPI, 5.5), ("", 20), (N.H_TARGET, 11), (N.H_UNIT, 6), (N.H_MONTH, 7),
    (N.H_ACTUAL, 11), (N.H_EFFECT, 14), (N.H_RATING, 14), (N.H_EXPERTS, 20),
    (N.H_POLICY, 9), (N.H_POLICY_REASON, 22),
)
LAST_COL: Final = len(_COLUMNS) - 1
_COL: Final = {header: c for c, (header, _) in enumerate(_COLUMNS) if header}
_WIDTH: Final = tuple(width for _, width in _COLUMNS)
C_NO, C_NAME, C_KIND, C_COST = (_COL[h] for h in (N.H_NO, N.H_NAME, N.H_GRANT_KIND,
                                                  N.H_ACTUAL_COST))
C_LABEL = _COL[N.H_KPI]
C_KPI_NAME = C_LABEL + 1
C_TARGET, C_UNIT, C_MONTH, C_ACTUAL = (_COL[h] for h in (N.H_TARGET, N.H_UNIT, N.H_MONTH,
                                                         N.H_ACTUAL))
C_EFFECT, C_RATING, C_EXPERTS, C_POLICY, C_REASON = (
    _COL[h] for h in (N.H_EFFECT, N.H_RATING, N.H_EXPERTS, N.H_POLICY, N.H_POLICY_REASON))
_NOTE_COL: Final = LAST_COL + 2

ROW_FORM, ROW_TITLE, ROW_SUBTITLE = 0, 1, 2
ROW_HEADER_BLOCK: Final = 4
GROUP_ROW: Final = ROW_HEADER_BLOCK + 5
LEAF_ROW: Final = GROUP_ROW + 1
FIRST_BLOCK_ROW: Final = LEAF_ROW + 1
_HEADER_ROW_HEIGHT: Final = 30.0
_TITLE_ROW_HEIGHT: Final = 20.0
#: Rows 1-9 (様式2, the title, the header block): the title 20 pt, the others 15.
_TITLE_HEIGHT: Final = _TITLE_ROW_HEIGHT + (GROUP_ROW - 1) * MIN_HEIGHT
# Print geometry in points: A4 landscape (842 × 595) less the margins (inches).
_MARGIN_SIDE, _MARGIN_TOP = 0.4, 0.6
_PRINT_WIDTH: Final = 842 - 2 * _MARGIN_SIDE * 72
_PRINT_HEIGHT: Final = 595 - 2 * _MARGIN_TOP * 72
_PAGE_SAFETY: Final = 0.97
_MAX_BREAKS: Final = 1023


def write_national_sheet(ws: StreamedWorksheet, placed: Sequence[PlacedProject],
                         fm: Formats, reporter: Reporter,
                         typed: Mapping[str, Evaluation] | None,
                         marks: ErrorMarks) -> None:
    """Fill 国への報告, row by row.

    Args:
        placed:   the projects in output order (単市 then 広域, by 事業番号).
        reporter: the header block (``[report]`` of the settings file; empty cells when
                  it gives none, to be typed by hand).
        typed:    what was typed into 外部評価 of the OUT this merge replaces, by project
                  key (the experts' rating and opinion, the final 今後の方針 and 理由).
        marks:    the values an error points at are highlighted as on the other sheets.
    """
    for c, width in enumerate(_WIDTH):
        ws.set_column(c, c, width)
    _write_title(ws, fm, reporter)
    _write_headers(ws, fm)
    row = FIRST_BLOCK_ROW
    blocks = N.report_blocks((pp.project for pp in placed), typed)
    heights = []
    for pp, block in zip(placed, blocks, strict=True):
        top = row
        row, height = _write_block(ws, fm, block, marks, pp, row)
        heights.append((top, height))
    _print_setup(ws, max(row - 1, LEAF_ROW), page_breaks(heights))


def _write_title(ws: StreamedWorksheet, fm: Formats, reporter: Reporter) -> None:
    write_text(ws, ROW_FORM, 0, N.FORM_NUMBER, fm.plain)
    write_text(ws, ROW_FORM, _NOTE_COL, NOTE, fm.plain)  # one line, outside the print
    ws.set_row(ROW_TITLE, _TITLE_ROW_HEIGHT)
    merge_text(ws, ROW_TITLE, 0, ROW_TITLE, LAST_COL, reporter.title(), fm.title_center)
    merge_text(ws, ROW_SUBTITLE, 0, ROW_SUBTITLE, LAST_COL, N.SUBTITLE, fm.centered)
    for r, (label, value) in enumerate(reporter.header_block(), start=ROW_HEADER_BLOCK):
        merge_text(ws, r, 0, r, C_NAME, label, fm.header)
        merge_text(ws, r, C_KIND, r, C_KPI_NAME, value, fm.text)  # a code keeps its 0


def _write_headers(ws: StreamedWorksheet, fm: Formats) -> None:
    """Two rows: the groups ① … ⑦ over their columns, then the leaf columns (No spans
    both; 指標 spans the label and the name)."""
    ws.set_row(GROUP_ROW, _HEADER_ROW_HEIGHT)
    ws.set_row(LEAF_ROW, _HEADER_ROW_HEIGHT)
    ws.declare_merged(GROUP_ROW, C_NO, LEAF_ROW, C_NO)
    c = 0
    for group, leaves in N.GROUPS:
        span = len(leaves) + (1 if N.H_KPI in leaves else 0)
        if group == N.H_NO:
            write_text(ws, GROUP_ROW, c, group, fm.header)
        else:
            merge_text(ws, GROUP_ROW, c, GROUP_ROW, c + span - 1, group, fm.header)
        c += span
    write_text(ws, LEAF_ROW, C_NO, None, fm.header)
    for c, (header, _) in enumerate(_COLUMNS):
        if c in (C_NO, C_KPI_NAME):
            continue
        if c == C_LABEL:
            merge_text(ws, LEAF_ROW, C_LABEL, LEAF_ROW, C_KPI_NAME, header, fm.header)
        else:
            write_text(ws, LEAF_ROW, c, header, fm.header)


_Cell = str | int | float | Value | None
"""What a cell of a block holds: text, a number (No, 実績額) or a KPI value as read."""


def _write_block(ws: StreamedWorksheet, fm: Formats, block: ReportBlock,
                 marks: ErrorMarks, pp: PlacedProject, top: int) -> tuple[int, float]:
    """The block's rows from ``top``; returns the row after it and the block's height
    in points."""
    lines = block.lines
    bottom = top + len(lines) - 1
    p = block.project
    merged: list[tuple[int, _Cell, Format]] = [
        (C_NO, block.no, fm.center), (C_NAME, p.name, fm.middle),
        (C_KIND, p.grant_kind, fm.middle), (C_COST, p.actual_cost, fm.count),
        (C_EFFECT, block.effect, fm.middle), (C_RATING, block.rating, fm.middle),
        (C_EXPERTS, block.experts, fm.middle), (C_POLICY, block.policy, fm.middle),
        (C_REASON, block.policy_reason, fm.middle)]
    for c, _, _ in merged:
        ws.declare_merged(top, c, bottom, c)
    heights = [text_height(line.kpi.name if line.kpi else None, _WIDTH[C_KPI_NAME])
               for line in lines]
    need = max(text_height(v, _WIDTH[c]) if isinstance(v, str) else MIN_HEIGHT
               for c, v, _ in merged)
    extra = max(0.0, need - sum(heights)) / len(lines)
    for offset, line in enumerate(lines):
        r = top + offset
        ws.set_row(r, heights[offset] + extra)
        line_cells = _line_cells(fm, line, marks, pp)
        cells: dict[int, tuple[_Cell, Format]] = {
            c: (v if offset == 0 else None, f) for c, v, f in merged}
        cells.update(line_cells)
        for c in range(LAST_COL + 1):
            value, fmt = cells[c]
            if isinstance(value, Value):
                write_value(ws, r, c, value, fmt)  # a dash as typed, marked alike
            elif isinstance(value, (int, float)):  # an amount read from a cell may be an int
                write_number(ws, r, c, value, fmt)
            else:
                write_text(ws, r, c, value, fmt)
    return bottom + 1, sum(heights) + extra * len(lines)


def _line_cells(fm: Formats, line: KpiLine, marks: ErrorMarks, pp: PlacedProject,
                ) -> dict[int, tuple[_Cell, Format]]:
    """The cells of one KPI line: label, name, 指標値, 単位, 目標年月, 実績値."""
    kpi = line.kpi
    target, actual = (_shown(v, line.percent) for v in (line.target, line.actual))
    numbers = [v.number for v in (target, actual)
               if v is not None and v.is_number and v.number is not None]
    decimals = decimals_needed(numbers, None)
    file = pp.submission.path
    target_fmt = fm.number(None, decimals,
                           marks.mark(file, line.target.where if line.target else None))
    actual_fmt = fm.number(None, decimals,
                           marks.mark(file, line.actual.where if line.actual else None))
    return {
        C_LABEL: (line.label, fm.center),
        C_KPI_NAME: (kpi.name if kpi else None, fm.middle),
        C_TARGET: (target, target_fmt),
        C_UNIT: (kpi.unit if kpi else None, fm.center),
        C_MONTH: (line.month or None, fm.center),
        C_ACTUAL: (actual, actual_fmt),
    }


def _shown(value: Value | None, percent: bool) -> Value | None:
    """The value as the form writes it: a % KPI's fraction in points."""
    if value is None or not percent or not value.is_number or value.number is None:
        return value
    return Value(N.in_points(value.number), ValueStatus.NUMBER, value.raw, value.where,
                 value.suffix)


def page_breaks(blocks: Sequence[tuple[int, float]]) -> list[int]:
    """The rows to begin a page at so that no block is split over two pages: ``blocks``
    are (first row, height in points) in order. A block taller than a page begins one.

    Printed one page wide, the sheet is scaled by the printable width over its own
    (estimated from the column widths as Excel converts them, 7 pixels a character); a
    page holds the printable height over that scale, less the header rows repeated on
    it (and on the first page the title and header block), with a margin for the
    program's rounding. LibreOffice keeps these breaks; Excel, which ignores manual
    breaks on a sheet fitted to the page width, breaks where a page is full, as before.
    Excel keeps at most 1,023 breaks a sheet: the pages after those break where full.
    """
    width = sum((w * 7 + 5) * 0.75 for w in _WIDTH)
    scale = min(1.0, _PRINT_WIDTH / width)
    page = _PRINT_HEIGHT / scale * _PAGE_SAFETY
    repeated = 2 * _HEADER_ROW_HEIGHT
    used = _TITLE_HEIGHT + repeated
    breaks: list[int] = []
    for top, height in blocks:
        if used + height > page and used > repeated and len(breaks) < _MAX_BREAKS:
            breaks.append(top)
            used = repeated
        used += height
    return breaks


def _print_setup(ws: StreamedWorksheet, last_row: int, breaks: list[int]) -> None:
    """A4 landscape, one page wide, no block split over two pages; the header rows on
    every page; the note beside the form outside the printed area."""
    ws.set_paper(9)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(GROUP_ROW, LEAF_ROW)
    ws.print_area(0, 0, last_row, LAST_COL)
    ws.set_margins(left=_MARGIN_SIDE, right=_MARGIN_SIDE, top=_MARGIN_TOP,
                   bottom=_MARGIN_TOP)
    ws.set_footer("&C&P / &N")
    if breaks:
        ws.set_h_pagebreaks(breaks)
