"""kpi.csv for the open-data catalogue (issue 20): a NO per project × KPI that stays the
same across years, 年度（和暦） beside 年度, and the canonical record columns."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
from pathlib import Path

import openpyxl

from kpi_workbook.consolidated.columns import evaluation as EC
from kpi_workbook.departments.template import TemplateLayout
from kpi_workbook.domain import labels
from kpi_workbook.domain.numbering import number_kpis
from kpi_workbook.publication import CSV_NAME
from kpi_workbook.usecases.merge import MergeOptions, merge
from kpi_workbook.usecases.publish import PublishOptions, publish

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "submissions"


def test_numbers_are_kept_and_never_reused() -> None:
    first = number_kpis([("a", 1), ("a", 2), ("b", 1)])
    assert first == {("a", 1): 1, ("a", 2): 2, ("b", 1): 3}
    # next year: b is gone, c is new, a gained a third KPI; a's NOs stay, 3 is not reused
    second = number_kpis([("c", 1), ("a", 1), ("a", 2), ("a", 3)], first)
    assert second == {("c", 1): 4, ("a", 1): 1, ("a", 2): 2, ("a", 3): 5}
    # the year after, b (3) is long gone from the previous workbook: the highest NO ever
    # given (a document property) keeps its number from going to the new d
    third_previous = {("a", 1): 1}  # the others were dropped last year
    assert number_kpis([("a", 1), ("d", 1)], third_previous, highest=5) == {
        ("a", 1): 1, ("d", 1): 6}
    assert number_kpis([("a", 1), ("d", 1)], third_previous)[("d", 1)] == 2  # without it


def _csv(book: Path, folder: Path) -> list[dict[str, str]]:
    publish(PublishOptions(book, folder))
    text = (folder / CSV_NAME).read_text(encoding="utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def _nos(rows: list[dict[str, str]]) -> dict[tuple[str, str], set[str]]:
    found: dict[tuple[str, str], set[str]] = {}
    for r in rows:
        found.setdefault((r["事業名"], r["指標名"]), set()).add(r["NO"])
    return found


def test_a_kpi_keeps_its_no_across_years_with_previous(tmp_path: Path) -> None:
    last = tmp_path / "R4" / "集計ブック_令和4年度.xlsx"
    merge([EXAMPLES], last, options=MergeOptions(report_year=2022,
                                                 created=dt.datetime(2023, 5, 1)))
    before = _nos(_csv(last, tmp_path / "web4"))
    assert all(len(nos) == 1 for nos in before.values())  # one NO for all of a KPI's years
    assert sorted(int(next(iter(n))) for n in before.values()) == list(
        range(1, len(before) + 1))

    # next year: 企画課's project is not submitted again, so its NOs are not handed on
    inputs = tmp_path / "提出"
    shutil.copytree(EXAMPLES, inputs)
    (inputs / "企画課.xlsx").unlink()
    this = tmp_path / "R5" / "集計ブック_令和5年度.xlsx"
    merge([inputs], this, options=MergeOptions(report_year=2022, previous=last,
                                               created=dt.datetime(2024, 5, 1)))
    after = _nos(_csv(this, tmp_path / "web5"))
    assert after == {k: v for k, v in before.items() if k in after}
    assert len(after) < len(before)
    # without --previous the same merge numbers from 1 again: the NO would move
    again = tmp_path / "R5b" / "book.xlsx"
    merge([inputs], again, options=MergeOptions(report_year=2022))
    assert _nos(_csv(again, tmp_path / "web5b")) != after


def test_kpi_csv_carries_the_canonical_record_and_the_japanese_year(tmp_path: Path) -> None:
    inputs = tmp_path / "提出"
    shutil.copytree(EXAMPLES, inputs)
    glass = inputs / "商工労働課.xlsx"
    wb = openpyxl.load_workbook(glass)
    ws = wb["①ガラス"]
    lay = TemplateLayout()
    ws[lay.header_cell(labels.EFFECT)] = "地方創生に効果がなかった"  # a form's wording
    ws[lay.header_cell(labels.POLICY)] = "予定通り事業終了"
    wb.save(glass)
    book = tmp_path / "book.xlsx"
    merge([inputs], book, options=MergeOptions(report_year=2022))
    wb = openpyxl.load_workbook(book)
    ev = wb[EC.SHEET_NAME]
    header = [c.value for c in ev[1]]
    ev.cell(2, header.index(EC.H_RATING) + 1).value = "有効とは言えない"
    ev.cell(2, header.index("最終の今後の方針") + 1).value = "④"  # numbered: 事業の中止
    wb.save(book)
    rows = _csv(book, tmp_path / "web")
    glass_rows = [r for r in rows if r["事業名"] == "小野田ガラスのブランド化推進事業"]
    assert {(r["事業効果"], r["今後の方針"], r["外部有識者の評価"]) for r in glass_rows} == {
        ("地方創生に対して効果がなかった", "事業の中止", "総合戦略のKPI達成に有効とは言えない")}
    assert {r["年度（和暦）"] for r in glass_rows} == {"令和2年度", "令和3年度", "令和4年度"}
    assert all(r["年度（和暦）"] == f"令和{int(r['年度']) - 2018}年度" for r in rows)
    other = next(r for r in rows if r["事業名"] != "小野田ガラスのブランド化推進事業")
    assert (other["事業効果"], other["今後の方針"], other["外部有識者の評価"]) == ("", "", "")


def test_the_settings_name_the_municipality_first_in_every_row(tmp_path: Path) -> None:
    """デジタル庁's prefix columns from [report] (a 5-digit code gets its check digit); a
    wrong check digit stops publish with the settings file's message, nothing written."""
    from kpi_workbook.cli import main

    book = tmp_path / "book.xlsx"
    merge([EXAMPLES], book, options=MergeOptions(report_year=2022))
    settings = tmp_path / "settings.toml"
    settings.write_text('[report]\nprefecture = "山口県"\nmunicipality = "山陽小野田市"\n'
                        'code = "35216"\n', encoding="utf-8")
    assert main(["publish", str(book), "-o", str(tmp_path / "web"), "--settings",
                 str(settings)]) == 0
    text = (tmp_path / "web" / CSV_NAME).read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:4] == ["全国地方公共団体コード", "都道府県名", "市区町村名", "NO"]
    assert {tuple(r[:3]) for r in rows[1:]} == {("352161", "山口県", "山陽小野田市")}
    settings.write_text('[report]\ncode = "352162"\n', encoding="utf-8")
    assert main(["publish", str(book), "-o", str(tmp_path / "bad"), "--settings",
                 str(settings)]) == 2
    assert not (tmp_path / "bad").exists()
    plain = _csv(book, tmp_path / "plain")  # without settings: no prefix columns
    assert next(iter(plain[0])) == "NO"


def test_a_dropped_kpis_no_is_not_given_again_two_years_on(tmp_path: Path) -> None:
    """Year 1 all five projects; year 2 without 企画課; year 3 with 企画課 back: its KPIs
    come back as new ones (year 2's workbook no longer knew them) and get numbers after
    every NO ever given, never year 1's numbers of other KPIs."""
    inputs = tmp_path / "提出"
    shutil.copytree(EXAMPLES, inputs)
    y1 = tmp_path / "y1.xlsx"
    merge([inputs], y1, options=MergeOptions(report_year=2022))
    first = {k: int(next(iter(v))) for k, v in _nos(_csv(y1, tmp_path / "w1")).items()}
    aside = tmp_path / "企画課.xlsx"
    (inputs / "企画課.xlsx").rename(aside)
    y2 = tmp_path / "y2.xlsx"
    merge([inputs], y2, options=MergeOptions(report_year=2022, previous=y1))
    aside.rename(inputs / "企画課.xlsx")
    y3 = tmp_path / "y3.xlsx"
    merge([inputs], y3, options=MergeOptions(report_year=2022, previous=y2))
    third = {k: int(next(iter(v))) for k, v in _nos(_csv(y3, tmp_path / "w3")).items()}
    back = {k for k in third if k[0] == "PPPを活用した交流・にぎわい創出事業"}
    assert all(third[k] > max(first.values()) for k in back)
    assert {third[k] for k in third if k not in back} == {first[k] for k in first
                                                          if k not in back}
    assert len(set(third.values())) == len(third)  # unique
