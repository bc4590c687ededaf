"""Each municipality's report into roll-up rows, keyed by its checked 団体コード."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from kpi_workbook.domain.attainment import value_number
from kpi_workbook.domain.issues import Issue, Location
from kpi_workbook.domain.labels import NATIONAL_REPORT_SHEET
from kpi_workbook.domain.model import Submission, Value, ValueStatus
from kpi_workbook.domain.rollup import Municipality, RollupRow, municipality_code
from kpi_workbook.reading.profiles import Profile
from kpi_workbook.reading.profiles.loading import builtin_profile


def rollup_profile() -> Profile:
    """The national form, read in a municipality's own 様式2 and in the 国への報告 sheet of a
    consolidated workbook of this tool (its other sheets are not reports)."""
    return replace(builtin_profile("national"), consolidated_sheets=(NATIONAL_REPORT_SHEET,))


@dataclass(slots=True)
class Gathered:
    """Every row of every municipality, and the issues of gathering them."""

    rows: list[RollupRow] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    files: dict[str, Path] = field(default_factory=dict)
    """団体コード → the file it was read from (a second file with it is refused)."""


def gather(submissions: Iterable[Submission]) -> Gathered:
    """The rows of each submission whose 団体コード is right; each other one is an issue
    naming the file (a wrong code, none, or a municipality given twice)."""
    out = Gathered()
    for sub in submissions:
        out.issues.extend(sub.issues)
        if not sub.projects:
            continue  # why is said by the reader's issues
        where = Location(sub.path, sub.projects[0].where.sheet)
        typed = sub.form_header.get("municipality_code", "").strip()
        if not typed:
            out.issues.append(Issue("rollup-code-missing", where))
            continue
        code, problem = municipality_code(typed)
        if code is None:
            out.issues.append(Issue("rollup-code-invalid", where,
                                    {"code": typed, "reason": problem}))
            continue
        if code != typed:
            out.issues.append(Issue("rollup-code-completed", where,
                                    {"code": typed, "full": code}))
        if code in out.files:
            out.issues.append(Issue("rollup-code-duplicate", where,
                                    {"code": code, "other": out.files[code].name}))
            continue
        out.files[code] = sub.path
        town = Municipality(code, sub.form_header.get("prefecture", ""),
                            sub.form_header.get("municipality", ""))
        out.rows.extend(_rows(sub, town))
    return out


def _rows(sub: Submission, town: Municipality) -> Iterable[RollupRow]:
    for project in sub.projects:
        for kpi in project.kpis:
            for year in project.years:
                obs = project.observation(kpi, year)
                if _absent(obs.target) and _absent(obs.actual):
                    continue  # another KPI's year
                yield RollupRow(
                    municipality=town, project_number=project.number,
                    project_name=project.name, kpi_index=kpi.index, kpi_name=kpi.name,
                    unit=kpi.unit, direction=kpi.direction, fiscal_year=year.fiscal_year,
                    target=value_number(obs.target), actual=value_number(obs.actual),
                    source=_source(sub.path, obs.target, obs.actual))


def _absent(value: Value) -> bool:
    # the table reader's filler for a year the KPI has no value in (not a typed dash)
    return value.status is ValueStatus.NOT_APPLICABLE and value.raw is None


def _source(path: Path, target: Value, actual: Value) -> str:
    cells = ",".join(c for c in (target.where.cell, actual.where.cell) if c)
    return "!".join(p for p in (path.name, target.where.sheet or "", cells) if p)
