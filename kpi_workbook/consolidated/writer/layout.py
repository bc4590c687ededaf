"""Where things go in the output: project order, sheet names, and a map from each input
location to the output cell that shows it (for the hyperlinks of 検証結果)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kpi_workbook.consolidated.writer.formats import Mark
from kpi_workbook.domain.issues import Issue, Location, Severity
from kpi_workbook.domain.model import Project, Scope, Submission
from kpi_workbook.domain.sheet_names import circled


@dataclass(frozen=True, slots=True)
class PlacedProject:
    """A project, the submission it came from, and its output sheet name."""

    project: Project
    submission: Submission
    sheet: str


def order_projects(submissions: Sequence[Submission]) -> list[tuple[Project, Submission]]:
    """単市 first, then 広域 (then projects whose scope could not be read), each by 事業番号;
    ties keep a stable order by name and file, so the output is reproducible."""
    pairs = [(p, s) for s in submissions for p in s.projects]
    scope_rank = {Scope.CITY: 0, Scope.REGIONAL: 1}
    return sorted(pairs, key=lambda ps: (
        scope_rank.get(ps[0].scope, 2) if ps[0].scope else 2,
        ps[0].number if ps[0].number is not None else 10**9,
        ps[0].name, str(ps[1].path), ps[0].sheet,
    ))


def project_sheet_name(project: Project) -> str:
    return f"{circled(project.number)}{project.name or project.sheet or '事業'}"


@dataclass(frozen=True, slots=True)
class Target:
    """Where the output shows an input location: a row of a sheet, in this workbook
    (``book`` empty) or in the part workbook of that file name (``split.py``)."""

    sheet: str
    row: int
    book: str = ""


@dataclass(slots=True)
class LinkMap:
    """Input location → the output row that shows it, most precise first.

    ``book``: the workbook being written (a part's file name; empty for the main one),
    given to every target added until it changes.
    """

    cells: dict[tuple[str, str, str], Target] = field(default_factory=dict)
    sheets: dict[tuple[str, str], Target] = field(default_factory=dict)
    files: dict[str, Target] = field(default_factory=dict)
    book: str = ""

    def add_cell(self, where: Location | None, sheet: str, row: int) -> None:
        if where is not None and where.sheet and where.cell:
            self.cells.setdefault((str(where.file), where.sheet, where.cell),
                                  Target(sheet, row, self.book))

    def add_sheet(self, file: Path, source_sheet: str, sheet: str, row: int = 0) -> None:
        self.sheets.setdefault((str(file), source_sheet), Target(sheet, row, self.book))

    def add_file(self, file: Path, sheet: str, row: int) -> None:
        self.files.setdefault(str(file), Target(sheet, row, self.book))

    def target(self, where: Location) -> Target | None:
        file = str(where.file)
        if where.sheet and where.cell and (file, where.sheet, where.cell) in self.cells:
            return self.cells[(file, where.sheet, where.cell)]
        if where.sheet and (file, where.sheet) in self.sheets:
            return self.sheets[(file, where.sheet)]
        return self.files.get(file)


class ErrorMarks:
    """Which output cells to highlight: values an error issue points at, and every value of
    a file with errors (spec: such values are highlighted, not dropped)."""

    def __init__(self, issues: Iterable[Issue]) -> None:
        errors = [i for i in issues if i.severity is Severity.ERROR]
        self._cells = {(str(i.where.file), i.where.sheet, i.where.cell) for i in errors
                       if i.where.cell}
        self._files = {str(i.where.file) for i in errors}

    def mark(self, file: Path, where: Location | None) -> Mark:
        if where is not None and (str(where.file), where.sheet, where.cell) in self._cells:
            return "cell"
        if str(file) in self._files:
            return "file"
        return None
