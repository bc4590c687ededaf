"""Problems found in submissions, as positioned values with a stable code.

Issues are data, not exceptions: every stage returns them next to what it read, so one bad
cell never stops the rest of a file (or the other files) from being read.
"""

from __future__ import annotations

import enum
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kpi_workbook.domain.messages import Lang


class Severity(str, enum.Enum):
    """How much a person must care; the order is the order of the report."""

    ERROR = "error"  # the value or file cannot be trusted; exit status 1
    WARNING = "warning"  # read, but a person should look
    INFO = "info"  # a normalisation a person should know about

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}

_CELL_RE = re.compile(r"^([A-Z]+)(\d+)$")
# code → severity, filled from the catalogue on first use (messages imports this module).
_SEVERITIES: dict[str, Severity] = {}


def split_cell(cell: str | None) -> tuple[int, int]:
    """Return (row, column) of an A1 address, (0, 0) for None, so issues sort by position."""
    if not cell:
        return (0, 0)
    m = _CELL_RE.match(cell)
    if not m:
        return (0, 0)
    col = 0
    for ch in m.group(1):
        col = col * 26 + ord(ch) - 64
    return (int(m.group(2)), col)


def cell_name(row: int, col: int) -> str:
    """A1 address of a 1-based (row, column)."""
    letters = ""
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{row}"


@dataclass(frozen=True, slots=True)
class Location:
    """Where an issue or a value is: file, and when it applies, sheet and cell."""

    file: Path
    sheet: str | None = None
    cell: str | None = None

    def sort_key(self) -> tuple[str, str, int, int]:
        row, col = split_cell(self.cell)
        return (str(self.file), self.sheet or "", row, col)

    def describe(self) -> str:
        """``file!sheet!C15`` style reference for 出典 columns and messages."""
        parts = [self.file.name]
        if self.sheet:
            parts.append(self.sheet)
        if self.cell:
            parts.append(self.cell)
        return "!".join(parts)


@dataclass(frozen=True, slots=True)
class Phrase:
    """A parameter said in both languages (a reason, a hint), chosen when rendered.

    Messages are read by clerks: a reason is a sentence of ours, never an exception's text
    (that goes to :attr:`Issue.detail`).
    """

    ja: str
    en: str

    def __str__(self) -> str:
        return self.ja


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

    def message(self, lang: Lang = "ja") -> str:
        from kpi_workbook.domain.messages import render

        return render(self.code, lang, self.where, self.params)

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


def has_errors(issues: Iterable[Issue]) -> bool:
    return any(i.severity is Severity.ERROR for i in issues)
