"""writer/book.py: the shortcuts taken around xlsxwriter change no content (issue 7)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from xlsxwriter.exceptions import DuplicateWorksheetName, InvalidWorksheetName
from xlsxwriter.utility import xl_rowcol_to_cell
from xlsxwriter.worksheet import Worksheet

from kpi_workbook import formulas
from kpi_workbook.attainment import GradeScheme, Grading
from kpi_workbook.model import Direction
from kpi_workbook.writer.book import KpiWorkbook, KpiWorksheet, is_plain_formula
from kpi_workbook.writer.options import WriterOptions
from kpi_workbook.writer.summary import (
    H_ACTUAL,
    H_DIRECTION,
    H_RATE,
    H_TARGET,
    H_VERDICT,
    _RowFormulas,
    columns,
)

OUR_FORMULAS = [
    formulas.rate_formula("L2", "M2", "$H2"),
    formulas.verdict_formula("L2", "M2", "$H2"),
    formulas.reason_formula("L2", "M2", "$H2"),
    formulas.rate_formula("C8", "D8", Direction.DECREASE),
    formulas.reason_formula("C8", "D8", Direction.INCREASE),
    formulas.grade_formula("N2", "O2", Grading(GradeScheme.LETTERS, (1.0, 0.8, 0.5))),
    '=""',
]
OTHER_FORMULAS = [
    "=SORT(A1:A3)", "=XLOOKUP(A1,B1:B3,C1:C3)", "=IF(A1,FILTER(B1:B3,C1:C3),0)",
    '=IF(A1,"xSINGLE(","")', "=_xlfn.STDEV.S(A1:A3)", "{=SUM(A1:A3)}", "=LET(x,1,x)",
    "=SUM(A1:A3)", "=CONCAT(A1,B1)",
]


def _original(formula: str, expand: bool = False) -> str:
    return Worksheet._prepare_formula(Worksheet(), formula, expand)


@pytest.mark.parametrize("formula", OUR_FORMULAS + OTHER_FORMULAS)
def test_book_formula_preparation_matches_xlsxwriter(formula):
    assert KpiWorksheet()._prepare_formula(formula) == _original(formula)


def test_book_our_formulas_are_plain_and_others_are_not():
    assert all(is_plain_formula(f) for f in OUR_FORMULAS)
    assert not any(is_plain_formula(f) for f in OTHER_FORMULAS[:-2])


@pytest.mark.parametrize("name", sorted(formulas.ALLOWED_FUNCTIONS))
def test_book_allowed_functions_are_never_rewritten(name):
    """Even with every future function expanded, xlsxwriter leaves the allowed ones alone."""
    assert _original(f"={name}(A1)", expand=True) == f"{name}(A1)"


def test_book_sheet_names_checked_as_xlsxwriter_does(tmp_path):
    wb = KpiWorkbook(str(tmp_path / "a.xlsx"))
    wb.add_worksheet("事業")
    with pytest.raises(DuplicateWorksheetName):
        wb.add_worksheet("事業")
    wb.add_worksheet("Abc")
    with pytest.raises(DuplicateWorksheetName):
        wb.add_worksheet("aBC")
    with pytest.raises(InvalidWorksheetName):
        wb.add_worksheet("x" * 32)
    with pytest.raises(InvalidWorksheetName):
        wb.add_worksheet("a/b")
    with pytest.raises(InvalidWorksheetName):
        wb.add_worksheet("'a")
    assert wb.add_worksheet().name == "Sheet8"  # counted as xlsxwriter counts, failures too
    wb.close()


def _small_book(wb: xlsxwriter.Workbook) -> None:
    ws = wb.add_worksheet("一覧")
    ws.write_string(0, 0, "見出し")
    ws.write_number(1, 0, 3.5)
    ws.write_formula(1, 1, formulas.rate_formula("A2", "A2", Direction.INCREASE), None, 1.0)
    chart = wb.add_chart({"type": "column"})
    chart.add_series({"values": ["一覧", 1, 0, 1, 0]})
    ws.insert_chart(3, 0, chart)
    wb.set_properties({"created": __import__("datetime").datetime(2024, 4, 1)})
    wb.close()


def test_book_deflated_parts_are_xlsxwriter_parts(tmp_path):
    """Packaging in memory, deflated, gives the parts xlsxwriter writes through files."""
    ours, theirs = tmp_path / "ours.xlsx", tmp_path / "theirs.xlsx"
    _small_book(KpiWorkbook(str(ours)))
    _small_book(xlsxwriter.Workbook(str(theirs)))
    with zipfile.ZipFile(ours) as a, zipfile.ZipFile(theirs) as b:
        assert a.namelist() == b.namelist()
        for name in a.namelist():
            assert a.read(name) == b.read(name), name


def test_book_streamed_sheet_table_and_rows(tmp_path):
    path = tmp_path / "s.xlsx"
    wb = KpiWorkbook(str(path))
    ws = wb.add_streamed_worksheet("集計")
    fmt = wb.add_format({"bold": True})
    ws.add_table(0, 0, 2, 1, {"name": "T", "columns": [{"header": "甲"}, {"header": "乙"}]})
    ws.write_string(0, 0, "甲", fmt)
    ws.write_string(0, 1, "乙", fmt)
    for r in (1, 2):
        ws.write_number(r, 0, r)
        ws.write_formula(r, 1, f"=A{r + 1}*2", None, 2 * r)
    with pytest.raises(ValueError, match="before its rows"):
        ws.add_table(4, 0, 5, 1)
    wb.close()
    book = openpyxl.load_workbook(path)
    sheet = book["集計"]
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [
        ["甲", "乙"], [1, "=A2*2"], [2, "=A3*2"]]
    assert sheet["A1"].font.b
    [table] = sheet.tables.values()
    assert (table.name, table.ref) == ("T", "A1:B3")
    values = openpyxl.load_workbook(path, data_only=True)["集計"]
    assert [values["B2"].value, values["B3"].value] == [2, 4]


@pytest.mark.parametrize("grading", [Grading(), Grading(GradeScheme.LETTERS, (1.0, 0.8, 0.5))])
def test_book_summary_row_formulas_equal_formulas_module(grading):
    """集計一覧's formula templates give, for every row, what formulas.py builds."""
    cols = columns(grading.enabled)
    col = {c.header: i for i, c in enumerate(cols)}
    rows = _RowFormulas(col, WriterOptions(report_year=2022, grading=grading))
    for n in (1, 2, 9, 10, 99, 1000, 54321):
        def cell(header: str, n: int = n) -> str:
            return xl_rowcol_to_cell(n, col[header])
        t, a, d = cell(H_TARGET), cell(H_ACTUAL), "$" + cell(H_DIRECTION)
        assert rows.rate(n) == formulas.rate_formula(t, a, d)
        assert rows.verdict(n) == formulas.verdict_formula(t, a, d)
        assert rows.reason(n) == formulas.reason_formula(t, a, d)
        if grading.enabled:
            assert rows.grade(n) == formulas.grade_formula(cell(H_RATE), cell(H_VERDICT),
                                                           grading)


def test_book_leaves_no_temporary_files(tmp_path, monkeypatch):
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    import tempfile
    monkeypatch.setattr(tempfile, "tempdir", None)
    path = tmp_path / "t.xlsx"
    wb = KpiWorkbook(str(path))
    ws = wb.add_streamed_worksheet("a")
    ws.write_string(0, 0, "x")
    wb.close()
    assert list((tmp_path / "tmp").iterdir()) == []
    assert Path(path).exists()
