"""Spec §2 as Excel formula strings, so a clerk who corrects a value sees 判定 change.

The formulas mirror ``attainment.py`` (and the State's shares, ``effect.py``) branch for
branch and are tested against it by LibreOffice and Gnumeric recalculation
(``tests/test_recalc.py``, ``tests/test_semantics_recalc.py``). They use only IF, AND, OR,
NOT, ISNUMBER, IFERROR and COUNTIFS: functions that Excel 2010, LibreOffice, Gnumeric and
every file previewer know, so no ``_xlfn.`` prefix and no ``#NAME?``. Every branch that
could fail (a division, a comparison with an error value typed into a cell) sits under
IFERROR, and an empty rate is the empty string "", never an error.
"""

from __future__ import annotations

from typing import Final

from kpi_workbook.domain.attainment import (
    ACHIEVED,
    NO_JUDGEMENT,
    NOT_ACHIEVED,
    UNPUBLISHED,
    Grading,
    Rule,
)
from kpi_workbook.domain.model import Direction, ValueKind

#: The functions a formula of ours may call (tests enforce it). COUNTIF and COUNTIFS
#: (Excel 2007) count the State's shares (達成状況).
ALLOWED_FUNCTIONS: Final = frozenset({"IF", "AND", "OR", "NOT", "ISNUMBER", "IFERROR",
                                      "COUNTIF", "COUNTIFS"})

DirectionRef = Direction | str
"""A literal direction (:class:`Direction`, or the text 増加/減少) written into the formula,
or the A1 reference of a cell holding 増加/減少 (``$G2``), so the direction can be edited."""

KindRef = ValueKind | str
"""A literal value kind (:class:`ValueKind`, or its text) or the A1 reference of the cell
holding it (``$I2``)."""


def rate_formula(target: str, actual: str, direction: DirectionRef) -> str:
    """``=…`` giving 達成率 as a fraction, or "" where spec §2 leaves it empty.

    Args:
        target:    A1 reference of the 目標値 cell (``I2``).
        actual:    A1 reference of the 実績値 cell (``J2``).
        direction: see :data:`DirectionRef`.
    """
    t, a = target, actual
    increase = f'IF({t}>0,{a}/{t},"")'
    decrease = f'IF(AND({a}>0,{t}>=0),{t}/{a},"")'
    body = _by_direction(direction, increase, decrease)
    return f'=IFERROR(IF(AND(ISNUMBER({t}),ISNUMBER({a})),{body},""),"")'


def progress_formula(target: str, actual: str, baseline: str, kind: KindRef) -> str:
    """``=…`` giving 進捗率 as a fraction, or "" (mirrors :func:`.attainment.progress`).

    Args:
        target, actual, baseline: A1 references of the 目標値, 実績値 and 基準値 cells.
        kind: see :data:`KindRef`.
    """
    t, a, b = target, actual, baseline
    level = f'IF(AND(ISNUMBER({b}),{t}<>{b}),({a}-{b})/({t}-{b}),"")'
    increment = f'IF({t}=0,"",{a}/{t})'
    if isinstance(kind, ValueKind) or kind in {k.value for k in ValueKind}:
        body = increment if kind == ValueKind.INCREMENT else level
    else:
        body = f"IF({kind}={_text(ValueKind.INCREMENT.value)},{increment},{level})"
    return f'=IFERROR(IF(AND(ISNUMBER({t}),ISNUMBER({a})),{body},""),"")'


def verdict_formula(target: str, actual: str, direction: DirectionRef,
                    due: str | None = None) -> str:
    """``=…`` giving 判定: 達成, 未達成, ``－`` when a value is missing, or 未公表 when the
    actual is not a number and ``due`` (the A1 reference of the row's 公表予定 cell) is
    not empty."""
    t, a = target, actual
    increase = f"IF({a}>={t},{_text(ACHIEVED)},{_text(NOT_ACHIEVED)})"
    decrease = f"IF({a}<={t},{_text(ACHIEVED)},{_text(NOT_ACHIEVED)})"
    body = _by_direction(direction, increase, decrease)
    dash = _text(NO_JUDGEMENT)
    missing = _unpublished(a, due, _text(UNPUBLISHED), dash)
    return f"=IFERROR(IF(AND(ISNUMBER({t}),ISNUMBER({a})),{body},{missing}),{dash})"


def reason_formula(target: str, actual: str, direction: DirectionRef,
                   due: str | None = None) -> str:
    """``=…`` giving 判定根拠, the :class:`~.attainment.Rule` text that applied."""
    t, a = target, actual
    increase = (f"IF({t}>0,{_rule(Rule.INCREASE_RATIO)},"
                f"IF({t}=0,{_rule(Rule.INCREASE_TARGET_ZERO)},"
                f"{_rule(Rule.INCREASE_TARGET_NEGATIVE)}))")
    decrease = (f"IF({a}>0,IF({t}>=0,{_rule(Rule.DECREASE_RATIO)},"
                f"{_rule(Rule.DECREASE_TARGET_NEGATIVE)}),"
                f"IF({a}=0,{_rule(Rule.DECREASE_ACTUAL_ZERO)},"
                f"{_rule(Rule.DECREASE_ACTUAL_NEGATIVE)}))")
    judged = _by_direction(direction, increase, decrease)
    body = (f"IF(ISNUMBER({t}),IF(ISNUMBER({a}),{judged},{_rule(Rule.NO_ACTUAL)}),"
            f"IF(ISNUMBER({a}),{_rule(Rule.NO_TARGET)},{_rule(Rule.NO_VALUES)}))")
    body = _unpublished(a, due, _rule(Rule.UNPUBLISHED), body)
    return f'=IFERROR({body},"")'


def grade_formula(rate: str, verdict: str, grading: Grading) -> str:
    """``=…`` giving the 評価 mark from the row's 達成率 and 判定 cells.

    Mirrors :func:`kpi_workbook.domain.attainment.grade`; '' formula when grading is off.
    """
    if not grading.enabled:
        return '=""'
    best, second, third, worst = (_text(m) for m in grading.scheme.marks)
    x1, x2, x3 = (_number(x) for x in grading.thresholds)
    by_rate = f"IF({rate}>={x1},{best},IF({rate}>={x2},{second},IF({rate}>={x3},{third},{worst})))"
    by_verdict = (f"IF({verdict}={_text(ACHIEVED)},{best},"
                  f"IF({verdict}={_text(NOT_ACHIEVED)},{worst},{_text(NO_JUDGEMENT)}))")
    return f"=IFERROR(IF(ISNUMBER({rate}),{by_rate},{by_verdict}),{_text(NO_JUDGEMENT)})"


def count_formula(*criteria: tuple[str, str]) -> str:
    """``=COUNTIFS(range,criterion,…)``: the rows meeting every (range, criterion) pair.

    A criterion is an Excel criterion as a formula literal or number: ``1``,
    ``"達成"`` (:func:`text_criterion`), ``"<0.5"`` (:func:`below_criterion`).
    """
    pairs = ",".join(f"{rng},{criterion}" for rng, criterion in criteria)
    return f"=IFERROR(COUNTIFS({pairs}),0)"


def text_criterion(text: str) -> str:
    """A COUNTIFS criterion matching ``text`` exactly (wildcards escaped)."""
    escaped = text.replace("~", "~~").replace("*", "~*").replace("?", "~?")
    return _text(escaped)


def below_criterion(value: float) -> str:
    """A COUNTIFS criterion for numbers below ``value`` (text, such as "", never counts)."""
    return _text(f"<{_number(value)}")


def above_criterion(value: float) -> str:
    """A COUNTIFS criterion for numbers above ``value``."""
    return _text(f">{_number(value)}")


def share_formula(part: str, whole: str) -> str:
    """``=part/whole`` as a fraction, "" when there is nothing to count (never #DIV/0!)."""
    return f'=IFERROR(IF({whole}>0,{part}/{whole},""),"")'


def _unpublished(actual: str, due: str | None, unpublished: str, otherwise: str) -> str:
    # 未公表: the actual is not a number and the row's 公表予定 cell holds something (an
    # empty cell equals "" in Excel, LibreOffice and Gnumeric alike).
    if due is None:
        return otherwise
    return f'IF(AND(NOT(ISNUMBER({actual})),{due}<>""),{unpublished},{otherwise})'


def _by_direction(direction: DirectionRef, increase: str, decrease: str) -> str:
    # A literal direction picks its branch now; a cell reference picks it in Excel.
    # Anything but 減少 in the cell is 増加, as in attainment.judge.
    if isinstance(direction, Direction) or direction in ("増加", "減少"):
        return decrease if direction == Direction.DECREASE else increase
    return f"IF({direction}={_text(Direction.DECREASE.value)},{decrease},{increase})"


def _rule(rule: Rule) -> str:
    return _text(rule.value)


def _text(text: str) -> str:
    # An Excel string literal: double quotes doubled.
    return '"' + text.replace('"', '""') + '"'


def _number(value: float) -> str:
    return f"{value:.15g}"
