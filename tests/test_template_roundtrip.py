"""A clerk fills the official template in Excel; the reader gives back what was typed."""

from __future__ import annotations

import copy
from pathlib import Path

import openpyxl
import pytest

from kpi_workbook.departments.template import DEFAULT_LAYOUT, PROJECT_SHEET_TITLE, TemplateLayout
from kpi_workbook.domain.issues import Severity
from kpi_workbook.domain.model import Direction, ValueStatus
from kpi_workbook.reading.reader import strip_html
from kpi_workbook.usecases import read_submission
from tests.conftest import fill_template, seed_projects

SEED = seed_projects()


def typed_number(value: object) -> float | None:
    return None if value in (None, "-") else float(value)  # type: ignore[arg-type]


@pytest.mark.parametrize("number", sorted(SEED))
def test_filled_template_reads_back_every_value(tmp_path: Path, number: int) -> None:
    project = SEED[number]
    path = tmp_path / "提出.xlsx"
    fill_template(path, project)
    sub = read_submission(path, report_year=2023)
    assert [i for i in sub.issues if i.severity is not Severity.INFO] == []
    (read,) = sub.projects
    assert (read.number, read.name, read.department) == (
        number, project["name"], project["department"])
    assert (read.period.start, read.period.end) == (project["period_start"],
                                                    project["period_end"])
    assert [k.name for k in read.kpis] == [k["name"] for k in project["kpis"]]
    assert [k.unit for k in read.kpis] == [k["unit"] for k in project["kpis"]]
    for year, typed in zip(read.years, project["years"], strict=True):
        assert year.activities == strip_html(typed["activities"])
        for obs, (target, actual) in zip(year.observations, typed.get("values", []), strict=True):
            assert obs.target.number == pytest.approx(typed_number(target))
            assert obs.actual.number == pytest.approx(typed_number(actual))


def test_clerk_types_into_the_blank_template_with_openpyxl(tmp_path: Path) -> None:
    """Open the committed template, type into its yellow cells, save, read."""
    path = tmp_path / "商工労働課.xlsx"
    wb = openpyxl.load_workbook(Path(__file__).parents[1] / "templates" / "kpi_template.xlsx")
    ws = wb[PROJECT_SHEET_TITLE]
    lay = DEFAULT_LAYOUT
    ws[lay.header_cell("事業番号")] = "①"
    ws[lay.header_cell("事業名")] = "小野田ガラスのブランド化推進事業"
    ws[lay.header_cell("実施区分")] = "単市"
    ws[lay.header_cell("担当課")] = "商工労働課"
    ws[lay.header_cell("事業目的")] = "ガラスの文化を活用する。"
    period_row = lay.header_row("事業期間")
    ws.cell(period_row, 2, "令和2年度")
    ws.cell(period_row, 4, "令和4年度")
    ws.cell(lay.kpi_name_row, lay.target_col(1), "販売額")
    ws.cell(lay.attribute_row("単位"), lay.target_col(1), "円")
    ws.cell(lay.attribute_row("目標の方向"), lay.target_col(1), "減少")
    ws.cell(lay.kpi_name_row, lay.target_col(2), "来客数")
    ws.cell(lay.attribute_row("単位"), lay.target_col(2), "人")
    for n, (t, a) in enumerate([(None, None), (10_000_000, 134_280),
                                (15_000_000, 10_462_414)], start=1):
        ws.cell(lay.year_row(n), 2, f"取組{n}")
        ws.cell(lay.year_row(n), lay.target_col(1), "-" if t is None else t)
        ws.cell(lay.year_row(n), lay.actual_col(1), "-" if a is None else a)
        ws.cell(lay.year_row(n), lay.target_col(2), 12_672 + n)
        ws.cell(lay.year_row(n), lay.actual_col(2), "8,016人")
    wb.save(path)
    sub = read_submission(path, report_year=2022)
    (p,) = sub.projects
    assert [k.name for k in p.kpis] == ["販売額", "来客数"]  # the blank third pair is no KPI
    assert [k.direction for k in p.kpis] == [Direction.DECREASE, Direction.INCREASE]
    assert p.years[0].observations[0].target.status is ValueStatus.NOT_APPLICABLE
    assert p.years[2].observations[0].actual.number == 10_462_414
    assert p.years[1].observations[1].actual.number == 8016
    assert [i.code for i in sub.issues if i.severity is not Severity.INFO] == []


def test_blank_template_is_reported_not_crashed(tmp_path: Path) -> None:
    """Unfilled, it is 未記入の様式 (tests/test_blank_template.py), not five missing
    fields of a project."""
    sub = read_submission(Path(__file__).parents[1] / "templates" / "kpi_template.xlsx")
    assert [i.code for i in sub.issues] == ["template-blank"]
    assert sub.projects == []


def test_pair_with_values_but_no_name_is_an_error(tmp_path: Path) -> None:
    project = copy.deepcopy(SEED[1])
    project["kpis"][2]["name"] = None
    path = tmp_path / "x.xlsx"
    fill_template(path, project, TemplateLayout())
    sub = read_submission(path, report_year=2022)
    assert ("kpi-name-missing", "G16") in [(i.code, i.where.cell) for i in sub.issues]
