"""The merged examples, recalculated by LibreOffice (forced): the live formulas give the
seed's results and no cell anywhere holds an Excel error."""

from __future__ import annotations

import re

import pytest

from kpi_workbook.domain.attainment import GradeScheme, Grading
from kpi_workbook.usecases.merge import merge
from tests.recalc import convert, error_cells
from tests.test_merge import FAULTY, OPTIONS, SUBMISSIONS, assert_seed_examples

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


def test_merge_renders_to_pdf(tmp_path):
    """The print set-up holds for a real renderer: one PDF with the summary, five project
    sheets, 検証結果 and 提出状況 (docs/images/merge_project_sheet.png is its page 2)."""
    out = tmp_path / "merged.xlsx"
    merge([SUBMISSIONS], out, options=OPTIONS)
    [pdf] = convert([out], tmp_path / "pdf", to="pdf")
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    # summary, ①-⑤ (one page each at fit-to-width), 検証結果, 提出状況
    assert len(re.findall(rb"/Type\s*/Page[^s]", data)) >= 8
