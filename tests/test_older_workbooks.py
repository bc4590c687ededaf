"""Workbooks written before issue 19 read as they did (docs/kpi-layout.md §2).

Two files our previous release wrote are kept in tests/data: the official template 1.0
(no 最終目標値, 公表予定, 速報・確定 rows) and the consolidated workbook of the examples
(集計一覧 without 進捗率, 速報・確定, 最終目標値, 公表予定, 集計対象; no 事業別, 達成状況).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from kpi_workbook.cli import main
from kpi_workbook.domain import labels
from kpi_workbook.domain.fiscal_year import format_fiscal_year
from kpi_workbook.usecases.check import read_submission
from kpi_workbook.usecases.merge import MergeOptions, merge
from kpi_workbook.usecases.publish import PublishOptions, publish
from tests.conftest import fill_template, seed_projects

DATA = Path(__file__).parent / "data"
TEMPLATE_1_0 = DATA / "kpi_template_1.0.xlsx"
BOOK_1_0 = DATA / "集計ブック_1.0.xlsx"
EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "submissions"


def fill_old_template(path: Path, project: dict[str, Any]) -> None:
    """Type ``project`` into the 1.0 template, finding its cells by their labels as a
    clerk would (its layout is not this release's)."""
    wb = openpyxl.load_workbook(TEMPLATE_1_0)
    ws = wb["事業シート"]
    rows = {c.value: c.row for c in ws["A"] if isinstance(c.value, str)}
    header = {labels.PROJECT_NUMBER: project["number"], labels.PROJECT_NAME: project["name"],
              labels.SCOPE: project["scope"], labels.DEPARTMENT: project["department"],
              labels.PURPOSE: project["purpose"]}
    for label, value in header.items():
        ws.cell(rows[label], 2, value)
    ws.cell(rows[labels.PERIOD], 2, format_fiscal_year(project["period_start"]))
    ws.cell(rows[labels.PERIOD], 4, format_fiscal_year(project["period_end"]))
    name_row = rows[labels.TABLE_START] + 1
    assert labels.FINAL_TARGET not in rows  # the older template indeed
    for k, kpi in enumerate(project["kpis"]):
        col = 3 + 2 * k
        ws.cell(name_row, col, kpi["name"])
        ws.cell(rows[labels.UNIT], col, kpi["unit"])
        ws.cell(rows[labels.DIRECTION], col, kpi["direction"])
    for y, year in enumerate(project["years"]):
        row = rows[labels.YEAR] + 1 + y
        ws.cell(row, 2, year["activities"])
        for k, (target, actual) in enumerate(year["values"]):
            for col, value in ((3 + 2 * k, target), (4 + 2 * k, actual)):
                ws.cell(row, col, value)
    wb.save(path)


def _values(path: Path) -> list[object]:
    sub = read_submission(path, report_year=2022, today=dt.date(2023, 5, 1))
    [p] = sub.projects
    return [(k.name, k.unit, k.direction, k.kind, k.baseline, k.final_target, k.due,
             k.figure_status) for k in p.kpis] + [
        [(o.target.number, o.target.status, o.actual.number, o.actual.status)
         for o in y.observations] for y in p.years]


def _codes(path: Path) -> list[str]:
    sub = read_submission(path, report_year=2022, today=dt.date(2023, 5, 1))
    return sorted(i.code for i in sub.issues)


def test_template_1_0_reads_as_the_current_template(tmp_path):
    glass = seed_projects()[1]
    old, new = tmp_path / "old.xlsx", tmp_path / "new.xlsx"
    fill_old_template(old, glass)
    fill_template(new, glass)
    assert _values(old) == _values(new)
    assert _codes(old) == sorted([*_codes(new), "template-version-old"])


@pytest.fixture(scope="module")
def current_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("current") / "集計ブック.xlsx"
    merge([EXAMPLES], out, options=MergeOptions(report_year=2022,
                                                created=dt.datetime(2023, 5, 1)))
    return out


def test_book_1_0_lacks_the_new_columns_indeed():
    header = next(openpyxl.load_workbook(BOOK_1_0)["集計一覧"].iter_rows(values_only=True))
    assert "進捗率" not in header
    assert "集計対象" not in header
    assert "事業別" not in openpyxl.load_workbook(BOOK_1_0).sheetnames


def test_merge_previous_reads_book_1_0(tmp_path):
    out = tmp_path / "今回.xlsx"
    assert main(["merge", str(EXAMPLES), "-o", str(out), "--year", "2022",
                 "--previous", str(BOOK_1_0)]) == 0
    sheet = openpyxl.load_workbook(out)["前回との差異"]
    assert sheet.cell(2, 2).value == "前回の集計との差異はありません。"


def test_template_from_reads_book_1_0_like_the_current_book(tmp_path, current_book):
    old_dir, new_dir = tmp_path / "old", tmp_path / "new"
    assert main(["template", "--from", str(BOOK_1_0), "-o", str(old_dir)]) == 0
    assert main(["template", "--from", str(current_book), "-o", str(new_dir)]) == 0
    old_files = sorted(p.name for p in old_dir.glob("*.xlsx"))
    assert old_files == sorted(p.name for p in new_dir.glob("*.xlsx"))
    assert old_files
    for name in old_files:
        old = read_submission(old_dir / name, report_year=2023)
        new = read_submission(new_dir / name, report_year=2023)
        assert [(p.name, [(k.name, k.unit, k.kind, k.baseline and k.baseline.number)
                          for k in p.kpis],
                 [[(o.target.number, o.actual.number) for o in y.observations]
                  for y in p.years]) for p in old.projects] == [
            (p.name, [(k.name, k.unit, k.kind, k.baseline and k.baseline.number)
                      for k in p.kpis],
             [[(o.target.number, o.actual.number) for o in y.observations]
              for y in p.years]) for p in new.projects]


def test_publish_book_1_0_gives_the_same_page(tmp_path, current_book):
    import shutil

    old_book = tmp_path / current_book.name  # the same name: the footer names the file
    shutil.copyfile(BOOK_1_0, old_book)
    publish(PublishOptions(old_book, tmp_path / "old", with_attainment=True))
    publish(PublishOptions(current_book, tmp_path / "new", with_attainment=True))
    assert (tmp_path / "old" / "index.html").read_text(encoding="utf-8") == (
        tmp_path / "new" / "index.html").read_text(encoding="utf-8")
    old_csv = (tmp_path / "old" / "kpi.csv").read_text(encoding="utf-8-sig").splitlines()
    assert "進捗率" not in old_csv[0]  # kpi.csv has the workbook's own columns
    assert len(old_csv) == 28
