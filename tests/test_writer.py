"""The consolidated workbook, written from model objects built by hand from the seed.

Semantic assertions with openpyxl: headers, the table, formula text and cached values,
text that looks like a formula kept as text, number formats, print set-up.
"""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from pathlib import Path

import openpyxl
import pytest

from kpi_workbook.consolidated.writer import WriterOptions, write_consolidated
from kpi_workbook.consolidated.writer.formats import DEFAULT_FORMAT
from kpi_workbook.domain.attainment import GradeScheme, Grading
from kpi_workbook.domain.issues import Issue, Location
from kpi_workbook.domain.model import (
    Direction,
    Kpi,
    Observation,
    Period,
    Project,
    Scope,
    Submission,
    Value,
    ValueStatus,
    YearRow,
)
from tests.test_merge import SEED_EXAMPLES

SEED = Path(__file__).resolve().parents[1] / "examples" / "seed_projects.json"
CREATED = dt.datetime(2023, 6, 1, 9, 0, 0)
DASHES = {"-", "－", "―", "ー"}


def _value(raw: object, where: Location) -> Value:
    if raw is None:
        return Value(None, ValueStatus.MISSING, None, where)
    if isinstance(raw, str) and raw in DASHES:
        return Value(None, ValueStatus.NOT_APPLICABLE, raw, where)
    if isinstance(raw, (int, float)):
        return Value(float(raw), ValueStatus.NUMBER, raw, where)
    return Value(None, ValueStatus.INVALID, raw, where)


def _col(n: int) -> str:
    return chr(ord("A") + n)


def seed_project(data: dict, file: Path) -> Project:
    """One project of examples/seed_projects.json as the reader would return it."""
    sheet = data["sheet"]
    where = Location(file, sheet)
    kpis = [Kpi(i + 1, k["name"], k["unit"], Direction(k["direction"]),
                where=Location(file, sheet, f"{_col(2 + 2 * i)}8"))
            for i, k in enumerate(data["kpis"])]
    years = []
    for y, year in enumerate(data["years"]):
        row = 11 + y
        obs = [Observation(_value(t, Location(file, sheet, f"{_col(2 + 2 * k)}{row}")),
                           _value(a, Location(file, sheet, f"{_col(3 + 2 * k)}{row}")))
               for k, (t, a) in enumerate(year.get("values", []))]
        years.append(YearRow(data["period_start"] + y, y + 1, year["label"],
                             year["activities"], Location(file, sheet, f"A{row}"), obs))
    return Project(data["number"], data["name"], Scope(data["scope"]),
                   Period(data["period_start"], data["period_end"]), data["department"],
                   where, purpose=data["purpose"], kpis=kpis, years=years)


def seed_submissions(folder: Path) -> list[Submission]:
    """The seed's projects, one submission per department (files are not created)."""
    projects = json.loads(SEED.read_text(encoding="utf-8"))["projects"]
    by_dept: dict[str, list[dict]] = {}
    for p in projects:
        by_dept.setdefault(p["department"], []).append(p)
    subs = []
    for dept, ps in by_dept.items():
        file = folder / f"{dept}.xlsx"
        subs.append(Submission(file, [seed_project(p, file) for p in ps], sha256="0" * 64,
                               modified=1_685_577_600.0))
    return subs


def write(tmp_path: Path, subs: list[Submission], issues: list[Issue] | None = None,
          **options) -> Path:
    out = tmp_path / "out.xlsx"
    all_issues = list(issues or []) + [i for s in subs for i in s.issues]
    write_consolidated(subs, all_issues, out,
                       WriterOptions(report_year=2022, created=CREATED, **options))
    return out


@pytest.fixture
def seed_book(tmp_path: Path) -> Path:
    return write(tmp_path, seed_submissions(tmp_path))


def summary_records(path: Path, data_only: bool = True) -> list[dict[str, object]]:
    ws = openpyxl.load_workbook(path, data_only=data_only)["集計一覧"]
    rows = list(ws.iter_rows(values_only=True))
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


def find(records, kpi: str, year: int) -> dict[str, object]:
    [rec] = [r for r in records if r["指標名"] == kpi and r["年度"] == year]
    return rec


# --- 集計一覧 ------------------------------------------------------------------------------

SUMMARY_HEADERS = ["事業番号", "事業名", "実施区分", "担当課", "指標番号", "指標名", "単位",
                   "目標の方向", "値の種類", "基準値", "年度", "目標値", "実績値", "速報・確定",
                   "達成率", "進捗率", "判定", "判定根拠", "出典", "最終目標値", "公表予定",
                   "NO"]


def column_letter(header: str) -> str:
    """The column of ``header`` in 集計一覧 (tests never hard-code a letter)."""
    from openpyxl.utils import get_column_letter

    return get_column_letter(SUMMARY_HEADERS.index(header) + 1)


def test_writer_summary_headers(seed_book):
    ws = openpyxl.load_workbook(seed_book)["集計一覧"]
    assert [c.value for c in ws[1]] == SUMMARY_HEADERS


def test_writer_summary_is_an_excel_table_with_frozen_header(seed_book):
    ws = openpyxl.load_workbook(seed_book)["集計一覧"]
    [table] = ws.tables.values()
    # 3 projects × 3 KPIs × 3 years
    assert table.ref == f"A1:{column_letter(SUMMARY_HEADERS[-1])}28"
    assert ws.freeze_panes == "A2"
    assert not ws.merged_cells.ranges


def test_writer_summary_one_row_per_project_kpi_year(seed_book):
    records = summary_records(seed_book)
    assert len(records) == 27
    assert {r["事業番号"] for r in records} == {1, 2, 3}  # 広域 projects have no KPIs


@pytest.mark.parametrize(("kpi", "year", "rate", "verdict"), SEED_EXAMPLES)
def test_writer_summary_caches_seed_results(seed_book, kpi, year, rate, verdict):
    """Programs that never recalculate (pandas, openpyxl) read the seed's results."""
    rec = find(summary_records(seed_book), kpi, year)
    if rate is None:
        assert rec["達成率"] in (None, "")
    else:
        assert rec["達成率"] == pytest.approx(rate, abs=5e-5)
    assert rec["判定"] == verdict


def test_writer_summary_formulas_are_live(seed_book):
    rec = find(summary_records(seed_book, data_only=False),
               "ブランド化したガラス商品の販売額", 2022)
    assert rec["達成率"].startswith("=IFERROR(")
    target, actual = column_letter("目標値"), column_letter("実績値")
    assert f"{actual}4/{target}4" in rec["達成率"]
    assert f"${column_letter('目標の方向')}4" in rec["判定"]
    assert rec["判定根拠"].startswith("=IFERROR(")


def test_writer_summary_reason_in_words(seed_book):
    rec = find(summary_records(seed_book), "20～39歳の社会動態数(住民基本台帳)", 2020)
    assert rec["判定根拠"] == "目標値0のため比率なし・実績≧目標で判定"


def test_writer_summary_numbers_stay_numbers(seed_book):
    rec = find(summary_records(seed_book), "20～39歳の社会動態数(住民基本台帳)", 2020)
    assert rec["実績値"] == -339
    assert isinstance(rec["実績値"], (int, float))
    rec = find(summary_records(seed_book), "山口東京理科大学生の市内就職率", 2020)
    assert rec["実績値"] == pytest.approx(0.054)


def test_writer_summary_dash_stays_as_typed(seed_book):
    rec = find(summary_records(seed_book), "山陽小野田市にずっと住みたいと感じる市民の割合", 2022)
    assert rec["実績値"] == "-"


def test_writer_summary_number_formats_carry_unit_and_triangle(seed_book):
    ws = openpyxl.load_workbook(seed_book)["集計一覧"]
    kpi, actual = SUMMARY_HEADERS.index("指標名") + 1, SUMMARY_HEADERS.index("実績値") + 1
    fmts = {ws.cell(r, kpi).value: ws.cell(r, actual).number_format for r in range(2, 29)}
    assert fmts["20～39歳の社会動態数(住民基本台帳)"] == '#,##0"人";"▲"#,##0"人"'
    assert fmts["ブランド化したガラス商品の販売額"] == '#,##0"円";"▲"#,##0"円"'
    assert fmts["山口東京理科大学生の市内就職率"] == '0.0%;"▲"0.0%'


def test_writer_summary_conditional_formats(seed_book):
    ws = openpyxl.load_workbook(seed_book)["集計一覧"]
    ranges = {str(cf.sqref): [r.formula or r.operator for r in cf.rules]
              for cf in ws.conditional_formatting}
    rate, verdict = column_letter("達成率"), column_letter("判定")
    assert len(ranges[f"{rate}2:{rate}28"]) == 3
    assert any(">=1" in f[0] for f in ranges[f"{rate}2:{rate}28"])
    assert any(f"${rate}2" in f[0] for f in ranges[f"{rate}2:{rate}28"])
    assert f"{verdict}2:{verdict}28" in ranges


def test_writer_summary_custom_bands(tmp_path):
    from kpi_workbook.domain.attainment import Bands

    out = write(tmp_path, seed_submissions(tmp_path), bands=Bands(good=1.2, fair=0.9))
    ws = openpyxl.load_workbook(out)["集計一覧"]
    formulas = [f for cf in ws.conditional_formatting for r in cf.rules for f in r.formula]
    assert any(">=1.2" in f for f in formulas)
    assert any("<0.9" in f for f in formulas)


def test_writer_summary_grade_column(tmp_path):
    out = write(tmp_path, seed_submissions(tmp_path), grading=Grading(GradeScheme.SYMBOLS))
    records = summary_records(out)
    source = SUMMARY_HEADERS.index("出典")
    assert list(records[0]) == [*SUMMARY_HEADERS[:source], "評価", *SUMMARY_HEADERS[source:]]
    assert find(records, "ブランド化したガラス商品数", 2021)["評価"] == "◎"
    assert find(records, "ブランド化したガラス商品の販売額", 2022)["評価"] == "△"


def test_writer_summary_source_names_file_sheet_cells(seed_book):
    rec = find(summary_records(seed_book), "ブランド化したガラス商品の販売額", 2022)
    assert rec["出典"] == "商工労働課.xlsx!①ガラス!C13,D13"


# --- text stays text -----------------------------------------------------------------------


@pytest.mark.parametrize("text", ["=1+1", "+81-3-1234", "-339", "@SUM(A1)", "=HYPERLINK(\"x\")",
                                  "http://example.com", "1e5", "0012"])
def test_merge_keeps_formula_looking_text_as_text(tmp_path, text):
    subs = seed_submissions(tmp_path)
    project = subs[0].projects[0]
    project.name = text
    project.years[0].activities = text
    project.purpose = text
    out = write(tmp_path, subs)
    wb = openpyxl.load_workbook(out)
    summary = wb["集計一覧"]
    assert summary["B2"].value == text
    assert summary["B2"].data_type == "s"
    sheet = wb[wb.sheetnames[1]]
    cells = [c for row in sheet.iter_rows() for c in row if c.value == text]
    assert len(cells) >= 2
    assert all(c.data_type == "s" for c in cells)


# --- project sheets ------------------------------------------------------------------------


def test_writer_project_sheets_city_first_then_regional_by_number(tmp_path):
    subs = list(reversed(seed_submissions(tmp_path)))
    out = write(tmp_path, subs)
    names = openpyxl.load_workbook(out).sheetnames
    assert names[0] == "集計一覧"
    assert names[-6:] == ["外部評価", "国への報告", "検証結果", "提出状況", "事業データ",
                          "事業内容"]
    assert [n[0] for n in names[1:-6]] == ["①", "②", "③", "④", "⑤"]


def test_writer_project_sheet_council_layout(seed_book):
    wb = openpyxl.load_workbook(seed_book)
    ws = wb[wb.sheetnames[1]]
    assert ws["A1"].value == "① 小野田ガラスのブランド化推進事業(令和2年度～令和4年度)"
    assert ws["A3"].value == "事業目的"
    assert ws["A4"].value.startswith("本市の誇る「ガラスの文化」")
    assert ws["A6"].value == "事業概要"
    assert ws["C6"].value == "重要業績評価指標(KPI)"
    assert [ws.cell(8, c).value for c in range(1, 6)] == ["年度", "事業内容", "目標値", "実績値",
                                                          "達成率"]
    assert ws["E11"].value.startswith("=IFERROR(")
    assert "D11/C11" in ws["E11"].value
    assert ws["D11"].value == 10462414


def test_writer_project_sheet_print_setup(seed_book):
    wb = openpyxl.load_workbook(seed_book)
    ws = wb[wb.sheetnames[1]]
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.paperSize == 9
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_setup.fitToWidth in (None, 1)  # 1 is the default, left out of the XML
    assert ws.page_setup.fitToHeight == 0
    assert ws.print_title_rows is None  # its table fits on one page (see the next test)
    assert "&P" in ws.oddFooter.center.text


def test_writer_project_sheet_repeats_its_header_only_when_the_table_needs_pages(tmp_path):
    """Print titles are a defined name per sheet, and LibreOffice's load time grows with
    the square of their number: only a table that runs past one page gets them."""
    subs = seed_submissions(tmp_path)
    long = subs[0].projects[0]
    for year in long.years:
        year.activities = "事業内容の説明が長く続きます。" * 40  # about 190 pt a row
    wb = openpyxl.load_workbook(write(tmp_path, subs))
    titles = {name: wb[name].print_title_rows for name in wb.sheetnames[1:4]}
    assert titles == {"①小野田ガラスのブランド化推進事業": "$6:$8",
                      "②PPPを活用した交流・にぎわい創出事業": None,
                      "③多世代・異分野地域交流による協創のまちづくり事業": None}


def test_writer_project_sheet_has_one_chart_per_kpi(seed_book):
    with zipfile.ZipFile(seed_book) as zf:
        charts = [n for n in zf.namelist() if n.startswith("xl/charts/chart")]
    assert len(charts) == 9  # 3 projects × 3 KPIs


def test_writer_project_sheet_optional_block(tmp_path):
    subs = seed_submissions(tmp_path)
    p = subs[0].projects[0]
    p.cost, p.effect = 12_000_000, "地方創生に効果があった"
    p.policy, p.assessment = "事業の継続", "=所感"
    out = write(tmp_path, subs)
    wb = openpyxl.load_workbook(out)
    ws = wb[wb.sheetnames[1]]
    values = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(1, ws.max_row + 1)}
    assert values["事業費"] == 12_000_000
    assert values["事業効果"] == "地方創生に効果があった"
    assert values["今後の方針"] == "事業の継続"
    assert values["評価・課題"] == "=所感"


def test_writer_regional_project_without_kpis_has_activities_only(seed_book):
    wb = openpyxl.load_workbook(seed_book)
    ws = wb[wb.sheetnames[4]]
    assert ws["A1"].value.startswith("④")
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert any(t.startswith("・若者等向け") for t in texts)


# --- errors are highlighted, not dropped; 検証結果 and 提出状況 -------------------------------


def test_writer_invalid_value_is_kept_and_highlighted(tmp_path):
    subs = seed_submissions(tmp_path)
    year = subs[0].projects[0].years[2]
    where = year.observations[1].actual.where
    year.observations[1] = Observation(year.observations[1].target,
                                       Value(None, ValueStatus.INVALID, "集計中", where))
    issue = Issue("value-not-number", where, {"raw": "集計中"})
    subs[0].issues.append(issue)
    out = write(tmp_path, subs)
    wb = openpyxl.load_workbook(out)
    ws = wb["集計一覧"]
    actual, target = SUMMARY_HEADERS.index("実績値"), SUMMARY_HEADERS.index("目標値")
    [row] = [r for r in ws.iter_rows(min_row=2) if r[actual].value == "集計中"]
    assert row[actual].fill.fgColor.rgb.endswith("FF9999")
    assert row[SUMMARY_HEADERS.index("判定")].value.startswith("=")  # judged as missing: －
    other = next(r for r in ws.iter_rows(min_row=2) if r[3].value == "商工労働課")
    assert other[target].fill.fgColor.rgb.endswith("FCE4D6")  # a value of a file with errors
    issues = wb["検証結果"]
    assert [c.value for c in issues[2]][:5] == ["エラー", "value-not-number", "商工労働課.xlsx",
                                                "①ガラス", where.cell]
    link = issues.cell(2, 7).hyperlink
    assert link.location == f"'集計一覧'!A{row[0].row}"


def test_writer_issue_about_a_file_links_to_status(tmp_path):
    subs = seed_submissions(tmp_path)
    stray = tmp_path / "古い様式.xls"
    out = write(tmp_path, subs, [Issue("file-legacy-format", Location(stray), {"ext": ".xls"})])
    wb = openpyxl.load_workbook(out)
    status = wb["提出状況"]
    files = [status.cell(r, 1).value for r in range(2, status.max_row + 1)]
    assert files[-1] == "古い様式.xls"
    assert status.cell(len(files) + 1, 5).value == 1  # one error
    link = wb["検証結果"].cell(2, 7).hyperlink
    assert link.location == f"'提出状況'!A{len(files) + 1}"


def test_writer_status_sheet(seed_book):
    ws = openpyxl.load_workbook(seed_book)["提出状況"]
    assert [c.value for c in ws[1]][:9] == ["ファイル", "担当課", "事業数", "事業", "エラー",
                                            "警告", "情報", "SHA-256", "更新日時"]
    rows = {ws.cell(r, 2).value: [c.value for c in ws[r]] for r in range(2, ws.max_row + 1)}
    assert rows["商工労働課"][2] == 2
    assert rows["商工労働課"][7] == "0" * 64
    assert isinstance(rows["商工労働課"][8], dt.datetime)


def test_writer_issues_sheet_empty_says_so(seed_book):
    ws = openpyxl.load_workbook(seed_book)["検証結果"]
    assert ws["F2"].value == "問題はありません。"
    assert ws.auto_filter.ref == "A1:G2"


# --- properties and reproducibility --------------------------------------------------------


def test_writer_document_properties(seed_book):
    wb = openpyxl.load_workbook(seed_book)
    assert wb.properties.title == "地方創生推進交付金 KPI 集計"
    assert "令和4年度" in wb.properties.subject
    assert wb.properties.created == CREATED
    assert {p.name: p.value for p in wb.custom_doc_props.props}["対象年度"] == 2022


def test_writer_output_is_reproducible(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = write(tmp_path / "a", seed_submissions(tmp_path)).read_bytes()
    second = write(tmp_path / "b", seed_submissions(tmp_path)).read_bytes()
    assert first == second
    assert "theme_font_name" not in DEFAULT_FORMAT  # xlsxwriter is given copies only


# --- machine-readable data: 指標番号/値の種類/基準値, 事業データ, 事業内容 ----------------------


def test_writer_summary_kpi_index_kind_and_baseline(tmp_path):
    from kpi_workbook.domain.model import ValueKind

    subs = seed_submissions(tmp_path)
    glass = subs[0].projects[0]
    kpi = glass.kpis[1]
    kpi.kind = ValueKind.CUMULATIVE
    kpi.baseline = Value(8016.0, ValueStatus.NUMBER, 8016, Location(glass.where.file,
                                                                   glass.sheet, "E10"))
    glass.kpis[2].baseline = Value(None, ValueStatus.NOT_APPLICABLE, "-",
                                   Location(glass.where.file, glass.sheet, "G10"))
    records = summary_records(write(tmp_path, subs))
    rec = find(records, kpi.name, 2021)
    assert (rec["指標番号"], rec["値の種類"], rec["基準値"]) == (2, "累計", 8016)
    assert find(records, glass.kpis[2].name, 2020)["基準値"] == "-"
    first = find(records, glass.kpis[0].name, 2020)
    assert (first["指標番号"], first["値の種類"], first["基準値"]) == (1, "単年度", None)


def test_writer_data_sheets_are_hidden_and_flat(seed_book):
    wb = openpyxl.load_workbook(seed_book)
    for name in ("事業データ", "事業内容"):
        assert wb[name].sheet_state == "hidden"
        assert not wb[name].merged_cells.ranges
    assert wb.active.title == "集計一覧"


def test_writer_projects_sheet_one_row_per_project(tmp_path):
    subs = seed_submissions(tmp_path)
    glass = subs[0].projects[0]
    glass.cost, glass.grant = 12_000_000, 6_000_000
    glass.effect, glass.policy = "地方創生に効果があった", "事業の継続"
    glass.assessment = "=所感"
    ws = openpyxl.load_workbook(write(tmp_path, subs))["事業データ"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == ("事業番号", "事業名", "実施区分", "担当課", "開始年度", "終了年度",
                       "事業目的", "事業費", "交付金額", "事業効果", "今後の方針", "評価・課題",
                       "出典", "シート", "ファイル", "要因分析", "改善方策", "今後の方針の理由",
                       "交付金の種類", "実績額")
    assert [r[0] for r in rows[1:]] == [1, 2, 3, 4, 5]  # 広域 projects without KPIs too
    rec = dict(zip(rows[0], rows[1], strict=True))
    assert rec == {
        "事業番号": 1, "事業名": glass.name, "実施区分": "単市", "担当課": "商工労働課",
        "開始年度": 2020, "終了年度": 2022, "事業目的": glass.purpose, "事業費": 12_000_000,
        "交付金額": 6_000_000, "事業効果": "地方創生に効果があった", "今後の方針": "事業の継続",
        "評価・課題": "=所感", "出典": "商工労働課.xlsx!①ガラス",
        "シート": "①小野田ガラスのブランド化推進事業", "ファイル": None,  # in this workbook
        "要因分析": None, "改善方策": None, "今後の方針の理由": None, "交付金の種類": None,
        "実績額": None}
    assert ws["L2"].data_type == "s"  # text that looks like a formula stays text
    other = dict(zip(rows[0], rows[2], strict=True))
    assert (other["事業費"], other["事業効果"]) == (None, None)


def test_writer_activities_sheet_one_row_per_year(seed_book):
    rows = list(openpyxl.load_workbook(seed_book)["事業内容"].iter_rows(values_only=True))
    assert rows[0] == ("事業番号", "事業名", "年度", "年度ラベル", "事業内容", "出典")
    assert len(rows) == 1 + 5 * 3
    first = rows[1]
    assert first[:4] == (1, "小野田ガラスのブランド化推進事業", 2020, "初年度")
    assert first[4].startswith("・ガラスのブランド化")
    assert first[5] == "商工労働課.xlsx!①ガラス!A11"
