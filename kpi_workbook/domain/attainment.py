"""達成率 and 判定 in Python: the single statement of spec §2.

The consolidated workbook carries the same rules as live Excel formulas (``formulas.py``);
this module computes the values cached with those formulas, the 判定根拠 text and the
optional grade (評価), and the tests check the formulas against it.
"""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass
from typing import Final

from kpi_workbook.domain.model import Direction, Value

ACHIEVED: Final = "達成"
NOT_ACHIEVED: Final = "未達成"
NO_JUDGEMENT: Final = "－"  # U+FF0D FULLWIDTH HYPHEN-MINUS, exactly (spec §2)


class Rule(str, enum.Enum):
    """Which row of the spec §2 table applied; its value is the 判定根拠 text.

    The texts are what a council clerk reads in the 判定根拠 column, so they name the
    reason in words (``目標値0のため比率なし・実績≧目標で判定``).
    """

    NO_TARGET = "目標値なしのため判定なし"
    NO_ACTUAL = "実績値なしのため判定なし"
    NO_VALUES = "目標値・実績値なしのため判定なし"
    INCREASE_RATIO = "実績÷目標・実績≧目標で判定"
    INCREASE_TARGET_ZERO = "目標値0のため比率なし・実績≧目標で判定"
    INCREASE_TARGET_NEGATIVE = "目標値が負のため比率なし・実績≧目標で判定"
    DECREASE_RATIO = "目標÷実績・実績≦目標で判定"
    DECREASE_ACTUAL_ZERO = "実績値0のため比率なし・実績≦目標で判定"
    DECREASE_ACTUAL_NEGATIVE = "実績値が負のため比率なし・実績≦目標で判定"
    DECREASE_TARGET_NEGATIVE = "目標値が負のため比率なし・実績≦目標で判定"


@dataclass(frozen=True, slots=True)
class Judgement:
    """達成率 (a fraction: 0.697 = 69.7 %), 判定 and 判定根拠 of one KPI in one year."""

    rate: float | None
    """None when the spec says the cell is empty (no ratio is meaningful)."""
    verdict: str
    """``達成``, ``未達成`` or ``－``."""
    reason: str
    """判定根拠: the rule that applied, in words."""

    @property
    def rule(self) -> Rule:
        return Rule(self.reason)


def judge(target: float | None, actual: float | None,
          direction: Direction | str = Direction.INCREASE) -> Judgement:
    """Apply spec §2 to a target t and an actual a.

    Any direction other than 減少 is 増加 (the spec's default), as in the Excel formula.
    The spec leaves 減少 with a > 0 and t < 0 open; a ratio of a negative target is as
    meaningless as one of a negative actual, so the rate is empty and a ≤ t decides.
    """
    t, a = _number(target), _number(actual)
    if t is None or a is None:
        rule = (Rule.NO_VALUES if t is None and a is None
                else Rule.NO_TARGET if t is None else Rule.NO_ACTUAL)
        return Judgement(None, NO_JUDGEMENT, rule.value)
    if direction == Direction.DECREASE:
        verdict = ACHIEVED if a <= t else NOT_ACHIEVED
        if a > 0 and t >= 0:
            return Judgement(t / a, verdict, Rule.DECREASE_RATIO.value)
        rule = (Rule.DECREASE_ACTUAL_ZERO if a == 0
                else Rule.DECREASE_ACTUAL_NEGATIVE if a < 0
                else Rule.DECREASE_TARGET_NEGATIVE)
        return Judgement(None, verdict, rule.value)
    verdict = ACHIEVED if a >= t else NOT_ACHIEVED
    if t > 0:
        return Judgement(a / t, verdict, Rule.INCREASE_RATIO.value)
    rule = Rule.INCREASE_TARGET_ZERO if t == 0 else Rule.INCREASE_TARGET_NEGATIVE
    return Judgement(None, verdict, rule.value)


def _number(value: float | None) -> float | None:
    # NaN can come out of pandas; it is as good as a missing value, never a comparison.
    if value is None or isinstance(value, bool):
        return None
    value = float(value)
    return None if math.isnan(value) else value


# --- bands and grades (評価) ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Bands:
    """Thresholds of the 達成率 colour bands: ≥ good, ≥ fair, < fair (spec §2)."""

    good: float = 1.0
    fair: float = 0.8

    def __post_init__(self) -> None:
        if not self.fair <= self.good:
            raise ValueError(f"band thresholds must satisfy fair <= good: {self}")

    def band(self, rate: float | None) -> str | None:
        """``good``, ``fair``, ``poor``, or None for an empty rate."""
        if rate is None:
            return None
        return "good" if rate >= self.good else "fair" if rate >= self.fair else "poor"


class GradeScheme(str, enum.Enum):
    """How the optional 評価 column grades a judgement."""

    NONE = "none"
    LETTERS = "letters"  # A/B/C/D
    SYMBOLS = "symbols"  # ◎○△×

    @property
    def marks(self) -> tuple[str, str, str, str]:
        if self is GradeScheme.SYMBOLS:
            return ("◎", "○", "△", "×")
        return ("A", "B", "C", "D")


@dataclass(frozen=True, slots=True)
class Grading:
    """The 評価 scheme and its thresholds, best first: rate ≥ a → 1st mark, ≥ b → 2nd, …

    A judgement without a rate (target 0, negative actual) is graded by its verdict alone:
    達成 gets the best mark, 未達成 the worst; ``－`` stays ``－``.
    """

    scheme: GradeScheme = GradeScheme.NONE
    thresholds: tuple[float, float, float] = (1.0, 0.8, 0.5)

    def __post_init__(self) -> None:
        a, b, c = self.thresholds
        if not a >= b >= c:
            raise ValueError(f"grade thresholds must be in decreasing order: {self.thresholds}")

    @property
    def enabled(self) -> bool:
        return self.scheme is not GradeScheme.NONE


def grade(judgement: Judgement, grading: Grading) -> str:
    """The 評価 mark of a judgement ('' when grading is off)."""
    if not grading.enabled:
        return ""
    marks = grading.scheme.marks
    if judgement.rate is None:
        if judgement.verdict == ACHIEVED:
            return marks[0]
        if judgement.verdict == NOT_ACHIEVED:
            return marks[3]
        return NO_JUDGEMENT
    # three thresholds, four marks: the last mark is what falls below them all
    for mark, threshold in zip(marks, grading.thresholds, strict=False):
        if judgement.rate >= threshold:
            return mark
    return marks[3]


def judge_observation(target: Value, actual: Value,
                      direction: Direction | str = Direction.INCREASE) -> Judgement:
    """:func:`judge` over two values as read: only a read number counts (a dash is None)."""
    return judge(target.number if target.is_number else None,
                 actual.number if actual.is_number else None, direction)
