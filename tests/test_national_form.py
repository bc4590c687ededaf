"""The national 事業実施結果報告 form (様式2), read through the command line with
``--profile auto`` and merged (issue 21.1; shared notes L1 玉東町, L3 南九州市)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from kpi_workbook.cli import main
from kpi_workbook.domain import choices as C
from kpi_workbook.domain.model import Project, ValueStatus
from kpi_workbook.domain.national_report import check_digit
from kpi_workbook.usecases import CheckOptions, check
from tests.other_forms import (
    L1_PROJECTS,
    NATIONAL_COLUMNS,
    write_minamikyushu,
    write_national,
)


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    """The command line in its own process: what a clerk's terminal shows."""
    return subprocess.run([sys.executable, "-m", "kpi_workbook", *args], capture_output=True,
                          text=True, encoding="utf-8", check=False, timeout=300)


def _projects(path: Path, profile: str = "auto") -> tuple[list[Project], list[Any]]:
    result = check([path], CheckOptions(report_year=2015, profile=profile))
    return [p for s in result.submissions for p in s.projects], result.issues


def test_gyokuto_reads_as_the_national_form_through_the_cli(tmp_path: Path) -> None:
    book = write_national(tmp_path / "玉東町_様式2.xlsx")
    run = _run("check", str(book), "--profile", "auto", "--year", "2015", "--format", "json")
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr
    document = json.loads(run.stdout)
    detected = [i for i in document["issues"] if i["code"] == "profile-detected"]
    assert [i["message"] for i in detected] == [
        "様式「国の事業実施結果報告（様式2）」として読みました（見出しから判別、--profile auto）。"]
    assert document["summary"]["projects"] == 5
    text = _run("check", str(book), "--profile", "auto", "--year", "2015")
    assert "様式「国の事業実施結果報告（様式2）」として読みました" in text.stdout  # without -v


def test_gyokuto_values_as_the_notes_say_they_must_read(tmp_path: Path) -> None:
    result = check([write_national(tmp_path / "玉東町.xlsx")],
                   CheckOptions(report_year=2015, profile="auto"))
    (sub,) = result.submissions
    projects, issues = sub.projects, result.issues
    # who reports, as the form's header block says (the 5-digit code, no check digit)
    assert sub.form_header == {"prefecture": "熊本県", "municipality": "玉東町",
                               "municipality_code": "43364"}
    assert check_digit(sub.form_header["municipality_code"]) == "1"  # 433641
    first = projects[0]
    # a project without KPI still carries its 評価 and 方針
    assert (first.number, first.name, first.kpis) == (1, "玉東町総合戦略策定事業", [])
    assert first.grant_kind == "基礎交付"
    assert first.actual_cost == 2_673_000
    assert first.department == "総務課"  # 担当部局課名 above the table
    assert first.policy == "予定通り事業終了"  # kept as typed …
    assert C.POLICY.canonical(first.policy) == "事業の終了"  # … read as the choice
    assert first.assessment is not None
    assert "事業の評価: 総合戦略のKPI達成に有効であった" in first.assessment
    opinion = "外部有識者からの意見: 予定どおり総合戦略が策定されたため特に意見なし"
    assert opinion in first.assessment
    assert first.policy_reason == "本事業により総合戦略を策定し、当初の予定どおり事業を終了した。"
    # 目標年月 H28.3 = 2016-03, the end of FY2015: a date, not a 年度 label
    births = projects[4]
    assert [k.name for k in births.kpis] == ["出生数前年比増", "第3子以降の出生数前年比増"]
    assert [k.unit for k in births.kpis] == ["人", "世帯"]
    assert [y.fiscal_year for y in births.years] == [2015]
    (year,) = births.years
    assert [(o.target.number, o.actual.number) for o in year.observations] == [(3, 11), (1, 1)]
    assert births.effect == "地方創生に非常に効果的であった"
    # the second KPI line's 事業効果 is kept, not lost
    assert "事業効果（第3子以降の出生数前年比増）: 地方創生に相当程度効果があった" in (
        births.assessment or "")
    dates = [i for i in issues if i.code == "target-date-read"]
    assert dates
    assert dates[0].message("ja").endswith("「H28.3」を 2016-03（平成27年度）として読みました。")
    sales = projects[3]
    assert sales.kpis[0].name == "全国的な販路拡大"
    assert sales.years[0].observations[0].target.number == 9000  # 「9,000」 as typed text
    # no 事業目的 column on this form: no warning for it
    assert not [i for i in issues if i.code == "purpose-missing"]
    # actuals left empty for the ended year are reported, at their cells
    missing = sorted(i.where.cell for i in issues if i.code == "actual-missing")
    assert missing == ["J18", "J19", "J23", "J28"]


def test_minamikyushu_without_date_and_expert_columns(tmp_path: Path) -> None:
    projects, issues = _projects(write_minamikyushu(tmp_path / "南九州市.xlsx"))
    # the choice lists printed below the table are no projects
    assert [p.name for p in projects] == ["南九州市総合戦略策定事業",
                                          "6次産業化等による持続可能な地域活性化事業"]
    first, second = projects
    assert first.actual_cost == 6_161_000
    assert second.actual_cost == 19_465_000
    assert first.purpose.startswith("国の長期ビジョンと総合戦略を勘案するとともに県と連携し,")
    assert "," in first.purpose  # the full-width comma kept as typed
    # the 4th 事業効果 without 「対して」 is the canonical level 4
    assert second.effect == "地方創生に効果がなかった"
    assert C.EFFECT.canonical(second.effect) == C.EFFECT.choices[3]
    assert C.POLICY.canonical(second.policy) == "事業の見直し"
    # no 目標年月: the KPI's year cannot be known, and the tool says so
    assert [i.where.cell for i in issues if i.code == "kpi-year-unknown"] == ["E12"]


VARIATION = (  # 目標月 for 目標年月, 担当課 and 備考 columns, the columns in another order
    (None, "No"), (None, "交付対象事業の名称"), (None, "担当課"),
    ("本事業における重要業績評価指標(KPI)", "指標"),
    ("本事業における重要業績評価指標(KPI)", "目標月"),
    ("本事業における重要業績評価指標(KPI)", "指標値"),
    ("本事業における重要業績評価指標(KPI)", "単位"),
    ("本事業終了後における実績値", "実績値"), ("本事業終了後における実績値", "事業効果"),
    (None, "今後の方針"), (None, "今後の方針の理由"), (None, "備考"), (None, "交付金の種類"),
    (None, "実績額"),
)


@pytest.mark.parametrize("one_row", [False, True])
def test_a_variation_reads_to_the_same_values(tmp_path: Path, one_row: bool) -> None:
    projects = [dict(p, 担当課="企画財政課", 備考="（備考は読まない）") for p in L1_PROJECTS]
    book = write_national(tmp_path / "様式2_別版.xlsx", projects=projects, columns=VARIATION,
                          one_row_header=one_row, header_block=())
    read, _ = _projects(book)
    original, _ = _projects(write_national(tmp_path / "玉東町.xlsx"))
    assert len(read) == len(original) == 5

    def values(p: Project) -> tuple[Any, ...]:
        return (p.number, p.name, p.policy, p.grant_kind, p.actual_cost,
                [(k.name, k.unit) for k in p.kpis],
                [(y.fiscal_year, [(o.target.number, o.actual.number) for o in y.observations])
                 for y in p.years])

    assert [values(p) for p in read] == [values(p) for p in original]
    assert {p.department for p in read} == {"企画財政課"}
    assert all("備考" not in (p.assessment or "") for p in read)


def _two_values_book(tmp_path: Path) -> Path:
    projects = [{"No": 1, "名称": "研修事業（fixture）", "種類": "基礎交付", "実績額": 100000,
                 "lines": [("研修会の開催回数・参加者数", "200・4,000", "回・人", "H28.3",
                            "180・3,900", None)]}]
    return write_national(tmp_path / "二つの値.xlsx", projects=projects)


def test_two_values_in_one_cell_are_two_kpis_when_the_profile_says_so(tmp_path: Path,
                                                                     ) -> None:
    (project,), issues = _projects(_two_values_book(tmp_path))
    assert [(k.name, k.unit) for k in project.kpis] == [("研修会の開催回数", "回"),
                                                         ("参加者数", "人")]
    (year,) = project.years
    assert [(o.target.number, o.actual.number) for o in year.observations] == [
        (200, 180), (4000, 3900)]
    assert not [i for i in issues if i.code == "value-two-values"]


def test_two_values_without_a_split_rule_is_an_error_naming_the_cell(tmp_path: Path) -> None:
    from kpi_workbook.reading.profiles import builtin_text

    text = builtin_text("national").replace('split = "・"', "")
    own = tmp_path / "分けない様式.toml"
    own.write_text(text, encoding="utf-8")
    (project,), issues = _projects(_two_values_book(tmp_path), profile=str(own))
    errors = [(i.code, i.where.cell) for i in issues if i.code == "value-two-values"]
    assert errors == [("value-two-values", "G13"), ("value-two-values", "J13")]
    (year,) = project.years
    (obs,) = year.observations
    assert obs.target.status is ValueStatus.INVALID  # never one number
    assert obs.target.raw == "200・4,000"


def test_national_forms_merge_with_auto(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    write_national(tmp_path / "in" / "玉東町.xlsx")
    out = tmp_path / "集計.xlsx"
    run = _run("merge", str(tmp_path / "in"), "-o", str(out), "--profile", "auto",
               "--year", "2015")
    assert "Traceback" not in run.stderr
    assert run.returncode == 0, run.stderr
    wb = openpyxl.load_workbook(out)
    table = list(wb["集計一覧"].iter_rows(values_only=True))
    head = table[0]
    rows = [dict(zip(head, r, strict=True)) for r in table[1:] if any(r)]
    # one row per project × KPI × year: 2 + 1 + 1 + 2 KPIs in FY2015
    assert [(r["事業番号"], r["指標名"], r["年度"], r["目標値"], r["実績値"]) for r in rows] == [
        (2, "おためし暮らし利用件数", 2015, 2, None), (2, "移住希望者の雇用", 2015, 1, None),
        (3, "失業者の雇用", 2015, 3, None), (4, "全国的な販路拡大", 2015, 9000, None),
        (5, "出生数前年比増", 2015, 3, 11), (5, "第3子以降の出生数前年比増", 2015, 1, 1)]
    assert rows[0]["出典"] == "玉東町.xlsx!様式2!G18,J18"  # the cells the profile read
    assert len([s for s in wb.sheetnames if s[0] in "①②③④⑤"]) == 5
    # 国への報告 is written back in the State's form from what the profile read
    report = [list(r) for r in wb["国への報告"].iter_rows(values_only=True)]
    births = next(r for r in report if "出生数前年比増" in r)
    assert births[births.index("出生数前年比増") + 1:][:4] == [3, "人", "H28.3", 11]


def test_the_official_profile_on_a_national_form_says_no_project_sheet(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    book = write_national(tmp_path / "玉東町.xlsx")
    assert main(["check", str(book)]) == 1
    assert "事業シートが見つかりません" in capsys.readouterr().out
    assert main(["check", str(book), "--profile", "per-project"]) == 1
    assert "様式「事業ごとのシート（実績評価シート）」のシートが見つかりません" in (
        capsys.readouterr().out)


def test_nothing_known_is_an_error_naming_the_forms(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    wb = openpyxl.Workbook()
    assert wb.active is not None
    wb.active["A1"] = "議事録"
    wb.save(tmp_path / "議事録.xlsx")
    assert main(["check", str(tmp_path / "議事録.xlsx"), "--profile", "auto"]) == 1
    out = capsys.readouterr().out
    assert "どの様式のブックか見出しから判別できません" in out
    assert "国の事業実施結果報告（様式2）" in out
    assert "事業シートが見つかりません" not in out  # said once


def test_national_columns_are_the_notes_headers() -> None:
    """The fixture's headers are 玉東町's, verbatim (with the group numbering)."""
    own = [h for _, h in NATIONAL_COLUMNS if h]
    assert own[:4] == ["No", "① 交付対象事業の名称", "② 交付金の種類", "③ 実績額 (単位:円)"]
    assert own[4:] == ["指標", "指標値", "単位", "目標年月", "実績値", "事業効果", "事業の評価",
                       "外部有識者からの意見", "今後の方針", "今後の方針の理由"]
