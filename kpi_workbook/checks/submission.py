"""Checks on what was read: missing figures and implausible magnitudes (spec §1.4).

The reader reports what cannot be read; these checks report what was read but that a
person should look at. Each check yields issues and never changes the data.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from kpi_workbook.domain.fiscal_year import default_report_year, format_fiscal_year
from kpi_workbook.domain.issues import Issue
from kpi_workbook.domain.model import Project, Submission, ValueStatus, YearRow

#: An actual this many times its target (or last year's actual), or this many times
#: smaller, is most likely typed in the wrong unit (円 for 千円, % for a fraction).
MAGNITUDE_FACTOR: Final = 100.0


def check_submission(sub: Submission, *, report_year: int | None = None) -> Iterator[Issue]:
    """Every per-file check over the projects read from ``sub``."""
    year = report_year if report_year is not None else default_report_year()
    has_purpose = sub.form_fields is None or "purpose" in sub.form_fields
    for project in sub.projects:
        if has_purpose:
            yield from check_purpose(project)
        yield from check_missing_values(project, year)
        yield from check_magnitudes(project)


def check_purpose(project: Project) -> Iterator[Issue]:
    if not project.purpose.strip():
        yield Issue("purpose-missing", project.where)


def check_missing_values(project: Project, report_year: int) -> Iterator[Issue]:
    """A target left empty, or an actual left empty for a year that has ended.

    A dash (「-」) is a deliberate "not applicable" and is never reported.
    """
    for year in project.years:
        label = _year_label(year)
        for obs in year.observations:
            if obs.target.status is ValueStatus.MISSING:
                yield Issue("target-missing", obs.target.where, {"year": label})
            ended = year.fiscal_year is not None and year.fiscal_year <= report_year
            if ended and obs.actual.status is ValueStatus.MISSING:
                yield Issue("actual-missing", obs.actual.where, {"year": label})


def check_magnitudes(project: Project) -> Iterator[Issue]:
    """An actual 100× its target, or 100× last year's actual (or 1/100 of either)."""
    for kpi in project.kpis:
        previous: float | None = None
        for year in project.years:
            obs = project.observation(kpi, year)
            actual, target = obs.actual.number, obs.target.number
            if actual is not None and target is not None and _far_apart(actual, target):
                yield Issue("magnitude-suspicious", obs.actual.where, {
                    "value": actual, "other": target, "ratio": _ratio(actual, target),
                    "against": "目標値", "against_en": "the target"})
            elif actual is not None and previous is not None and _far_apart(actual, previous):
                yield Issue("magnitude-suspicious", obs.actual.where, {
                    "value": actual, "other": previous, "ratio": _ratio(actual, previous),
                    "against": "前年度の実績値", "against_en": "last year's actual"})
            if actual is not None:
                previous = actual


def _far_apart(a: float, b: float) -> bool:
    if a <= 0 or b <= 0:
        return False  # ratios of zero or negative figures (社会動態数) say nothing
    ratio = a / b
    return ratio >= MAGNITUDE_FACTOR or ratio <= 1 / MAGNITUDE_FACTOR


def _ratio(a: float, b: float) -> str:
    ratio = a / b
    return f"{ratio:,.0f}" if ratio >= 1 else f"{ratio:.4g}"


def _year_label(year: YearRow) -> str:
    if year.fiscal_year is not None:
        return format_fiscal_year(year.fiscal_year)
    return year.label
