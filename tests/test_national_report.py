"""国への報告 (issue 20, part 3): the State's 事業実施結果報告 (様式2) written by merge.

Clerks retyped the consolidated workbook into the national form each year. Merge now
writes it: a sheet of the consolidated workbook, or with ``--report-form`` a workbook of
its own. What a clerk relies on: the form's header rows exactly (group ① … ⑦ over the
leaf columns), one block per project with 指標① … 指標⑤ beneath it carrying the
submitted values, the record typed into 外部評価 in the evaluation columns after a
re-merge, the header block from the settings file, print on A4 landscape with the header
rows on every page, LibreOffice and Gnumeric reading it, and no input ever overwritten.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from kpi_workbook.cli import main
from kpi_workbook.consolidated.writer import national as NS
from kpi_workbook.consolidated.writer.xlsx_engine.book import KpiWorkbook
from kpi_workbook.departments.template import TemplateLayout
from kpi_workbook.domain import labels
from kpi_workbook.domain import national_report as N
from kpi_workbook.domain.errors import KpiWorkbookError, OutputError
from kpi_workbook.domain.fiscal_year import Period, target_month
from kpi_workbook.domain.issues import Location
from kpi_workbook.domain.model import Kpi, Observation, Project, Value, ValueStatus, YearRow
from kpi_workbook.usecases import read_submission
from kpi_workbook.usecases.merge import MergeOptions, merge, merge_submissions
from kpi_workbook.usecases.settings import load_settings
from tests.gnumeric import GNM, read_gnumeric, ssconvert
from tests.recalc import convert
from tests.test_remerge import type_with_openpyxl

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "submissions"
OPTIONS = MergeOptions(report_year=2022, created=dt.datetime(2023, 5, 1))
GLASS = "小野田ガラスのブランド化推進事業"
SETTINGS = """\
[report]
prefecture = "山口県"
municipality = "山陽小野田市"
code = "352161"
section = "総合政策部企画課"
grant = "地方創生推進交付金"
"""

#: The seed's blocks: (No, 事業名, KPI lines as (指標, 指標値, 単位, 目標年月, 実績値)).
SEED_BLOCKS = [
    (1, GLASS, [("ブランド化したガラス商品の販売額", 15_000_000, "円", "R5.3", 10_462_414),
                ("きららガラス未来館の来客数", 15_672, "人", "R5.3", 12_682),
                ("ブランド化したガラス商品数", 10, "個", "R5.3", 170)]),
    (2, "PPPを活用した交流・にぎわい創出事業",
     [("スマイルエイジング月間の健康づくり実施箇所数", 70, "件", "R5.3", 141),
      ("観光客数", 1_149_438, "人", "R5.3", 571_011),
      ("SPC(特定目的会社)の設立", 1, "事業体", "R5.3", 1)]),
    (3, "多世代・異分野地域交流による協創のまちづくり事業",
     [("20～39歳の社会動態数(住民基本台帳)", 0, "人", "R5.3", -16),
      ("山口東京理科大学生の市内就職率", 10, "%", "R5.3", 5.2),  # 10.0% → 10 beside %
      ("山陽小野田市にずっと住みたいと感じる市民の割合", 80, "%", "R5.3", "-")]),
    (4, "デジタルの活用によりやまぐちの魅力あるしごと繋ぐ産業人材定着・還流推進事業", []),
    (5, "「山口ゆめ回廊」観光を基軸とした交流価値共創プロジェクト", []),
]


# --- reading the sheet back -----------------------------------------------------------------

def labels_of_row(ws: object, row: int) -> list[object]:
    """The row's labels as a reader sees the form: each cell, a merged range once (by its
    top-left value, so No, merged over both header rows, is in both)."""
    ranges = list(ws.merged_cells.ranges)  # type: ignore[attr-defined]
    found: list[object] = []
    seen: set[str] = set()
    for col in range(1, NS.LAST_COL + 2):
        rng = next((r for r in ranges if r.min_row <= row <= r.max_row
                    and r.min_col <= col <= r.max_col), None)
        if rng is None:
            found.append(ws.cell(row, col).value)  # type: ignore[attr-defined]
        elif str(rng) not in seen:
            seen.add(str(rng))
            found.append(ws.cell(rng.min_row, rng.min_col).value)  # type: ignore[attr-defined]
    return found


def blocks_of(ws: object) -> list[dict[str, object]]:
    """Each project block: its first row's project cells and its KPI lines."""
    rows = list(ws.iter_rows(min_row=NS.FIRST_BLOCK_ROW + 1,  # type: ignore[attr-defined]
                             max_col=NS.LAST_COL + 1, values_only=True))
    blocks: list[dict[str, object]] = []
    for row in rows:
        if row[NS.C_NO] is not None:
            blocks.append({"no": row[NS.C_NO], "name": row[NS.C_NAME], "kind": row[NS.C_KIND],
                           "cost": row[NS.C_COST], "effect": row[NS.C_EFFECT],
                           "rating": row[NS.C_RATING], "experts": row[NS.C_EXPERTS],
                           "policy": row[NS.C_POLICY], "reason": row[NS.C_REASON],
                           "lines": []})
        if row[NS.C_LABEL] is not None:
            blocks[-1]["lines"].append(  # type: ignore[union-attr]
                (row[NS.C_LABEL], row[NS.C_KPI_NAME], row[NS.C_TARGET], row[NS.C_UNIT],
                 row[NS.C_MONTH], row[NS.C_ACTUAL]))
    return blocks


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def seed_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("national") / "集計ブック_令和4年度.xlsx"
    assert merge([EXAMPLES], out, options=OPTIONS).written
    return out


# --- the form ----------------------------------------------------------------------------

def test_header_rows_are_the_forms_group_and_leaf_labels(seed_book: Path) -> None:
    wb = openpyxl.load_workbook(seed_book)
    assert wb.sheetnames.index("国への報告") == wb.sheetnames.index("外部評価") + 1
    ws = wb["国への報告"]
    assert labels_of_row(ws, NS.GROUP_ROW + 1) == [
        "No", "① 交付対象事業の名称", "② 交付金の種類", "③ 実績額",
        "④ 本事業における重要業績評価指標(KPI)", "⑤ 本事業終了後における実績値",
        "⑥ 外部有識者からの評価", "⑦ 実績値を踏まえた事業の今後について"]
    assert labels_of_row(ws, NS.LEAF_ROW + 1) == [
        "No", "交付対象事業の名称", "交付金の種類", "実績額(単位:円)", "指標", "指標値",
        "単位", "目標年月", "実績値", "事業効果", "事業の評価", "外部有識者からの意見",
        "今後の方針", "今後の方針の理由"]
    assert list(N.GROUP_HEADERS) == labels_of_row(ws, NS.GROUP_ROW + 1)
    assert list(N.LEAF_HEADERS) == labels_of_row(ws, NS.LEAF_ROW + 1)
    # each group spans exactly its leaf columns (指標 is two: 指標① and the name)
    spans = {str(r) for r in ws.merged_cells.ranges}
    assert {"A10:A11", "E10:I10", "J10:K10", "L10:M10", "N10:O10", "E11:F11"} <= spans
    assert [ws.cell(r, 1).value for r in (1, 2, 3)] == [
        "様式2", "事業実施結果報告", "（各交付対象事業の重要業績評価指標(KPI)の実績値等）"]
    assert [ws.cell(r, 1).value for r in range(5, 9)] == [
        "都道府県名", "市町村名", "団体コード", "担当部局課名"]


def test_the_seeds_five_projects_give_five_blocks_with_their_values(seed_book: Path) -> None:
    ws = openpyxl.load_workbook(seed_book)["国への報告"]
    blocks = blocks_of(ws)
    assert [(b["no"], b["name"]) for b in blocks] == [(n, name) for n, name, _ in SEED_BLOCKS]
    for block, (_, _, kpis) in zip(blocks, SEED_BLOCKS, strict=True):
        lines = block["lines"]
        assert [line[0] for line in lines] == ["指標①", "指標②", "指標③", "指標④", "指標⑤"]
        assert [line[1:] for line in lines[:len(kpis)]] == kpis
        assert all(line[1:] == (None,) * 5 for line in lines[len(kpis):])
    # 指標① of ①: 15,000,000 円 by R5.3, 10,462,414: numbers, shown with separators
    first = NS.FIRST_BLOCK_ROW + 1
    target, actual = ws.cell(first, NS.C_TARGET + 1), ws.cell(first, NS.C_ACTUAL + 1)
    assert (target.data_type, actual.data_type) == ("n", "n")
    assert target.number_format.startswith("#,##0")
    assert ws.cell(first, NS.C_MONTH + 1).data_type == "s"  # R5.3 is text, as on the form
    # the project's cells span its five lines
    spans = {str(r) for r in ws.merged_cells.ranges}
    for col in "ABCDKLMNO":
        assert f"{col}{first}:{col}{first + 4}" in spans
    # a % KPI is in points beside %: 5.2, not 0.052
    pct = first + 5 * 2 + 1
    assert ws.cell(pct, NS.C_ACTUAL + 1).value == pytest.approx(5.2)
    assert ws.cell(pct, NS.C_UNIT + 1).value == "%"


def test_print_a4_landscape_with_the_header_rows_on_every_page(seed_book: Path) -> None:
    ws = openpyxl.load_workbook(seed_book)["国への報告"]
    setup = ws.page_setup
    assert (setup.orientation, setup.paperSize) == ("landscape", 9)
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert (setup.fitToWidth or 1, setup.fitToHeight) == (1, 0)  # 1: the default, left out
    assert ws.print_title_rows == f"${NS.GROUP_ROW + 1}:${NS.LEAF_ROW + 1}"
    # the clerk's note beside the form is not printed
    assert ws.print_area == f"'国への報告'!$A$1:$O${NS.FIRST_BLOCK_ROW + 25}"
    assert "作成し直す" in ws.cell(1, NS.LAST_COL + 3).value


# --- the record, the header block -----------------------------------------------------------

#: The department's stage of ①ガラス and ②PPP, as typed into the template.
SUBMITTED = {
    "①ガラス": {labels.EFFECT: "地方創生に非常に効果があった",  # a variant: canonical
               labels.POLICY: "事業の継続", labels.POLICY_REASON: "販路が定着しつつある",
               labels.GRANT_KIND: "地方創生推進交付金", labels.ACTUAL_COST: 12_345_678},
    "②PPP": {labels.EFFECT: "3.", labels.POLICY: "予定通り事業終了",
              labels.POLICY_REASON: "=計画どおり終えた"},
}


def _submissions(tmp_path: Path) -> Path:
    folder = tmp_path / "提出"
    shutil.copytree(EXAMPLES, folder)
    lay = TemplateLayout()
    for file, sheet in (("商工労働課.xlsx", "①ガラス"), ("企画課.xlsx", "②PPP")):
        wb = openpyxl.load_workbook(folder / file)
        ws = wb[sheet]
        for label, value in SUBMITTED[sheet].items():
            cell = ws[lay.header_cell(label)]
            cell.value = value
            if isinstance(value, str):
                cell.data_type = "s"  # typed text, even when it starts with =
        wb.save(folder / file)
    return folder


def test_the_record_typed_into_the_evaluation_sheet_shows_after_a_remerge(
        tmp_path: Path) -> None:
    folder = _submissions(tmp_path)
    out = tmp_path / "集計ブック_令和4年度.xlsx"
    merge([folder], out, options=OPTIONS)
    before = blocks_of(openpyxl.load_workbook(out)["国への報告"])
    # before the meeting: the department's stage only
    assert (before[0]["effect"], before[0]["policy"], before[0]["reason"]) == (
        "地方創生に非常に効果的であった", "事業の継続", "販路が定着しつつある")
    assert (before[0]["kind"], before[0]["cost"]) == ("地方創生推進交付金", 12_345_678)
    assert (before[1]["effect"], before[1]["policy"], before[1]["reason"]) == (
        "地方創生に効果があった", "事業の終了", "=計画どおり終えた")
    assert before[0]["rating"] is None
    assert before[0]["experts"] is None
    # after it: the clerk types the experts' verdict and the final decision for ①, only
    # the verdict for ②
    type_with_openpyxl(out, {
        (2, "外部有識者の評価"): "有効であった",  # a wording of the list's first choice
        (2, "外部有識者の意見"): "=販路拡大の効果は明らか",
        (2, "最終の今後の方針"): "追加等更に発展させる",
        (2, "最終の今後の方針の理由"): "-EC販売を広げる",
        (3, "外部有識者の評価"): "総合戦略のKPI達成に有効とは言えない",
        (3, "外部有識者の意見"): "@集客の目標を見直すこと",
    })
    merge([folder], out, options=OPTIONS)
    wb = openpyxl.load_workbook(out)
    after = blocks_of(wb["国への報告"])
    assert (after[0]["rating"], after[0]["experts"], after[0]["policy"], after[0]["reason"]) \
        == ("総合戦略のKPI達成に有効であった", "=販路拡大の効果は明らか", "事業の発展",
            "-EC販売を広げる")
    # no final stage for ②: the department's 方針 and 理由 stay
    assert (after[1]["rating"], after[1]["experts"], after[1]["policy"], after[1]["reason"]) \
        == ("総合戦略のKPI達成に有効とは言えない", "@集客の目標を見直すこと", "事業の終了",
            "=計画どおり終えた")
    # text that looks like a formula stays text
    first = NS.FIRST_BLOCK_ROW + 1
    ws = wb["国への報告"]
    for col in (NS.C_EXPERTS, NS.C_REASON):
        assert ws.cell(first, col + 1).data_type == "s"
    assert ws.cell(first + 5, NS.C_REASON + 1).data_type == "s"
    assert [b["name"] for b in after] == [name for _, name, _ in SEED_BLOCKS]


def test_the_header_block_comes_from_the_settings_file(tmp_path: Path) -> None:
    settings = tmp_path / "設定.toml"
    settings.write_text(SETTINGS, encoding="utf-8")
    out = tmp_path / "集計.xlsx"
    assert main(["merge", str(EXAMPLES), "-o", str(out), "--year", "2022",
                 "--settings", str(settings)]) == 0
    ws = openpyxl.load_workbook(out)["国への報告"]
    assert ws.cell(2, 1).value == "地方創生推進交付金に係る事業実施結果報告"
    block = [(ws.cell(r, 1).value, ws.cell(r, 3).value, ws.cell(r, 3).data_type)
             for r in range(5, 9)]
    assert block == [("都道府県名", "山口県", "s"), ("市町村名", "山陽小野田市", "s"),
                     ("団体コード", "352161", "s"), ("担当部局課名", "総合政策部企画課", "s")]


@pytest.mark.parametrize(("table", "says"), [
    ('[report]\nprefectur = "山口県"\n', "「prefectur」は設定の項目にありません"),
    ('[report]\ncode = "352162"\n', "6 桁目の検査数字が合いません。35216 なら 352161 です"),
    ('[report]\ncode = "3521"\n', "5 桁の数字か、検査数字を付けた 6 桁の数字"),
    ('[report]\ncode = 1100\n', 'code は文字として "" で囲んで書いてください'),
    ('[report]\nmunicipality = 3\n', "municipality は文字として"),
    ('report = "山口県"\n', "[report] は見出し [report] の下に"),
])
def test_a_wrong_report_table_is_named_in_the_message(tmp_path: Path, table: str,
                                                      says: str, capsys) -> None:
    settings = tmp_path / "設定.toml"
    settings.write_text(table, encoding="utf-8")
    with pytest.raises(KpiWorkbookError) as caught:
        load_settings(settings)
    issue = caught.value.issue
    assert issue.code == "settings-unreadable"
    assert says in issue.message("ja")
    assert "[report]" in issue.message("en")
    out = tmp_path / "集計.xlsx"
    assert main(["merge", str(EXAMPLES), "-o", str(out), "--settings", str(settings)]) == 2
    assert says in capsys.readouterr().err
    assert not out.exists()


def test_a_code_of_five_digits_and_one_with_its_check_digit_are_taken(tmp_path: Path) -> None:
    for code, expected in (('"43364"', "43364"), ('"011002"', "011002"), ("352161", "352161")):
        settings = tmp_path / "設定.toml"
        settings.write_text(f"[report]\ncode = {code}\n", encoding="utf-8")
        assert load_settings(settings).reporter.code == expected


# --- a workbook of its own ------------------------------------------------------------------

def test_report_form_is_a_workbook_of_its_own(tmp_path: Path, seed_book: Path,
                                              capsys) -> None:
    out, report = tmp_path / "集計.xlsx", tmp_path / "報告" / "国への報告.xlsx"
    assert main(["merge", str(EXAMPLES), "-o", str(out), "--year", "2022",
                 "--report-form", str(report)]) == 0
    assert f"国への報告 {report} を作成しました。" in capsys.readouterr().out
    assert "国への報告" not in openpyxl.load_workbook(out).sheetnames
    alone = openpyxl.load_workbook(report)
    assert alone.sheetnames == ["国への報告"]
    sheet = openpyxl.load_workbook(seed_book)["国への報告"]
    assert list(alone["国への報告"].values) == list(sheet.values)
    assert ({str(r) for r in alone["国への報告"].merged_cells.ranges}
            == {str(r) for r in sheet.merged_cells.ranges})
    assert alone["国への報告"].print_title_rows == sheet.print_title_rows
    # no temporary file is left beside either
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == [
        "国への報告.xlsx", "集計.xlsx"]
    # merging again replaces it (it is ours), also when it lies in the folder merged
    inside = tmp_path / "提出"
    shutil.copytree(EXAMPLES, inside)
    shutil.copy(report, inside / "国への報告.xlsx")
    result = merge([inside], out, options=MergeOptions(report_year=2022,
                                                       report_form=inside / "国への報告.xlsx"))
    assert result.written
    assert result.report_form == inside / "国への報告.xlsx"
    assert result.summary()["report_form"] == str(inside / "国への報告.xlsx")


@pytest.mark.parametrize("which", ["submission", "out", "previous", "consolidated",
                                   "roster", "settings", "part"])
def test_report_form_never_overwrites_an_input_or_a_consolidated_workbook(
        tmp_path: Path, seed_book: Path, which: str, capsys) -> None:
    folder = tmp_path / "提出"
    shutil.copytree(EXAMPLES, folder)
    out = tmp_path / "集計.xlsx"
    shutil.copy(seed_book, out)
    previous = tmp_path / "集計ブック_令和3年度.xlsx"
    shutil.copy(seed_book, previous)
    other = tmp_path / "古い集計ブック.xlsx"
    shutil.copy(seed_book, other)
    roster = tmp_path / "名簿.csv"
    roster.write_text("担当課\n商工労働課\n", encoding="utf-8")
    settings = tmp_path / "設定.toml"
    settings.write_text(SETTINGS, encoding="utf-8")
    part = tmp_path / "集計_事業シート_01_商工労働課.xlsx"
    merge([EXAMPLES], out, options=MergeOptions(report_year=2022, max_project_sheets=2))
    target = {"submission": folder / "企画課.xlsx", "out": out, "previous": previous,
              "consolidated": other, "roster": roster, "settings": settings,
              "part": part}[which]
    assert target.exists()
    digests = {p: _digest(p) for p in tmp_path.rglob("*") if p.is_file()}
    args = ["merge", str(folder), "-o", str(out), "--year", "2022", "--report-form",
            str(target), "--previous", str(previous), "--roster", str(roster),
            "--settings", str(settings)]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert target.name in err
    code = {"submission": "入力の提出ブックの一つです", "roster": "提出予定の名簿と同じ",
            "settings": "設定ファイルと同じ"}.get(which, "国への報告の保存先")
    assert code in err
    assert {p: _digest(p) for p in tmp_path.rglob("*") if p.is_file()} == digests


def test_report_form_is_written_atomically(tmp_path: Path, seed_book: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """A failure while 国への報告 is written leaves OUT and the earlier report as they were,
    and no temporary file."""
    out, report = tmp_path / "集計.xlsx", tmp_path / "国への報告.xlsx"
    options = MergeOptions(report_year=2022, report_form=report)
    merge([EXAMPLES], out, options=options)
    digests = {p.name: _digest(p) for p in (out, report)}

    def fail(ws: object, *args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(NS, "write_national_sheet", fail)
    with pytest.raises(OSError, match="No space left"):
        merge([EXAMPLES], out, options=options)
    assert {p.name: _digest(p) for p in (out, report)} == digests
    assert sorted(p.name for p in tmp_path.iterdir()) == ["国への報告.xlsx", "集計.xlsx"]


def test_window_name_of_the_report_form_is_beside_out() -> None:
    from kpi_workbook.usecases import report_form_beside

    out = Path("出力") / "集計ブック_令和4年度.xlsx"
    assert report_form_beside(out) == Path("出力") / "集計ブック_令和4年度_国への報告.xlsx"


# --- real programs ------------------------------------------------------------------------

def _many_projects(tmp_path: Path, n: int) -> list[object]:
    """The seed's submissions, then copies of ①ガラス under other numbers and names: a
    report of several pages."""
    subs = [read_submission(p, report_year=2022) for p in sorted(EXAMPLES.glob("*.xlsx"))]
    glass = next(s for s in subs if any(p.name == GLASS for p in s.projects))
    extra = copy.deepcopy(glass)
    extra.path = tmp_path / "追加.xlsx"
    template = next(p for p in glass.projects if p.name == GLASS)
    extra.projects = []
    for i in range(n):
        project = copy.deepcopy(template)
        project.number = 10 + i
        project.name = f"追加事業{i + 1:02d}"
        extra.projects.append(project)
    return [*subs, extra]


@pytest.mark.libreoffice
def test_libreoffice_opens_it_and_prints_the_header_rows_on_every_page(
        tmp_path: Path) -> None:
    subs = _many_projects(tmp_path, 12)
    out, report = tmp_path / "集計.xlsx", tmp_path / "report.xlsx"
    settings = tmp_path / "設定.toml"
    settings.write_text(SETTINGS, encoding="utf-8")
    options = MergeOptions.from_settings(settings, report_year=2022, report_form=report)
    merge_submissions(subs, [], out, options=options)
    [saved] = convert([report], tmp_path / "lo")
    ws = openpyxl.load_workbook(saved)["国への報告"]
    assert labels_of_row(ws, NS.LEAF_ROW + 1) == list(N.LEAF_HEADERS)
    blocks = blocks_of(ws)
    assert len(blocks) == 17
    assert blocks[0]["lines"][0][1:] == SEED_BLOCKS[0][2][0]
    assert {"A12:A16", "O12:O16"} <= {str(r) for r in ws.merged_cells.ranges}
    [pdf] = convert([report], tmp_path / "pdf", to="pdf")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                          check=True).stdout
    width, height = (float(x) for x in re.search(r"Page size:\s+([\d.]+) x ([\d.]+)",
                                                 info).groups())
    assert (round(width), round(height)) == (842, 595)  # A4 landscape
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert pages >= 2
    for page in range(1, pages + 1):
        text = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"],
                              capture_output=True, text=True, check=True).stdout
        assert "交付対象事業の名称" in text, page
        assert "今後の方針の理由" in text, page
        assert "作成し直す" not in text  # the note beside the form is not printed
        # every block whole on its page: as many 指標① as 指標⑤
        assert text.count("指標①") == text.count("指標⑤") > 0, page
    first = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"],
                           capture_output=True, text=True, check=True).stdout
    for seen in ("地方創生推進交付金に係る事業実施結果報告", "山陽小野田市", "352161",
                 "指標①", "15,000,000", "10,462,414", "R5.3"):
        assert seen in first
    if shutil.which("pdftoppm"):  # a picture to look at (docs/images keeps one)
        subprocess.run(["pdftoppm", "-r", "80", "-png", "-f", "1", "-l", "1", str(pdf),
                        str(tmp_path / "page")], check=True)
        assert (tmp_path / "page-01.png").exists() or (tmp_path / "page-1.png").exists()


def test_gnumeric_reads_it(tmp_path: Path, seed_book: Path) -> None:
    said = ssconvert(seed_book, tmp_path / "book.gnumeric")
    assert "Invalid" not in said, said
    root = read_gnumeric(tmp_path / "book.gnumeric")
    sheet = next(s for s in root.iter(f"{GNM}Sheet")
                 if s.findtext(f"{GNM}Name") == "国への報告")
    cells = {(int(c.get("Row")), int(c.get("Col"))): c.text
             for c in sheet.iter(f"{GNM}Cell")}
    first = NS.FIRST_BLOCK_ROW
    assert cells[(first, NS.C_KPI_NAME)] == "ブランド化したガラス商品の販売額"
    assert float(cells[(first, NS.C_TARGET)]) == 15_000_000
    assert float(cells[(first, NS.C_ACTUAL)]) == 10_462_414
    assert cells[(first, NS.C_MONTH)] == "R5.3"
    assert cells[(NS.LEAF_ROW, NS.C_REASON)] == "今後の方針の理由"
    merges = {m.text for m in sheet.iter(f"{GNM}Merge")}
    assert {"A10:A11", "E10:I10", f"B{first + 1}:B{first + 5}"} <= merges
    titles = [n for n in root.iter(f"{GNM}Name")
              if n.findtext(f"{GNM}name") == "Print_Titles"]
    assert "国への報告!$A$10:$XFD$11" in {t.findtext(f"{GNM}value") for t in titles}


# --- what goes in each cell -------------------------------------------------------------------

def _value(number: float | None, raw: object = None) -> Value:
    status = ValueStatus.NUMBER if number is not None else (
        ValueStatus.NOT_APPLICABLE if raw == "-" else ValueStatus.MISSING)
    return Value(number, status, raw if raw is not None else number, Location(Path("x")))


def _project(values: list[tuple[float | None, float | None]], start: int = 2021) -> Project:
    years = [YearRow(start + i, i + 1, f"{i + 1}年目", "", Location(Path("x")),
                     [Observation(_value(t, "-" if t is None else None),
                                  _value(a))])
             for i, (t, a) in enumerate(values)]
    return Project(7, "事業", None, Period(start, start + len(values) - 1), "課",
                   Location(Path("x"), "s"), kpis=[Kpi(1, "指標", "人")], years=years)


def test_a_line_reports_the_last_year_with_a_target() -> None:
    ended = N.report_block(1, _project([(10, 8), (20, 25), (30, 28)]))
    assert (ended.lines[0].target.number, ended.lines[0].month,  # type: ignore[union-attr]
            ended.lines[0].actual.number) == (30, "R6.3", 28)  # type: ignore[union-attr]
    # a project still running: its goal, and no actual yet
    running = N.report_block(1, _project([(10, 8), (20, None)]))
    assert running.lines[0].month == "R5.3"
    assert running.lines[0].actual.status is ValueStatus.MISSING  # type: ignore[union-attr]
    # a last year without target (「-」) reports the last year that has one
    dashed = N.report_block(1, _project([(10, 8), (20, 19), (None, 3)]))
    assert (dashed.lines[0].target.number, dashed.lines[0].month) == (20, "R5.3")  # type: ignore[union-attr]
    assert [line.label for line in dashed.lines] == [f"指標{c}" for c in "①②③④⑤"]


def test_the_target_month_is_the_end_of_the_fiscal_year() -> None:
    assert [target_month(y) for y in (2015, 2018, 2019, 2022, 2024)] == [
        "H28.3", "H31.3", "R2.3", "R5.3", "R7.3"]


def test_the_check_digit_of_a_local_government_code() -> None:
    # 札幌市, 千代田区, 函館市, 宇部市, 山陽小野田市 (JIS X 0401/0402 codes)
    for code in ("011002", "131016", "012025", "352021", "352161"):
        assert N.check_digit(code[:5]) == code[5]
        assert N.code_problem(code) is None
    assert N.code_problem("352162") is not None
    assert N.code_problem("３５２１６") is not None  # full-width digits are not a code


def test_page_breaks_fall_between_blocks() -> None:
    blocks = [(NS.FIRST_BLOCK_ROW + 5 * i, 130.0) for i in range(20)]
    breaks = NS.page_breaks(blocks)
    assert breaks
    assert set(breaks) <= {top for top, _ in blocks}
    assert breaks == sorted(breaks)
    # the first page holds fewer (the title and header block are on it)
    per_page = [(b - a) // 5
                for a, b in zip([NS.FIRST_BLOCK_ROW, *breaks[:-1]], breaks, strict=True)]
    assert per_page[0] < per_page[1] == max(per_page)
    # a block taller than a page begins its own page and is not broken again
    assert NS.page_breaks([(11, 100.0), (16, 5000.0), (21, 100.0)]) == [16, 21]
    assert NS.page_breaks([]) == []


def test_a_merged_range_cannot_begin_in_a_row_already_written(tmp_path: Path) -> None:
    wb = KpiWorkbook(str(tmp_path / "b.xlsx"))
    ws = wb.add_streamed_worksheet("s")
    ws.write_string(0, 0, "a")
    ws.write_string(3, 0, "b")
    with pytest.raises(ValueError, match="merged range from row 1"):
        ws.declare_merged(0, 1, 2, 1)
    ws.declare_merged(3, 1, 5, 1)
    wb.close()
    assert [str(r) for r in openpyxl.load_workbook(tmp_path / "b.xlsx")["s"]
            .merged_cells.ranges] == ["B4:B6"]


def test_no_report_form_over_an_input_from_the_library(tmp_path: Path) -> None:
    folder = tmp_path / "提出"
    shutil.copytree(EXAMPLES, folder)
    target = folder / "観光振興課.xlsx"
    digest = _digest(target)
    with pytest.raises(OutputError) as caught:
        merge([folder], tmp_path / "集計.xlsx",
              options=MergeOptions(report_year=2022, report_form=target))
    assert caught.value.issue.code == "output-is-input"
    assert _digest(target) == digest
    assert not (tmp_path / "集計.xlsx").exists()
