"""The formula strings: old functions only, balanced, and shaped by the direction.

Their computed values are checked against attainment.py by LibreOffice in test_recalc.py.
"""

from __future__ import annotations

import re

import pytest

from kpi_workbook.domain.attainment import GradeScheme, Grading
from kpi_workbook.domain.formulas import (
    ALLOWED_FUNCTIONS,
    grade_formula,
    rate_formula,
    reason_formula,
    verdict_formula,
)
from kpi_workbook.domain.model import Direction

_FUNCTION_RE = re.compile(r"([A-Z][A-Z0-9._]*)\(")
_STRING_RE = re.compile(r'"(?:[^"]|"")*"')

ALL_FORMULAS = [
    rate_formula("I2", "J2", Direction.INCREASE),
    rate_formula("I2", "J2", Direction.DECREASE),
    rate_formula("I2", "J2", "$G2"),
    verdict_formula("I2", "J2", Direction.INCREASE),
    verdict_formula("I2", "J2", "$G2"),
    reason_formula("I2", "J2", "$G2"),
    reason_formula("I2", "J2", Direction.DECREASE),
    grade_formula("K2", "L2", Grading(GradeScheme.LETTERS)),
    grade_formula("K2", "L2", Grading(GradeScheme.SYMBOLS, (1.2, 0.9, 0.45))),
]


@pytest.mark.parametrize("formula", ALL_FORMULAS)
def test_formula_uses_only_excel_2010_functions(formula):
    code = _STRING_RE.sub('""', formula)
    assert set(_FUNCTION_RE.findall(code)) <= ALLOWED_FUNCTIONS
    assert "_xlfn" not in formula


@pytest.mark.parametrize("formula", ALL_FORMULAS)
def test_formula_parentheses_balance(formula):
    # LibreOffice silently repairs an unclosed parenthesis; Excel refuses the file.
    depth = 0
    for ch in _STRING_RE.sub('""', formula):
        depth += ch == "("
        depth -= ch == ")"
        assert depth >= 0
    assert depth == 0


@pytest.mark.parametrize("formula", ALL_FORMULAS)
def test_formula_is_guarded_by_iferror(formula):
    assert formula.startswith("=IFERROR(")


def test_rate_formula_literal_direction_has_one_branch():
    assert rate_formula("I2", "J2", Direction.INCREASE) == (
        '=IFERROR(IF(AND(ISNUMBER(I2),ISNUMBER(J2)),IF(I2>0,J2/I2,""),""),"")')
    assert rate_formula("C7", "D7", "減少") == (
        '=IFERROR(IF(AND(ISNUMBER(C7),ISNUMBER(D7)),IF(AND(D7>0,C7>=0),C7/D7,""),""),"")')


def test_rate_formula_direction_cell_is_tested_in_excel():
    assert '$G2="減少"' in rate_formula("I2", "J2", "$G2")


def test_verdict_formula_dash_is_fullwidth():
    assert '"\uff0d"' in verdict_formula("I2", "J2", Direction.INCREASE)


def test_grade_formula_off_is_empty_text():
    assert grade_formula("K2", "L2", Grading()) == '=""'
