"""The consolidated workbook (集計ブック, spec §4), written with xlsxwriter.

One module per sheet; ``cells.py`` holds the only write paths and ``formats.py`` the
formats. ``write_consolidated`` is the one entry point; ``merge.py`` calls it on the
temporary file of ``atomic_write``.

Memory and time at scale (issue 7; ``book.py`` has the details): the flat sheets (集計一覧,
検証結果, 提出状況, 前回との差異, 事業データ, 事業内容) are streamed row by row in xlsxwriter's
``constant_memory`` mode, one sheet at a time, and so are the project sheets, each kept
deflated once written (their charts carry the plotted values themselves: chart.py). Every
project sheet and every chart is still written: nothing is dropped or thinned out at any
size. The parts of the package are held deflated in memory instead of
one temporary file each.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Final

from kpi_workbook.consolidated.columns import (
    FISCAL_YEAR_PROPERTY,
    HIGHEST_NO_PROPERTY,
    REPORT_FORM_PROPERTY,
)
from kpi_workbook.consolidated.columns import data as data_columns
from kpi_workbook.consolidated.columns import effects as effects_columns
from kpi_workbook.consolidated.columns import summary as summary_columns
from kpi_workbook.consolidated.gc_pause import gc_paused
from kpi_workbook.consolidated.parts import PART_INFIX
from kpi_workbook.consolidated.writer import data as data_sheets
from kpi_workbook.consolidated.writer import differences as differences_sheet
from kpi_workbook.consolidated.writer import effects as effects_sheets
from kpi_workbook.consolidated.writer import evaluation as evaluation_sheet
from kpi_workbook.consolidated.writer import issues as issues_sheet
from kpi_workbook.consolidated.writer import national as national_sheet
from kpi_workbook.consolidated.writer import status as status_sheet
from kpi_workbook.consolidated.writer import summary as summary_sheet
from kpi_workbook.consolidated.writer.evaluation import OrphanRow
from kpi_workbook.consolidated.writer.formats import DEFAULT_FORMAT, Formats
from kpi_workbook.consolidated.writer.layout import (
    ErrorMarks,
    LinkMap,
    PlacedProject,
    Target,
    order_projects,
    project_sheet_name,
)
from kpi_workbook.consolidated.writer.options import SplitBy, WriterOptions
from kpi_workbook.consolidated.writer.project import write_project_sheet
from kpi_workbook.consolidated.writer.split import INDEX_SHEET, plan_parts, write_parts
from kpi_workbook.consolidated.writer.xlsx_engine.book import KpiWorkbook
from kpi_workbook.domain.fiscal_year import format_fiscal_year
from kpi_workbook.domain.issues import Issue, Location
from kpi_workbook.domain.model import Submission
from kpi_workbook.domain.sheet_names import SheetNames
from kpi_workbook.domain.version import __version__

if TYPE_CHECKING:
    from collections.abc import Mapping

    from kpi_workbook.domain.differences import Difference
    from kpi_workbook.domain.evaluation import Evaluation
    from kpi_workbook.domain.numbering import KpiKey
    from kpi_workbook.domain.roster import MissingSubmission

__all__ = ["WORKBOOK_OPTIONS", "SplitBy", "WriterOptions", "WrittenBook",
           "write_consolidated", "write_report_form"]

TITLE: Final = "地方創生推進交付金 KPI 集計"
SUBJECT: Final = "{year} 重要業績評価指標(KPI)の実績"
COMPANY: Final = ""

#: Text is text: nothing a clerk typed turns into a formula, link or number (style §2.8).
WORKBOOK_OPTIONS: Final = {
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    "default_format_properties": DEFAULT_FORMAT,
}


@dataclass(frozen=True, slots=True)
class WrittenBook:
    """What ``write_consolidated`` wrote."""

    placed: list[PlacedProject]
    """The projects in output order with their sheet names."""
    parts: list[str] = field(default_factory=list)
    """The part workbooks' file names (in OUT's folder); empty: one workbook."""
    notes: list[Issue] = field(default_factory=list)
    """What the writer said about the workbook itself (first rows of 検証結果)."""


def write_consolidated(submissions: Sequence[Submission], issues: Sequence[Issue],
                       path: Path, options: WriterOptions, *,
                       missing: Sequence[MissingSubmission] = (),
                       differences: Sequence[Difference] | None = None,
                       reference_files: Sequence[Path] = (),
                       previous_evaluations: Mapping[str, Evaluation] | None = None,
                       typed_evaluations: Mapping[str, Evaluation] | None = None,
                       orphan_evaluations: Sequence[OrphanRow] = (),
                       previous_numbers: Mapping[KpiKey, int] | None = None,
                       highest_no: int = 0,
                       final: Path | None = None,
                       part_path: Callable[[str], Path] | None = None) -> WrittenBook:
    """Write the whole workbook to ``path`` (normally atomic_write's temporary file).

    Args:
        submissions: what was read, one per input file.
        issues:      every issue: per file, across files, and from discovery.
        path:        where to write; overwritten.
        options:     bands, grades, report year, creation date, message language, split.
        missing:     what the roster expects and nobody submitted (rows of 提出状況).
        differences: changes since the previous workbook; None: no 前回との差異 sheet.
        reference_files: the roster and previous workbook: not inputs, no 提出状況 row.
        previous_evaluations: the previous workbook's 外部評価 by project key, shown
                     beside this year's input cells; None: no reference columns.
        typed_evaluations: what was typed into the 外部評価 input cells of the OUT being
                     replaced, by project key (a re-merge keeps the record).
        orphan_evaluations: typed entries without a project in this merge, kept as rows
                     at the bottom of 外部評価.
        previous_numbers: the open-data NO of each project × KPI in the previous
                     workbook, kept this year (``domain/numbering.py``); ``highest_no``:
                     the highest NO it had ever given.
        final:       where ``path`` will be renamed to (default ``path``): the parts are
                     named after it and link to it by its file name.
        part_path:   where to write the part of a file name (default: beside ``final``).
    """
    final = Path(final or path)
    with gc_paused():
        return _write(submissions, issues, path, options, missing=missing,
                      differences=differences, reference_files=reference_files,
                      previous_evaluations=previous_evaluations,
                      typed_evaluations=typed_evaluations,
                      orphan_evaluations=orphan_evaluations,
                      previous_numbers=previous_numbers, highest_no=highest_no,
                      final=final,
                      part_path=part_path or (lambda name: final.parent / name))


def _write(submissions: Sequence[Submission], issues: Sequence[Issue], path: Path,
           options: WriterOptions, *, missing: Sequence[MissingSubmission],
           differences: Sequence[Difference] | None, reference_files: Sequence[Path],
           previous_evaluations: Mapping[str, Evaluation] | None,
           typed_evaluations: Mapping[str, Evaluation] | None,
           orphan_evaluations: Sequence[OrphanRow],
           previous_numbers: Mapping[KpiKey, int] | None, highest_no: int,
           final: Path, part_path: Callable[[str], Path]) -> WrittenBook:
    wb = KpiWorkbook(str(path), dict(WORKBOOK_OPTIONS))
    try:
        _set_properties(wb, options)
        fm = Formats(wb)
        links = LinkMap()
        marks = ErrorMarks(issues)
        names = SheetNames([summary_columns.SHEET_NAME, issues_sheet.SHEET_NAME,
                            status_sheet.SHEET_NAME, differences_sheet.SHEET_NAME,
                            evaluation_sheet.SHEET_NAME, national_sheet.SHEET_NAME,
                            effects_columns.EFFECTS_SHEET, effects_columns.STATISTICS_SHEET,
                            INDEX_SHEET,
                            data_columns.PROJECTS_SHEET, data_columns.ACTIVITIES_SHEET])
        summary_ws = wb.add_streamed_worksheet(summary_columns.SHEET_NAME)
        placed = [PlacedProject(p, s, names.claim(project_sheet_name(p)))
                  for p, s in order_projects(submissions)]
        parts = plan_parts(placed, final, options.split_by, options.max_project_sheets)
        project_ws = [] if parts else [wb.add_streamed_worksheet(pp.sheet) for pp in placed]
        # 外部評価 after the project sheets: the council's record of them (spec §5.1).
        evaluation_sheet.write_evaluation_sheet(
            wb.add_streamed_worksheet(evaluation_sheet.SHEET_NAME), placed, fm,
            previous_evaluations, typed_evaluations, orphan_evaluations)
        if options.national_sheet:  # the State's form, from the record beside it
            national_sheet.write_national_sheet(
                wb.add_streamed_worksheet(national_sheet.SHEET_NAME), placed, fm,
                options.reporter, typed_evaluations, marks)
        # 事業効果(案) beside the record, then the State's shares over it and 集計一覧
        known = summary_sheet.row_results_of(placed, options.report_year)
        shares = effects_sheets.write_effects_sheet(
            wb.add_streamed_worksheet(effects_columns.EFFECTS_SHEET), placed, fm, options,
            known)
        effects_sheets.write_statistics_sheet(
            wb.add_streamed_worksheet(effects_columns.STATISTICS_SHEET), shares, fm,
            projects=len(placed), summary_rows=len(summary_sheet.summary_rows(placed)),
            graded=options.grading.enabled)
        issues_ws = wb.add_streamed_worksheet(issues_sheet.SHEET_NAME)
        status_ws = wb.add_streamed_worksheet(status_sheet.SHEET_NAME)
        if differences is not None:
            differences_sheet.write_differences_sheet(
                wb.add_streamed_worksheet(differences_sheet.SHEET_NAME), differences, fm)
        book_of = {pp.sheet: part.file_name for part in parts for pp in part.projects}
        # Hidden, last: the machine-readable header block and 事業内容 (data.py).
        data_sheets.write_projects_sheet(wb.add_streamed_worksheet(data_columns.PROJECTS_SHEET),
                                         placed, fm, book_of)
        data_sheets.write_activities_sheet(wb.add_streamed_worksheet(data_columns.ACTIVITIES_SHEET),
                                           placed, fm)

        # Sheets that are link targets first, 検証結果 last: its links need their rows.
        highest = summary_sheet.write_summary_sheet(wb, summary_ws, placed, fm, options,
                                                    marks, links, known, previous_numbers,
                                                    highest_no)
        wb.set_custom_property(HIGHEST_NO_PROPERTY, highest)
        for ws, pp in zip(project_ws, [] if parts else placed, strict=True):
            write_project_sheet(wb, ws, pp, fm, marks, links)
            ws.finish()  # its rows deflated until the package is made
        write_parts(parts, final, part_path, WORKBOOK_OPTIONS, options, marks, links)
        status_sheet.write_status_sheet(status_ws, submissions, issues, fm, links,
                                        missing=missing, exclude=reference_files,
                                        project_sheets=_first_sheets(placed, book_of))
        notes = [Issue("output-split", Location(final, issues_sheet.SHEET_NAME), {
            "sheets": len(placed), "parts": len(parts),
            "pattern": f"{final.stem}{PART_INFIX}*.xlsx"})] if parts else []
        notes = issues_sheet.write_issues_sheet(issues_ws, issues, fm, options.lang, links,
                                                book=final, notes=notes)
        summary_ws.activate()
    finally:
        wb.close()
    return WrittenBook(placed, [part.file_name for part in parts], notes)


def write_report_form(submissions: Sequence[Submission], issues: Sequence[Issue],
                      path: Path, options: WriterOptions, *,
                      typed_evaluations: Mapping[str, Evaluation] | None = None) -> None:
    """国への報告 as a workbook of its own (``merge --report-form``): the sheet
    ``write_consolidated`` writes with ``national_sheet``, the same projects in the same
    order, nothing else.

    Args:
        path: where to write (normally atomic_write's temporary file); overwritten.
        issues: every issue (the values an error points at are highlighted).
        typed_evaluations: as for :func:`write_consolidated`.
    """
    with gc_paused():
        wb = KpiWorkbook(str(path), dict(WORKBOOK_OPTIONS))
        try:
            year = format_fiscal_year(options.report_year)
            wb.set_properties({
                "title": options.reporter.title(),
                "subject": SUBJECT.format(year=year),
                "comments": f"kpi-workbook {__version__}",
                "created": options.created or dt.datetime.now().replace(microsecond=0),
            })
            wb.set_custom_property(REPORT_FORM_PROPERTY, options.report_year)
            placed = [PlacedProject(p, s, "") for p, s in order_projects(submissions)]
            national_sheet.write_national_sheet(
                wb.add_streamed_worksheet(national_sheet.SHEET_NAME), placed, Formats(wb),
                options.reporter, typed_evaluations, ErrorMarks(issues))
        finally:
            wb.close()


def _first_sheets(placed: Sequence[PlacedProject],
                  book_of: dict[str, str]) -> dict[str, Target]:
    """Each input file's first project sheet, where it is (提出状況 links to it)."""
    first: dict[str, Target] = {}
    for pp in placed:
        first.setdefault(str(pp.submission.path), Target(pp.sheet, 0, book_of.get(pp.sheet, "")))
    return first


def _set_properties(wb: KpiWorkbook, options: WriterOptions) -> None:
    created = options.created or dt.datetime.now().replace(microsecond=0)
    year = format_fiscal_year(options.report_year)
    wb.set_properties({
        "title": TITLE,
        "subject": SUBJECT.format(year=year),
        "keywords": f"KPI, 達成率, {year}",
        "comments": f"kpi-workbook {__version__}",
        "created": created,
    })
    wb.set_custom_property(FISCAL_YEAR_PROPERTY, options.report_year)
