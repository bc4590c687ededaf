"""達成率, 進捗率 and 判定 in Python: the single statement of spec §2 (docs/kpi-layout.md
§2–2.3).

The consolidated workbook carries the same rules as live Excel formulas (``formulas.py``);
this module computes the values cached with those formulas, the 判定根拠 text and the
optional grade (評価), and the tests check the formulas against it (LibreOffice and
Gnumeric recalculate them).

- 達成率 and 判定 compare the year's 実績値 with its 目標値 (spec §2).
- 進捗率 measures the way from the 基準値 (the value before the project) to the target:
  (a − b) / (t − b). It is what the Cabinet Office's 事業効果 levels ask about ("better
  than before the project", "7–8 割 of the way") and what 達成率 cannot say when the
  target is 0 (社会動態数: target 0, actual −339, 基準値 −500 → 32.2 %).
- An actual not yet published (公表予定 on its row) is 未公表, not missing.
"""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass
from typing import Final

from kpi_workbook.domain.model import Direction, Value, ValueKind

ACHIEVED: Final = "達成"
NOT_ACHIEVED: Final = "未達成"
NO_JUDGEMENT: Final = "－"  # U+FF0D FULLWIDTH HYPHEN-MINUS, exactly (spec §2)
UNPUBLISHED: Final = "未公表"
"""判定 of an actual that is not published yet (公表予定 on its row): not 未記入."""


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
    UNPUBLISHED = "実績値の公表前のため判定なし（公表予定の列）"


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
          direction: Direction | str = Direction.INCREASE, *,
          due: object = None) -> Judgement:
    """Apply spec §2 to a target t and an actual a.

    Any direction other than 減少 is 増加 (the spec's default), as in the Excel formula.
    The spec leaves 減少 with a > 0 and t < 0 open; a ratio of a negative target is as
    meaningless as one of a negative actual, so the rate is empty and a ≤ t decides.

    ``due`` is the row's 公表予定 (as the 集計一覧 cell holds it: text, or None/'' when the
    row has none): an actual that is not a number on a row with one is 未公表.
    """
    t, a = _number(target), _number(actual)
    if a is None and due is not None and due != "":
        return Judgement(None, UNPUBLISHED, Rule.UNPUBLISHED.value)
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


def progress(target: float | None, actual: float | None, baseline: float | None,
             kind: ValueKind | str = ValueKind.SINGLE_YEAR) -> float | None:
    """進捗率: how far the actual has come from the 基準値 towards the target.

    (a − b) / (t − b), the same for 増加 and 減少 ((b − a) / (b − t) is the same number).
    None (an empty cell) when t, a or b is not a number, or when t = b (no way to go).

    An 増加分 KPI's yearly figures are themselves the increase over where the year began,
    so its baseline is 0 within the row: a / t (None when t = 0), with or without a 基準値.
    Any kind other than 増加分 is a level or a total, as in the Excel formula.
    """
    t, a = _number(target), _number(actual)
    if t is None or a is None:
        return None
    if kind == ValueKind.INCREMENT:
        return None if t == 0 else a / t
    b = _number(baseline)
    if b is None or t == b:
        return None
    return (a - b) / (t - b)


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
                      direction: Direction | str = Direction.INCREASE, *,
                      due: object = None) -> Judgement:
    """:func:`judge` over two values as read: only a read number counts (a dash is None)."""
    return judge(value_number(target), value_number(actual), direction, due=due)


def value_number(value: Value | None) -> float | None:
    """A value as the rules see it: its number when one was read, else None."""
    return value.number if value is not None and value.is_number else None
