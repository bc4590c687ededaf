"""What the window shows, as plain Python: the loaded submissions and every issue about them.

Kept free of Qt so it can be tested without a display; the Qt models only adapt it. Every
rule comes from ``kpi_workbook.usecases`` (the same calls as the command line): the
session only remembers what the use cases streamed in, and asks them again for what
spans files (the same project twice, the roster, last year's workbook).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kpi_workbook import usecases as api
from kpi_workbook.domain.issues import (
    Issue,
    Severity,
    count_by_severity,
    issues_by_file,
    sort_issues,
)
from kpi_workbook.domain.model import Submission


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
    roster: api.RosterLoaded | None = None
    """The roster of the settings, as last read (None: no roster set)."""
    previous: api.PreviousLoaded | None = None
    """Last year's consolidated workbook of the settings, as last read (None: not set)."""
    _stamps: dict[Path, tuple[float, int] | None] = field(default_factory=dict)
    _across: api.Across | None = None

    # --- changes -----------------------------------------------------------------------------
    def add_inputs(self, paths: Sequence[Path]) -> list[Path]:
        """Remember named paths; returns those not already named."""
        known = {p.resolve() for p in self.inputs}
        new = [p for p in paths if p.resolve() not in known]
        self.inputs.extend(new)
        return new

    def add(self, item: object) -> None:
        """Take one item of ``usecases.stream_check`` (a re-read file replaces the old one)."""
        if isinstance(item, api.Discovered):
            seen = {(i.code, i.where) for i in self.discovery_issues}
            self.discovery_issues.extend(i for i in item.issues if (i.code, i.where) not in seen)
        elif isinstance(item, api.RosterLoaded):
            self.roster = item
        elif isinstance(item, api.PreviousLoaded):
            self.previous = item
        elif isinstance(item, Submission):
            key = item.path.resolve()
            self.submissions[key] = item
            self._stamps[key] = _stamp(item.path)
        self._across = None

    def set_references(self, *, roster: bool, previous: bool) -> None:
        """Forget the roster or previous workbook (the settings no longer name one)."""
        if not roster:
            self.roster = None
        if not previous:
            self.previous = None
        self._across = None

    def clear(self) -> None:
        self.submissions.clear()
        self.discovery_issues.clear()
        self.inputs.clear()
        self._stamps.clear()
        self._across = None

    def changed_files(self) -> list[Path]:
        """Files saved (or deleted) since they were read: what 再チェック re-reads."""
        return [s.path for key, s in self.submissions.items()
                if _stamp(s.path) != self._stamps.get(key)]

    # --- views -------------------------------------------------------------------------------
    def submission_list(self) -> list[Submission]:
        return list(self.submissions.values())

    def files(self) -> list[Path]:
        return [s.path for s in self.submissions.values()]

    def across(self) -> api.Across:
        """The checks over everything on screen (files read at different times are
        compared): the same project twice, 未提出 against the roster, changes since last
        year's workbook."""
        if self._across is None:
            self._across = api.check_across(self.submission_list(),
                                            api.References(self.roster, self.previous))
        return self._across

    def issues(self) -> list[Issue]:
        """Every issue on screen, in the library's order (file, sheet, row, column)."""
        found = list(self.discovery_issues)
        for s in self.submissions.values():
            found.extend(s.issues)
        found.extend(self.across().issues)
        return sort_issues(found)

    def issues_by_file(self, issues: Sequence[Issue] | None = None) -> dict[Path, list[Issue]]:
        """Every issue on screen (or ``issues``, already listed) by resolved file: a file's
        row counts the cross-file issues (a project submitted twice) and roster extras found
        at it too (the grouping the return copies use)."""
        return issues_by_file(self.issues() if issues is None else issues)

    def returnable(self) -> list[Submission]:
        """The loaded submissions that need a return copy, each carrying every issue on
        screen at its file (a project submitted twice is the department's to fix too)."""
        return api.returnable(self.submission_list(), self.issues())

    def counts(self) -> dict[str, int]:
        """The summary line: files, projects and issues by severity (as the CLI prints)."""
        return api.summarize(self.submission_list(), self.issues())

    def submission_for(self, path: Path) -> Submission | None:
        return self.submissions.get(path.resolve())


def submission_status(issues: Iterable[Issue]) -> Severity | None:
    """The worst severity among a file's errors and warnings (None: nothing to look at)."""
    counts = count_by_severity(issues)
    if counts[Severity.ERROR]:
        return Severity.ERROR
    if counts[Severity.WARNING]:
        return Severity.WARNING
    return None
