"""Checks on what was read: missing figures and implausible magnitudes (spec §1.4).

The reader reports what cannot be read; these checks report what was read but that a
person should look at. Each check yields issues and never changes the data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Final

from kpi_workbook.domain.effect import DEFAULT_EFFECT_LINE, differs, project_effect
from kpi_workbook.domain.figure_status import due_year
from kpi_workbook.domain.fiscal_year import default_report_year, format_fiscal_year
from kpi_workbook.domain.issues import Issue, Phrase
from kpi_workbook.domain.model import Kpi, Project, Submission, ValueKind, ValueStatus, YearRow
from kpi_workbook.domain.value_kinds import cumulative_falls, figure, increment_sum

#: An actual this many times its target (or last year's actual), or this many times
#: smaller, is most likely typed in the wrong unit (円 for 千円, % for a fraction).
MAGNITUDE_FACTOR: Final = 100.0


def check_submission(sub: Submission, *, report_year: int | None = None,
                     today: dt.date | None = None,
                     effect_line: float = DEFAULT_EFFECT_LINE) -> Iterator[Issue]:
    """Every per-file check over the projects read from ``sub``.

    Args:
        report_year: the fiscal year reported on (default: the last one that has ended).
        today: the date a 公表予定 is compared with (default: the computer's date).
        effect_line: the 進捗率 line of the 事業効果(案) (``domain/effect.py``).
    """
    year = report_year if report_year is not None else default_report_year()
    day = today if today is not None else dt.date.today()
    has_purpose = sub.form_fields is None or "purpose" in sub.form_fields
    for project in sub.projects:
        if has_purpose:
            yield from check_purpose(project)
        yield from check_missing_values(project, year, day)
        yield from check_magnitudes(project)
        yield from check_value_kinds(project)
        yield from check_effect(project, year, effect_line)


def check_effect(project: Project, report_year: int,
                 line: float = DEFAULT_EFFECT_LINE) -> Iterator[Issue]:
    """The department's 事業効果 beside the proposal the KPIs suggest: a mismatch is said
    at info level (the experts decide; the tool explains)."""
    if not project.effect or not project.kpis:
        return  # nothing to compare (most projects: the field is optional)
    proposal = project_effect(project, report_year, line)
    if differs(project.effect, proposal):
        assert proposal.effect is not None
        yield Issue("effect-differs", project.effect_where or project.where, {
            "effect": project.effect or "", "proposal": proposal.effect.value,
            "reason": proposal.reason})


def check_purpose(project: Project) -> Iterator[Issue]:
    if not project.purpose.strip():
        yield Issue("purpose-missing", project.where)


def check_missing_values(project: Project, report_year: int,
                         today: dt.date | None = None) -> Iterator[Issue]:
    """A target left empty, or an actual left empty for a year that has ended.

    A dash (「-」) is a deliberate "not applicable" and is never reported. An actual with a
    公表予定 (``figure_status.due_year``) is 未公表: said at info level until the date has
    passed, then a warning that it has.
    """
    day = today if today is not None else dt.date.today()
    kpis = {k.index: k for k in project.kpis}
    due_rows = {k.index: due_year(project, k, report_year) for k in project.kpis}
    for year in project.years:
        label = _year_label(year)
        for index, obs in enumerate(year.observations, start=1):
            if obs.target.status is ValueStatus.MISSING:
                yield Issue("target-missing", obs.target.where, {"year": label})
            kpi = kpis.get(index)
            if kpi is not None and kpi.due is not None and due_rows.get(index) is year:
                code = "actual-unpublished-overdue" if kpi.due.passed(day) else (
                    "actual-unpublished")
                yield Issue(code, obs.actual.where, {"year": label, "due": kpi.due.label()})
                continue
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


_FIELDS: Final = (Phrase("目標値", "target"), Phrase("実績値", "actual"))


def check_value_kinds(project: Project) -> Iterator[Issue]:
    """What 値の種類 implies (docs/kpi-layout.md §2.2): a 累計 never falls; 基準値 + an
    増加分 KPI's yearly targets equal its 最終目標値, when it has one."""
    for kpi in project.kpis:
        if kpi.kind is ValueKind.CUMULATIVE:
            yield from _check_cumulative(project, kpi)
        elif kpi.kind is ValueKind.INCREMENT and kpi.final_target is not None:
            years = _years_of(project, kpi)
            found = increment_sum(kpi.baseline, [project.observation(kpi, y).target
                                                 for y in years], kpi.final_target)
            if found is not None and not found.adds_up:
                yield Issue("increment-sum-mismatch", kpi.final_target.where, {
                    "baseline": figure(found.baseline, kpi.unit),
                    "increments": figure(found.increments, kpi.unit),
                    "total": figure(found.total, kpi.unit),
                    "final": figure(found.final, kpi.unit)})


def _check_cumulative(project: Project, kpi: Kpi) -> Iterator[Issue]:
    years = _years_of(project, kpi)
    for side, field in enumerate(_FIELDS):
        values = [(project.observation(kpi, y).target, project.observation(kpi, y).actual)
                  [side] for y in years]
        for fall in cumulative_falls(values):
            assert fall.value.number is not None
            assert fall.previous.number is not None
            yield Issue("cumulative-falls", fall.value.where, {
                "field": field, "value": figure(fall.value.number, kpi.unit),
                "previous": figure(fall.previous.number, kpi.unit),
                "previous_year": _year_label(years[fall.previous_index])})


def _years_of(project: Project, kpi: Kpi) -> list[YearRow]:
    return [y for y in project.years if kpi.index - 1 < len(y.observations)]


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
