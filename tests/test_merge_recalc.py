"""The merged examples, recalculated by LibreOffice (forced): the live formulas give the
seed's results and no cell anywhere holds an Excel error."""

from __future__ import annotations

import pytest
from recalc import convert, error_cells
from test_merge import FAULTY, OPTIONS, SUBMISSIONS, assert_seed_examples

from kpi_workbook.attainment import GradeScheme, Grading
from kpi_workbook.merge import merge

pytestmark = pytest.mark.libreoffice


def test_merge_recalculated_by_libreoffice(tmp_path):
    clean, faulty = tmp_path / "clean.xlsx", tmp_path / "faulty.xlsx"
    merge([SUBMISSIONS], clean, options=OPTIONS)
    graded = OPTIONS.__class__(report_year=2022, grading=Grading(GradeScheme.LETTERS))
    merge([SUBMISSIONS, FAULTY], faulty, options=graded)
    recalculated = convert([clean, faulty], tmp_path / "recalc")  # one soffice run
    assert_seed_examples(recalculated[0])
    assert_seed_examples(recalculated[1])
    assert error_cells(recalculated[0]) == []
    assert error_cells(recalculated[1]) == []
