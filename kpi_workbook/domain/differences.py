"""A change against last year's consolidated workbook (前回との差異), as the check finds it
and the 前回との差異 sheet lists it."""

from __future__ import annotations

from dataclasses import dataclass

from kpi_workbook.domain.fiscal_year import format_fiscal_year
from kpi_workbook.domain.issues import Issue, Location


@dataclass(frozen=True, slots=True)
class Difference:
    """One change against the previous workbook, with both values as shown."""

    kind: str
    """The issue code: previous-value-changed, previous-kpi-renamed, …"""
    project: str
    department: str
    kpi: str
    year: int | None
    field: str
    """目標値, 実績値, 指標名, 単位 or 事業."""
    old: str
    new: str
    where: Location

    def issue(self) -> Issue:
        return Issue(self.kind, self.where, {
            "project": self.project, "kpi": self.kpi, "field": self.field, "old": self.old,
            "new": self.new, "year": format_fiscal_year(self.year) if self.year else "",
            "department": self.department, "previous": self.where.file.name
            if self.kind == "previous-project-missing" else ""})
