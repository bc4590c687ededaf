"""Next year's workbooks (template --from): consolidated → pre-filled → filled → merge.

The round trip: this year's submissions are the examples with every optional field,
baseline and value kind filled in (``tests/test_writer_data.py``); last year's report is
those without their FY2022 actuals, merged for FY2021; ``template --from`` writes each
department's workbook for FY2022; a clerk types the FY2022 actuals into the open cells with
openpyxl; merging those gives exactly this year's merge for FY2022.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pytest

from kpi_workbook.cli import main
from kpi_workbook.consolidated.previous import read_consolidated
from kpi_workbook.departments.prefill import department_file_name, next_report_year
from kpi_workbook.departments.template import PERCENT_FORMAT, TemplateLayout
from kpi_workbook.domain import labels
from kpi_workbook.usecases import read_submission
from kpi_workbook.usecases.merge import MergeOptions, merge
from tests.conftest import fill_template, seed_projects
from tests.test_writer_data import enrich_examples

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "submissions"
CREATED = dt.datetime(2023, 5, 1, 9, 0)
NEW_YEAR = 2022
SEED = seed_projects()
SUMMARY_COLUMNS = ("事業番号", "事業名", "実施区分", "担当課", "指標番号", "指標名", "単位",
                   "目標の方向", "値の種類", "基準値", "年度", "目標値", "実績値", "達成率", "判定")
YEAR_COLUMN = SUMMARY_COLUMNS.index("年度")


def summary_rows(path: Path) -> list[tuple[object, ...]]:
    ws = openpyxl.load_workbook(path, data_only=True)["集計一覧"]
    rows = list(ws.iter_rows(values_only=True))
    col = {h: i for i, h in enumerate(rows[0])}
    return sorted(tuple(r[col[h]] for h in SUMMARY_COLUMNS) for r in rows[1:])


def merged(inputs: Path, out: Path, year: int) -> Path:
    merge([inputs], out, options=MergeOptions(report_year=year, created=CREATED))
    return out


def last_years_submissions(folder: Path, source_folder: Path = EXAMPLES) -> Path:
    """The submissions of ``source_folder`` as they stood a year earlier: no FY2022
    actuals yet."""
    folder.mkdir()
    for source in sorted(source_folder.glob("*.xlsx")):
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
    now = enrich_examples(tmp / "now")
    last = merged(last_years_submissions(tmp / "last", now), tmp / "last.xlsx", NEW_YEAR - 1)
    outdir = tmp / "next"
    outdir.mkdir()
    assert main(["template", "--from", str(last), "-o", str(outdir)]) == 0
    return {"tmp": tmp, "now": now, "last": last, "next": outdir}


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
    expected = merged(round_trip["now"], round_trip["tmp"] / "expected.xlsx", NEW_YEAR)
    assert summary_rows(again) == summary_rows(expected)
    previous_rows = summary_rows(round_trip["last"])
    assert [r for r in summary_rows(again) if r[YEAR_COLUMN] != NEW_YEAR] == [
        r for r in previous_rows if r[YEAR_COLUMN] != NEW_YEAR]
    # Header block, KPI attributes and activities come through with nothing retyped.
    def projects(folder: Path) -> list[tuple[object, ...]]:
        return sorted((p.number, p.name, p.scope, p.period, p.department, p.purpose,
                       p.cost, p.grant, p.effect, p.policy, p.assessment,
                       [(k.index, k.name, k.unit, k.direction, k.kind,
                         k.baseline and (k.baseline.status, k.baseline.number))
                        for k in p.kpis],
                       [y.activities for y in p.years])
                      for f in sorted(folder.glob("*.xlsx"))
                      for p in read_submission(f).projects)
    assert projects(outdir) == projects(round_trip["now"])
    carried = [p for f in sorted(outdir.glob("*.xlsx")) for p in read_submission(f).projects]
    assert any(p.cost and p.grant and p.effect and p.policy and p.assessment for p in carried)
    assert any(k.baseline is not None and k.baseline.is_number for p in carried
               for k in p.kpis)


def test_template_from_leaves_out_projects_with_nothing_left_to_report(tmp_path: Path):
    last = merged(EXAMPLES, tmp_path / "last.xlsx", NEW_YEAR)
    outdir = tmp_path / "next"
    outdir.mkdir()
    assert main(["template", "--from", str(last), "-o", str(outdir)]) == 0
    # ①–③ ended in FY2022 with every actual in; the 広域 ④ and ⑤ go on in FY2023.
    assert sorted(p.name for p in outdir.iterdir()) == ["商工労働課.xlsx", "観光振興課.xlsx"]
    (project,) = read_submission(outdir / "商工労働課.xlsx").projects
    assert project.number == 4


def test_template_from_never_overwrites_its_source_and_says_so(tmp_path: Path, capsys):
    """The consolidated workbook saved under a department's file name in OUTDIR: refused
    (exit 2) with words about the workbook being read, and left as it was."""
    outdir = tmp_path / "next"
    outdir.mkdir()
    last = merged(EXAMPLES, outdir / "商工労働課.xlsx", NEW_YEAR)
    before = last.read_bytes()
    assert main(["template", "--from", str(last), "-o", str(outdir)]) == 2
    err = capsys.readouterr().err
    assert "読み込む集計ブックそのもの" in err
    assert "提出ブック" not in err
    assert last.read_bytes() == before


def test_template_from_unreadable_source_exits_2(tmp_path: Path, capsys):
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"nope")
    assert main(["template", "--from", str(bad), "-o", str(tmp_path)]) == 2
    assert "bad.xlsx" in capsys.readouterr().err


def test_template_from_creates_a_missing_folder(tmp_path: Path, capsys):
    last = merged(EXAMPLES, tmp_path / "last.xlsx", NEW_YEAR)
    outdir = tmp_path / "none" / "次年度"
    assert main(["template", "--from", str(last), "-o", str(outdir)]) == 0
    assert sorted(p.name for p in outdir.iterdir())
    assert "none" in capsys.readouterr().out


def test_template_from_uncreatable_folder_exits_2_naming_it(tmp_path: Path, capsys):
    last = merged(EXAMPLES, tmp_path / "last.xlsx", NEW_YEAR)
    blocker = tmp_path / "blocker"
    blocker.write_text("")
    assert main(["template", "--from", str(last), "-o", str(blocker / "次年度")]) == 2
    err = capsys.readouterr().err
    assert f"出力先のフォルダ {blocker / '次年度'} を作成できない" in err


def test_prefill_baselines_percent_dash_and_unreadable(tmp_path: Path):
    from kpi_workbook.consolidated.previous import PastKpi, PastProject, PastValue
    from kpi_workbook.departments.prefill import build_department_workbook, plan_project
    from kpi_workbook.departments.template import save_workbook
    from kpi_workbook.domain.model import Direction, Period, ValueKind

    kpis = [PastKpi("市内就職率", "%", Direction.INCREASE, {2020: (PastValue(0.1), PastValue())},
                    index=1, kind=ValueKind.LEVEL, baseline=PastValue(0.054)),
            PastKpi("来客数", "人", values={2020: (PastValue(100), PastValue(90))}, index=2,
                    baseline=PastValue(text="-")),
            PastKpi("件数", "件", values={2020: (PastValue(5), PastValue(6))}, index=3,
                    baseline=PastValue(text="集計中"))]
    past = PastProject(7, "就職支援事業", "単市", "商工労働課", Period(2020, 2021), "目的",
                       kpis, {2020: "・説明会"}, cost=1_500_000.5, policy="事業の継続")
    plan = plan_project(past, 2021)
    path = tmp_path / "商工労働課.xlsx"
    save_workbook(build_department_workbook([plan]), path)
    sub = read_submission(path, report_year=2020)
    # only the values this made-up project never had are missing; the baselines read clean
    assert {i.code for i in sub.issues} <= {"actual-missing", "target-missing"}
    (project,) = sub.projects
    assert (project.cost, project.policy) == (1_500_000.5, "事業の継続")
    assert [k.kind for k in project.kpis] == [ValueKind.LEVEL, ValueKind.SINGLE_YEAR,
                                              ValueKind.SINGLE_YEAR]
    assert project.kpis[2].baseline is None or project.kpis[2].baseline.number is None
    assert project.kpis[0].baseline.number == pytest.approx(0.054)
    assert project.kpis[1].baseline.raw == "-"
    ws = openpyxl.load_workbook(path)[project.sheet]
    unreadable = plan.layout.cell(plan.layout.attribute_row("基準値"), plan.layout.kpi_col(3))
    assert ws[unreadable].value is None
    assert ws[unreadable].protection.locked is False  # asked for again
    reported = plan.layout.cell(plan.layout.attribute_row("基準値"), plan.layout.kpi_col(1))
    assert ws[reported].protection.locked is True


def test_prefilled_new_rows_are_open_and_the_final_target_carried(tmp_path: Path):
    """Next year's workbook asks again for 公表予定 and 速報・確定 (they are the new
    year's), keeps 最終目標値 and 基準値 read-only, and offers the lists and input help."""
    from kpi_workbook.domain.model import ValueKind

    project = dict(seed_projects()[1])
    project["kpis"] = [dict(k) for k in project["kpis"]]
    project["kpis"][1].update(kind="増加分", baseline=12_000, final_target=14_000,
                              due="R4.5", status="速報")
    project["years"] = [dict(y, values=[list(v) for v in y["values"]])
                        for y in project["years"]]
    for y, increase in zip(project["years"], (600, 700, 700), strict=True):
        y["values"][1] = [increase, increase]
    (tmp_path / "last").mkdir()
    fill_template(tmp_path / "last" / "商工労働課.xlsx", {**project, "period_end": 2023})
    last = merged(tmp_path / "last", tmp_path / "last.xlsx", 2022)
    assert main(["template", "--from", str(last), "-o", str(tmp_path / "next")]) == 0
    path = tmp_path / "next" / "商工労働課.xlsx"
    (glass,) = read_submission(path, report_year=2022).projects
    kpi = glass.kpis[1]
    assert (kpi.kind, kpi.final_target.number, kpi.baseline.number) == (
        ValueKind.INCREMENT, 14_000, 12_000)
    assert (kpi.due, kpi.figure_status) == (None, None)  # asked for again
    ws = openpyxl.load_workbook(path)[glass.sheet]
    lay = TemplateLayout(year_count=4)
    for label, locked in ((labels.DUE, False), (labels.FIGURE_STATUS, False),
                          (labels.FINAL_TARGET, True), (labels.BASELINE, True)):
        cell = ws.cell(lay.attribute_row(label), lay.kpi_col(2))
        assert cell.protection.locked is locked, label
    status = lay.cell(lay.attribute_row(labels.FIGURE_STATUS), lay.kpi_col(2))
    assert any(status in dv.sqref and dv.formula1 == '"速報,確定"'
               for dv in ws.data_validations.dataValidation)
