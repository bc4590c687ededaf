"""The check use case: read every workbook named, check each and all of them together.

"Check" means the same for the command line and the window: the per-file checks, the
checks across files (a project submitted twice, department spellings), the roster
(未提出, unexpected projects) and the comparison with last year's consolidated workbook,
when they are given. :func:`check` returns it all at once; :func:`stream_check` yields it
file by file so a window fills in while files are read; :func:`check_across` is the part
over submissions already read (a window that re-reads only the files saved since).
"""

from __future__ import annotations

import datetime as dt
import functools
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Final

from kpi_workbook.checks.across_files import check_all
from kpi_workbook.checks.submission import check_submission
from kpi_workbook.domain.effect import DEFAULT_EFFECT_LINE
from kpi_workbook.domain.errors import Cancelled, KpiWorkbookError
from kpi_workbook.domain.issues import Issue, Location, Severity, count_by_severity, sort_issues
from kpi_workbook.domain.model import Submission
from kpi_workbook.reading.discover import find_workbooks
from kpi_workbook.reading.parallel import MIN_FILES, read_files
from kpi_workbook.reading.parallel import default_workers as default_workers
from kpi_workbook.reading.profiles import Profile
from kpi_workbook.reading.profiles.loading import resolve_profiles
from kpi_workbook.usecases.progress import Progress, ProgressFn, stop_if_cancelled

if TYPE_CHECKING:
    from kpi_workbook.consolidated.previous import Consolidated
    from kpi_workbook.domain.differences import Difference
    from kpi_workbook.domain.roster import MissingSubmission, Roster

PARALLEL_FROM: Final = MIN_FILES
"""From this many files on, ``workers`` > 1 reads in worker processes."""


@dataclass(frozen=True, slots=True)
class CheckOptions:
    """What to check against; an immutable snapshot, safe to hand to a worker thread."""

    report_year: int | None = None
    """The fiscal year reported on; None: the last one that has ended."""
    roster: Path | None = None
    """Expected departments and projects: 未提出 and extras are reported."""
    previous: Path | None = None
    """Last year's consolidated workbook: every past figure that changed is reported."""
    workers: int = 1
    """Processes reading the files (used from :data:`PARALLEL_FROM` files on)."""
    profile: str | None = None
    """The form the workbooks are in (``--profile``): a built-in profile's name, ``auto``
    (told per workbook by its labels), or a profile file's path; None: the official
    layout."""
    today: dt.date | None = None
    """The date a 公表予定 is compared with; None: the computer's date (tests fix it)."""
    effect_line: float = DEFAULT_EFFECT_LINE
    """進捗率 line of the 事業効果(案) the department's 事業効果 is compared with."""


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
    missing: list[MissingSubmission] = field(default_factory=list)
    """What the roster expects and nobody submitted (empty without a roster)."""
    differences: list[Difference] | None = None
    """Changes against the previous workbook (None: none was given)."""

    def summary(self) -> dict[str, int]:
        """The ``summary`` object of the JSON output."""
        return summarize(self.submissions, self.issues)


def summarize(submissions: Sequence[Submission], issues: Sequence[Issue]) -> dict[str, int]:
    """Files, projects and issue counts: the ``summary`` of check's and merge's JSON, and
    the window's summary line."""
    counts = count_by_severity(issues)
    return {
        "files": len(submissions),
        "projects": sum(len(s.projects) for s in submissions),
        "errors": counts[Severity.ERROR],
        "warnings": counts[Severity.WARNING],
        "infos": counts[Severity.INFO],
    }


# --- the reference files: roster and previous workbook -------------------------------------


@dataclass(frozen=True, slots=True)
class RosterLoaded:
    """The roster as read; ``issues``: why it could not be (then ``roster`` is None)."""

    path: Path
    roster: Roster | None
    issues: tuple[Issue, ...] = ()


@dataclass(frozen=True, slots=True)
class PreviousLoaded:
    """Last year's consolidated workbook as read; ``issues``: why it could not be."""

    path: Path
    consolidated: Consolidated | None
    issues: tuple[Issue, ...] = ()


def load_roster(path: Path) -> RosterLoaded:
    """Read the roster; an unreadable one comes back with the issue that says why."""
    from kpi_workbook.departments.roster import read_roster

    try:
        return RosterLoaded(path, read_roster(path))
    except KpiWorkbookError as exc:
        return RosterLoaded(path, None, (exc.issue,))


def load_previous(path: Path) -> PreviousLoaded:
    """Read last year's consolidated workbook; an unreadable one comes back with its issue."""
    from kpi_workbook.consolidated.previous import read_consolidated

    try:
        return PreviousLoaded(path, read_consolidated(path))
    except KpiWorkbookError as exc:
        return PreviousLoaded(path, None, (exc.issue,))


@dataclass(frozen=True, slots=True)
class References:
    """What the submissions are checked against, read once per run."""

    roster: RosterLoaded | None = None
    previous: PreviousLoaded | None = None

    @classmethod
    def read(cls, options: CheckOptions) -> References:
        """Read the roster and previous workbook that ``options`` names.

        Raises:
            KpiWorkbookError: either file cannot be read (a run against a roster that is
                not there would report every department as submitted).
        """
        refs = cls(load_roster(options.roster) if options.roster else None,
                   load_previous(options.previous) if options.previous else None)
        for loaded in (refs.roster, refs.previous):
            if loaded is not None and loaded.issues:
                raise KpiWorkbookError(loaded.issues[0])
        return refs


@dataclass(slots=True)
class Across:
    """The findings over a whole set of submissions (see :func:`check_across`)."""

    issues: list[Issue] = field(default_factory=list)
    missing: list[MissingSubmission] = field(default_factory=list)
    differences: list[Difference] | None = None


def check_across(submissions: Sequence[Submission],
                 references: References | None = None) -> Across:
    """The checks over all submissions together: across files, the roster, the previous
    workbook. A reference that could not be read contributes the issue saying why."""
    result = Across(issues=check_all(submissions))
    refs = references or References()
    if refs.roster is not None:
        if refs.roster.roster is None:
            result.issues.extend(refs.roster.issues)
        else:
            from kpi_workbook.checks.roster import check_roster

            checked = check_roster(refs.roster.roster, submissions)
            result.missing = list(checked.missing)
            result.issues.extend(checked.issues)
    if refs.previous is not None:
        if refs.previous.consolidated is None:
            result.issues.extend(refs.previous.issues)
        else:
            from kpi_workbook.checks.previous import compare

            result.differences = compare(refs.previous.consolidated, submissions)
            result.issues.extend(d.issue() for d in result.differences)
    return result


# --- the use case ---------------------------------------------------------------------------


def check(paths: Sequence[Path], options: CheckOptions | None = None, *,
          progress: ProgressFn | None = None,
          cancel: threading.Event | None = None) -> CheckResult:
    """Read and check every workbook named by ``paths`` (files or folders).

    Raises:
        KpiWorkbookError: nothing at all to read, or the roster or previous workbook of
            ``options`` cannot be read.
        Cancelled: ``cancel`` was set; checked between files.
    """
    options = options or CheckOptions()
    profiles = resolve_profiles(options.profile)
    refs = References.read(options)
    files, issues = find_inputs(paths)
    result = CheckResult(issues=list(issues))
    for submission in iter_submissions(files, report_year=options.report_year,
                                       progress=progress, cancel=cancel,
                                       workers=options.workers, today=options.today,
                                       effect_line=options.effect_line,
                                       profiles=profiles):
        result.submissions.append(submission)
        result.issues.extend(submission.issues)
    across = check_across(result.submissions, refs)
    result.issues.extend(across.issues)
    result.missing, result.differences = across.missing, across.differences
    result.issues = sort_issues(result.issues)
    return result


@dataclass(frozen=True, slots=True)
class Discovered:
    """Issues about named paths that are not read at all (missing file, .xls in a folder)."""

    issues: tuple[Issue, ...]


StreamItem = Submission | Discovered | RosterLoaded | PreviousLoaded


def stream_check(paths: Sequence[Path], options: CheckOptions | None = None, *,
                 unchanged: frozenset[Path] = frozenset(),
                 progress: ProgressFn | None = None,
                 cancel: threading.Event | None = None) -> Iterator[StreamItem]:
    """:func:`check` one file at a time, for a window that shows each file as it is read.

    Yields, in this order: the roster and the previous workbook as read (when ``options``
    names them; an unreadable one carries its issue instead of stopping the run), the
    issues of discovery (when there are any), then one :class:`Submission` per file.
    Folders are searched each time, so a workbook put there since is found; files whose
    resolved path is in ``unchanged`` are not read again (再チェック). The caller runs
    :func:`check_across` over everything it holds.
    """
    options = options or CheckOptions()
    profiles = resolve_profiles(options.profile)
    if options.roster is not None:
        yield load_roster(options.roster)
    if options.previous is not None:
        yield load_previous(options.previous)
    files, issues = find_workbooks(paths)
    if issues:
        yield Discovered(tuple(issues))
    todo = [f for f in files if f.resolve() not in unchanged] if unchanged else files
    yield from iter_submissions(todo, report_year=options.report_year, progress=progress,
                                cancel=cancel, workers=options.workers, today=options.today,
                                effect_line=options.effect_line, profiles=profiles)


def read_submission(path: Path, *, report_year: int | None = None,
                    today: dt.date | None = None,
                    effect_line: float = DEFAULT_EFFECT_LINE,
                    profile: str | None = None) -> Submission:
    """Read one workbook and run the checks of one file on it (as :func:`check` does).

    Args:
        report_year: the fiscal year being reported; actuals of years up to it must be
            filled in. Defaults to the last fiscal year that has ended.
        profile: the form (:attr:`CheckOptions.profile`).

    Raises:
        KpiWorkbookError: ``profile`` names no form, or a profile file that cannot be used.
    """
    from kpi_workbook.reading.reader import read_file

    return read_file(path, functools.partial(checked, report_year=report_year, today=today,
                                             effect_line=effect_line),
                     resolve_profiles(profile))


def checked(submission: Submission, *, report_year: int | None = None,
            today: dt.date | None = None,
            effect_line: float = DEFAULT_EFFECT_LINE) -> Submission:
    """``submission`` with the issues of the checks of one file added, all sorted (it is
    changed)."""
    submission.issues = sort_issues(
        [*submission.issues, *check_submission(submission, report_year=report_year,
                                                 today=today, effect_line=effect_line)])
    return submission


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
                     workers: int = 1, today: dt.date | None = None,
                     effect_line: float = DEFAULT_EFFECT_LINE,
                     profiles: Sequence[Profile] = ()) -> Iterator[Submission]:
    """Read files in order, so callers can show each result as soon as it is ready.

    ``workers`` > 1 reads a long list in that many processes (``reading/parallel.py``);
    the results still arrive in the order of ``files``. ``profiles``: the form's (see
    :func:`resolve_profiles`); none: the official layout.
    """
    # the checks of one file run where it is read (in the worker process from 100 files)
    submissions = read_files(files, workers=workers, cancel=cancel,
                             then=functools.partial(checked, report_year=report_year,
                                                    today=today, effect_line=effect_line),
                             profiles=profiles)
    try:
        for done, path in enumerate(files, start=1):
            stop_if_cancelled(cancel)
            submission = next(submissions, None)
            if submission is None:  # the reader stopped early: only ever for cancel
                raise Cancelled()
            if progress is not None:
                progress(Progress(done, len(files), path))
            yield submission
        next(submissions, None)  # let the reader end its own way (its workers waited for)
    finally:
        submissions.close()
