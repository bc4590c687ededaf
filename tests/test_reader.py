"""The reader finds everything by label: every layout variation of spec §1 and issue 2."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import openpyxl
import pytest

from kpi_workbook.domain.model import Direction, Scope, ValueKind, ValueStatus
from kpi_workbook.reading.reader import strip_html
from kpi_workbook.usecases import read_submission

HEADER = [
    ["事業番号", 1],
    ["事業名", "小野田ガラスのブランド化推進事業"],
    ["実施区分", "単市"],
    ["事業期間", "令和2年度", "～", "令和4年度"],
    ["担当課", "商工労働課"],
    ["事業目的", "ガラスの文化を活用する。"],
]
TABLE = [
    ["事業概要", None, "重要業績評価指標(KPI)"],
    [None, None, "販売額", None, "来客数"],
    ["単位", None, "円", None, "人"],
    ["目標の方向", None, "増加", None, "減少"],
    ["年度", "事業内容", "目標値", "実績値", "目標値", "実績値"],
    ["初年度", "・検討", "-", "-", 12672, 8016],
    ["2年目", "・構築", 10_000_000, 134_280, 13672, 13482],
    ["3年目", "・販売", 15_000_000, 10_462_414, 15672, 12682],
]


def make_book(path: Path, sheets: dict[str, Sequence[Sequence[object]]],
              merges: dict[str, list[str]] | None = None, col_offset: int = 0) -> Path:
    """Write rows as a clerk's workbook would hold them (openpyxl, like Excel)."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1 + col_offset):
                if value is not None:
                    ws.cell(r, c, value)
        for rng in (merges or {}).get(name, []):
            ws.merge_cells(rng)
    wb.save(path)
    return path


def codes(sub) -> list[tuple[str, str | None]]:
    return [(i.code, i.where.cell) for i in sub.issues]


def test_read_template_layout_values(tmp_path: Path) -> None:
    path = make_book(tmp_path / "a.xlsx", {"ガラス": [*HEADER, [], *TABLE]},
                     {"ガラス": ["A8:B8", "C8:F8", "C9:D9", "E9:F9"]})
    sub = read_submission(path, report_year=2022)
    assert codes(sub) == []
    (p,) = sub.projects
    assert (p.number, p.name, p.scope, p.department) == (
        1, "小野田ガラスのブランド化推進事業", Scope.CITY, "商工労働課")
    assert (p.period.start, p.period.end) == (2020, 2022)
    assert [k.name for k in p.kpis] == ["販売額", "来客数"]
    assert [k.unit for k in p.kpis] == ["円", "人"]
    assert [k.direction for k in p.kpis] == [Direction.INCREASE, Direction.DECREASE]
    assert [y.fiscal_year for y in p.years] == [2020, 2021, 2022]
    obs = p.years[2].observations[0]
    assert (obs.target.number, obs.actual.number) == (15_000_000, 10_462_414)
    assert obs.actual.where.cell == "D15"
    assert p.years[0].observations[0].target.status is ValueStatus.NOT_APPLICABLE
    assert not p.older_layout


def test_read_labels_with_spaces_fullwidth_and_colons(tmp_path: Path) -> None:
    header = [["事 業 番 号", "No.3"], ["事業名：", "協創"], ["実施区分 ", "単市で実施事業"],
              ["事業期間", "R2～R4"], ["担　当　課", "市民活動推進課"], ["事業目的", "x"]]
    table = [["事 業 概 要", None, "重要業績評価指標（ＫＰＩ）"], *TABLE[1:]]
    sub = read_submission(make_book(tmp_path / "b.xlsx", {"s": [*header, [], *table]}),
                          report_year=2022)
    (p,) = sub.projects
    assert (p.number, p.name, p.scope, p.period.start, p.period.end) == (
        3, "協創", Scope.CITY, 2020, 2022)
    assert len(p.kpis) == 2
    assert codes(sub) == []


@pytest.mark.parametrize(("typed", "number"), [("①", 1), ("③", 3), ("1.", 1), ("No.1", 1),
                                                ("１", 1), (2, 2), ("No.12", 12)])
def test_read_project_number_forms(tmp_path: Path, typed: object, number: int) -> None:
    header = [["事業番号", typed], *HEADER[1:]]
    sub = read_submission(make_book(tmp_path / "n.xlsx", {"s": [*header, [], *TABLE]}))
    assert sub.projects[0].number == number


@pytest.mark.parametrize(("cells", "start", "end"), [
    (["令和2年度～令和4年度"], 2020, 2022),
    (["令和2年度〜令和4年度"], 2020, 2022),
    (["R2～R4"], 2020, 2022),
    (["2020年度～2022年度"], 2020, 2022),
    (["令和2年度", "～", "令和4年度"], 2020, 2022),
    (["令和2年度", "令和4年度"], 2020, 2022),
    (["平成30年度", "～", "令和2年度"], 2018, 2020),
    (["令和元年度から令和3年度"], 2019, 2021),
])
def test_read_period_forms(tmp_path: Path, cells: list[str], start: int, end: int) -> None:
    header = [*HEADER[:3], ["事業期間", *cells], *HEADER[4:]]
    table = [*TABLE[:5], *[["初年度", "x"], ["2年目", "x"], ["3年目", "x"]]]
    sub = read_submission(make_book(tmp_path / "p.xlsx", {"s": [*header, [], *table]}))
    p = sub.projects[0]
    assert (p.period.start, p.period.end) == (start, end)


def test_read_invalid_and_reversed_period_are_errors(tmp_path: Path) -> None:
    for text, code in [("いつか", "period-invalid"), ("令和4年度～令和2年度", "period-reversed")]:
        header = [*HEADER[:3], ["事業期間", text], *HEADER[4:]]
        sub = read_submission(make_book(tmp_path / "x.xlsx", {"s": [*header, [], *TABLE]}))
        assert (code, "B4") in codes(sub)


def test_read_inserted_rows_and_shifted_block(tmp_path: Path) -> None:
    rows = [["令和4年度 KPI報告"], [], *HEADER[:2], ["(注) 記入例"], *HEADER[2:], [], [], *TABLE]
    path = make_book(tmp_path / "c.xlsx", {"s": rows}, col_offset=1)
    sub = read_submission(path, report_year=2022)
    assert codes(sub) == []
    p = sub.projects[0]
    assert p.years[2].observations[0].actual.where.cell == "E19"
    assert p.years[2].observations[0].actual.number == 10_462_414


def test_read_header_laid_out_in_two_columns(tmp_path: Path) -> None:
    rows = [["事業番号", 1, "実施区分", "単市"],
            ["事業名", "ガラス", "担当課", "商工労働課"],
            ["事業期間", "令和2年度～令和4年度"],
            ["事業目的", "目的"], [], *TABLE]
    sub = read_submission(make_book(tmp_path / "d.xlsx", {"s": rows}), report_year=2022)
    p = sub.projects[0]
    assert (p.number, p.scope, p.name, p.department) == (1, Scope.CITY, "ガラス", "商工労働課")
    assert codes(sub) == []


def test_read_missing_required_value_next_to_another_label(tmp_path: Path) -> None:
    rows = [["事業番号", None, "実施区分", "単市"], *HEADER[1:2], *HEADER[3:], [], *TABLE]
    sub = read_submission(make_book(tmp_path / "e.xlsx", {"s": rows}))
    assert ("header-field-missing", "B1") in codes(sub)
    assert sub.projects[0].scope is Scope.CITY


def test_read_older_layout_infers_units_from_suffixes(tmp_path: Path) -> None:
    table = [
        ["事業概要", None, "重要業績評価指標(KPI)"],
        [None, None, "社会動態数", None, "市内就職率"],
        ["年度", "事業内容", "目標値", "実績値", "目標値", "実績値"],
        ["初年度", "・a", "0人", "-339人", "10.0%", "5.4%"],
        ["2年目", "・b", "0人", "-173人", "10.0%", "9.1%"],
        ["3年目", "・c", "0人", "-16人", "10.0%", "5.2%"],
    ]
    sub = read_submission(make_book(tmp_path / "f.xlsx", {"s": [*HEADER, [], *table]}),
                          report_year=2022)
    p = sub.projects[0]
    assert p.older_layout
    assert [k.unit for k in p.kpis] == ["人", "%"]
    assert [k.direction for k in p.kpis] == [Direction.INCREASE] * 2
    assert p.years[0].observations[0].actual.number == -339
    assert p.years[0].observations[1].actual.number == pytest.approx(0.054)
    assert ("layout-older", "A8") in codes(sub)
    assert not sub.issues or all(i.severity.value == "info" for i in sub.issues)


def test_read_attribute_rows_baseline_and_kind(tmp_path: Path) -> None:
    table = [*TABLE[:4], ["基準値", None, 0, None, "12,000人"],
             ["値の種類", None, "累計", None, "単年度"], *TABLE[4:]]
    sub = read_submission(make_book(tmp_path / "g.xlsx", {"s": [*HEADER, [], *table]}),
                          report_year=2022)
    p = sub.projects[0]
    assert [k.kind for k in p.kpis] == [ValueKind.CUMULATIVE, ValueKind.SINGLE_YEAR]
    assert p.kpis[1].baseline.number == 12000
    assert p.years[1].observations[1].actual.where.cell == "F16"


def test_read_invalid_direction_is_an_error(tmp_path: Path) -> None:
    table = [*TABLE[:3], ["目標の方向", None, "上昇", None, "減少"], *TABLE[4:]]
    sub = read_submission(make_book(tmp_path / "h.xlsx", {"s": [*HEADER, [], *table]}))
    assert ("kpi-direction-invalid", "C11") in codes(sub)


def test_read_regional_project_without_kpis(tmp_path: Path) -> None:
    header = [[*HEADER[0][:1], 4], HEADER[1], ["実施区分", "広域で実施事業"],
              ["事業期間", "令和3年度～令和5年度"], HEADER[4], HEADER[5]]
    table = [["事業概要"],
             ["初年度", '<ul style="list-style-type: none"> <li>・フェア</li> '
                       "<li>・面接会</li> </ul>"],
             ["2年目", "・フェア"], ["3年目", "・面接会"]]
    sub = read_submission(make_book(tmp_path / "i.xlsx", {"s": [*header, [], *table]},
                                    {"s": ["A8:B8"]}), report_year=2023)
    p = sub.projects[0]
    assert p.scope is Scope.REGIONAL
    assert p.kpis == []
    assert [y.fiscal_year for y in p.years] == [2021, 2022, 2023]
    assert p.years[0].activities == "・フェア\n・面接会"
    assert codes(sub) == [("html-stripped", "B9")]


def test_read_regional_project_with_year_header_row(tmp_path: Path) -> None:
    table = [["事業概要"], ["年度", "事業内容"], ["令和3年度", "a"], ["令和4年度", "b"],
             ["令和5年度", "c"]]
    header = [*HEADER[:3], ["事業期間", "R3～R5"], *HEADER[4:]]
    sub = read_submission(make_book(tmp_path / "j.xlsx", {"s": [*header, [], *table]}))
    assert [y.ordinal for y in sub.projects[0].years] == [1, 2, 3]
    assert [y.activities for y in sub.projects[0].years] == ["a", "b", "c"]


def test_read_explicit_fiscal_year_labels(tmp_path: Path) -> None:
    table = [*TABLE[:5], ["R2", "a", 1, 1, 1, 1], ["令和3年度", "b", 1, 1, 1, 1],
             ["2022年度", "c", 1, 1, 1, 1]]
    sub = read_submission(make_book(tmp_path / "k.xlsx", {"s": [*HEADER, [], *table]}),
                          report_year=2022)
    assert [y.fiscal_year for y in sub.projects[0].years] == [2020, 2021, 2022]
    assert codes(sub) == []


def test_read_year_rows_must_match_period(tmp_path: Path) -> None:
    table = TABLE[:-1]  # two years for a three-year period
    sub = read_submission(make_book(tmp_path / "l.xlsx", {"s": [*HEADER, [], *table]}))
    assert ("year-rows-mismatch", "A13") in codes(sub)


def test_read_bad_year_label_is_an_error(tmp_path: Path) -> None:
    table = [*TABLE[:6], ["来年", "x", 1, 1, 1, 1], TABLE[7]]
    sub = read_submission(make_book(tmp_path / "m.xlsx", {"s": [*HEADER, [], *table]}))
    assert ("year-label-invalid", "A14") in codes(sub)


def test_read_several_project_sheets_and_ignores_others(tmp_path: Path) -> None:
    second = [["事業番号", "②"], ["事業名", "PPP"], *HEADER[2:], [], *TABLE]
    sheets = {"記入方法": [["事業名は正式名称で記入します。"], ["事業概要には取組を書きます。"]],
              "①": [*HEADER, [], *TABLE], "②": second, "リスト": [["単市"], ["広域"]]}
    sub = read_submission(make_book(tmp_path / "o.xlsx", sheets), report_year=2022)
    assert [(p.number, p.sheet) for p in sub.projects] == [(1, "①"), (2, "②")]
    assert codes(sub) == []


def test_read_same_project_twice_in_one_file_is_one_error(tmp_path: Path) -> None:
    from kpi_workbook.usecases.check import CheckOptions, check

    sheets = {"a": [*HEADER, [], *TABLE], "b": [*HEADER, [], *TABLE]}
    result = check([make_book(tmp_path / "dup.xlsx", sheets)], CheckOptions(report_year=2022))
    assert [(i.code, i.where.sheet) for i in result.issues] == [("project-duplicate", "b")]


def test_read_optional_fields(tmp_path: Path) -> None:
    rows = [*HEADER, ["事業費", "12,345千円"], ["交付金額", 6_000_000],
            ["事業効果", "地方創生に相当程度効果があった"], ["今後の方針", "事業の継続"],
            ["評価・課題", "販売額は未達成。"], [], *TABLE]
    sub = read_submission(make_book(tmp_path / "q.xlsx", {"s": rows}), report_year=2022)
    p = sub.projects[0]
    assert (p.cost, p.grant) == (12_345_000, 6_000_000)
    assert (p.effect, p.policy, p.assessment) == (
        "地方創生に相当程度効果があった", "事業の継続", "販売額は未達成。")
    assert codes(sub) == []


def test_read_optional_field_outside_list_is_a_warning(tmp_path: Path) -> None:
    rows = [*HEADER, ["今後の方針", "がんばる"], [], *TABLE]
    sub = read_submission(make_book(tmp_path / "r.xlsx", {"s": rows}), report_year=2022)
    assert codes(sub) == [("header-field-not-in-list", "B7")]
    assert sub.projects[0].policy == "がんばる"  # kept, not dropped


def test_read_missing_required_fields(tmp_path: Path) -> None:
    rows = [HEADER[1], HEADER[5], [], *TABLE]
    sub = read_submission(make_book(tmp_path / "s.xlsx", {"s": rows}))
    missing = sorted(i.params["field"] for i in sub.issues if i.code == "header-field-missing")
    assert missing == ["事業期間", "事業番号", "実施区分", "担当課"]


def test_read_workbook_without_project_sheet(tmp_path: Path) -> None:
    sub = read_submission(make_book(tmp_path / "t.xlsx", {"s": [["こんにちは"]]}))
    assert codes(sub) == [("no-project-sheet", None)]


def test_read_purpose_under_its_label(tmp_path: Path) -> None:
    rows = [*HEADER[:5], ["事業目的"], ["ガラスの文化を活用する。"], [], *TABLE]
    sub = read_submission(make_book(tmp_path / "u.xlsx", {"s": rows}), report_year=2022)
    assert sub.projects[0].purpose == "ガラスの文化を活用する。"


def test_read_never_modifies_the_input(tmp_path: Path) -> None:
    path = make_book(tmp_path / "v.xlsx", {"s": [*HEADER, [], *TABLE]})
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    read_submission(path)
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


def test_strip_html_keeps_the_items() -> None:
    assert strip_html("<ul><li>・a&amp;b</li><li>・c</li></ul>") == "・a&b\n・c"


def test_read_ignores_the_review_sheet_of_a_return_copy(tmp_path: Path) -> None:
    review = [["重要度", "シート", "セル", "内容"], ["エラー", "s", "D15", "事業名"],
              ["事業名"], ["事業概要"]]
    path = make_book(tmp_path / "w.xlsx", {"指摘事項": review, "s": [*HEADER, [], *TABLE]})
    sub = read_submission(path, report_year=2022)
    assert [p.sheet for p in sub.projects] == ["s"]
    assert codes(sub) == []
