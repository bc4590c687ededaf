"""Spec §2 as data: every row of the attainment table, and the seed's worked examples."""

from __future__ import annotations

import pytest

from kpi_workbook.domain.attainment import (
    ACHIEVED,
    NO_JUDGEMENT,
    NOT_ACHIEVED,
    Bands,
    GradeScheme,
    Grading,
    Rule,
    grade,
    judge,
)
from kpi_workbook.domain.model import Direction

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
