"""formulas.py against attainment.py, evaluated by a real spreadsheet program.

All cases (the spec §2 table, the seed's examples and a Hypothesis sample) go into one
workbook recalculated by a single soffice run; each run costs seconds.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from kpi_workbook.domain.attainment import GradeScheme, Grading, grade, judge
from kpi_workbook.domain.formulas import (
    grade_formula,
    rate_formula,
    reason_formula,
    verdict_formula,
)
from kpi_workbook.domain.model import Direction
from tests.recalc import convert, error_cells
from tests.test_attainment import SPEC_TABLE

pytestmark = pytest.mark.libreoffice

INC, DEC = Direction.INCREASE, Direction.DECREASE
GRADING = Grading(GradeScheme.LETTERS)
DASH = "-"  # a deliberate dash typed by a clerk: text, not a number

# Values that survive xlsxwriter's 16-digit number output unchanged: integers and
# decimals with a few places, as clerks type them; plus the missing forms.
_numbers = st.one_of(
    st.integers(-10**9, 10**9).map(float),
    st.integers(-10**6, 10**6).map(lambda n: n / 1000),
    st.sampled_from([0.0, 1.0, -1.0, 0.054, 0.1, 0.8]),
)
_values = st.one_of(_numbers, _numbers, _numbers, st.none(), st.just(DASH))
_cases = st.tuples(_values, _values, st.sampled_from([INC, DEC]))


def _fixed_cases() -> list[tuple[object, object, Direction]]:
    cases = [(t, a, d) for t, a, d, *_ in SPEC_TABLE]
    cases += [  # the seed's worked examples (spec §2)
        (15_000_000.0, 10_462_414.0, INC), (5.0, 33.0, INC), (1.0, 1.0, INC),
        (0.0, -339.0, INC), (0.1, 0.054, INC), (0.8, DASH, INC),
    ]
    # equal values and values one apart, where ≥ and ≤ matter
    cases += [(7.0, 7.0, d) for d in (INC, DEC)] + [(0.1, 0.1, DEC), (-3.0, -3.0, DEC)]
    return cases


def _as_number(value: object) -> float | None:
    return value if isinstance(value, float) else None


def _write_cases(path: Path, cases: list[tuple[object, object, Direction]]) -> None:
    """Columns: A target, B actual, C direction, then formulas over literal direction
    (D rate, E verdict, F reason) and over the direction cell (G, H, I), J grade."""
    wb = xlsxwriter.Workbook(path, {"strings_to_formulas": False, "strings_to_numbers": False})
    ws = wb.add_worksheet("cases")
    for r, (t, a, d) in enumerate(cases):
        row = r + 1
        for col, v in ((0, t), (1, a)):
            if isinstance(v, float):
                ws.write_number(r, col, v)
            elif isinstance(v, str):
                ws.write_string(r, col, v)
        ws.write_string(r, 2, d.value)
        tr, ar, dr = f"A{row}", f"B{row}", f"$C{row}"
        # cached values deliberately wrong: only a real recalculation can pass the test
        for col, (t_dir) in ((3, d), (6, dr)):
            ws.write_formula(r, col, rate_formula(tr, ar, t_dir), None, -999)
            ws.write_formula(r, col + 1, verdict_formula(tr, ar, t_dir), None, "stale")
            ws.write_formula(r, col + 2, reason_formula(tr, ar, t_dir), None, "stale")
        ws.write_formula(r, 9, grade_formula(f"G{row}", f"H{row}", GRADING), None, "stale")
    wb.close()


def _check(recalculated: Path, cases: list[tuple[object, object, Direction]]) -> None:
    assert error_cells(recalculated) == []
    ws = openpyxl.load_workbook(recalculated, data_only=True)["cases"]
    for r, (t, a, d) in enumerate(cases, start=1):
        expected = judge(_as_number(t), _as_number(a), d)
        row = [c.value for c in ws[r]]
        for rate, verdict, reason in (row[3:6], row[6:9]):
            if expected.rate is None:
                assert rate in (None, ""), (t, a, d, rate)
            else:
                assert rate == pytest.approx(expected.rate, rel=1e-12), (t, a, d)
            assert verdict == expected.verdict, (t, a, d)
            assert reason == expected.reason, (t, a, d)
        assert row[9] == grade(expected, GRADING), (t, a, d)


@settings(max_examples=1, phases=[Phase.generate], deadline=None, database=None,
          suppress_health_check=list(HealthCheck))
@given(sample=st.lists(_cases, min_size=300, max_size=300))
def test_formulas_agree_with_judge_when_recalculated(sample, tmp_path_factory):
    """One soffice run over the spec table, the seed's examples and 300 generated cases."""
    tmp = tmp_path_factory.mktemp("recalc")
    cases = _fixed_cases() + sample
    book = tmp / "formulas.xlsx"
    _write_cases(book, cases)
    [recalculated] = convert([book], tmp / "out")
    _check(recalculated, cases)
