"""The use cases that write files for departments: the blank official template, the blank
roster (提出予定名簿) and next year's pre-filled workbooks from last year's 集計ブック.

Each writes atomically and creates its folder when missing; none overwrites the file it
reads. openpyxl is imported when a file is written, not when this module is.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kpi_workbook.domain.errors import KpiWorkbookError, OutputError
from kpi_workbook.domain.issues import Issue, Location
from kpi_workbook.usecases.progress import Progress, ProgressFn, stop_if_cancelled

if TYPE_CHECKING:
    from kpi_workbook.consolidated.previous import Consolidated


@dataclass(frozen=True, slots=True)
class TemplateOptions:
    """The blank official template (様式) to write."""

    output: Path


@dataclass(frozen=True, slots=True)
class RosterTemplateOptions:
    """The blank roster to write: .xlsx, or .csv (UTF-8 with BOM) by the suffix."""

    output: Path


@dataclass(frozen=True, slots=True)
class NextYearOptions:
    """Next year's workbooks: from ``source`` (a 集計ブック) into the folder ``outdir``."""

    source: Path
    outdir: Path
    year: int | None = None
    """The fiscal year of the next report; None: the year after the one ``source`` reports."""


@dataclass(slots=True)
class Written:
    """The files a use case wrote, and what it has to say when it wrote none."""

    paths: list[Path] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    """``next-year-nothing`` (info) when there was nothing to write."""


def write_template(options: TemplateOptions, *, progress: ProgressFn | None = None,
                   cancel: threading.Event | None = None) -> Written:
    """Write the blank official template.

    Raises:
        OutputError: it could not be written (its folder is created when missing).
    """
    from kpi_workbook.departments.template import write_template as write

    return _write_blank(write, options.output, progress, cancel)


def write_roster_template(options: RosterTemplateOptions, *,
                          progress: ProgressFn | None = None,
                          cancel: threading.Event | None = None) -> Written:
    """Write a blank roster (.xlsx or .csv).

    Raises:
        OutputError: it could not be written (its folder is created when missing).
    """
    from kpi_workbook.departments.roster import write_roster_template as write

    return _write_blank(write, options.output, progress, cancel)


def _write_blank(write: Callable[[Path], object], output: Path, progress: ProgressFn | None,
                 cancel: threading.Event | None) -> Written:
    """The two blank files (template, roster) are written the same way: one file, after a
    last look at cancel, reported as done."""
    stop_if_cancelled(cancel)
    write(output)
    _done(progress, output)
    return Written([output])


def write_next_year(options: NextYearOptions, *, progress: ProgressFn | None = None,
                    cancel: threading.Event | None = None) -> Written:
    """Write one pre-filled workbook per department with something left to report.

    Returns:
        The files written; none, with the ``next-year-nothing`` issue, when no project
        continues into the next report.

    Raises:
        KpiWorkbookError: ``consolidated-unreadable``: ``source`` is not a consolidated
            workbook we wrote (the reason in words, the exception as detail).
        OutputError: the folder cannot be created, a file cannot be written, a file to
            write is ``source`` itself, or already exists (``next-year-exists``: it may be
            a department's submission; nothing is written).
        Cancelled: ``cancel`` was set (checked between files; the files written stay).
    """
    from kpi_workbook.departments.prefill import (
        department_file_name,
        plan_departments,
        write_department,
    )

    plans = plan_departments(_read_source(options.source), year=options.year)
    result = Written()
    if not plans:
        result.issues.append(Issue("next-year-nothing", Location(options.source)))
        return result
    source = options.source.resolve()
    targets = [options.outdir / department_file_name(department) for department in plans]
    for target in targets:
        if target.resolve() == source:
            raise OutputError(Issue("output-is-source", Location(target)))
    refuse_existing(targets)
    for done, (department, projects) in enumerate(plans.items(), start=1):
        stop_if_cancelled(cancel)
        path = write_department(department, projects, options.outdir)
        result.paths.append(path)
        if progress is not None:
            progress(Progress(done, len(plans), path))
    return result


def _read_source(source: Path) -> Consolidated:
    """The 集計ブック next year's files start from. The reader says ``previous-unreadable``
    (it serves --previous); here the file is no previous workbook, so the clerk reads
    ``consolidated-unreadable`` with the same reason and detail."""
    from kpi_workbook.consolidated.previous import read_consolidated

    try:
        return read_consolidated(source)
    except KpiWorkbookError as exc:
        if exc.issue.code != "previous-unreadable":
            raise
        raise KpiWorkbookError(dataclasses.replace(exc.issue, code="consolidated-unreadable")
                               ) from exc


def refuse_existing(targets: list[Path]) -> None:
    """Next year's files are named ``<担当課>.xlsx``, the very names departments submit
    under: an existing one may be a department's submission, so none is ever replaced
    (the clerk picks an empty folder, or moves the old files away). Checked for every
    file before the first is written.

    Raises:
        OutputError: ``next-year-exists`` naming the first existing file and all of them.
    """
    existing = [t for t in targets if t.exists()]
    if existing:
        raise OutputError(Issue("next-year-exists", Location(existing[0]),
                                {"files": "、".join(p.name for p in existing),
                                 "folder": str(existing[0].parent)}))


def _done(progress: ProgressFn | None, path: Path) -> None:
    if progress is not None:
        progress(Progress(1, 1, path))
