"""The formula strings: old functions only, balanced, and shaped by the direction.

Their computed values are checked against attainment.py by LibreOffice in test_recalc.py.
"""

from __future__ import annotations

import re

import pytest

from kpi_workbook.domain.attainment import GradeScheme, Grading
from kpi_workbook.domain.formulas import (
    ALLOWED_FUNCTIONS,
    above_criterion,
    count_formula,
    grade_formula,
    progress_formula,
    rate_formula,
    reason_formula,
    share_formula,
    text_criterion,
    verdict_formula,
)
from kpi_workbook.domain.model import Direction, ValueKind

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
    progress_formula("I2", "J2", "$H2", "$F2"),
    progress_formula("I2", "J2", "$H2", ValueKind.INCREMENT),
    progress_formula("I2", "J2", "$H2", "累計"),
    verdict_formula("I2", "J2", "$G2", "$P2"),
    reason_formula("I2", "J2", Direction.DECREASE, "$P2"),
    count_formula(("'集計一覧'!$X$2:$X$9", "1"),
                  ("'集計一覧'!$Q$2:$Q$9", text_criterion("達成"))),
    count_formula(("'事業別'!$F$2:$F$9", above_criterion(0))),
    share_formula("C2", "D2"),
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


def test_text_criterion_escapes_wildcards():
    """COUNTIFS reads * ? ~ in a criterion as wildcards: a 判定 text must match exactly."""
    assert text_criterion("達成") == '"達成"'
    assert text_criterion("a*b?c~") == '"a~*b~?c~~"'
    assert above_criterion(0) == '">0"'
