"""What the window shows, as plain Python: loaded submissions and their issues.

Kept free of Qt so it can be tested without a display; the Qt models only adapt it.
"""

from __future__ import annotations

import dataclasses
import os
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kpi_workbook.checks.across_files import check_all
from kpi_workbook.departments.roster import Roster, check_roster, read_roster, write_roster_template
from kpi_workbook.domain.issues import Issue, Severity, count_by_severity, sort_issues
from kpi_workbook.domain.messages import Lang
from kpi_workbook.domain.model import Project, Submission
from kpi_workbook.reading.discover import find_workbooks
from kpi_workbook.usecases import check as api

if TYPE_CHECKING:
    from kpi_workbook.usecases.merge import MergeOptions, MergeResult

# annotate (openpyxl), merge (xlsxwriter) and prefill are imported where they are used, so
# the window appears without waiting for them (issue 7: lean start-up).


@dataclass(frozen=True, slots=True)
class DiscoveryIssues:
    """Issues about named paths that are not read at all (missing file, .xls in a folder)."""

    issues: tuple[Issue, ...]


@dataclass(frozen=True, slots=True)
class RosterLoaded:
    """The roster read (again) at the start of a check; ``issues``: why it could not be."""

    path: Path
    roster: Roster | None
    issues: tuple[Issue, ...] = ()


StreamItem = Submission | DiscoveryIssues | RosterLoaded

# issues of the comparison with the previous consolidated workbook (merge adds them)
PREVIOUS_PREFIX = "previous-"


def load_roster(path: Path) -> RosterLoaded:
    """Read the roster; an unreadable one is an issue on screen, not a failed check."""
    try:
        return RosterLoaded(path, read_roster(path))
    except api.KpiWorkbookError as exc:
        return RosterLoaded(path, None, (exc.issue,))


def read_roster_task(path: Path, *, progress: api.ProgressFn | None = None,
                     cancel: threading.Event | None = None) -> RosterLoaded:
    """:func:`load_roster` as a worker call (the settings named another roster)."""
    return load_roster(path)


def stream_check(paths: Sequence[Path], *, report_year: int | None = None,
                 roster: Path | None = None, progress: api.ProgressFn | None = None,
                 cancel: threading.Event | None = None) -> Iterator[StreamItem]:
    """``api.check`` one file at a time, so the window fills in while files are read.

    With ``roster``, the roster is read first, so 未提出 shows as soon as files come in.
    """
    if roster is not None:
        yield load_roster(roster)
    files, issues = find_workbooks(paths)
    if issues:
        yield DiscoveryIssues(tuple(issues))
    yield from api.iter_submissions(files, report_year=report_year, progress=progress,
                                    cancel=cancel)


def _stamp(path: Path) -> tuple[float, int] | None:
    # mtime and size: what "the clerk saved the file again" looks like from outside
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_mtime, st.st_size)


@dataclass(slots=True)
class Session:
    """The submissions on screen, in the order they were added, one per file."""

    submissions: dict[Path, Submission] = field(default_factory=dict)
    discovery_issues: list[Issue] = field(default_factory=list)
    inputs: list[Path] = field(default_factory=list)
    """What the user named (files and folders), for 再チェック and merge."""
    roster: RosterLoaded | None = None
    """The roster of the settings, as last read (None: no roster set)."""
    merge_issues: list[Issue] = field(default_factory=list)
    """What the last merge found against the previous workbook (previous-* issues); dropped
    when the files change, since they compared other contents."""
    _stamps: dict[Path, tuple[float, int] | None] = field(default_factory=dict)
    _cross: list[Issue] | None = None
    _roster_issues: list[Issue] | None = None

    # --- changes -----------------------------------------------------------------------------
    def add_inputs(self, paths: Sequence[Path]) -> list[Path]:
        """Remember named paths; returns those not already named."""
        known = {p.resolve() for p in self.inputs}
        new = [p for p in paths if p.resolve() not in known]
        self.inputs.extend(new)
        return new

    def add(self, item: StreamItem) -> None:
        """Take one result of :func:`stream_check` (a re-read file replaces the old one)."""
        if isinstance(item, DiscoveryIssues):
            seen = {(i.code, i.where) for i in self.discovery_issues}
            self.discovery_issues.extend(i for i in item.issues if (i.code, i.where) not in seen)
        elif isinstance(item, RosterLoaded):
            self.roster = item
        else:
            key = item.path.resolve()
            self.submissions[key] = item
            self._stamps[key] = _stamp(item.path)
            self.merge_issues.clear()
        self._cross = None
        self._roster_issues = None

    def set_roster(self, loaded: RosterLoaded | None) -> None:
        """A roster read on its own (settings changed), or None when it was cleared."""
        self.roster = loaded
        self._roster_issues = None

    def set_merge_result(self, result: MergeResult) -> None:
        """Keep the merge's comparison with the previous workbook on screen.

        The roster issues of the merge are the ones already shown (computed over the same
        files), so only the previous-* issues are new here.
        """
        self.merge_issues = [i for i in result.issues if i.code.startswith(PREVIOUS_PREFIX)]

    def clear(self) -> None:
        self.submissions.clear()
        self.discovery_issues.clear()
        self.inputs.clear()
        self._stamps.clear()
        self.merge_issues.clear()
        self._cross = None
        self._roster_issues = None

    def changed_files(self) -> list[Path]:
        """Files saved (or deleted) since they were read: what 再チェック re-reads."""
        return [s.path for key, s in self.submissions.items()
                if _stamp(s.path) != self._stamps.get(key)]

    # --- views -------------------------------------------------------------------------------
    def submission_list(self) -> list[Submission]:
        return list(self.submissions.values())

    def files(self) -> list[Path]:
        return [s.path for s in self.submissions.values()]

    def issues(self) -> list[Issue]:
        """Every issue on screen, in the library's order (file, sheet, row, column)."""
        found = list(self.discovery_issues)
        for s in self.submissions.values():
            found.extend(s.issues)
        found.extend(self.cross_issues())
        found.extend(self.roster_issues())
        found.extend(self.merge_issues)
        return sort_issues(found)

    def roster_issues(self) -> list[Issue]:
        """未提出 departments, missing and unexpected projects against the roster (if set)."""
        if self.roster is None:
            return []
        if self.roster.roster is None:
            return list(self.roster.issues)
        if self._roster_issues is None:
            checked = check_roster(self.roster.roster, self.submission_list())
            self._roster_issues = list(checked.issues)
        return list(self._roster_issues)

    def issues_by_file(self, issues: Sequence[Issue] | None = None) -> dict[Path, list[Issue]]:
        """Every issue on screen (or ``issues``, already listed) by resolved file: a file's
        row counts the cross-file issues (a project submitted twice) and roster extras found
        at it too. Each file is resolved once (a system call per path component: resolving
        per issue froze the window for a second at 100 files)."""
        resolved: dict[Path, Path] = {}
        by_file: dict[Path, list[Issue]] = {}
        for issue in self.issues() if issues is None else issues:
            file = issue.where.file
            key = resolved.get(file)
            if key is None:
                key = resolved[file] = file.resolve()
            by_file.setdefault(key, []).append(issue)
        return by_file

    def returnable(self) -> list[Submission]:
        """The loaded submissions that need a return copy, each carrying every issue on
        screen at its file (a project submitted twice is the department's to fix too)."""
        by_file = self.issues_by_file()
        subs = [dataclasses.replace(s, issues=by_file.get(key, []))
                for key, s in self.submissions.items()]
        from kpi_workbook.departments.return_copy import needs_return

        return [s for s in subs if needs_return(s)]

    def cross_issues(self) -> list[Issue]:
        """Issues across files (the same project twice, department spellings).

        Computed over everything on screen, so files read at different times are compared.
        """
        if self._cross is None:
            self._cross = check_all(self.submission_list())
        return list(self._cross)

    def counts(self) -> dict[str, int]:
        """The summary line: files, projects and issues by severity (as the CLI prints)."""
        counts = count_by_severity(self.issues())
        return {
            "files": len(self.submissions),
            "projects": sum(len(s.projects) for s in self.submissions.values()),
            "errors": counts[Severity.ERROR],
            "warnings": counts[Severity.WARNING],
            "infos": counts[Severity.INFO],
        }

    def submission_for(self, path: Path) -> Submission | None:
        return self.submissions.get(path.resolve())

    def project_for(self, path: Path, sheet: str | None) -> Project | None:
        """The project read from ``sheet`` of ``path``, to preview where an issue points."""
        sub = self.submission_for(path)
        if sub is None or sheet is None:
            return None
        return next((p for p in sub.projects if p.sheet == sheet), None)


def submission_status(issues: Iterable[Issue]) -> Severity | None:
    """The worst severity among a file's errors and warnings (None: nothing to look at)."""
    counts = count_by_severity(issues)
    if counts[Severity.ERROR]:
        return Severity.ERROR
    if counts[Severity.WARNING]:
        return Severity.WARNING
    return None


def stream_recheck(paths: Sequence[Path], *, unchanged: frozenset[Path] = frozenset(),
                   report_year: int | None = None, roster: Path | None = None,
                   progress: api.ProgressFn | None = None,
                   cancel: threading.Event | None = None) -> Iterator[StreamItem]:
    """Like :func:`stream_check`, skipping files read before and not saved since.

    Folders are searched again, so a workbook put there since the last check is found.
    ``unchanged`` holds resolved paths. The roster is always read again.
    """
    if roster is not None:
        yield load_roster(roster)
    files, issues = find_workbooks(paths)
    if issues:
        yield DiscoveryIssues(tuple(issues))
    todo = [f for f in files if f.resolve() not in unchanged]
    yield from api.iter_submissions(todo, report_year=report_year, progress=progress,
                                    cancel=cancel)


def merge_workbooks(paths: Sequence[Path], out: Path, *, options: MergeOptions,
                    progress: api.ProgressFn | None = None,
                    cancel: threading.Event | None = None) -> MergeResult:
    """``merge.merge`` with the options the window built from its settings."""
    from kpi_workbook.usecases.merge import merge

    return merge(list(paths), out, options=options, progress=progress, cancel=cancel)


@dataclass(frozen=True, slots=True)
class ReturnCopies:
    """What 差し戻しファイルを作成 did: copies written, files that could not be opened."""

    outdir: Path
    written: list[Path]
    skipped: list[Path]


def write_return_copies(submissions: Sequence[Submission], outdir: Path, *, lang: Lang = "ja",
                        progress: api.ProgressFn | None = None,
                        cancel: threading.Event | None = None) -> ReturnCopies:
    """``annotate.write_return_copy`` for each submission, stopping between files on cancel."""
    from kpi_workbook.departments.return_copy import write_return_copy

    written: list[Path] = []
    skipped: list[Path] = []
    for done, sub in enumerate(submissions, start=1):
        if cancel is not None and cancel.is_set():
            raise api.Cancelled()
        out = write_return_copy(sub, outdir, lang)
        (written if out is not None else skipped).append(out or sub.path)
        if progress is not None:
            progress(api.Progress(done, len(submissions), sub.path))
    return ReturnCopies(outdir, written, skipped)


def write_next_year(source: Path, outdir: Path, *, progress: api.ProgressFn | None = None,
                    cancel: threading.Event | None = None) -> list[Path]:
    """``prefill.write_prefilled``: next year's workbooks (one call; cancel before it only)."""
    from kpi_workbook.departments.prefill import write_prefilled

    if cancel is not None and cancel.is_set():
        raise api.Cancelled()
    return write_prefilled(source, outdir)


def save_roster_template(path: Path, *, progress: api.ProgressFn | None = None,
                         cancel: threading.Event | None = None) -> Path:
    """``roster.write_roster_template`` (.xlsx or .csv by the suffix)."""
    write_roster_template(path)
    return path


def save_template(path: Path, *, progress: api.ProgressFn | None = None,
                  cancel: threading.Event | None = None) -> Path:
    """``template.write_template``: the official blank layout, as ``kpi-workbook template``."""
    from kpi_workbook.departments.template import write_template

    write_template(path)
    return path
