"""Checks across submissions: what no single file can show (spec §1.4, issue 3).

The same project submitted twice (by 事業番号 or by 事業名), one number used for two
projects, and a department written two ways (全角/半角, spaces) that would split its rows
when the council filters 集計一覧 by 担当課.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence

from kpi_workbook.domain.issues import Issue, Location
from kpi_workbook.domain.labels import normalize_text
from kpi_workbook.domain.model import Project, Submission


def check_all(submissions: Sequence[Submission]) -> list[Issue]:
    """Every cross-file issue, in a stable order (input order of files and projects)."""
    projects = [p for s in submissions for p in s.projects]
    return [*check_duplicates(projects), *check_department_spelling(projects)]


def check_duplicates(projects: Sequence[Project]) -> Iterator[Issue]:
    """project-duplicate / project-number-conflict, reported at the later occurrence.

    One number with one name twice, or one name twice (whatever the numbers): the same
    project submitted twice. One number with two names: a conflict, not a duplicate.
    """
    by_number: dict[int, Project] = {}
    by_name: dict[str, Project] = {}
    for p in projects:
        name = normalize_text(p.name)
        first_by_name = by_name.get(name) if name else None
        first_by_number = by_number.get(p.number) if p.number is not None else None
        if first_by_name is not None:
            yield _duplicate(p, first_by_name)
        elif first_by_number is not None:
            if normalize_text(first_by_number.name) == name:
                yield _duplicate(p, first_by_number)
            else:
                yield Issue("project-number-conflict", p.where,
                            {"number": p.number, "project": p.name,
                             "other": first_by_number.name})
        if name:
            by_name.setdefault(name, p)
        if p.number is not None:
            by_number.setdefault(p.number, p)


def check_department_spelling(projects: Sequence[Project]) -> Iterator[Issue]:
    """department-spelling: a raw spelling that differs from the group's usual one.

    Departments are equal when NFKC and space-insensitive equal; the usual spelling is the
    most frequent one (the first seen on a tie), so one odd file is the one flagged.
    """
    groups: dict[str, Counter[str]] = {}
    for p in projects:
        if p.department:
            groups.setdefault(normalize_text(p.department), Counter())[p.department] += 1
    usual = {key: spellings.most_common(1)[0][0] for key, spellings in groups.items()
             if len(spellings) > 1}
    for p in projects:
        key = normalize_text(p.department) if p.department else ""
        if key in usual and p.department != usual[key]:
            yield Issue("department-spelling", p.where,
                        {"department": p.department, "other": usual[key]})


def _duplicate(project: Project, first: Project) -> Issue:
    return Issue("project-duplicate", project.where,
                 {"project": project.name, "other": _describe(first.where)})


def _describe(where: Location) -> str:
    return f"{where.file.name}（{where.sheet}）" if where.sheet else where.file.name
