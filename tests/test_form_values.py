"""Values as real forms write them (issue 21.2): 万/千 in values and headers, 名 = 人,
目標年月 「H28.3」 naming a fiscal year, a 基準値 with its year, a 累計 target over a span,
the wordings of the choice lists (shared notes §1.D), 「-」 with a follow-up date."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from kpi_workbook.domain import choices as C
from kpi_workbook.reading.form_values import (
    parse_month,
    split_named,
    split_value_unit_time,
    split_year_note,
)
from kpi_workbook.usecases import CheckOptions, check
from tests.other_forms import write_national

# The notes' variant catalogue (§1.D): as seen → the canonical choice.
CATALOGUE = [
    (C.EFFECT, "地方創生に非常に効果的であった", C.EFFECT.choices[0]),
    (C.EFFECT, "地方創生に非常に効果があった", C.EFFECT.choices[0]),
    (C.EFFECT, "地方創生に対して効果がなかった", C.EFFECT.choices[3]),
    (C.EFFECT, "地方創生に効果がなかった", C.EFFECT.choices[3]),
    (C.EFFECT, "指標、目標値の設定の見直し等が必要であるが、ある程度の効果があった",
     C.EFFECT.choices[2]),
    (C.EFFECT, "1.", C.EFFECT.choices[0]),
    (C.EFFECT, "④", C.EFFECT.choices[3]),
    (C.EFFECT, "2. 地方創生に相当程度効果があった", C.EFFECT.choices[1]),
    (C.POLICY, "追加等更に発展させる", "事業の発展"),
    (C.POLICY, "事業内容の見直し(改善)", "事業の見直し"),
    (C.POLICY, "予定通り事業終了", "事業の終了"),
    (C.POLICY, "予定どおり事業終了", "事業の終了"),
    (C.POLICY, "事業拡大", "事業の発展"),
    (C.POLICY, "改善し事業継続", "事業の見直し"),
    (C.POLICY, "現状通り事業継続", "事業の継続"),
    (C.POLICY, "事業中止・廃止", "事業の中止"),
    (C.POLICY, "事業・期間の終了", "事業の終了"),
    (C.POLICY, "5. 予定通り事業終了", "事業の終了"),
    (C.RATING, "総合戦略のKPI達成に有効であった", C.RATING.choices[0]),
    (C.RATING, "総合戦略のKPI達成に有効とは言えない", C.RATING.choices[1]),
]


@pytest.mark.parametrize(("choices", "typed", "canonical"), CATALOGUE,
                         ids=[t for _, t, _ in CATALOGUE])
def test_catalogue_wordings_are_their_choice(choices: C.ChoiceList, typed: str,
                                             canonical: str) -> None:
    assert choices.canonical(typed) == canonical


@pytest.mark.parametrize(("text", "month"), [
    ("H28.3", (2016, 3)), ("平成27年10月", (2015, 10)), ("2016年3月", (2016, 3)),
    ("R3.9", (2021, 9)), ("Ｈ２８．３", (2016, 3)), ("2016/03/01", (2016, 3)),
    ("H28", None), ("集計中", None), ("H28.13", None),
])
def test_parse_month(text: str, month: tuple[int, int] | None) -> None:
    assert parse_month(text) == month


def test_value_unit_and_time_in_one_cell() -> None:
    parts = split_value_unit_time("200 (人) 平成27年10月")
    assert parts is not None
    assert (parts.value, parts.unit, parts.time) == ("200", "人", (2015, 10))
    parts = split_value_unit_time("190 万人 平成29年3月")
    assert parts is not None
    assert (parts.value, parts.unit, parts.time) == ("190万人", None, (2017, 3))
    assert split_value_unit_time("550,000円") is None  # a value alone


@pytest.mark.parametrize(("text", "split"), [
    ("インターン受入30人", ("インターン受入", "30人")),
    ("ホームページアクセス数0万件", ("ホームページアクセス数", "0万件")),
    ("第3子以降の出生数前年比増1世帯", ("第3子以降の出生数前年比増", "1世帯")),
    ("30人", None),
])
def test_name_before_the_figure(text: str, split: tuple[str, str] | None) -> None:
    assert split_named(text) == split


def test_year_after_a_figure() -> None:
    base = split_year_note("39件 (2019年度)")
    assert base is not None
    assert (base.value, base.start, base.end, base.cumulative) == ("39件", 2019, 2019, False)
    span = split_year_note("270件 (2021~2026年度累計)")
    assert span is not None
    assert (span.value, span.start, span.end, span.cumulative) == ("270件", 2021, 2026, True)
    point = split_year_note("12.5% (2020年9月末時点)")
    assert point is not None
    assert (point.value, point.end) == ("12.5%", 2020)
    assert split_year_note("40人") is None


COLUMNS = ((None, "No"), (None, "交付対象事業の名称"), (None, "交付金の種類"),
           (None, "実績額 (千円)"), (None, "指標"), (None, "指標値"), (None, "単位"),
           (None, "目標年月"), (None, "実績値"), (None, "事業効果"), (None, "今後の方針"))


def _values_form(path: Path) -> Path:
    projects: list[dict[str, Any]] = [
        {"No": 1, "名称": "情報発信事業（fixture）", "種類": "基礎交付", "実績額": "2,673",
         "lines": [("番組制作数", 12, "番組", "H28.3", "12番組",
                    "1. 地方創生に非常に効果的であった"),
                   ("移住体験者数", "96.8万人", "人", "H28.3", "98.6万人", None),
                   ("参加世帯数", 40, "世帯", "H28.3", "41世帯", None),
                   ("雇用者数", 10, "人", "H28.3", "11名", None)],
         "方針": "現状通り事業継続"},
        {"No": 2, "名称": "販路拡大事業（fixture）", "種類": "上乗せ交付", "実績額": 980,
         "lines": [("売上額", "200万円", "円", "H28.3", "230万円", "④")],
         "方針": "事業・期間の終了"},
    ]
    return write_national(path, projects=projects, columns=COLUMNS, one_row_header=True,
                          header_block=(("担当部局課名", "企画課"),))


def test_values_as_forms_write_them(tmp_path: Path) -> None:
    book = _values_form(tmp_path / "値.xlsx")
    wb = openpyxl.load_workbook(book)  # 目標年月 of one line as a date cell, as Excel keeps it
    ws = wb.active
    assert ws is not None
    ws["H13"] = dt.datetime(2016, 3, 1)
    ws["H13"].number_format = "yyyy/m"
    wb.save(book)
    result = check([book], CheckOptions(report_year=2015, profile="auto"))
    info, second = (p for s in result.submissions for p in s.projects)
    # 「実績額 (千円)」: 2,673 (text) and 980 (a number) are thousands of yen
    assert info.actual_cost == 2_673_000
    assert second.actual_cost == 980_000
    units = [(k.name, k.unit) for k in info.kpis]
    assert units == [("番組制作数", "番組"), ("移住体験者数", "人"), ("参加世帯数", "世帯"),
                     ("雇用者数", "人")]
    (year,) = info.years
    assert year.fiscal_year == 2015  # H28.3, typed or a date cell
    assert [(o.target.number, o.actual.number) for o in year.observations] == [
        (12, 12), (968_000, 986_000), (40, 41), (10, 11)]
    assert second.years[0].observations[0].target.number == 2_000_000  # 「200万円」
    codes = [(i.code, i.where.cell) for i in result.issues]
    assert ("value-header-unit", "D8") in codes
    assert ("value-unit-synonym", "I11") in codes  # 「11名」 in a 人 KPI
    for cell, raw in (("H8", "H28.3"), ("H13", "2016/03/01")):
        read = next(i for i in result.issues if i.code == "target-date-read"
                    and i.where.cell == cell)
        assert (read.params["raw"], read.params["month"]) == (raw, "2016-03")
    # the typed wording is kept; the canonical choice is what it is read as
    assert info.effect == "1. 地方創生に非常に効果的であった"
    assert C.EFFECT.canonical(info.effect) == C.EFFECT.choices[0]
    assert C.POLICY.canonical(info.policy) == "事業の継続"
    assert C.POLICY.canonical(second.policy) == "事業の終了"
    assert C.EFFECT.canonical(second.effect) == C.EFFECT.choices[3]
    assert not [i for i in result.issues if i.severity.value == "error"]


def _run(*args: str) -> Any:
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-m", "kpi_workbook", *args], capture_output=True,
                          text=True, encoding="utf-8", check=False, timeout=300)


def test_return_copy_marks_the_cell_the_profile_read_and_keeps_the_form(tmp_path: Path,
                                                                        ) -> None:
    folder = tmp_path / "提出"
    folder.mkdir()
    book = _values_form(folder / "値.xlsx")
    wb = openpyxl.load_workbook(book)
    ws = wb.active
    assert ws is not None
    ws["H9"] = "来年3月"  # a 目標年月 that is no month
    wb.save(book)
    out = tmp_path / "差し戻し"
    run = _run("check", str(folder), "--profile", "auto", "--year", "2015",
               "--annotate", str(out))
    assert run.returncode == 1, run.stdout + run.stderr
    assert "Traceback" not in run.stderr
    (copy,) = out.glob("*.xlsx")
    marked = openpyxl.load_workbook(copy)
    sheet = marked["様式2"]
    assert sheet["H9"].comment is not None
    assert "目標年月「来年3月」" in sheet["H9"].comment.text
    # the department's own form, as it sent it: every cell of the original is there
    original = openpyxl.load_workbook(book)["様式2"]
    assert [[c.value for c in r] for r in original.iter_rows()] == [
        [c.value for c in r] for r in sheet.iter_rows(max_row=original.max_row,
                                                      max_col=original.max_column)]


def test_a_merged_national_form_publishes(tmp_path: Path) -> None:
    folder = tmp_path / "提出"
    folder.mkdir()
    _values_form(folder / "値.xlsx")
    merged = tmp_path / "集計.xlsx"
    run = _run("merge", str(folder), "--profile", "auto", "--year", "2015", "-o", str(merged))
    assert run.returncode == 0, run.stdout + run.stderr
    page = tmp_path / "公表"
    run = _run("publish", str(merged), "-o", str(page))
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Traceback" not in run.stderr
    html = (page / "index.html").read_text(encoding="utf-8")
    assert "情報発信事業（fixture）" in html
    assert "番組制作数" in html
