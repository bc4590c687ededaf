"""The use cases, for the command line and the desktop application alike.

Progress and cancel are plain callables and a ``threading.Event``, so the core stays free
of Qt and the GUI can run these calls on a worker thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kpi_workbook.checks.across_files import check_all
from kpi_workbook.domain.errors import Cancelled, KpiWorkbookError
from kpi_workbook.domain.issues import Issue, Location, Severity, count_by_severity, sort_issues
from kpi_workbook.domain.model import Submission
from kpi_workbook.reading.discover import find_workbooks
from kpi_workbook.reading.parallel import read_files


@dataclass(frozen=True, slots=True)
class Progress:
    """``done`` of ``total`` files have been read; ``path`` is the last one."""

    done: int
    total: int
    path: Path


ProgressFn = Callable[[Progress], None]


class IssueCounts:
    """Counts and the exit-status question, for any result that holds ``issues``."""

    __slots__ = ()
    issues: list[Issue]

    @property
    def counts(self) -> dict[Severity, int]:
        return count_by_severity(self.issues)

    @property
    def has_errors(self) -> bool:
        return self.counts[Severity.ERROR] > 0


@dataclass(slots=True)
class CheckResult(IssueCounts):
    """What ``check`` read: one submission per file, and every issue, sorted."""

    submissions: list[Submission] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)

    def summary(self) -> dict[str, int]:
        """The ``summary`` object of the JSON output."""
        return summarize(self.submissions, self.issues)


def summarize(submissions: Sequence[Submission], issues: Sequence[Issue]) -> dict[str, int]:
    """Files, projects and issue counts: the ``summary`` of check's and merge's JSON."""
    counts = count_by_severity(issues)
    return {
        "files": len(submissions),
        "projects": sum(len(s.projects) for s in submissions),
        "errors": counts[Severity.ERROR],
        "warnings": counts[Severity.WARNING],
        "infos": counts[Severity.INFO],
    }


def check(paths: Sequence[Path], *, report_year: int | None = None,
          progress: ProgressFn | None = None,
          cancel: threading.Event | None = None, workers: int = 1) -> CheckResult:
    """Read and check every workbook named by ``paths`` (files or folders); ``workers``
    as in :func:`iter_submissions`.

    Raises:
        Cancelled: ``cancel`` was set; checked between files.
    """
    files, issues = find_inputs(paths)
    result = CheckResult(issues=list(issues))
    for submission in iter_submissions(files, report_year=report_year, progress=progress,
                                       cancel=cancel, workers=workers):
        result.submissions.append(submission)
        result.issues.extend(submission.issues)
    # The same project from two departments, one number with two names: the checks a
    # planning-division clerk runs over a whole folder, as merge does.
    result.issues.extend(check_all(result.submissions))
    result.issues = sort_issues(result.issues)
    return result


def find_inputs(paths: Sequence[Path]) -> tuple[list[Path], list[Issue]]:
    """The workbooks to read, as ``discover.find_workbooks`` finds them.

    Raises:
        KpiWorkbookError: nothing at all was found (an empty folder, only lock files): a
            clerk who points at the wrong folder must not be told that all is well.
    """
    files, issues = find_workbooks(paths)
    if not files and not issues:
        where = Path(paths[0]) if paths else Path(".")
        raise KpiWorkbookError(Issue("input-none", Location(where)))
    return files, issues


def iter_submissions(files: Sequence[Path], *, report_year: int | None = None,
                     progress: ProgressFn | None = None,
                     cancel: threading.Event | None = None,
                     workers: int = 1) -> Iterator[Submission]:
    """Read files in order, so callers can show each result as soon as it is ready.

    ``workers`` > 1 reads a long list in that many processes (``parallel.py``); the
    results still arrive in the order of ``files``.
    """
    submissions = read_files(files, report_year=report_year, workers=workers, cancel=cancel)
    try:
        for done, path in enumerate(files, start=1):
            if cancel is not None and cancel.is_set():
                raise Cancelled()
            submission = next(submissions, None)
            if submission is None:  # the reader stopped early: only ever for cancel
                raise Cancelled()
            if progress is not None:
                progress(Progress(done, len(files), path))
            yield submission
        next(submissions, None)  # let the reader end its own way (its workers waited for)
    finally:
        submissions.close()
