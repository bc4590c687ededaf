"""値の種類 that add up (docs/kpi-layout.md §2.2): the rules on in-memory values and
projects, no workbook written or read (the CLI cases are in test_semantics_merge.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kpi_workbook.checks.submission import check_submission
from kpi_workbook.domain.issues import Location
from kpi_workbook.domain.messages import render
from kpi_workbook.domain.model import (
    Kpi,
    Observation,
    Project,
    Scope,
    Submission,
    Value,
    ValueKind,
    ValueStatus,
    YearRow,
)
from kpi_workbook.domain.value_kinds import (
    cumulative_falls,
    figure,
    increment_sum,
    levels_typed_as_increments,
)

FILE = Path("企画課.xlsx")
SHEET = "移住"


def value(number: float | str | None, cell: str = "C1") -> Value:
    where = Location(FILE, SHEET, cell)
    if number is None:
        return Value(None, ValueStatus.MISSING, None, where)
    if number == "-":
        return Value(None, ValueStatus.NOT_APPLICABLE, "-", where)
    assert isinstance(number, (int, float))
    return Value(float(number), ValueStatus.NUMBER, number, where)


def values(*numbers: float | str | None) -> list[Value]:
    return [value(n, f"C{20 + i}") for i, n in enumerate(numbers)]


# --- 累計 never falls -----------------------------------------------------------------------


def test_cumulative_falls_names_the_year_that_falls_and_the_one_before():
    [fall] = cumulative_falls(values(100, 180, 150, 240))
    assert (fall.value.number, fall.previous.number, fall.previous_index) == (150, 180, 1)
    assert fall.value.where.cell == "C22"


def test_cumulative_equal_years_and_dashes_are_no_fall():
    assert list(cumulative_falls(values("-", 100, 100, None, 120))) == []
    # a dash in between: the year after is compared with the last number
    [fall] = cumulative_falls(values(100, "-", 90))
    assert fall.previous.number == 100


# --- 増加分 adds up to the final target --------------------------------------------------------


def test_increment_sum_natori_does_not_add_up():
    """名取市 (2023): 11,861人 → 13,220人, "5年間の増加分の累計 1,339人"."""
    found = increment_sum(value(11_861), values(200, 250, 280, 300, 309), value(13_220))
    assert found is not None
    assert (found.baseline, found.increments, found.total, found.final) == (
        11_861, 1_339, 13_200, 13_220)
    assert not found.adds_up


def test_increment_sum_adding_up_and_a_dash_year():
    found = increment_sum(value(11_861), values("-", 339, 500, 500), value(13_200))
    assert found is not None
    assert found.adds_up


@pytest.mark.parametrize(("baseline", "targets", "final"), [
    (None, [200, 300], 12_361),  # no 基準値
    (11_861, [200, 300], None),  # no final target
    (11_861, [200, None], 12_361),  # a target left empty
])
def test_increment_sum_cannot_be_made(baseline, targets, final):
    assert increment_sum(value(baseline), values(*targets), value(final)) is None


# --- an increment typed as a level -----------------------------------------------------------


def test_level_typed_as_increment_is_read_as_the_years_increase():
    # 基準値 11,861; targets +200, +300; year 1 typed as the level 12,100, year 2 as +280
    [found] = levels_typed_as_increments(value(11_861), values(200, 300), values(12_100, 280))
    assert (found.index, found.typed, found.implied_level, found.start) == (0, 12_100, 12_061,
                                                                           11_861)
    assert found.increase == 239


def test_level_in_a_later_year_starts_from_the_level_reached():
    # year 1 an increase of 239, year 2 typed as the level 12,400: 12,400 − 12,100 = 300
    [found] = levels_typed_as_increments(value(11_861), values(200, 300), values(239, 12_400))
    assert (found.index, found.start, found.increase) == (1, 12_100, 300)


def test_level_after_a_missing_actual_cannot_be_converted():
    [found] = levels_typed_as_increments(value(11_861), values(200, 300), values(None, 12_400))
    assert found.start is None
    assert found.increase is None


def test_increments_typed_as_increments_are_left_alone():
    assert levels_typed_as_increments(value(11_861), values(200, 300), values(239, 310)) == []
    assert levels_typed_as_increments(None, values(200, 300), values(12_100, 310)) == []


def test_figure_reads_like_a_clerk_writes():
    assert [figure(11_861), figure(-339), figure(0.054, "%"), figure(0.25)] == [
        "11,861", "-339", "5.4%", "0.25"]


# --- the checks on a project ---------------------------------------------------------------


def project(kind: ValueKind, targets: list[float | str | None],
            actuals: list[float | str | None], *, baseline: float | None = None,
            final: float | None = None) -> Project:
    kpi = Kpi(1, "移住者数", "人", kind=kind,
              baseline=None if baseline is None else value(baseline, "C18"),
              final_target=None if final is None else value(final, "C19"))
    p = Project(1, "移住定住促進事業", Scope.CITY, None, "企画課", Location(FILE, SHEET),
                purpose="移住を促す", kpis=[kpi])
    for i, (t, a) in enumerate(zip(targets, actuals, strict=True)):
        row = 22 + i
        p.years.append(YearRow(2021 + i, i + 1, f"{i + 1}年目", "",
                               Location(FILE, SHEET, f"A{row}"),
                               [Observation(value(t, f"C{row}"), value(a, f"D{row}"))]))
    return p


def issues(p: Project) -> list[tuple[str, str | None, str]]:
    return [(i.code, i.where.cell, render(i.code, "ja", i.where, i.params))
            for i in check_submission(Submission(FILE, [p]), report_year=2023)]


def test_check_cumulative_target_and_actual_that_fall():
    found = issues(project(ValueKind.CUMULATIVE, [100, 200, 180], [120, 110, 190]))
    assert [(code, cell) for code, cell, _ in found] == [
        ("cumulative-falls", "C24"), ("cumulative-falls", "D23")]
    assert found[0][2].startswith("C24 の目標値 180 は前年度（令和4年度）の 200 より小さく")
    assert found[1][2].startswith("D23 の実績値 110 は前年度（令和3年度）の 120 より小さく")


def test_check_a_single_year_kpi_may_fall():
    assert issues(project(ValueKind.SINGLE_YEAR, [100, 200, 180], [120, 110, 190])) == []


TARGETS, ACTUALS = [200, 250, 280, 300, 309], [190, 240, 300, 280, 310]


def test_check_increment_sum_natori_wording():
    found = issues(project(ValueKind.INCREMENT, TARGETS, ACTUALS,
                           baseline=11_861, final=13_220))
    assert [(code, cell) for code, cell, _ in found] == [("increment-sum-mismatch", "C19")]
    assert ("基準値 11,861 + 増加分の累計 1,339 = 13,200 が最終年度の目標値 13,220 と"
            "一致しません") in found[0][2]
    assert found[0][2].startswith("C19: ")


def test_check_increment_sum_that_adds_up_and_a_level_kind_are_silent():
    assert issues(project(ValueKind.INCREMENT, TARGETS, ACTUALS,
                          baseline=11_861, final=13_200)) == []
    # 水準 (a rate): nothing is summed, whatever the final target
    assert issues(project(ValueKind.LEVEL, [0.2, 0.25], [0.2, 0.1], baseline=0.18,
                          final=0.9)) == []
