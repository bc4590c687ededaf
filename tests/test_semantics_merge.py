"""The KPI semantics through the command line on workbooks typed into the official template
(docs/kpi-layout.md §2.1–2.5): what 集計一覧 holds, and that every formula's cached value is
what LibreOffice and Gnumeric compute from it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest

from kpi_workbook.cli import main
from tests.conftest import fill_template
from tests.gnumeric import ssconvert
from tests.recalc import convert, error_cells

pytestmark = pytest.mark.filterwarnings("ignore:Workbook contains no default style")

SOCIAL = "20～39歳の社会動態数(住民基本台帳)"

#: 定住促進: 社会動態数 with the value before the project (基準値 -500人); target 0 each year.
SETTLEMENT: dict[str, Any] = {
    "number": 1, "name": "若者定住促進事業", "scope": "単市", "period_start": 2020,
    "period_end": 2022, "department": "企画課", "purpose": "若い世代の定住を促す。",
    "kpis": [
        {"name": SOCIAL, "unit": "人", "direction": "増加", "baseline": -500,
         "kind": "単年度"},
    ],
    "years": [
        {"label": "初年度", "activities": "・移住相談会", "values": [[0, -339]]},
        {"label": "2年目", "activities": "・空き家バンク", "values": [[0, -120]]},
        {"label": "3年目", "activities": "・定住奨励金", "values": [[0, 15]]},
    ],
}

PROJECTS = [SETTLEMENT]


def records(book: Path, *, data_only: bool = True) -> list[dict[str, object]]:
    rows = list(openpyxl.load_workbook(book, data_only=data_only)["集計一覧"]
                .iter_rows(values_only=True))
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


def row(recs: list[dict[str, object]], kpi: str, year: int) -> dict[str, object]:
    [rec] = [r for r in recs if r["指標名"] == kpi and r["年度"] == year]
    return rec


@pytest.fixture(scope="module")
def merged(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("semantics")
    inputs = tmp / "提出"
    inputs.mkdir()
    for project in PROJECTS:
        fill_template(inputs / f"{project['department']}_{project['number']}.xlsx", project)
    out = tmp / "集計ブック.xlsx"
    assert main(["merge", str(inputs), "-o", str(out), "--year", "2022"]) == 0
    return out


# --- §2.1 進捗率 ----------------------------------------------------------------------------


def test_merge_progress_of_social_change_is_32_2_percent(merged):
    rec = row(records(merged), SOCIAL, 2020)
    assert rec["進捗率"] == pytest.approx(0.322)
    assert rec["達成率"] in (None, "")  # spec §2: no ratio of a target of 0
    assert rec["判定"] == "未達成"
    assert row(records(merged), SOCIAL, 2022)["進捗率"] == pytest.approx(1.03)


def test_merge_progress_is_a_live_formula_over_the_row(merged):
    formula = row(records(merged, data_only=False), SOCIAL, 2020)["進捗率"]
    assert isinstance(formula, str)
    assert formula.startswith("=IFERROR(")


def _formula_cells(book: Path) -> dict[tuple[str, str], object]:
    """(sheet, cell) → cached value of every formula cell of ``book``."""
    formulas = openpyxl.load_workbook(book)
    values = openpyxl.load_workbook(book, data_only=True)
    found: dict[tuple[str, str], object] = {}
    for ws in formulas.worksheets:
        for line in ws.iter_rows():
            for cell in line:
                if cell.data_type == "f":
                    found[(ws.title, cell.coordinate)] = values[ws.title][cell.coordinate].value
    return found


def _same(cached: object, computed: object) -> bool:
    if cached in (None, "") or computed in (None, ""):
        return cached in (None, "") and computed in (None, "")
    if isinstance(cached, (int, float)) and isinstance(computed, (int, float)):
        return computed == pytest.approx(cached, rel=1e-12, abs=1e-15)
    return cached == computed


def assert_cache_is_what_engines_compute(book: Path, recalculated: Path) -> None:
    cached = _formula_cells(book)
    assert cached, "no formula found"
    wb = openpyxl.load_workbook(recalculated, data_only=True)
    wrong = {where: (value, wb[where[0]][where[1]].value) for where, value in cached.items()
             if not _same(value, wb[where[0]][where[1]].value)}
    assert wrong == {}
    assert error_cells(recalculated) == []


@pytest.mark.libreoffice
def test_merge_semantics_cache_equals_libreoffice(merged, tmp_path):
    [recalculated] = convert([merged], tmp_path / "lo")
    assert_cache_is_what_engines_compute(merged, recalculated)


def test_merge_semantics_cache_equals_gnumeric(merged, tmp_path):
    recalculated = tmp_path / "gnumeric.xlsx"
    assert ssconvert(merged, recalculated, recalc=True) == ""
    assert_cache_is_what_engines_compute(merged, recalculated)
