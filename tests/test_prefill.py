"""Next year's workbooks (template --from): consolidated → pre-filled → filled → merge.

The round trip: last year's report is the examples without their FY2022 actuals, merged
for FY2021; ``template --from`` writes each department's workbook for FY2022; a clerk types
the FY2022 actuals into the open cells with openpyxl; merging those gives exactly the
examples' merge for FY2022.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pytest

from kpi_workbook.cli import main
from kpi_workbook.merge import MergeOptions, merge
from kpi_workbook.prefill import department_file_name, next_report_year
from kpi_workbook.previous import read_consolidated
from kpi_workbook.reader import read_submission
from kpi_workbook.template import PERCENT_FORMAT
from tests.conftest import seed_projects

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "submissions"
CREATED = dt.datetime(2023, 5, 1, 9, 0)
NEW_YEAR = 2022
SEED = seed_projects()
SUMMARY_COLUMNS = ("事業番号", "事業名", "実施区分", "担当課", "指標名", "単位", "目標の方向",
                   "年度", "目標値", "実績値", "達成率", "判定")


def summary_rows(path: Path) -> list[tuple[object, ...]]:
    ws = openpyxl.load_workbook(path, data_only=True)["集計一覧"]
    rows = list(ws.iter_rows(values_only=True))
    col = {h: i for i, h in enumerate(rows[0])}
    return sorted(tuple(r[col[h]] for h in SUMMARY_COLUMNS) for r in rows[1:])


def merged(inputs: Path, out: Path, year: int) -> Path:
    merge([inputs], out, options=MergeOptions(report_year=year, created=CREATED))
    return out


def last_years_submissions(folder: Path) -> Path:
    """The examples as they stood a year earlier: no FY2022 actuals yet."""
    folder.mkdir()
    for source in sorted(EXAMPLES.glob("*.xlsx")):
        path = folder / source.name
        shutil.copy(source, path)
        wb = openpyxl.load_workbook(path)
        for project in read_submission(path).projects:
            for year in project.years:
                if year.fiscal_year == NEW_YEAR:
                    for obs in year.observations:
                        wb[project.sheet][obs.actual.where.cell] = None
        wb.save(path)
    return folder


def type_new_actuals(path: Path) -> list[str]:
    """A clerk types the FY2022 actuals of the seed into the open cells; returns them."""
    wb = openpyxl.load_workbook(path)
    typed: list[str] = []
    for project in read_submission(path).projects:
        ws = wb[project.sheet]
        seed = SEED[project.number]
        for ordinal, year in enumerate(project.years):
            if year.fiscal_year != NEW_YEAR:
                continue
            for k, obs in enumerate(year.observations):
                value = seed["years"][ordinal]["values"][k][1]
                cell = ws[obs.actual.where.cell]
                assert cell.protection.locked is False, (project.sheet, cell.coordinate)
                cell.value = value
                if seed["kpis"][k]["unit"] == "%" and isinstance(value, float):
                    cell.number_format = PERCENT_FORMAT
                typed.append(f"{project.sheet}!{cell.coordinate}")
    wb.save(path)
    return typed


@pytest.fixture(scope="module")
def round_trip(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("prefill")
    last = merged(last_years_submissions(tmp / "last"), tmp / "last.xlsx", NEW_YEAR - 1)
    outdir = tmp / "next"
    outdir.mkdir()
    assert main(["template", "--from", str(last), "-o", str(outdir)]) == 0
    return {"tmp": tmp, "last": last, "next": outdir}


def test_template_from_writes_one_workbook_per_department(round_trip):
    assert sorted(p.name for p in round_trip["next"].iterdir()) == sorted(
        department_file_name(d) for d in ("企画課", "商工労働課", "市民活動推進課", "観光振興課"))
    assert next_report_year(read_consolidated(round_trip["last"])) == NEW_YEAR


def test_prefilled_workbooks_read_without_problems(round_trip):
    for path in sorted(round_trip["next"].iterdir()):
        sub = read_submission(path, report_year=NEW_YEAR - 1)
        assert [i.code for i in sub.issues] == [], path.name


def test_prefilled_cells_are_locked_and_only_new_actuals_open(round_trip):
    path = round_trip["next"] / "商工労働課.xlsx"
    (glass, _) = read_submission(path).projects
    ws = openpyxl.load_workbook(path)[glass.sheet]
    assert ws.protection.sheet is True
    year3 = glass.years[2]
    assert year3.fiscal_year == NEW_YEAR
    for obs in year3.observations:
        assert ws[obs.target.where.cell].protection.locked is True
        assert ws[obs.actual.where.cell].protection.locked is False
        assert ws[obs.actual.where.cell].value is None
    for obs in glass.years[1].observations:
        assert ws[obs.actual.where.cell].protection.locked is True
    assert glass.years[1].observations[0].actual.number == 134_280
    for kpi in glass.kpis:
        assert ws[kpi.where.cell].protection.locked is True
    assert ws[year3.where.cell.replace("A", "B")].protection.locked is False  # 事業内容


def test_round_trip_gives_last_years_values_plus_the_new_year(round_trip):
    outdir = round_trip["next"]
    typed = [c for path in sorted(outdir.iterdir()) for c in type_new_actuals(path)]
    assert len(typed) == 9  # three KPIs of ①, ② and ③ in FY2022
    again = merged(outdir, round_trip["tmp"] / "again.xlsx", NEW_YEAR)
    expected = merged(EXAMPLES, round_trip["tmp"] / "expected.xlsx", NEW_YEAR)
    assert summary_rows(again) == summary_rows(expected)
    previous_rows = summary_rows(round_trip["last"])
    assert [r for r in summary_rows(again) if r[7] != NEW_YEAR] == [
        r for r in previous_rows if r[7] != NEW_YEAR]
    # Header block and activities come through with nothing retyped.
    def projects(folder: Path) -> list[tuple[object, ...]]:
        return sorted((p.number, p.name, p.scope, p.period, p.department, p.purpose,
                       [y.activities for y in p.years])
                      for f in sorted(folder.glob("*.xlsx"))
                      for p in read_submission(f).projects)
    assert projects(outdir) == projects(EXAMPLES)


def test_template_from_leaves_out_projects_with_nothing_left_to_report(tmp_path: Path):
    last = merged(EXAMPLES, tmp_path / "last.xlsx", NEW_YEAR)
    outdir = tmp_path / "next"
    outdir.mkdir()
    assert main(["template", "--from", str(last), "-o", str(outdir)]) == 0
    # ①–③ ended in FY2022 with every actual in; the 広域 ④ and ⑤ go on in FY2023.
    assert sorted(p.name for p in outdir.iterdir()) == ["商工労働課.xlsx", "観光振興課.xlsx"]
    (project,) = read_submission(outdir / "商工労働課.xlsx").projects
    assert project.number == 4


def test_template_from_unreadable_source_exits_2(tmp_path: Path, capsys):
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"nope")
    assert main(["template", "--from", str(bad), "-o", str(tmp_path)]) == 2
    assert "bad.xlsx" in capsys.readouterr().err


def test_template_from_needs_an_existing_folder(tmp_path: Path, capsys):
    last = merged(EXAMPLES, tmp_path / "last.xlsx", NEW_YEAR)
    assert main(["template", "--from", str(last), "-o", str(tmp_path / "none")]) == 2
    assert "none" in capsys.readouterr().err
