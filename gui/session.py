"""What the window shows, as plain Python: loaded submissions and their issues.

Kept free of Qt so it can be tested without a display; the Qt models only adapt it.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kpi_workbook import api
from kpi_workbook.attainment import Bands
from kpi_workbook.crosscheck import check_all
from kpi_workbook.discover import find_workbooks
from kpi_workbook.issues import Issue, Severity, count_by_severity, sort_issues
from kpi_workbook.merge import MergeOptions, MergeResult, merge
from kpi_workbook.messages import Lang
from kpi_workbook.model import Project, Submission


@dataclass(frozen=True, slots=True)
class DiscoveryIssues:
    """Issues about named paths that are not read at all (missing file, .xls in a folder)."""

    issues: tuple[Issue, ...]


StreamItem = Submission | DiscoveryIssues


def stream_check(paths: Sequence[Path], *, report_year: int | None = None,
                 progress: api.ProgressFn | None = None,
                 cancel: threading.Event | None = None) -> Iterator[StreamItem]:
    """``api.check`` one file at a time, so the window fills in while files are read."""
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
    _stamps: dict[Path, tuple[float, int] | None] = field(default_factory=dict)
    _cross: list[Issue] | None = None

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
        else:
            key = item.path.resolve()
            self.submissions[key] = item
            self._stamps[key] = _stamp(item.path)
        self._cross = None

    def clear(self) -> None:
        self.submissions.clear()
        self.discovery_issues.clear()
        self.inputs.clear()
        self._stamps.clear()
        self._cross = None

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
        return sort_issues(found)

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


def submission_status(sub: Submission) -> Severity | None:
    """The worst severity among a file's errors and warnings (None: nothing to look at)."""
    counts = count_by_severity(sub.issues)
    if counts[Severity.ERROR]:
        return Severity.ERROR
    if counts[Severity.WARNING]:
        return Severity.WARNING
    return None


def stream_recheck(paths: Sequence[Path], *, unchanged: frozenset[Path] = frozenset(),
                   report_year: int | None = None, progress: api.ProgressFn | None = None,
                   cancel: threading.Event | None = None) -> Iterator[StreamItem]:
    """Like :func:`stream_check`, skipping files read before and not saved since.

    Folders are searched again, so a workbook put there since the last check is found.
    ``unchanged`` holds resolved paths.
    """
    files, issues = find_workbooks(paths)
    if issues:
        yield DiscoveryIssues(tuple(issues))
    todo = [f for f in files if f.resolve() not in unchanged]
    yield from api.iter_submissions(todo, report_year=report_year, progress=progress,
                                    cancel=cancel)


def merge_workbooks(paths: Sequence[Path], out: Path, *, strict: bool = False,
                    report_year: int | None = None, bands: tuple[float, float] = (1.0, 0.8),
                    lang: Lang = "ja", progress: api.ProgressFn | None = None,
                    cancel: threading.Event | None = None) -> MergeResult:
    """``merge.merge`` with the window's settings as its options (plain values, picklable)."""
    options = MergeOptions(report_year=report_year, strict=strict, bands=Bands(*bands),
                           lang=lang)
    return merge(list(paths), out, options=options, progress=progress, cancel=cancel)
