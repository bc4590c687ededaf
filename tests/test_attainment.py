"""Spec §2 as data: every row of the attainment table, and the seed's worked examples."""

from __future__ import annotations

import pytest

from kpi_workbook.domain.attainment import (
    ACHIEVED,
    NO_JUDGEMENT,
    NOT_ACHIEVED,
    UNPUBLISHED,
    Bands,
    GradeScheme,
    Grading,
    Rule,
    grade,
    judge,
    progress,
)
from kpi_workbook.domain.model import Direction, ValueKind

INC, DEC = Direction.INCREASE, Direction.DECREASE


# (target, actual, direction, rate, verdict, rule): one case per row of spec §2, and its edges.
SPEC_TABLE = [
    # t or a is None/missing → empty, －
    (None, 5.0, INC, None, NO_JUDGEMENT, Rule.NO_TARGET),
    (5.0, None, INC, None, NO_JUDGEMENT, Rule.NO_ACTUAL),
    (None, None, DEC, None, NO_JUDGEMENT, Rule.NO_VALUES),
    (0.0, None, DEC, None, NO_JUDGEMENT, Rule.NO_ACTUAL),
    # 増加, t > 0 → a / t; 達成 if a ≥ t
    (10.0, 12.0, INC, 1.2, ACHIEVED, Rule.INCREASE_RATIO),
    (10.0, 10.0, INC, 1.0, ACHIEVED, Rule.INCREASE_RATIO),
    (10.0, 9.0, INC, 0.9, NOT_ACHIEVED, Rule.INCREASE_RATIO),
    (10.0, -5.0, INC, -0.5, NOT_ACHIEVED, Rule.INCREASE_RATIO),
    (10.0, 0.0, INC, 0.0, NOT_ACHIEVED, Rule.INCREASE_RATIO),
    # 増加, t ≤ 0 → empty; 達成 if a ≥ t
    (0.0, -339.0, INC, None, NOT_ACHIEVED, Rule.INCREASE_TARGET_ZERO),
    (0.0, 0.0, INC, None, ACHIEVED, Rule.INCREASE_TARGET_ZERO),
    (0.0, 4.0, INC, None, ACHIEVED, Rule.INCREASE_TARGET_ZERO),
    (-10.0, -5.0, INC, None, ACHIEVED, Rule.INCREASE_TARGET_NEGATIVE),
    (-10.0, -15.0, INC, None, NOT_ACHIEVED, Rule.INCREASE_TARGET_NEGATIVE),
    # 減少, a > 0, t ≥ 0 → t / a; 達成 if a ≤ t
    (10.0, 8.0, DEC, 1.25, ACHIEVED, Rule.DECREASE_RATIO),
    (10.0, 10.0, DEC, 1.0, ACHIEVED, Rule.DECREASE_RATIO),
    (10.0, 20.0, DEC, 0.5, NOT_ACHIEVED, Rule.DECREASE_RATIO),
    (0.0, 5.0, DEC, 0.0, NOT_ACHIEVED, Rule.DECREASE_RATIO),
    # 減少, a ≤ 0 → empty; 達成 if a ≤ t
    (10.0, 0.0, DEC, None, ACHIEVED, Rule.DECREASE_ACTUAL_ZERO),
    (0.0, 0.0, DEC, None, ACHIEVED, Rule.DECREASE_ACTUAL_ZERO),
    (-5.0, 0.0, DEC, None, NOT_ACHIEVED, Rule.DECREASE_ACTUAL_ZERO),
    (-5.0, -3.0, DEC, None, NOT_ACHIEVED, Rule.DECREASE_ACTUAL_NEGATIVE),
    (-5.0, -8.0, DEC, None, ACHIEVED, Rule.DECREASE_ACTUAL_NEGATIVE),
    # 減少, a > 0, t < 0: left open by the spec; no ratio, a ≤ t decides
    (-5.0, 3.0, DEC, None, NOT_ACHIEVED, Rule.DECREASE_TARGET_NEGATIVE),
]


@pytest.mark.parametrize(("target", "actual", "direction", "rate", "verdict", "rule"),
                         SPEC_TABLE)
def test_judge_follows_spec_table(target, actual, direction, rate, verdict, rule):
    j = judge(target, actual, direction)
    assert (j.verdict, j.rule) == (verdict, rule)
    if rate is None:
        assert j.rate is None
    else:
        assert j.rate == pytest.approx(rate)
    assert j.reason == rule.value


def test_judge_dash_is_fullwidth_hyphen_minus():
    assert judge(None, 1.0).verdict == "\uff0d"


def test_judge_accepts_direction_as_text():
    assert judge(10.0, 8.0, "減少").verdict == ACHIEVED
    assert judge(10.0, 8.0, "増加").verdict == NOT_ACHIEVED


def test_judge_unknown_direction_is_increase():
    assert judge(10.0, 12.0, "").verdict == ACHIEVED


def test_judge_nan_is_missing():
    assert judge(float("nan"), 1.0).verdict == NO_JUDGEMENT


def test_judge_target_zero_reason_is_worded():
    assert judge(0, -339).reason == "目標値0のため比率なし・実績≧目標で判定"


# --- the seed's worked examples (spec §2, "Checked against the seed") ----------------------


def test_judge_seed_glass_sales_year3():
    j = judge(15_000_000, 10_462_414, INC)
    assert j.rate == pytest.approx(0.6975, abs=5e-5)
    assert f"{j.rate:.1%}" == "69.7%"
    assert j.verdict == NOT_ACHIEVED


def test_judge_seed_glass_products_year2():
    j = judge(5, 33, INC)
    assert j.rate == pytest.approx(6.6)
    assert j.verdict == ACHIEVED


def test_judge_seed_spc_year3():
    j = judge(1, 1, INC)
    assert j.rate == pytest.approx(1.0)
    assert j.verdict == ACHIEVED


def test_judge_seed_social_change_year1_target_zero():
    j = judge(0, -339, INC)
    assert j.rate is None
    assert j.verdict == NOT_ACHIEVED


def test_judge_seed_local_employment_rate_year1():
    j = judge(0.10, 0.054, INC)
    assert j.rate == pytest.approx(0.54)
    assert j.verdict == NOT_ACHIEVED


def test_judge_seed_wish_to_stay_year3_actual_dash():
    j = judge(0.80, None, INC)
    assert j.rate is None
    assert j.verdict == NO_JUDGEMENT


# --- bands and grades ----------------------------------------------------------------------


@pytest.mark.parametrize(("rate", "band"), [
    (None, None), (1.0, "good"), (6.6, "good"), (0.9999, "fair"), (0.8, "fair"),
    (0.79, "poor"), (-1.0, "poor"),
])
def test_bands_default_thresholds(rate, band):
    assert Bands().band(rate) == band


def test_bands_reject_reversed_thresholds():
    with pytest.raises(ValueError, match="fair <= good"):
        Bands(good=0.5, fair=0.8)


@pytest.mark.parametrize(("target", "actual", "letters", "symbols"), [
    (10, 12, "A", "◎"),
    (10, 9, "B", "○"),
    (10, 6, "C", "△"),
    (10, 2, "D", "×"),
    (0, 3, "A", "◎"),  # no rate, 達成
    (0, -339, "D", "×"),  # no rate, 未達成
    (None, 3, NO_JUDGEMENT, NO_JUDGEMENT),
])
def test_grade_schemes(target, actual, letters, symbols):
    j = judge(target, actual)
    assert grade(j, Grading(GradeScheme.LETTERS)) == letters
    assert grade(j, Grading(GradeScheme.SYMBOLS)) == symbols
    assert grade(j, Grading()) == ""


def test_grade_custom_thresholds():
    g = Grading(GradeScheme.LETTERS, (1.2, 1.0, 0.9))
    assert grade(judge(10, 11), g) == "B"
    assert grade(judge(10, 8), g) == "D"


# --- 進捗率: the way from the 基準値 to the target (docs/kpi-layout.md §2.1) ----------------

SINGLE, CUMULATIVE, INCREMENT, LEVEL = (ValueKind.SINGLE_YEAR, ValueKind.CUMULATIVE,
                                        ValueKind.INCREMENT, ValueKind.LEVEL)

# (target, actual, baseline, kind, progress): the docs' worked examples and every edge.
PROGRESS_TABLE = [
    (0.0, -339.0, -500.0, SINGLE, 0.322),  # 社会動態数: 161 of the 500 to go
    (13_220.0, 12_100.0, 11_861.0, CUMULATIVE, 239 / 1_359),
    (10.0, 12.0, 4.0, SINGLE, 8 / 6),  # beyond the target: over 100 %
    (10.0, 3.0, 4.0, SINGLE, -1 / 6),  # worse than before the project: negative
    (10.0, 4.0, 4.0, SINGLE, 0.0),
    (0.30, 0.25, 0.20, LEVEL, 0.5),  # a rate: from 20 % towards 30 %, now 25 %
    (20.0, 30.0, 40.0, SINGLE, 0.5),  # 減少: from 40 towards 20, now 30
    (20.0, 50.0, 40.0, SINGLE, -0.5),  # 減少 and worse than before
    (4.0, 7.0, 4.0, SINGLE, None),  # target = baseline: no way to go
    (10.0, 7.0, None, SINGLE, None),  # no baseline
    (None, 7.0, 4.0, SINGLE, None),
    (10.0, None, 4.0, SINGLE, None),
    (200.0, 239.0, 11_861.0, INCREMENT, 239 / 200),  # an increment: a / t
    (200.0, 150.0, None, INCREMENT, 0.75),  # … with or without a 基準値
    (0.0, 150.0, 11_861.0, INCREMENT, None),
    (-50.0, -30.0, None, INCREMENT, 0.6),  # a planned decrease of 50, 30 so far
]


@pytest.mark.parametrize(("target", "actual", "baseline", "kind", "expected"), PROGRESS_TABLE)
def test_progress_table(target, actual, baseline, kind, expected):
    got = progress(target, actual, baseline, kind)
    if expected is None:
        assert got is None
    else:
        assert got == pytest.approx(expected)


def test_progress_social_change_is_32_2_percent_while_attainment_stays_empty():
    """The issue's case: target 0人, actual -339人, 基準値 -500人."""
    assert f"{progress(0, -339, -500):.1%}" == "32.2%"
    j = judge(0, -339, INC)
    assert (j.rate, j.verdict) == (None, NOT_ACHIEVED)


def test_progress_is_the_same_for_decrease():
    # (b - a) / (b - t) == (a - b) / (t - b): one formula for both directions
    assert progress(20, 30, 40) == pytest.approx((40 - 30) / (40 - 20))


def test_progress_kind_as_text_and_nan():
    assert progress(200, 150, 11_861, "増加分") == pytest.approx(0.75)
    assert progress(10, float("nan"), 4) is None


# --- 未公表: an actual not published yet (docs/kpi-layout.md §2.3) --------------------------


@pytest.mark.parametrize("actual", [None])
@pytest.mark.parametrize("due", ["2026年5月", 46143.0, " "])
def test_judge_unpublished_when_the_row_has_a_due_date(actual, due):
    j = judge(0.8, actual, INC, due=due)
    assert (j.rate, j.verdict, j.rule) == (None, UNPUBLISHED, Rule.UNPUBLISHED)


@pytest.mark.parametrize("due", [None, ""])
def test_judge_without_due_date_is_dash(due):
    assert judge(0.8, None, INC, due=due).verdict == NO_JUDGEMENT


def test_judge_published_actual_ignores_the_due_date():
    assert judge(0.8, 0.85, INC, due="2026年5月").verdict == ACHIEVED
    assert judge(None, None, INC, due="2026年5月").verdict == UNPUBLISHED


def test_grade_of_unpublished_is_dash():
    assert grade(judge(0.8, None, due="R8.5"), Grading(GradeScheme.LETTERS)) == NO_JUDGEMENT
