"""The formulas of the KPI semantics (進捗率, 未公表; docs/kpi-layout.md §2.1–2.3) against
``attainment.py``, evaluated by both real spreadsheet programs.

One workbook holds every case with its cached values deliberately wrong, so only a real
recalculation can pass: LibreOffice (forced: ``tests/recalc.py``) and Gnumeric
(``ssconvert --recalc``) must each compute what the Python rules say, and no cell may hold
an Excel error value.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter

from kpi_workbook.domain.attainment import judge, progress
from kpi_workbook.domain.formulas import progress_formula, reason_formula, verdict_formula
from kpi_workbook.domain.model import Direction, ValueKind
from tests.gnumeric import ssconvert
from tests.recalc import convert, error_cells
from tests.test_attainment import PROGRESS_TABLE

# Gnumeric's xlsx has no default cell style, which openpyxl mentions when it reads one.
pytestmark = pytest.mark.filterwarnings("ignore:Workbook contains no default style")

DASH = "-"
KINDS = list(ValueKind)
_TARGETS = [-5.0, 0.0, 4.0, 10.0, 0.3, None, DASH]
_ACTUALS = [-339.0, 0.0, 4.0, 7.5, 12.0, None, DASH]
_BASELINES = [-500.0, 0.0, 4.0, 10.0, None, DASH]
_DUES = [None, "2026年5月", 46143.0]  # empty, text, a date typed as a date

ProgressCase = tuple[object, object, object, ValueKind]
VerdictCase = tuple[object, object, Direction, object]


def progress_cases() -> list[ProgressCase]:
    cases: list[ProgressCase] = [(t, a, b, k) for t, a, b, k, _ in PROGRESS_TABLE]
    cases += list(itertools.product(_TARGETS, _ACTUALS, _BASELINES, KINDS))
    return cases


def verdict_cases() -> list[VerdictCase]:
    return list(itertools.product(_TARGETS, _ACTUALS, list(Direction), _DUES))


def _number(value: object) -> float | None:
    return value if isinstance(value, float) else None


def _put(ws: xlsxwriter.worksheet.Worksheet, r: int, c: int, value: object) -> None:
    if isinstance(value, float):
        ws.write_number(r, c, value)
    elif isinstance(value, str):
        ws.write_string(r, c, value)


def write_cases(path: Path) -> None:
    """Sheet 進捗: A t, B a, C b, D kind; E progress over the kind cell, F over the literal.
    Sheet 判定: A t, B a, C direction, D due; E verdict, F reason (over the cells)."""
    wb = xlsxwriter.Workbook(path, {"strings_to_formulas": False, "strings_to_numbers": False})
    ws = wb.add_worksheet("進捗")
    for r, (t, a, b, k) in enumerate(progress_cases()):
        for c, v in enumerate((t, a, b, k.value)):
            _put(ws, r, c, v)
        row = r + 1
        refs = (f"A{row}", f"B{row}", f"C{row}")
        ws.write_formula(r, 4, progress_formula(*refs, f"$D{row}"), None, -999)
        ws.write_formula(r, 5, progress_formula(*refs, k), None, -999)
    ws = wb.add_worksheet("判定")
    for r, (t, a, d, due) in enumerate(verdict_cases()):
        for c, v in enumerate((t, a, d.value, due)):
            _put(ws, r, c, v)
        row = r + 1
        refs = (f"A{row}", f"B{row}", f"$C{row}")
        ws.write_formula(r, 4, verdict_formula(*refs, due=f"D{row}"), None, "stale")
        ws.write_formula(r, 5, reason_formula(*refs, due=f"D{row}"), None, "stale")
    wb.close()


def assert_agree(recalculated: Path) -> None:
    assert error_cells(recalculated) == []
    wb = openpyxl.load_workbook(recalculated, data_only=True)
    for r, (t, a, b, k) in enumerate(progress_cases(), start=1):
        expected = progress(_number(t), _number(a), _number(b), k)
        for got in (wb["進捗"].cell(r, 5).value, wb["進捗"].cell(r, 6).value):
            if expected is None:
                assert got in (None, ""), (t, a, b, k, got)
            else:
                assert got == pytest.approx(expected, rel=1e-12), (t, a, b, k)
    for r, (t, a, d, due) in enumerate(verdict_cases(), start=1):
        j = judge(_number(t), _number(a), d, due=due)
        assert wb["判定"].cell(r, 5).value == j.verdict, (t, a, d, due)
        assert wb["判定"].cell(r, 6).value == j.reason, (t, a, d, due)


@pytest.fixture(scope="module")
def cases_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    book = tmp_path_factory.mktemp("semantics") / "cases.xlsx"
    write_cases(book)
    return book


@pytest.mark.libreoffice
def test_semantics_formulas_agree_when_libreoffice_recalculates(cases_book, tmp_path):
    [recalculated] = convert([cases_book], tmp_path / "out")
    assert_agree(recalculated)


def test_semantics_formulas_agree_when_gnumeric_recalculates(cases_book, tmp_path):
    recalculated = tmp_path / "gnumeric.xlsx"
    assert ssconvert(cases_book, recalculated, recalc=True) == ""
    assert_agree(recalculated)


def test_semantics_cached_values_are_really_replaced(cases_book):
    """The stale cache is what a non-recalculating reader sees: the tests above are real."""
    ws = openpyxl.load_workbook(cases_book, data_only=True)["進捗"]
    assert ws.cell(1, 5).value == -999
