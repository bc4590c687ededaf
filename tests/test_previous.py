"""merge --previous: changed past figures, renamed KPIs and dropped projects (前回との差異)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import openpyxl
import pytest

from kpi_workbook.cli import main
from kpi_workbook.consolidated.previous import read_consolidated
from kpi_workbook.usecases import read_submission
from kpi_workbook.usecases.merge import MergeOptions, merge

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "submissions"
GLASS = "小野田ガラスのブランド化推進事業"
PPP = "PPPを活用した交流・にぎわい創出事業"
KYOSO = "多世代・異分野地域交流による協創のまちづくり事業"


@pytest.fixture(scope="module")
def last(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("previous") / "R4集計.xlsx"
    merge([EXAMPLES], out, options=MergeOptions(report_year=2022,
                                                created=dt.datetime(2023, 5, 1)))
    return out


def this_year(folder: Path) -> Path:
    """The examples, revised the way departments do: one past actual changed, one KPI
    renamed, and 市民活動推進課 (project ③) not submitted."""
    folder.mkdir()
    for name in ("企画課.xlsx", "商工労働課.xlsx", "観光振興課.xlsx"):
        shutil.copy(EXAMPLES / name, folder / name)
    glass = folder / "商工労働課.xlsx"
    project = read_submission(glass).projects[0]
    wb = openpyxl.load_workbook(glass)
    wb[project.sheet][project.years[1].observations[0].actual.where.cell] = 134_000
    wb.save(glass)
    ppp = folder / "企画課.xlsx"
    project = read_submission(ppp).projects[0]
    wb = openpyxl.load_workbook(ppp)
    wb[project.sheet][project.kpis[1].where.cell] = "観光入込客数"
    wb.save(ppp)
    return folder


def test_read_consolidated_gives_projects_kpis_and_values(last: Path):
    cons = read_consolidated(last)
    assert cons.report_year == 2022
    glass = next(p for p in cons.projects if p.name == GLASS)
    assert (glass.number, glass.department, glass.scope) == (1, "商工労働課", "単市")
    assert (glass.period.start, glass.period.end) == (2020, 2022)
    assert [k.unit for k in glass.kpis] == ["円", "人", "個"]
    target, actual = glass.kpis[0].values[2022]
    assert (target.number, actual.number) == (15_000_000, 10_462_414)
    assert glass.kpis[0].values[2020][0].is_dash
    assert glass.activities[2020].startswith("・ガラスのブランド化")
    assert glass.purpose.startswith("本市の誇る")
    assert len(cons.projects) == 5  # the 広域 projects without KPIs come from their sheets


def test_merge_previous_reports_each_change_through_the_cli(last: Path, tmp_path: Path,
                                                            capsys):
    out = tmp_path / "R5集計.xlsx"
    code = main(["merge", str(this_year(tmp_path / "in")), "-o", str(out), "--year", "2022",
                 "--previous", str(last), "--format", "json"])
    assert code == 0  # differences are warnings: a person asks the department
    issues = [i for i in json.loads(capsys.readouterr().out)["issues"]
              if i["code"].startswith("previous-")]
    assert sorted((i["code"], i["sheet"], i["cell"]) for i in issues) == [
        ("previous-kpi-renamed", "②PPP", "E16"),
        ("previous-project-missing", "集計一覧", None),
        ("previous-value-changed", "①ガラス", "D26"),
    ]
    messages = {i["code"]: i["message"] for i in issues}
    assert messages["previous-value-changed"] == (
        f"事業「{GLASS}」の「ブランド化したガラス商品の販売額」令和3年度の実績値が前回の "
        "134,280 から 134,000 に変わっています。")
    assert messages["previous-kpi-renamed"] == (
        f"事業「{PPP}」の指標名が前回の「観光客数」から「観光入込客数」に変わっています。")
    assert KYOSO in messages["previous-project-missing"]

    rows = list(openpyxl.load_workbook(out)["前回との差異"].iter_rows(values_only=True))
    assert rows[0] == ("種類", "事業名", "担当課", "指標名", "年度", "項目", "前回", "今回",
                       "出典")
    assert sorted(r[:8] for r in rows[1:]) == sorted([
        ("値の変更", GLASS, "商工労働課", "ブランド化したガラス商品の販売額", 2021, "実績値",
         "134,280", "134,000"),
        ("指標名の変更", PPP, "企画課", "観光客数", None, "指標名", "観光客数", "観光入込客数"),
        ("事業の消失", KYOSO, "市民活動推進課", None, None, "事業", KYOSO, None),
    ])
    status = [r[0] for r in openpyxl.load_workbook(out)["提出状況"].iter_rows(values_only=True)]
    assert "R4集計.xlsx" not in status  # the previous workbook is no input file


def test_merge_previous_without_changes(last: Path, tmp_path: Path, capsys):
    out = tmp_path / "same.xlsx"
    assert main(["merge", str(EXAMPLES), "-o", str(out), "--year", "2022",
                 "--previous", str(last)]) == 0
    assert "前回" not in capsys.readouterr().out
    rows = list(openpyxl.load_workbook(out)["前回との差異"].iter_rows(values_only=True))
    assert rows[1][1] == "前回の集計との差異はありません。"


def test_merge_without_previous_has_no_differences_sheet(tmp_path: Path):
    out = tmp_path / "plain.xlsx"
    merge([EXAMPLES], out, options=MergeOptions(report_year=2022))
    assert "前回との差異" not in openpyxl.load_workbook(out).sheetnames


def test_an_actual_filled_in_since_is_no_change(tmp_path: Path, capsys):
    folder = tmp_path / "before"
    folder.mkdir()
    path = folder / "商工労働課.xlsx"
    shutil.copy(EXAMPLES / path.name, path)
    project = read_submission(path).projects[0]
    wb = openpyxl.load_workbook(path)
    wb[project.sheet][project.years[2].observations[0].actual.where.cell] = None
    wb.save(path)
    before = tmp_path / "before.xlsx"
    merge([folder], before, options=MergeOptions(report_year=2021))
    assert main(["merge", str(EXAMPLES / path.name), "-o", str(tmp_path / "now.xlsx"),
                 "--previous", str(before), "--year", "2022", "--format", "json"]) == 0
    issues = json.loads(capsys.readouterr().out)["issues"]
    assert [i for i in issues if i["code"].startswith("previous-")] == []


def test_unreadable_previous_exits_2(tmp_path: Path, capsys):
    bad = tmp_path / "last.xlsx"
    bad.write_bytes(b"not a workbook")
    out = tmp_path / "out.xlsx"
    assert main(["merge", str(EXAMPLES), "-o", str(out), "--previous", str(bad)]) == 2
    assert "last.xlsx" in capsys.readouterr().err
    assert not out.exists()


def test_a_submission_is_no_previous_workbook(tmp_path: Path, capsys):
    out = tmp_path / "out.xlsx"
    assert main(["merge", str(EXAMPLES), "-o", str(out), "--previous",
                 str(EXAMPLES / "企画課.xlsx"), "--lang", "en"]) == 2
    assert "Cannot read the previous consolidated workbook" in capsys.readouterr().err
