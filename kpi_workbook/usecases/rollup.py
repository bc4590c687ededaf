"""The roll-up use case (issue 21.4): a prefecture's municipalities into one book.

Each input is a municipality's report in the national form (its own 様式2, or a
consolidated workbook of this tool, whose 国への報告 is one); the reports are read in
worker processes like submissions, keyed by their checked 団体コード, numbered (each
row's NO kept from last year's book with ``previous``) and written with the State's
statistics, and as a CSV.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kpi_workbook.domain.errors import OutputError
from kpi_workbook.domain.issues import Issue, Location, sort_issues
from kpi_workbook.domain.messages import Lang
from kpi_workbook.domain.model import Submission
from kpi_workbook.domain.numbering import number_kpis
from kpi_workbook.domain.rollup import RollupRow, Statistics, statistics
from kpi_workbook.usecases.check import IssueCounts, find_inputs
from kpi_workbook.usecases.progress import Progress, ProgressFn, stop_if_cancelled


@dataclass(frozen=True, slots=True)
class RollupOptions:
    """Where the book goes and what it keeps; an immutable snapshot."""

    out: Path
    csv: Path | None = None
    """The open-data CSV; None: beside the book, with the same name and ``.csv``."""
    previous: Path | None = None
    """Last year's roll-up book: each row keeps its NO."""
    workers: int = 1
    lang: Lang = "ja"


@dataclass(slots=True)
class RollupResult(IssueCounts):
    out: Path
    csv: Path
    rows: list[RollupRow] = field(default_factory=list)
    statistics: Statistics = field(default_factory=Statistics)
    issues: list[Issue] = field(default_factory=list)
    submissions: list[Submission] = field(default_factory=list)


def rollup(paths: Sequence[Path], options: RollupOptions, *,
           progress: ProgressFn | None = None,
           cancel: threading.Event | None = None) -> RollupResult:
    """Read every report under ``paths`` and write the roll-up book and its CSV.

    Raises:
        KpiWorkbookError: nothing to read, or ``previous`` is no roll-up book.
        OutputError: the book or the CSV could not be written (or would replace an input
            or the previous book).
        Cancelled: ``cancel`` was set; nothing was written.
    """
    from kpi_workbook.reading.parallel import read_files
    from kpi_workbook.rollup.book import write_book, write_csv
    from kpi_workbook.rollup.previous import previous_numbers
    from kpi_workbook.rollup.rows import gather, rollup_profile

    csv = options.csv or options.out.with_suffix(".csv")
    _refuse_overwrite(options, csv)
    previous = previous_numbers(options.previous) if options.previous else None
    files, found = find_inputs(paths)
    submissions: list[Submission] = []
    reader = read_files(files, workers=options.workers, cancel=cancel,
                        profiles=(rollup_profile(),))
    try:
        for done, path in enumerate(files, start=1):
            stop_if_cancelled(cancel)
            sub = next(reader)
            submissions.append(_slim(sub))
            if progress is not None:
                progress(Progress(done, len(files), path))
    finally:
        reader.close()
    gathered = gather(submissions)
    numbers = number_kpis((r.kpi_key for r in gathered.rows), previous)
    rows = [_numbered(r, numbers[r.kpi_key]) for r in gathered.rows]
    stats = statistics(rows)
    issues = sort_issues([*found, *gathered.issues])
    stop_if_cancelled(cancel)
    write_book(options.out, rows, stats, issues, options.lang)
    write_csv(csv, rows)
    return RollupResult(options.out, csv, rows, stats, issues, submissions)


def _slim(sub: Submission) -> Submission:
    # the reading issues about values are the municipality's; the roll-up reports why a
    # file gave nothing, not every info of every cell
    sub.issues = [i for i in sub.issues if i.severity.value != "info"
                  or i.code in ("profile-detected", "consolidated-skipped")]
    return sub


def _numbered(row: RollupRow, no: int) -> RollupRow:
    from dataclasses import replace

    return replace(row, no=no)


def _refuse_overwrite(options: RollupOptions, csv: Path) -> None:
    """The book (and its CSV) never replace last year's book."""
    if options.previous is None:
        return
    previous = options.previous.resolve()
    for target in (options.out, csv):
        if target.resolve() == previous:
            raise OutputError(Issue("output-is-previous", Location(target), {
                "suggested": target.with_stem(target.stem + "_new").name}))
