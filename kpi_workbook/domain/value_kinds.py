"""What 値の種類 implies about a KPI's yearly figures (docs/kpi-layout.md §2.2).

- 累計 (a running total): neither the targets nor the actuals fall from one year to the
  next.
- 増加分 (each year's increase: 初年度 over the 基準値, each later year over the year
  before): 基準値 + the sum of the yearly target increments is the final target
  (最終目標値), when the department gives one. An actual typed as the level reached
  instead of the year's increase is compared as the increase it stands for.
- 水準 (a level, such as a rate) and 単年度 (the year's own figure): nothing is summed.

These functions only compute; the checks (``checks/submission.py``) and the reader turn
what they find into issues. 達成率, 進捗率 and 判定 are in ``attainment.py``.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from kpi_workbook.domain.model import Value, ValueStatus

#: Two sums this close are equal (figures typed with decimals, 0.1 + 0.2).
_REL_TOL = 1e-9


@dataclass(frozen=True, slots=True)
class Fall:
    """A figure of a 累計 KPI smaller than the one before it."""

    value: Value
    previous: Value
    previous_index: int
    """The position of the year of ``previous`` in the sequence given."""


def cumulative_falls(values: Sequence[Value]) -> Iterator[Fall]:
    """Every number of ``values`` (one per year, in order) smaller than the last number
    before it; a dash or an empty cell in between is skipped, not a fall."""
    last: tuple[int, Value] | None = None
    for i, value in enumerate(values):
        if not value.is_number or value.number is None:
            continue
        if last is not None and last[1].number is not None and value.number < last[1].number:
            yield Fall(value, last[1], last[0])
        last = (i, value)


@dataclass(frozen=True, slots=True)
class IncrementSum:
    """基準値 + the yearly increments, against the final target."""

    baseline: float
    increments: float
    final: float

    @property
    def total(self) -> float:
        return self.baseline + self.increments

    @property
    def adds_up(self) -> bool:
        return math.isclose(self.total, self.final, rel_tol=_REL_TOL, abs_tol=1e-9)


def increment_sum(baseline: Value | None, targets: Sequence[Value],
                  final: Value | None) -> IncrementSum | None:
    """The sum to check, or None when it cannot be made: no 基準値 or final target as a
    number, or a yearly target that is empty or unreadable (a dash is an increase of 0:
    no increase planned that year)."""
    if baseline is None or final is None or not (_is_number(baseline) and _is_number(final)):
        return None
    total = _sum_increments(targets)
    return None if total is None else IncrementSum(_num(baseline), total, _num(final))


@dataclass(frozen=True, slots=True)
class Increment:
    """An 増加分 actual that was typed as a level, and the increase it stands for."""

    index: int
    """The year's position in the sequence given."""
    typed: float
    """The level as typed."""
    implied_level: float
    """基準値 + the targets' increments up to this year: what the target stands for."""
    start: float | None
    """The level at the start of the year (基準値 + the increases of the years before);
    None when an earlier actual is missing, so the increase cannot be worked out."""

    @property
    def increase(self) -> float | None:
        return None if self.start is None else self.typed - self.start


def levels_typed_as_increments(baseline: Value | None, targets: Sequence[Value],
                               actuals: Sequence[Value]) -> list[Increment]:
    """The actuals of an 増加分 KPI that are levels rather than increases.

    An actual is a level when it is nearer to the level its year's target stands for
    (基準値 + the target increments up to that year) than to the year's own target:
    with 基準値 11,861 and a target increase of 200, 12,100 is a level (239 from 12,061)
    and 239 an increase. Its increase is the typed level less the level at the start of
    the year: 基準値 plus the increases actually made in the years before (each already
    an increase, or itself a level turned into one).
    """
    if baseline is None or not _is_number(baseline):
        return []
    found: list[Increment] = []
    level_start: float | None = _num(baseline)  # actual level at the start of the year
    planned = _num(baseline)  # level the targets stand for, at the end of the year
    for i, (target, actual) in enumerate(zip(targets, actuals, strict=True)):
        increase = _increase(target)
        if increase is None:
            return found  # an empty or unreadable target: nothing to compare with
        planned += increase
        if not actual.is_number or actual.number is None:
            level_start = None  # the years after cannot be worked out from here
            continue
        a = actual.number
        if abs(a - planned) < abs(a - increase):
            found.append(Increment(i, a, planned, level_start))
            level_start = a
        elif level_start is not None:
            level_start += a
    return found


def figure(number: float, unit: str | None = None) -> str:
    """A figure as a message quotes it: ``11,861``, ``-339``, ``5.4%`` (a % KPI's
    fraction), ``0.25``."""
    if unit == "%":
        return f"{number * 100:.10g}%"
    if float(number).is_integer():
        return f"{int(number):,}"
    return f"{number:,.10g}"


def _increase(target: Value) -> float | None:
    # A dash is a year without a planned increase: 0. Empty or unreadable: unknown.
    if target.status is ValueStatus.NOT_APPLICABLE:
        return 0.0
    return _num(target) if _is_number(target) else None


def _sum_increments(targets: Sequence[Value]) -> float | None:
    total = 0.0
    for target in targets:
        increase = _increase(target)
        if increase is None:
            return None
        total += increase
    return total


def _is_number(value: Value | None) -> bool:
    return value is not None and value.is_number and value.number is not None


def _num(value: Value) -> float:
    assert value.number is not None
    return value.number
