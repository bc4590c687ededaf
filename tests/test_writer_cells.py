"""Architecture of the writer: cells.py holds the only write paths (style §2.8)."""

from __future__ import annotations

import re
from pathlib import Path

import kpi_workbook.writer as writer_package
from kpi_workbook.writer import WORKBOOK_OPTIONS

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
