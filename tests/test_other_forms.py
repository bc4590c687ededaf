"""Other cities' forms (issue 21.1, families B and C; shared notes L6, L10, L14) and a
user's own profile file for a form no built-in profile knows, each read through the
command line with ``--profile auto`` (or the file) and merged."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from kpi_workbook.domain.model import FigureStatus, Project, ValueKind, ValueStatus
from kpi_workbook.usecases import CheckOptions, check
from tests.other_forms import write_aya, write_tomioka, write_tsukuba


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kpi_workbook", *args], capture_output=True,
                          text=True, encoding="utf-8", check=False, timeout=300)


def _read(path: Path, profile: str = "auto", year: int = 2016,
          ) -> tuple[list[Project], list[Any], str]:
    result = check([path], CheckOptions(report_year=year, profile=profile))
    (sub,) = result.submissions
    return sub.projects, result.issues, sub.profile


def _values(project: Project) -> list[tuple[Any, ...]]:
    return [(y.fiscal_year, [(o.target.number, o.actual.number) for o in y.observations])
            for y in project.years]


# --- family B: a sheet per project ----------------------------------------------------------

def test_tsukuba_sheets_read_as_per_project(tmp_path: Path) -> None:
    projects, issues, profile = _read(write_tsukuba(tmp_path / "つくば市.xlsx"))
    assert profile == "per-project"
    kakutei, sokuho = projects
    assert [p.number for p in projects] == [1, 2]  # by sheet: no 事業番号 on the form
    assert kakutei.name == "つくばの資源(文化・芸術・スポーツ・科学技術等)をいかした地域活性化事業"
    assert kakutei.grant == 550_000
    assert kakutei.actual_cost == 524_700
    assert kakutei.period is not None
    assert kakutei.period.label() == "平成27年度～平成27年度"
    (kpi,) = kakutei.kpis
    assert kpi.unit == "人"  # from 「200 (人) 平成27年10月」
    assert kpi.figure_status is FigureStatus.FINAL  # H27数値確定の時期: 確定
    assert _values(kakutei) == [(2015, [(200, 282)])]
    assessment = kakutei.assessment or ""
    for kept in ("有効性: 高:成果が向上(高水準を維持)している",
                 "総合評価: A:成果を維持して継続実施",
                 "実績値の計算方法: イベント来場者を受付時により計測。", "国費充当額: 522,500 円",
                 "不用額: 無し"):
        assert kept in assessment
    # 速報版: 190 万人 (×10,000), actual 「-」 due H29.5 → 未公表 until then, not missing
    (kpi,) = sokuho.kpis
    assert kpi.unit == "人"
    assert _values(sokuho) == [(2016, [(1_900_000, None)])]
    assert sokuho.years[0].observations[0].actual.status is ValueStatus.NOT_APPLICABLE
    assert kpi.due is not None
    assert kpi.due.label() == "2017年5月"
    codes = {(i.code, i.where.sheet) for i in issues}
    assert ("actual-unpublished-overdue", "加速化交付金") in codes  # 2017-05 has passed
    assert not any(i.code == "actual-missing" for i in issues)
    assert "連携自治体: つくば市、土浦市" in (sokuho.assessment or "")


# --- family C: column tables ----------------------------------------------------------------

def test_tomioka_named_and_stacked_cells(tmp_path: Path) -> None:
    projects, issues, profile = _read(write_tomioka(tmp_path / "富岡市.xlsx"), year=2015)
    assert profile == "column-table"
    tourism, vacancy, intern = projects
    assert (tourism.name, tourism.department) == ("観光情報発信事業", "観光おもてなし課")
    # 「ホームページアクセス数100万件」: the name before the figure; 「0万件」 = 0
    assert [(k.name, k.unit) for k in tourism.kpis] == [("ホームページアクセス数", "件")]
    assert _values(tourism) == [(2015, [(1_000_000, 0)])]
    # two KPIs stacked in one cell, split at the line break
    assert [k.name for k in vacancy.kpis] == ["空き家台帳のデータ整理", "ホームページアクセス数"]
    assert _values(vacancy) == [(2015, [(500, 733), (800, 3464)])]
    assert [(k.name, k.unit) for k in intern.kpis] == [("インターン受入", "人")]
    assert _values(intern) == [(2015, [(30, 9)])]
    assert "総合戦略の位置付: 施策Ⅱ-4 交流による地域づくりを進めるための体制づくり" in (
        tourism.assessment or "")
    assert not [i for i in issues if i.severity.value == "error"]


def test_tomioka_columns_in_another_order_read_the_same(tmp_path: Path) -> None:
    plain, _, _ = _read(write_tomioka(tmp_path / "a.xlsx"), year=2015)
    moved, _, _ = _read(write_tomioka(tmp_path / "b.xlsx", order=(6, 1, 0, 5, 4, 3, 2)),
                        year=2015)
    assert [(p.number, p.name, p.department, _values(p)) for p in moved] == [
        (p.number, p.name, p.department, _values(p)) for p in plain]


def test_aya_years_as_columns_in_man(tmp_path: Path) -> None:
    (project,), issues, profile = _read(write_aya(tmp_path / "綾町.xlsx"), year=2016)
    assert profile == "column-table"
    assert project.department == "企画財政課"
    (kpi,) = project.kpis
    assert (kpi.name, kpi.unit) == ("観光入込客数の増加（fixture）", "人")
    assert project.period is not None
    assert project.period.label() == "平成27年度～令和元年度"
    assert _values(project) == [
        (2015, [(900_000, 968_000)]), (2016, [(920_000, 986_000)]),
        (2017, [(940_000, None)]), (2018, [(960_000, None)]), (2019, [(980_000, None)])]
    # only the ended years' empty actuals are missing (report year 2016: none)
    assert not [i for i in issues if i.code == "actual-missing"]


# --- a form no built-in profile knows: the user's own profile file ---------------------------

OWN_PROFILE = '''\
# 当町の「KPI 進捗管理表」: 1 行 1 指標、事業名は結合セル、基準値と目標値に年度を添える
[profile]
name = "own-progress"
title = "当町のKPI進捗管理表"
layout = "table"
detect = ["施策・事業", "評価指標"]
required = ["name", "department"]

[columns]
number = ["番号"]
name = ["施策・事業"]
department = ["所管課"]
kpi_name = ["評価指標"]
baseline = ["基準値"]
target = ["目標値"]
year = ["実績の年度"]
actual = ["実績値"]
effect = ["評価"]
policy = ["今後の取組方針"]

[vocabulary.effect]
"効果があった" = "地方創生に効果があった"

[vocabulary.policy]
"現状のまま継続" = "事業の継続"
'''


def _own_form(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "進捗管理"
    ws["A1"] = "KPI 進捗管理表（令和5年度）"
    head = ["番号", "施策・事業", "所管課", "評価指標", "基準値", "目標値", "実績の年度",
            "実績値", "評価", "今後の取組方針"]
    for col, text in enumerate(head, start=1):
        ws.cell(3, col, text)
    rows = [
        [1, "移住定住促進事業", "企画課", "移住相談件数", "39件 (2019年度)",
         "270件 (2021~2026年度累計)", "R5", "150件", "効果があった", "現状のまま継続"],
        [None, None, None, "移住者数", "12人 (2019年度)", "60人 (2021~2026年度累計)", "R5",
         "41名", None, None],
        [2, "子育て応援事業", "こども課", "出生数", "96人", "100人", "R5", "88人",
         "効果があった", "現状のまま継続"],
    ]
    for r, row in enumerate(rows, start=4):
        for col, value in enumerate(row, start=1):
            if value is not None:
                ws.cell(r, col, value)
    ws.merge_cells("A4:A5")
    ws.merge_cells("B4:B5")
    ws.merge_cells("C4:C5")
    wb.save(path)
    return path


def test_a_users_own_profile_reads_a_form_no_built_in_one_knows(tmp_path: Path) -> None:
    book = _own_form(tmp_path / "当町.xlsx")
    # no built-in profile knows it
    auto = json.loads(_run("check", str(book), "--profile", "auto", "--format", "json").stdout)
    assert [i["code"] for i in auto["issues"]] == ["profile-not-detected"]
    own = tmp_path / "当町の様式.toml"
    own.write_text(OWN_PROFILE, encoding="utf-8")
    run = _run("check", str(book), "--profile", str(own), "--year", "2023", "--format",
               "json")
    assert "Traceback" not in run.stderr
    document = json.loads(run.stdout)
    assert document["summary"]["projects"] == 2
    assert not [i for i in document["issues"] if i["severity"] == "error"]
    projects, issues, profile = _read(book, profile=str(own), year=2023)
    assert profile == "own-progress"
    move, children = projects
    assert (move.name, move.department) == ("移住定住促進事業", "企画課")
    consult, movers = move.kpis
    # 「39件 (2019年度)」: the baseline with its year; 「270件 (2021~2026年度累計)」 a target
    # over a span, so the KPI is cumulative
    assert consult.baseline is not None
    assert consult.baseline.number == 39
    assert consult.kind is ValueKind.CUMULATIVE
    assert movers.unit == "人"
    assert _values(move) == [(2023, [(270, 150), (60, 41)])]  # 「41名」: 名 = 人
    assert [c for c in (i.code for i in issues) if c == "value-year-noted"]
    assert move.effect == "効果があった"  # typed; the profile's wording of a choice
    variants = [i for i in issues if i.code == "header-field-variant"]
    assert {i.params["choice"] for i in variants} == {"地方創生に効果があった", "事業の継続"}
    assert children.kpis[0].kind is ValueKind.SINGLE_YEAR


@pytest.mark.parametrize("writer", [write_tsukuba, write_tomioka, write_aya])
def test_each_form_merges_through_the_cli_with_auto(tmp_path: Path, writer: Any) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    writer(folder / "提出.xlsx")
    out = tmp_path / "集計.xlsx"
    run = _run("merge", str(folder), "-o", str(out), "--profile", "auto", "--year", "2016")
    assert "Traceback" not in run.stderr
    assert run.returncode in (0, 1), run.stderr
    assert out.exists()
    wb = openpyxl.load_workbook(out)
    table = list(wb["集計一覧"].iter_rows(values_only=True))
    rows = [dict(zip(table[0], r, strict=True)) for r in table[1:] if any(r)]
    assert rows
    assert all(r["出典"].startswith("提出.xlsx!") for r in rows)


def test_own_form_merges_and_keeps_its_cells_as_sources(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    _own_form(folder / "当町.xlsx")
    own = tmp_path / "当町の様式.toml"
    own.write_text(OWN_PROFILE, encoding="utf-8")
    out = tmp_path / "集計.xlsx"
    run = _run("merge", str(folder), "-o", str(out), "--profile", str(own), "--year", "2023")
    assert run.returncode == 0, run.stdout + run.stderr
    wb = openpyxl.load_workbook(out)
    table = list(wb["集計一覧"].iter_rows(values_only=True))
    rows = [dict(zip(table[0], r, strict=True)) for r in table[1:] if any(r)]
    assert [(r["事業名"], r["指標名"], r["目標値"], r["実績値"], r["出典"]) for r in rows] == [
        ("移住定住促進事業", "移住相談件数", 270, 150, "当町.xlsx!進捗管理!F4,H4"),
        ("移住定住促進事業", "移住者数", 60, 41, "当町.xlsx!進捗管理!F5,H5"),
        ("子育て応援事業", "出生数", 100, 88, "当町.xlsx!進捗管理!F6,H6")]
