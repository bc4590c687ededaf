"""The merge use case: read every submission, check them as ``check`` does, write the 集計ブック.

The writer (xlsxwriter) is imported when a merge writes, so the window and ``check`` start
without it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Final

from kpi_workbook.consolidated.columns.evaluation import SHEET_NAME as EVALUATION_SHEET
from kpi_workbook.consolidated.parts import (
    MAX_PROJECT_SHEETS,
    SplitBy,
    main_of_part,
    part_candidates,
)
from kpi_workbook.domain.attainment import Bands, Grading
from kpi_workbook.domain.effect import DEFAULT_EFFECT_LINE
from kpi_workbook.domain.errors import OutputError
from kpi_workbook.domain.fiscal_year import default_report_year, format_fiscal_year
from kpi_workbook.domain.issues import Issue, Location, Phrase, sort_issues
from kpi_workbook.domain.labels import project_key
from kpi_workbook.domain.messages import Lang
from kpi_workbook.domain.model import Submission
from kpi_workbook.domain.national_report import Reporter
from kpi_workbook.reading.profiles.loading import resolve_profiles
from kpi_workbook.usecases.check import (
    CheckOptions,
    IssueCounts,
    References,
    check_across,
    find_inputs,
    iter_submissions,
    summarize,
)
from kpi_workbook.usecases.progress import ProgressFn, stop_if_cancelled
from kpi_workbook.usecases.settings import load_settings

if TYPE_CHECKING:
    from kpi_workbook.consolidated.kept_record import KeptRecord, TypedEntry
    from kpi_workbook.consolidated.previous import Consolidated
    from kpi_workbook.domain.differences import Difference
    from kpi_workbook.domain.evaluation import Evaluation
    from kpi_workbook.domain.roster import MissingSubmission

OUTPUT_STEM = "集計ブック"


class _Unread:
    """``merge_submissions``'s default for ``kept``: read the record from OUT there."""


_UNREAD: Final = _Unread()


def default_output_name(report_year: int | None = None, *,
                        today: dt.date | None = None) -> str:
    """The consolidated workbook's default file name, carrying the year it reports on
    (``集計ブック_令和6年度.xlsx``): next year's default is then never last year's record."""
    year = report_year if report_year is not None else default_report_year(today)
    return f"{OUTPUT_STEM}_{format_fiscal_year(year)}.xlsx"


@dataclass(frozen=True, slots=True)
class MergeOptions:
    """How to merge; an immutable snapshot, safe to hand to a worker thread."""

    report_year: int | None = None
    """The fiscal year reported on; None: the last one that has ended."""
    strict: bool = False
    """With errors, write nothing and leave an existing OUT untouched."""
    bands: Bands = field(default_factory=Bands)
    """Thresholds of the 達成率 colour bands."""
    grading: Grading = field(default_factory=Grading)
    """The optional 評価 column (off by default)."""
    created: dt.datetime | None = None
    """A fixed creation date, for reproducible output."""
    lang: Lang = "ja"
    """Language of the messages in 検証結果."""
    roster: Path | None = None
    """Expected departments and projects (``departments/roster.py``): 未提出 and extras."""
    previous: Path | None = None
    """Last year's consolidated workbook (``consolidated/previous.py``): changes are
    reported. OUT may never be this file."""
    workers: int = 1
    """Processes reading the files (``usecases.check.iter_submissions``)."""
    split_by: SplitBy = SplitBy.DEPARTMENT
    """How project sheets are grouped into part workbooks when they do not fit one."""
    max_project_sheets: int = MAX_PROJECT_SHEETS
    """Project sheets per workbook (``consolidated/parts.py``)."""
    settings: Path | None = None
    """The settings file the bands and grading came from (set by :meth:`from_settings`):
    read by this run, so OUT may never be it."""
    profile: str | None = None
    """The form the workbooks are in (:attr:`CheckOptions.profile`)."""
    today: dt.date | None = None
    """The date a 公表予定 is compared with; None: the computer's date (tests fix it)."""
    effect_line: float = DEFAULT_EFFECT_LINE
    """進捗率 from which a KPI not met still makes 「相当程度効果があった」 (事業別)."""
    discard_evaluation: bool = False
    """Start the 外部評価 record afresh: what was typed into an existing OUT is not carried
    over (the only way to replace an OUT whose record cannot be read)."""
    reporter: Reporter = field(default_factory=Reporter)
    """Who reports to the State: the header block of 国への報告 (the settings file's
    ``[report]``)."""
    report_form: Path | None = None
    """Write 国への報告 as a workbook of its own here instead of a sheet of OUT; it never
    replaces OUT, a consolidated workbook or a file this merge reads
    (:func:`report_form_beside` names it beside OUT)."""

    @classmethod
    def from_settings(cls, path: Path, **overrides: object) -> MergeOptions:
        """Options from a settings file (:mod:`kpi_workbook.usecases.settings`), then
        ``overrides``.

        Raises:
            KpiWorkbookError: ``settings-unreadable`` (:func:`load_settings`).
        """
        settings = load_settings(path)
        return replace(cls(bands=settings.bands, grading=settings.grading,
                           reporter=settings.reporter, effect_line=settings.effect_line,
                           settings=Path(path)),
                       **overrides)  # type: ignore[arg-type]

    def check_options(self) -> CheckOptions:
        return CheckOptions(report_year=self.report_year, roster=self.roster,
                            previous=self.previous, workers=self.workers, today=self.today,
                            effect_line=self.effect_line, profile=self.profile)


@dataclass(slots=True)
class MergeResult(IssueCounts):
    """What merge read and wrote."""

    out: Path
    written: bool
    """False only in strict mode with errors: OUT was left as it was."""
    submissions: list[Submission] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    """Every issue: discovery, per file and across files, sorted."""
    missing: list[MissingSubmission] = field(default_factory=list)
    differences: list[Difference] | None = None
    parts: list[Path] = field(default_factory=list)
    """The part workbooks written beside OUT (a split workbook); empty: one file."""
    carried: int = 0
    """Input cells of 外部評価 carried over from the OUT this merge replaced."""
    carried_projects: int = 0
    """Projects those cells belong to (found again in this merge)."""
    orphaned: int = 0
    """Rows of typed entries with no project in this merge (or a second row of one),
    kept at the bottom of 外部評価."""
    report_form: Path | None = None
    """The 国への報告 workbook written beside OUT (``report_form``); None: it is OUT's sheet."""

    def summary(self) -> dict[str, object]:
        """The ``summary`` object of the JSON output (the check summary, plus the output)."""
        return {**summarize(self.submissions, self.issues), "output": str(self.out),
                "written": self.written, "evaluation_carried": self.carried,
                "report_form": None if self.report_form is None else str(self.report_form)}


def merge(paths: Sequence[Path], out: Path, *, options: MergeOptions | None = None,
          progress: ProgressFn | None = None,
          cancel: threading.Event | None = None) -> MergeResult:
    """Read, check and consolidate ``paths`` (files or folders) into ``out``, atomically.

    Args:
        paths:    input files and folders (searched recursively, lock files skipped).
        out:      the consolidated workbook to write (its folder is created if missing).
        options:  see :class:`MergeOptions`.
        progress: called with ``Progress(done, total, path)`` after each file.
        cancel:   checked between files and before writing.

    Returns:
        The submissions, every issue and whether OUT was written.

    Raises:
        Cancelled: ``cancel`` was set; nothing was written.
        OutputError: OUT is the previous workbook, or could not be written (open in
            Excel, unwritable folder); any previous OUT is intact.
        KpiWorkbookError: nothing to read, the roster or previous workbook cannot be
            read, or OUT exists and what was typed into its 外部評価 cannot be read
            (``evaluation-record-unreadable``, unless ``discard_evaluation``); nothing
            was written.
    """
    options = options or MergeOptions()
    refuse_reference_as_output(out, options)
    profiles = resolve_profiles(options.profile)
    refs = References.read(options.check_options())
    kept = kept_record(out, options)  # before the files are read: refuse early
    files, found_issues = find_inputs(paths)
    submissions = list(iter_submissions(files, report_year=options.report_year,
                                        progress=progress, cancel=cancel,
                                        workers=options.workers, today=options.today,
                                        effect_line=options.effect_line,
                                        profiles=profiles))
    return merge_submissions(submissions, found_issues, out, options=options, cancel=cancel,
                             references=refs, kept=kept)


def kept_record(out: Path, options: MergeOptions) -> KeptRecord | None:
    """What the planning division typed into an existing OUT (``consolidated/kept_record``),
    to write into the new one; None when there is none to keep or it is discarded.

    Raises:
        KpiWorkbookError: ``evaluation-record-unreadable`` (OUT is left untouched).
    """
    if options.discard_evaluation:
        return None
    from kpi_workbook.consolidated.kept_record import read_kept_record

    return read_kept_record(out)


def refuse_previous_as_output(out: Path, previous: Path | None,
                              report_year: int | None = None) -> None:
    """Last year's consolidated workbook is the record of last year: never overwritten.

    Raises:
        OutputError: ``out`` is ``previous`` (``output-is-previous``); the message
            suggests the default name for ``report_year``, never the previous file's own.
    """
    if previous is not None and _same_file(out, previous):
        suggested = default_output_name(report_year)
        if suggested == Path(previous).name:  # the previous file carries this year's name
            suggested = f"{Path(suggested).stem}_2.xlsx"
        raise OutputError(Issue("output-is-previous", Location(Path(out)),
                                {"suggested": suggested}))


def refuse_reference_as_output(out: Path, options: MergeOptions) -> None:
    """No merge overwrites a file it reads: OUT is none of the previous workbook, the
    roster and the settings file, and neither is the 国への報告 workbook
    (``report_form``), which is not OUT or any consolidated workbook either (the
    submissions are checked once they are found). The CLI and the window call this
    before anything is read.

    Raises:
        OutputError: ``output-is-previous``, ``report-form-is-consolidated``, or
            ``output-is-reference`` naming which file.
    """
    refuse_previous_as_output(out, options.previous, options.report_year)
    outputs = [out] if options.report_form is None else [out, options.report_form]
    if options.report_form is not None:
        _refuse_consolidated_as_report_form(options.report_form, out, options.previous)
    for written in outputs:
        for reference, what in ((options.roster, _ROSTER), (options.settings, _SETTINGS)):
            if reference is not None and _same_file(written, reference):
                raise OutputError(Issue("output-is-reference", Location(Path(written)),
                                        {"what": what}))


def report_form_beside(out: Path) -> Path:
    """Where the window writes 国への報告 as a workbook of its own: beside OUT, named after
    it (``集計ブック_令和4年度_国への報告.xlsx``)."""
    from kpi_workbook.consolidated.report_form import report_form_beside as beside

    return beside(out)


def _refuse_consolidated_as_report_form(report: Path, out: Path,
                                        previous: Path | None) -> None:
    """国への報告 never replaces OUT, nor any consolidated workbook or part of one (last
    year's record included, given or not as ``--previous``)."""
    from kpi_workbook.consolidated.columns import FISCAL_YEAR_PROPERTY
    from kpi_workbook.consolidated.parts import main_of_part
    from kpi_workbook.consolidated.properties import custom_property

    if (_same_file(report, out) or (previous is not None and _same_file(report, previous))
            or main_of_part(report) is not None
            or custom_property(report, FISCAL_YEAR_PROPERTY) is not None):
        raise OutputError(Issue("report-form-is-consolidated", Location(Path(report)),
                                {"suggested": report_form_beside(out).name}))


_ROSTER = Phrase("提出予定の名簿", "the roster")
_SETTINGS = Phrase("設定ファイル", "the settings file")


def _same_file(a: Path, b: Path) -> bool:
    try:
        return Path(a).resolve() == Path(b).resolve() or Path(a).samefile(b)
    except OSError:  # OUT does not exist yet: only the resolved paths can tell
        return False


def _previous_book(refs: References) -> Consolidated | None:
    """The previous workbook as read; None without ``--previous``."""
    return refs.previous.consolidated if refs.previous is not None else None


def _previous_evaluations(last: Consolidated | None) -> dict[str, Evaluation] | None:
    """The previous workbook's 外部評価 by project key, shown beside this year's input cells
    (spec §5.1); None without ``--previous`` (no reference columns)."""
    if last is None:
        return None
    return {p.key: p.evaluation for p in last.projects}


def _previous_numbers(last: Consolidated | None) -> dict[tuple[str, int], int] | None:
    """The open-data NO of each project × KPI in the previous workbook (kept this year)."""
    if last is None:
        return None
    return {(p.key, k.index): k.number for p in last.projects for k in p.kpis
            if k.index is not None and k.number is not None}


def _is_consolidated(sub: Submission) -> bool:
    return any(i.code == "consolidated-skipped" for i in sub.issues)


def merge_submissions(submissions: Sequence[Submission], extra_issues: Sequence[Issue],
                      out: Path, *, options: MergeOptions | None = None,
                      cancel: threading.Event | None = None,
                      references: References | None = None,
                      kept: KeptRecord | _Unread | None = _UNREAD) -> MergeResult:
    """The second half of :func:`merge`, over submissions already read (tests, the
    window's loaded files): the checks over all of them, then the atomic write.

    ``references``: the roster and previous workbook already read; by default they are
    read here from ``options``. ``kept``: the record typed into the existing OUT
    (:func:`kept_record`); by default it is read here.
    """
    options = options or MergeOptions()
    refuse_reference_as_output(out, options)
    if isinstance(kept, _Unread):
        kept = kept_record(out, options)
    out_key = Path(out).resolve()
    # OUT may replace last run's consolidated workbook, never a department's file.
    if any(s.path.resolve() == out_key and not _is_consolidated(s) for s in submissions):
        raise OutputError(Issue("output-is-input", Location(Path(out))))
    _refuse_input_as_report_form(options.report_form, submissions)
    refs = references if references is not None else References.read(options.check_options())
    across = check_across(submissions, refs)
    carry = _carry_over(kept, submissions)
    issues = [*extra_issues, *(i for s in submissions for i in s.issues), *across.issues]
    result = MergeResult(Path(out), False, list(submissions), sort_issues(issues),
                         across.missing, across.differences)
    if options.strict and result.has_errors:
        return result  # nothing written, so nothing carried: no word of carrying
    result.issues = sort_issues([*result.issues, *carry.issues])
    stop_if_cancelled(cancel)
    from kpi_workbook.consolidated.writer import (
        WriterOptions,
        write_consolidated,
        write_report_form,
    )
    from kpi_workbook.output.atomic import atomic_parts, atomic_write

    writer_options = WriterOptions(
        report_year=options.report_year or default_report_year(
            options.created.date() if options.created else None),
        bands=options.bands, grading=options.grading, created=options.created,
        lang=options.lang, split_by=options.split_by,
        max_project_sheets=options.max_project_sheets, reporter=options.reporter,
        national_sheet=options.report_form is None, effect_line=options.effect_line)
    typed = {k: e.evaluation for k, e in carry.carried.items()}
    last = _previous_book(refs)
    kept_rows = [(e.number, e.name, e.evaluation) for e in carry.orphans]
    # OUT is replaced first (the innermost block commits first): when OUT cannot be
    # replaced (open in Excel, the usual case) neither 国への報告 nor any part is, so the
    # earlier set stays whole.
    with contextlib.ExitStack() as stack:
        parts = stack.enter_context(atomic_parts(result.out.parent))
        report_tmp = (stack.enter_context(atomic_write(options.report_form))
                      if options.report_form is not None else None)
        tmp = stack.enter_context(atomic_write(result.out))
        book = write_consolidated(
            result.submissions, result.issues, tmp, writer_options, missing=result.missing,
            differences=result.differences,
            reference_files=[p for p in (options.roster, options.previous) if p],
            previous_evaluations=_previous_evaluations(last), typed_evaluations=typed,
            orphan_evaluations=kept_rows, previous_numbers=_previous_numbers(last),
            highest_no=last.highest_no if last is not None else 0,
            final=result.out, part_path=parts.path)
        if report_tmp is not None:
            write_report_form(result.submissions, result.issues, report_tmp,
                              writer_options, typed_evaluations=typed)
    result.written = True
    result.report_form = options.report_form
    result.carried = sum(e.count for e in carry.carried.values())
    result.carried_projects = len(carry.carried)
    result.orphaned = len(carry.orphans)
    result.parts = [result.out.parent / name for name in book.parts]
    result.issues = sort_issues([*result.issues, *book.notes])
    _remove_stale_parts(result.out, book.parts)
    return result


def _refuse_input_as_report_form(report: Path | None,
                                 submissions: Sequence[Submission]) -> None:
    """国への報告 never replaces a file read as a submission, unless it is a 国への報告
    workbook this tool wrote (last run's, found in the folder merged).

    Raises:
        OutputError: ``output-is-input`` naming the file.
    """
    if report is None:
        return
    from kpi_workbook.consolidated.report_form import is_report_form

    key = Path(report).resolve()
    if any(s.path.resolve() == key for s in submissions) and not is_report_form(report):
        raise OutputError(Issue("output-is-input", Location(Path(report))))


@dataclass(frozen=True, slots=True)
class _Carry:
    carried: dict[str, TypedEntry] = field(default_factory=dict)
    """The kept entries of projects in this merge, by project key."""
    orphans: list[TypedEntry] = field(default_factory=list)
    """Entries without a project here, and second rows of a project: kept as rows."""
    issues: list[Issue] = field(default_factory=list)


def _carry_over(kept: KeptRecord | None, submissions: Sequence[Submission]) -> _Carry:
    """What of the kept record goes where, and the issues that say so: how much was
    carried, and each entry that stays as a row of its own (its text in the issue too)."""
    if kept is None or not (kept.entries or kept.duplicates):
        return _Carry()
    keys = {project_key(p.number, p.name) for s in submissions for p in s.projects}
    carried = {k: e for k, e in kept.entries.items() if k in keys}
    gone = [e for k, e in kept.entries.items() if k not in keys]
    issues = [_kept_issue("evaluation-project-gone", kept.path, e) for e in gone]
    issues += [_kept_issue("evaluation-row-duplicate", kept.path, e) for e in kept.duplicates]
    if carried:
        issues.append(Issue("evaluation-carried", Location(kept.path), {
            "projects": len(carried), "cells": sum(e.count for e in carried.values())}))
    return _Carry(carried, [*gone, *kept.duplicates], issues)


def _kept_issue(code: str, path: Path, entry: TypedEntry) -> Issue:
    return Issue(code, Location(path, EVALUATION_SHEET, entry.cell), {
        "project": entry.name, "number": "-" if entry.number is None else str(entry.number),
        "entries": " / ".join(f"{h}「{t}」" for h, t in entry.evaluation.entries())})


def _remove_stale_parts(out: Path, written: Sequence[str]) -> None:
    """Parts of OUT left by an earlier, larger run (checked by their document property:
    only OUT's own parts are removed), so that no stale project sheet lies beside OUT."""
    keep = set(written)
    for path in part_candidates(out):
        if path.name not in keep and main_of_part(path) == out.name:
            with contextlib.suppress(OSError):  # open in Excel: it stays, harmless
                path.unlink()
