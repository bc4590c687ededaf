"""The roster (提出予定の名簿) as the program knows it: who must submit which projects,
and what came in short of it (a 提出状況 row of the consolidated workbook)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kpi_workbook.domain.issues import Issue, Location


@dataclass(frozen=True, slots=True)
class RosterEntry:
    department: str
    number: int | None
    name: str
    where: Location


@dataclass(slots=True)
class Roster:
    path: Path
    entries: list[RosterEntry] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    """Rows that could not be read (warnings)."""


@dataclass(frozen=True, slots=True)
class MissingSubmission:
    """A 提出状況 row for something the roster expects and nobody submitted."""

    department: str
    projects: tuple[str, ...]
    """The missing projects (empty: the whole department, no projects listed)."""
    whole_department: bool
