"""Submissions against the roster: 未提出 departments and projects (errors), projects and
departments the roster does not list (warnings)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from kpi_workbook.domain.issues import Issue
from kpi_workbook.domain.labels import normalize_text
from kpi_workbook.domain.model import Project, Submission
from kpi_workbook.domain.roster import MissingSubmission, Roster, RosterEntry


@dataclass(slots=True)
class RosterCheck:
    issues: list[Issue] = field(default_factory=list)
    missing: list[MissingSubmission] = field(default_factory=list)


def check_roster(roster: Roster, submissions: Iterable[Submission]) -> RosterCheck:
    """未提出 departments and projects (errors), projects the roster does not list (warnings)."""
    result = RosterCheck(issues=list(roster.issues))
    projects = [p for s in submissions for p in s.projects]
    submitted_departments = {normalize_text(p.department) for p in projects if p.department}
    matched: set[int] = set()
    by_department: dict[str, list[RosterEntry]] = {}
    for entry in roster.entries:
        by_department.setdefault(normalize_text(entry.department), []).append(entry)

    for key, entries in by_department.items():
        listed = [e for e in entries if e.name or e.number is not None]
        missing = []
        for entry in listed:
            found = _matching(entry, projects)
            if not found:
                missing.append(entry)
            # every copy of a listed project is on the roster (two copies of one file
            # are project-duplicate, not also 名簿にない)
            matched.update(id(project) for project in found)
        department = entries[0].department
        if key not in submitted_departments and len(missing) == len(listed):
            names = tuple(_describe(e) for e in listed)
            result.issues.append(Issue("roster-department-missing", entries[0].where, {
                "department": department, "projects": "、".join(names) or "－"}))
            result.missing.append(MissingSubmission(department, names, True))
            continue
        for entry in missing:
            result.issues.append(Issue("roster-project-missing", entry.where, {
                "department": department, "project": entry.name or "－",
                "number": entry.number if entry.number is not None else "－"}))
        if missing:
            result.missing.append(MissingSubmission(
                department, tuple(_describe(e) for e in missing), False))

    reported_departments: set[str] = set()
    for project in projects:
        if id(project) in matched:
            continue
        key = normalize_text(project.department)
        if key not in by_department:
            if key not in reported_departments:
                reported_departments.add(key)
                result.issues.append(Issue("roster-department-unexpected", project.where,
                                           {"department": project.department}))
        elif any(e.name or e.number is not None for e in by_department[key]):
            result.issues.append(Issue("roster-project-unexpected", project.where, {
                "project": project.name, "department": project.department}))
    return result


def _matching(entry: RosterEntry, projects: Sequence[Project]) -> list[Project]:
    """The projects ``entry`` lists: by name (normalised); by 事業番号 within its
    department when the roster gives no name."""
    if entry.name:
        name = normalize_text(entry.name)
        return [p for p in projects if normalize_text(p.name) == name]
    department = normalize_text(entry.department)
    return [p for p in projects if p.number == entry.number
            and normalize_text(p.department) == department]


def _describe(entry: RosterEntry) -> str:
    number = f"{entry.number} " if entry.number is not None else ""
    return f"{number}{entry.name}".strip()
