"""Every part of every workbook we write passes the ECMA-376 transitional schemas
(issue 14, point 5).

The check is openxml-audit's: the Open XML SDK's schema validation (element order and
counts, attribute types and value sets, generated from the ECMA-376 transitional schemas
and Office's extensions) in pure Python, against the Office 2007 format (ECMA-376 1st
edition, what xlsxwriter writes). The calibration test first shows that it catches
what it must: elements out of order in a sheet, a chart, a drawing, the styles and the
workbook part, and a value outside an enumeration.
"""

from __future__ import annotations

import dataclasses
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from openxml_audit import FileFormat, OpenXmlValidator, ValidationSeverity

from kpi_workbook.domain.attainment import GradeScheme, Grading
from kpi_workbook.usecases.merge import merge
from tests.test_merge import FAULTY, OPTIONS, SUBMISSIONS

#: The one warning openxml-audit gives our packages (not an error): text stored in-line
#: (streamed sheets: ``book.py``) with no shared-string table, which Excel moves to one
#: when it saves the file. Valid in ECMA-376, and what xlsxwriter's constant_memory writes.
INLINE_TEXT_NOTE = "inline-string cell(s)"


def schema_errors(path: Path) -> list[str]:
    """The errors, and any warning but the in-line text note."""
    validator = OpenXmlValidator(file_format=FileFormat.OFFICE_2007, max_errors=0)
    return [str(e) for e in validator.validate(str(path)).errors
            if e.severity is ValidationSeverity.ERROR or INLINE_TEXT_NOTE not in str(e)]


@pytest.fixture(scope="module")
def books(tmp_path_factory) -> list[Path]:
    """The merged examples every way merge writes them: plain; with faults, grades and a
    previous workbook (前回との差異); split into parts."""
    tmp = tmp_path_factory.mktemp("schema")
    plain = tmp / "plain" / "集計.xlsx"
    merge([SUBMISSIONS], plain, options=OPTIONS)
    faulty = tmp / "faulty" / "集計.xlsx"
    merge([SUBMISSIONS, FAULTY], faulty, options=dataclasses.replace(
        OPTIONS, grading=Grading(GradeScheme.SYMBOLS), previous=plain))
    split = tmp / "split" / "集計.xlsx"
    result = merge([SUBMISSIONS, FAULTY], split,
                   options=dataclasses.replace(OPTIONS, max_project_sheets=2))
    assert result.parts
    return [plain, faulty, split, *result.parts]


def test_schema_every_part_we_write_is_valid(books):
    kinds: set[str] = set()
    for book in books:
        assert schema_errors(book) == [], book.name
        with zipfile.ZipFile(book) as zf:
            kinds |= {re.sub(r"\d*\.xml$", "", n) for n in zf.namelist()}
    # what was checked: every kind of part merge writes
    assert {"xl/workbook", "xl/styles", "xl/worksheets/sheet", "xl/charts/chart",
            "xl/drawings/drawing", "xl/tables/table", "docProps/custom"} <= kinds


def _broken(book: Path, out: Path, part: str, change: Callable[[str], str]) -> Path:
    with zipfile.ZipFile(book) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in src.namelist():
            data = src.read(name)
            if name == part:
                changed = change(data.decode("utf-8"))
                assert changed != data.decode("utf-8"), f"{part}: nothing changed"
                data = changed.encode("utf-8")
            dst.writestr(name, data)
    return out


def _move_after(element: str, after: str) -> Callable[[str], str]:
    """Move the first ``element`` (``<x .../>`` or ``<x>…</x>``) to just after the first
    ``after`` closes."""
    def change(xml: str) -> str:
        found = re.search(rf"<{element}\b[^>]*/>|<{element}\b.*?</{element}>", xml, re.S)
        assert found, element
        xml = xml.replace(found.group(0), "", 1)
        closing = re.search(rf"</{after}>|<{after}\b[^>]*/>", xml)
        assert closing, after
        return xml[:closing.end()] + found.group(0) + xml[closing.end():]
    return change


CALIBRATION = {
    "sheet: pageMargins after pageSetup": ("xl/worksheets/sheet1.xml",
                                           _move_after("pageMargins", "pageSetup")),
    "sheet: cols after sheetData": ("xl/worksheets/sheet2.xml", _move_after("cols", "sheetData")),
    "chart: legend after plotVisOnly": ("xl/charts/chart1.xml",
                                        _move_after("c:legend", "c:plotVisOnly")),
    "drawing: from after to": ("xl/drawings/drawing1.xml", _move_after("xdr:from", "xdr:to")),
    "styles: fonts after fills": ("xl/styles.xml", _move_after("fonts", "fills")),
    "workbook: bookViews after sheets": ("xl/workbook.xml", _move_after("bookViews", "sheets")),
    "sheet: a value outside its enumeration": (
        "xl/worksheets/sheet1.xml",
        lambda xml: xml.replace('orientation="landscape"', 'orientation="sideways"', 1)),
}


@pytest.mark.parametrize("case", CALIBRATION)
def test_schema_check_catches_what_it_must(books, tmp_path, case):
    part, change = CALIBRATION[case]
    errors = schema_errors(_broken(books[0], tmp_path / "broken.xlsx", part, change))
    assert errors, case
    assert all(f"/{part}" in e for e in errors), errors
