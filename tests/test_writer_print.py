"""Print that a council member can read (issue 14, point 4).

集計一覧 printed on one A4 page wide came out in 4-5 pt type (18 columns); 検証結果's 移動先
ran past the last column; in a chart of negative values the year labels sat on the bars
(that one is in test_writer_chart.py). Checked in the package, and in the PDF LibreOffice
makes of the merged examples.
"""

from __future__ import annotations

import re
import statistics
import subprocess
from pathlib import Path

import openpyxl
import pytest

from kpi_workbook.consolidated.writer import issues as issues_sheet
from kpi_workbook.consolidated.writer.summary import H_SOURCE, columns
from kpi_workbook.usecases.merge import merge
from tests.recalc import convert
from tests.test_merge import FAULTY, OPTIONS, SUBMISSIONS


@pytest.fixture(scope="module")
def faulty_book(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("print") / "集計.xlsx"
    merge([SUBMISSIONS, FAULTY], out, options=OPTIONS)
    return out


def test_print_summary_two_pages_wide_with_key_columns_repeated(faulty_book):
    ws = openpyxl.load_workbook(faulty_book)["集計一覧"]
    setup = ws.page_setup
    assert (setup.orientation, setup.paperSize) == ("landscape", 9)
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert (setup.fitToWidth, setup.fitToHeight) == (2, 0)
    assert setup.pageOrder == "overThenDown"  # each row's two halves on facing pages
    assert ws.print_title_rows == "$1:$1"
    assert ws.print_title_cols == "$A:$F"  # 事業番号 … 指標名 on every page
    headers = [c.value for c in ws[1]]
    assert headers[5] == "指標名"
    # 出典 (a file and cell, for the planning division) is not printed
    area = ws.print_area.replace("'集計一覧'!", "").replace("$", "")
    last = re.fullmatch(r"A1:([A-Z]+)\d+", area).group(1)
    assert openpyxl.utils.column_index_from_string(last) == headers.index(H_SOURCE)


def test_print_long_text_wraps_and_rows_grow(faulty_book):
    wb = openpyxl.load_workbook(faulty_book)
    summary = wb["集計一覧"]
    headers = [c.value for c in summary[1]]
    for name in ("事業名", "指標名", "判定根拠"):
        assert summary.cell(2, headers.index(name) + 1).alignment.wrap_text, name
    tall = [r for r in range(2, summary.max_row + 1)
            if len(str(summary.cell(r, 2).value)) > 20]
    assert tall
    assert all(summary.row_dimensions[r].height >= 30 for r in tall)  # two lines
    issues = wb["検証結果"]
    for row in issues.iter_rows(min_row=2, max_row=issues.max_row):
        for cell in row[1:4] + row[5:]:
            assert cell.alignment.wrap_text, cell.coordinate
        if len(row[5].value or "") > 60:
            assert issues.row_dimensions[row[0].row].height > 15, row[0].row
    assert sum(issues_sheet.WIDTHS) <= 150  # one page wide at about 90 %


def test_print_summary_widths_fit_two_pages():
    """At 100 % an A4 landscape page with 0.5" margins is about 140 characters wide."""
    for graded in (False, True):
        cols = columns(graded)
        names = [c.header for c in cols]
        key = sum(c.width for c in cols[:names.index("指標名") + 1])
        printed = sum(c.width for c in cols[:names.index(H_SOURCE)])
        assert (printed + key) / 2 <= 140 / 0.7  # two pages, each at 70 % or more


def _word_heights(pdf: Path, page: int) -> list[float]:
    text = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-bbox", str(pdf),
                           "-"], capture_output=True, text=True, check=True).stdout
    return [float(b) - float(a) for a, b in
            re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"', text)]


def _page_text(pdf: Path, page: int) -> str:
    return subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout


@pytest.mark.libreoffice
def test_print_pdf_of_summary_is_legible(faulty_book, tmp_path):
    """LibreOffice's PDF: 集計一覧 on two pages side by side, both with the key columns,
    the second with the verdict, no 出典, in type of about 7.5 pt (the one-page print had
    about 4: word boxes 5 pt high; they are 9.6 pt now). Seen as PNG (pdftoppm -r 80)."""
    [pdf] = convert([faulty_book], tmp_path, to="pdf")
    first, second = _page_text(pdf, 1), _page_text(pdf, 2)
    for text in (first, second):
        assert "事業名" in text
        assert "指標名" in text
        assert "出典" not in text
    assert "基準値" in first
    assert "判定根拠" not in first
    assert "判定根拠" in second
    assert "基準値" not in second
    assert statistics.median(_word_heights(pdf, 1)) >= 9.0
    # 検証結果 is one page wide: its header row holds every column, 移動先 included
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                          check=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    issues_page = next(p for p in range(1, pages + 1)
                       if _page_text(pdf, p).lstrip().startswith("重要度"))
    assert "移動先" in _page_text(pdf, issues_page)
    assert statistics.median(_word_heights(pdf, issues_page)) >= 9.0
