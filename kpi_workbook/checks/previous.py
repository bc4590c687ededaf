"""This year's submissions against last year's consolidated workbook (``merge --previous``):
every target or actual that changed for the years both cover, every KPI renamed or
re-unitised, every project that disappeared. A department that silently revises a past
figure is the commonest error a council asks about."""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from typing import Final

from kpi_workbook.consolidated.previous import (
    SUMMARY_SHEET,
    Consolidated,
    PastProject,
    PastValue,
    number_text,
)
from kpi_workbook.domain.differences import Difference
from kpi_workbook.domain.figure_status import figure_statuses
from kpi_workbook.domain.issues import Location
from kpi_workbook.domain.labels import normalize_text, project_key
from kpi_workbook.domain.model import FigureStatus, Project, Submission, Value, ValueStatus

FINALISED: Final = "previous-value-finalised"
"""A 速報 actual of the previous workbook that is 確定 now (with or without a new value)."""


def compare(previous: Consolidated, submissions: Iterable[Submission]) -> list[Difference]:
    """Every difference between ``previous`` and this year's submissions (see module doc)."""
    current: dict[str, Project] = {}
    for sub in submissions:
        for p in sub.projects:
            current.setdefault(project_key(p.number, p.name), p)
    out: list[Difference] = []
    for past in previous.projects:
        project = current.get(past.key)
        if project is None:
            out.append(Difference("previous-project-missing", past.name, past.department, "",
                                  None, "事業", past.name, "",
                                  Location(previous.path, SUMMARY_SHEET)))
            continue
        out.extend(_compare_project(past, project))
    # 速報 → 確定 after every other change (a list of their own: the 種類 column says so)
    return sorted(out, key=lambda d: d.kind == FINALISED)


def _compare_project(past: PastProject, project: Project) -> Iterator[Difference]:
    def diff(kind: str, kpi: str, year: int | None, fld: str, old: str, new: str,
             where: Location) -> Difference:
        return Difference(kind, project.name, project.department, kpi, year, fld, old, new,
                          where)

    # KPIs are matched by position: a renamed KPI keeps its column pair.
    for position, pk in enumerate(past.kpis, start=1):
        index = pk.index if pk.index is not None else position
        kpi = next((k for k in project.kpis if k.index == index), None)
        if kpi is None:
            yield diff("previous-kpi-missing", pk.name, None, "指標名", pk.name, "",
                       project.where)
            continue
        where = kpi.where or project.where
        if normalize_text(kpi.name) != normalize_text(pk.name):
            yield diff("previous-kpi-renamed", pk.name, None, "指標名", pk.name, kpi.name,
                       where)
        if pk.unit and (kpi.unit or "") != pk.unit:
            yield diff("previous-unit-changed", kpi.name, None, "単位", pk.unit,
                       kpi.unit or "", where)
        statuses = figure_statuses(kpi, project.years)
        for position, year in enumerate(project.years):
            if year.fiscal_year is None or year.fiscal_year not in pk.values:
                continue
            if index - 1 >= len(year.observations):
                continue
            obs = year.observations[index - 1]
            old_t, old_a = pk.values[year.fiscal_year]
            if (pk.statuses.get(year.fiscal_year) == FigureStatus.PRELIMINARY.value
                    and statuses.get(position) is FigureStatus.FINAL):
                # 速報 → 確定: the revision the State expects, listed apart from the others
                yield diff(FINALISED, kpi.name, year.fiscal_year, "実績値",
                           old_a.show() or "（空欄）", _show(obs.actual) or "（空欄）",
                           obs.actual.where)
                old_a = PastValue()  # not a change of its own
            for fld, old, new in (("目標値", old_t, obs.target), ("実績値", old_a, obs.actual)):
                if _changed(old, new):
                    yield diff("previous-value-changed", kpi.name, year.fiscal_year, fld,
                               old.show() or "（空欄）", _show(new) or "（空欄）", new.where)


def _changed(old: PastValue, new: Value) -> bool:
    # An actual filled in since (empty → number) is progress, not a revision.
    if old.is_missing:
        return False
    if new.status is ValueStatus.NUMBER and new.number is not None:
        return old.number is None or not math.isclose(old.number, new.number,
                                                      rel_tol=1e-9, abs_tol=1e-12)
    if new.status is ValueStatus.NOT_APPLICABLE:
        return not old.is_dash
    if new.status is ValueStatus.MISSING:
        return True
    return old.number is not None or (old.text or "") != new.raw_text


def _show(value: Value) -> str:
    if value.status is ValueStatus.NUMBER and value.number is not None:
        return number_text(value.number)
    return value.raw_text
