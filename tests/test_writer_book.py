"""writer/book.py: the shortcuts taken around xlsxwriter change no content (issue 7)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from hypothesis import given, settings
from hypothesis import strategies as st
from xlsxwriter.exceptions import DuplicateWorksheetName, InvalidWorksheetName
from xlsxwriter.utility import xl_rowcol_to_cell
from xlsxwriter.worksheet import Worksheet

from kpi_workbook.consolidated.writer.options import WriterOptions
from kpi_workbook.consolidated.writer.summary import (
    H_ACTUAL,
    H_BASELINE,
    H_DIRECTION,
    H_DUE,
    H_KIND,
    H_RATE,
    H_TARGET,
    H_VERDICT,
    _RowFormulas,
    columns,
)
from kpi_workbook.consolidated.writer.xlsx_engine.book import (
    KpiWorkbook,
    KpiWorksheet,
    is_plain_formula,
)
from kpi_workbook.domain import formulas
from kpi_workbook.domain.attainment import GradeScheme, Grading
from kpi_workbook.domain.model import Direction

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
        assert a.testzip() is None
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
        b, k = "$" + cell(H_BASELINE), "$" + cell(H_KIND)
        assert rows.progress(n) == formulas.progress_formula(t, a, b, k)
        due = "$" + cell(H_DUE)
        assert rows.verdict(n) == formulas.verdict_formula(t, a, d, due)
        assert rows.reason(n) == formulas.reason_formula(t, a, d, due)
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


TEXTS = ["見出し", "a & b < c > d", ' "quoted" ', " leading", "trailing\n", "tab\there",
         "ctrl\x01\x1f", "_x0041_ literal", "non\ufffechar", "=SUM(A1)", "@x", "-3", ""]
FORMULA_VALUES = [1.0, 0.123456789012345678, 0, "", "達成", "a<b&c", "#DIV/0!", "#N/A",
                  True, False, None]


def _cells_book(wb: xlsxwriter.Workbook, streamed: bool) -> None:
    """Every kind of cell KpiWorksheet writes itself, and some it leaves to xlsxwriter."""
    if isinstance(wb, KpiWorkbook) and streamed:
        ws = wb.add_streamed_worksheet("セル")
    else:
        ws = wb.add_worksheet("セル")
    bold, pct = wb.add_format({"bold": True}), wb.add_format({"num_format": "0.0%"})
    ws.set_column(3, 3, 12, pct)  # a column format shows through blank and unformatted cells
    ws.set_row(2, 20, bold)      # and so does a row format
    row = 0
    for i, text in enumerate(TEXTS):
        ws.write_string(row, 0, text, bold if i % 2 else None)
        ws.write_number(row, 1, i * 1.5 - 7.25)
        ws.write_blank(row, 2, None, pct)
        ws.write_number(row, 3, 1e-20 * i)
        ws.write_blank(row, 4, None)  # no format: xlsxwriter ignores it
        row += 1
    for i, value in enumerate(FORMULA_VALUES):
        ws.write_formula(row, 0, '=IF(A1<>"",A1&"<>",0)', pct if i % 2 else None, value)
        ws.write_formula(row, 3, "=B1*2", None, value)
        row += 1
    ws.write_datetime(row, 0, __import__("datetime").datetime(2024, 4, 1, 12, 30), bold)
    ws.write_boolean(row, 1, True)
    ws.write_rich_string(row, 2, "plain ", bold, "bold", " tail")
    ws.write_array_formula(row, 3, row, 3, "{=SUM(B1:B3)}", None, 7)
    ws.write_url(row + 1, 0, "internal:'セル'!A1", None, "リンク")
    ws.merge_range(row + 2, 0, row + 3, 2, "merged & <text>", bold)
    # xlsxwriter's public signatures: A1 notation and keyword arguments (its private
    # _write_blank names the value "_", so keywords must not go to it)
    ws.write_string(f"A{row + 5}", "A1 notation", bold)
    ws.write_number(f"B{row + 5}", 2.5, cell_format=pct)
    ws.write_blank(row + 4, 2, blank=None, cell_format=bold)
    ws.write_formula(row=row + 4, col=3, formula="=B1", cell_format=bold, value=2)
    ws.write_string(row + 5, 0, string="keywords", cell_format=bold)
    wb.set_properties({"created": __import__("datetime").datetime(2024, 4, 1)})
    wb.close()


@pytest.mark.parametrize("streamed", [False, True], ids=["in-memory", "constant-memory"])
def test_book_cells_are_written_as_xlsxwriter_writes_them(tmp_path, streamed):
    """KpiWorksheet's own cell writer gives the bytes xlsxwriter's gives, in both modes."""
    ours, theirs = tmp_path / "ours.xlsx", tmp_path / "theirs.xlsx"
    _cells_book(KpiWorkbook(str(ours)), streamed)
    _cells_book(xlsxwriter.Workbook(str(theirs), {"constant_memory": streamed}), streamed)
    with zipfile.ZipFile(ours) as a, zipfile.ZipFile(theirs) as b:
        assert a.namelist() == b.namelist()
        for name in a.namelist():
            assert a.read(name) == b.read(name), name
        sheet = a.read("xl/worksheets/sheet1.xml")
    assert b"inlineStr" in sheet if streamed else b't="s"' in sheet


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(), min_size=1, max_size=5), st.booleans())
def test_book_any_text_is_written_as_xlsxwriter_writes_it(tmp_path_factory, texts, streamed):
    tmp = tmp_path_factory.mktemp("texts")
    books = []
    for wb in (KpiWorkbook(str(tmp / "ours.xlsx")),
               xlsxwriter.Workbook(str(tmp / "theirs.xlsx"), {"constant_memory": streamed})):
        ws = (wb.add_streamed_worksheet("t") if isinstance(wb, KpiWorkbook) and streamed
              else wb.add_worksheet("t"))
        bold = wb.add_format({"bold": True})
        for r, text in enumerate(texts):  # with a format: StreamedWorksheet's direct path
            ws.write_string(r, 0, text)
            ws.write_formula(r, 1, "=A1", None, text)
            ws.write_string(r, 2, text, bold)
            ws.write_formula(r, 3, '=IF(A1="","",A1)', bold, text)
        wb.close()
        with zipfile.ZipFile(wb.filename) as zf:
            books.append({name: _line_ends(zf.read(name)) for name in zf.namelist()
                          if "docProps" not in name})
    assert books[0] == books[1]


def _line_ends(xml: bytes) -> bytes:
    """Line ends as an XML reader sees them (a "\r" is read as "\n"): xlsxwriter's
    constant_memory reads its rows back from a text file that turns "\r" into "\n",
    where ours keeps it as the clerk typed it."""
    return xml.replace(b"\r\n", b"\n").replace(b"\r", b"\n")


@pytest.mark.parametrize("enabled", [True, False])
def test_book_gc_paused_restores_the_collector_as_it_was(enabled):
    """The GUI keeps automatic collection off; a merge must not turn it back on."""
    import gc

    from kpi_workbook.consolidated.gc_pause import gc_paused
    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        inside = []

        def failed_write() -> None:
            with gc_paused():
                inside.append(gc.isenabled())
                raise RuntimeError("a failed write")

        with pytest.raises(RuntimeError):
            failed_write()
        assert inside == [False]
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


def test_book_streamed_rows_spilled_to_a_file_are_the_same(tmp_path, monkeypatch):
    """A streamed sheet too large for memory goes through a temporary file, same bytes."""
    import tempfile

    from kpi_workbook.consolidated.writer.xlsx_engine import book
    monkeypatch.setattr(book._RowBuffer, "CHUNK_CHARS", 300)
    spill_dir = tmp_path / "tmp"
    spill_dir.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(spill_dir))
    opened: list[object] = []
    real = tempfile.TemporaryFile
    monkeypatch.setattr(tempfile, "TemporaryFile",
                        lambda *a, **kw: opened.append(real(*a, **kw)) or opened[-1])
    ours, theirs = tmp_path / "ours.xlsx", tmp_path / "theirs.xlsx"
    _cells_book(KpiWorkbook(str(ours)), streamed=True)
    assert len(opened) == 1  # the sheet spilled
    _cells_book(xlsxwriter.Workbook(str(theirs), {"constant_memory": True}), streamed=True)
    with zipfile.ZipFile(ours) as a, zipfile.ZipFile(theirs) as b:
        assert a.read("xl/worksheets/sheet1.xml") == b.read("xl/worksheets/sheet1.xml")
    assert list(spill_dir.iterdir()) == []


@pytest.mark.parametrize("spill", [False, True])
def test_book_streamed_rows_come_back_as_written(tmp_path, monkeypatch, spill):
    """A formula's cached text keeps its carriage returns, in memory or spilled to a file
    (text cells escape them as _x000D_, as xlsxwriter does)."""
    from kpi_workbook.consolidated.writer.xlsx_engine import book
    if spill:
        monkeypatch.setattr(book._RowBuffer, "CHUNK_CHARS", 10)
    wb = KpiWorkbook(str(tmp_path / "r.xlsx"))
    ws = wb.add_streamed_worksheet("r")
    for r in range(3):
        ws.write_string(r, 0, "一行目\r\n二行目")
        ws.write_formula(r, 1, "=A1", None, "一行目\r\n二行目\r三行目")
    wb.close()
    with zipfile.ZipFile(tmp_path / "r.xlsx") as zf:
        xml = zf.read("xl/worksheets/sheet1.xml")
    assert xml.count("一行目_x000D_\n二行目</t>".encode()) == 3
    assert xml.count("<v>一行目\r\n二行目\r三行目</v>".encode()) == 3


def test_book_text_like_xlsxwriters_rich_text_is_text(tmp_path):
    """xlsxwriter writes a text "<r>…</r>" unescaped, taking it for its own rich text (a
    sheet Excel refuses); a streamed sheet, as every sheet of the 集計ブック is, escapes it.
    """
    path = tmp_path / "r.xlsx"
    wb = KpiWorkbook(str(path))
    ws = wb.add_streamed_worksheet("r")
    bold = wb.add_format({"bold": True})
    texts = ["<r>a<b</r>", "<r><t>x</t></r>", "<r></r>"]
    for r, text in enumerate(texts):
        ws.write_string(r, 0, text)
        ws.write_string(r, 1, text, bold)
    wb.close()
    sheet = openpyxl.load_workbook(path)["r"]
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [[t, t] for t in texts]


def test_book_finished_sheet_refuses_more_rows(tmp_path):
    wb = KpiWorkbook(str(tmp_path / "f.xlsx"))
    ws = wb.add_streamed_worksheet("f")
    ws.write_string(5, 0, "last")
    ws.finish()
    for row in (2, 9):
        with pytest.raises(ValueError, match="finished"):
            ws.write_string(row, 0, "too late")
    wb.close()
    assert openpyxl.load_workbook(tmp_path / "f.xlsx")["f"]["A6"].value == "last"
