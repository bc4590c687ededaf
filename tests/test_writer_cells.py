"""Architecture of the writer: cells.py holds the only write paths (style §2.8)."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest

import kpi_workbook.consolidated.writer as writer_package
from kpi_workbook.consolidated.writer import WORKBOOK_OPTIONS
from kpi_workbook.consolidated.writer.cells import merge_text, write_text
from kpi_workbook.consolidated.writer.xlsx_engine.book import KpiWorkbook

WRITER = Path(writer_package.__file__).parent
_WRITE_CALL = re.compile(r"\.(write|write_string|write_number|write_formula|write_url|"
                         r"write_blank|write_datetime|write_row|write_column)\(")


# Modules that write the package's XML and bytes to files, below the level of cells.
_PLUMBING = {"cells.py", "book.py", "chart.py", "zip_package.py"}


def test_writer_only_cells_module_writes_cells():
    offenders = {p.name: _WRITE_CALL.findall(p.read_text(encoding="utf-8"))
                 for p in WRITER.glob("*.py") if p.name not in _PLUMBING}
    assert {k: v for k, v in offenders.items() if v} == {}


def test_writer_cells_never_calls_generic_write():
    assert ".write(" not in (WRITER / "cells.py").read_text(encoding="utf-8")


def test_writer_workbook_options_keep_text_as_text():
    assert WORKBOOK_OPTIONS["strings_to_formulas"] is False
    assert WORKBOOK_OPTIONS["strings_to_urls"] is False
    assert WORKBOOK_OPTIONS["strings_to_numbers"] is False


@pytest.mark.parametrize("streamed", [False, True])
@pytest.mark.parametrize("text", ["{=SUM(A1:A2)}", "=1+1", "@x", "-3", "普通の文", ""])
def test_writer_merged_text_stays_text(tmp_path, streamed, text):
    """merge_range would write ``{=…}`` as an array formula; merge_text keeps it text, and
    writes the range row by row (a streamed sheet's cells go in order)."""
    path = tmp_path / "m.xlsx"
    wb = KpiWorkbook(str(path), dict(WORKBOOK_OPTIONS))
    ws = wb.add_streamed_worksheet("m") if streamed else wb.add_worksheet("m")
    fmt = wb.add_format({"bold": True})
    write_text(ws, 0, 3, "first row", fmt)
    merge_text(ws, 0, 0, 2, 1, text, fmt)
    write_text(ws, 3, 3, "after", fmt)
    wb.close()
    sheet = openpyxl.load_workbook(path)["m"]
    assert sheet["A1"].value == (text or None)
    assert sheet["A1"].data_type in ("s", "n")  # text, or a formatted blank
    assert [str(r) for r in sheet.merged_cells.ranges] == ["A1:B3"]
    assert (sheet["D1"].value, sheet["D4"].value) == ("first row", "after")


def test_writer_streamed_sheet_refuses_an_earlier_row(tmp_path):
    """A writer that gets the order wrong fails loudly instead of losing the value."""
    wb = KpiWorkbook(str(tmp_path / "o.xlsx"))
    ws = wb.add_streamed_worksheet("o")
    write_text(ws, 3, 0, "later")
    with pytest.raises(ValueError, match="row 2 written after row 4"):
        write_text(ws, 1, 0, "earlier")
    wb.close()
