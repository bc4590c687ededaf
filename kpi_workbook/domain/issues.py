"""Problems found in submissions, as positioned values with a stable code.

Issues are data, not exceptions: every stage returns them next to what it read, so one bad
cell never stops the rest of a file (or the other files) from being read.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Final

from kpi_workbook.domain.issue_parts import Location as Location
from kpi_workbook.domain.issue_parts import Phrase as Phrase
from kpi_workbook.domain.issue_parts import Severity as Severity
from kpi_workbook.domain.issue_parts import cell_name as cell_name
from kpi_workbook.domain.issue_parts import split_cell as split_cell

if TYPE_CHECKING:
    from kpi_workbook.domain.messages import Front, Lang


# code → severity, filled from the catalogue on first use (messages imports this module).
_SEVERITIES: dict[str, Severity] = {}


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem, with the raw text in ``params`` so nothing a clerk typed is lost."""

    code: str
    where: Location
    params: Mapping[str, object] = field(default_factory=dict)
    detail: str | None = None
    """Technical detail for whoever supports the tool (the XML or OS error, the part name):
    in the JSON issue and with ``--verbose``, never in the message."""

    @property
    def severity(self) -> Severity:
        # Asked for every issue by every count and sort: a dict lookup, not an import.
        severity = _SEVERITIES.get(self.code)
        if severity is None:
            from kpi_workbook.domain.messages import CATALOGUE

            _SEVERITIES.update({code: t.severity for code, t in CATALOGUE.items()})
            severity = _SEVERITIES[self.code]
        return severity

    def message(self, lang: Lang = "ja", front: Front = "cli") -> str:
        """The message in ``lang``, worded for the command line or the window (``front``:
        each names its own commands, options or buttons)."""
        from kpi_workbook.domain.messages import render

        return render(self.code, lang, self.where, self.params, front)

    def to_json(self, lang: Lang = "ja") -> dict[str, object]:
        """The issue in the JSON shape of spec §3, plus ``detail`` (null when none)."""
        return {
            "severity": self.severity.value,
            "code": self.code,
            "file": str(self.where.file),
            "sheet": self.where.sheet,
            "cell": self.where.cell,
            "message": self.message(lang),
            "detail": self.detail,
        }

    def sort_key(self) -> tuple[str, str, int, int, int, str]:
        file, sheet, row, col = self.where.sort_key()
        return (file, sheet, row, col, self.severity.rank, self.code)


def sort_issues(issues: Iterable[Issue]) -> list[Issue]:
    """Issues in a deterministic order: file, sheet, row, column, severity, code."""
    return sorted(issues, key=Issue.sort_key)


def count_by_severity(issues: Iterable[Issue]) -> dict[Severity, int]:
    """Counts for every severity, zeros included, for summaries and status columns."""
    counts = Counter(i.severity for i in issues)
    return {s: counts.get(s, 0) for s in Severity}


def issues_by_file(issues: Iterable[Issue]) -> dict[Path, list[Issue]]:
    """Issues grouped by resolved file, in the order given: a file's return copy and its
    row in the window count the cross-file and roster issues found at it too. Each file is
    resolved once (a system call per path component: resolving per issue froze the window
    for a second at 100 files)."""
    resolved: dict[Path, Path] = {}
    by_file: dict[Path, list[Issue]] = {}
    for issue in issues:
        file = issue.where.file
        key = resolved.get(file)
        if key is None:
            key = resolved[file] = file.resolve()
        by_file.setdefault(key, []).append(issue)
    return by_file


def has_errors(issues: Iterable[Issue]) -> bool:
    return any(i.severity is Severity.ERROR for i in issues)


RETURN_SEVERITIES: Final = frozenset({Severity.ERROR, Severity.WARNING})
"""What a department must act on: a file with one of these gets a return copy (差し戻し),
whose cells of these are marked; infos are listed but not marked."""


def needs_return_copy(issues: Iterable[Issue]) -> bool:
    """True when ``issues`` give the department something to fix (an error or warning)."""
    return any(i.severity in RETURN_SEVERITIES for i in issues)
