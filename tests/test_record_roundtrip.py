"""The staged verification record (issue 20) as a clerk types it, followed through every
command that reads a consolidated workbook.

The department submits 要因分析, 改善方策 and 今後の方針の理由 in the template's 検証の記録
block; the planning division types every stage into 外部評価 (企画課の一次評価, the experts'
rating, votes and opinion, the council's opinion, the final 今後の方針 and its 理由, each
with 記入日 and 記入者), with openpyxl and in LibreOffice, text that starts with = + - @
included. Then: a re-merge keeps every stage, ``publish`` shows the record in the order
the 2025 grant's publication reads, ``merge --previous`` puts last year's stages beside
this year's, and ``template --from`` shows them read-only to the department.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pytest

from kpi_workbook.cli import main
from kpi_workbook.consolidated.columns import evaluation as EC
from kpi_workbook.departments.template import TemplateLayout
from kpi_workbook.domain import evaluation as E
from kpi_workbook.domain import labels
from kpi_workbook.publication import PAGE_NAME
from kpi_workbook.usecases.merge import MergeOptions, merge
from tests.test_evaluation_typed_in_libreoffice import type_in_calc
from tests.test_publish import page_of

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "submissions"
OPTIONS = MergeOptions(report_year=2022, created=dt.datetime(2023, 5, 1))
GLASS = "小野田ガラスのブランド化推進事業"

#: The department's stage, typed into the 検証の記録 block of ①ガラス.
SUBMITTED = {labels.CAUSE: "展示会への出展で販路が広がった。\n一方で単価は伸びなかった。",
             labels.IMPROVEMENT: "=EC販売を強化する", labels.POLICY_REASON: "+目標の7割に達した",
             labels.GRANT_KIND: "地方創生推進交付金", labels.ACTUAL_COST: 12_345_678}
#: Every stage the planning division types for ①ガラス (text as typed into @ cells).
STAGES = {
    E.H_PLANNING: "@一次評価: 概ね順調", E.H_PLANNING_DATE: "2023/05/10",
    E.H_PLANNING_BY: "企画課 山田",
    E.H_RATING: "総合戦略のKPI達成に有効であった", E.H_VOTES: "有効 5 / 有効とは言えない 1",
    E.H_EXPERTS: "-販路拡大の効果は明らか", E.H_EXPERTS_DATE: "2023/06/02",
    E.H_EXPERTS_BY: "外部有識者会議",
    E.H_COUNCIL: "+継続して支援すること", E.H_COUNCIL_DATE: "2023/06/20",
    E.H_COUNCIL_BY: "総務委員会",
    E.H_FINAL_POLICY: "事業の継続", E.H_FINAL_REASON: "=成果が出ているため",
    E.H_FINAL_DATE: "2023/07/01", E.H_FINAL_BY: "市長",
}


def _submissions(tmp_path: Path) -> Path:
    folder = tmp_path / "提出"
    shutil.copytree(EXAMPLES, folder)
    glass = folder / "商工労働課.xlsx"
    wb = openpyxl.load_workbook(glass)
    ws = wb["①ガラス"]
    lay = TemplateLayout()
    for label, value in SUBMITTED.items():
        cell = ws[lay.header_cell(label)]
        cell.value = value
        if isinstance(value, str):
            cell.data_type = "s"  # typed text, even when it starts with = or +
    wb.save(glass)
    return folder


def _columns(ws: object) -> dict[str, int]:
    header = next(ws.iter_rows(min_row=1, max_row=1, values_only=True))  # type: ignore[attr-defined]
    return {str(h): i + 1 for i, h in enumerate(header) if h is not None}


def _row(ws: object, name: str) -> int:
    cols = _columns(ws)
    return next(r for r in range(2, ws.max_row + 1)  # type: ignore[attr-defined]
                if ws.cell(r, cols[EC.H_NAME]).value == name)  # type: ignore[attr-defined]


def _type_stages(book: Path) -> None:
    wb = openpyxl.load_workbook(book)
    ws = wb[EC.SHEET_NAME]
    cols, row = _columns(ws), _row(ws, GLASS)
    for header, text in STAGES.items():
        cell = ws.cell(row, cols[header])
        assert cell.protection.locked is False, header  # only input cells are typed in
        cell.value = text
        cell.data_type = "s"
    wb.save(book)


def _stages(book: Path, prefix: str = "") -> dict[str, object]:
    ws = openpyxl.load_workbook(book)[EC.SHEET_NAME]
    cols, row = _columns(ws), _row(ws, GLASS)
    cells = {h: ws.cell(row, cols[prefix + h]) for h in STAGES}
    assert all(c.data_type == "s" for c in cells.values() if c.value is not None)
    return {h: c.value for h, c in cells.items()}


@pytest.fixture
def typed_book(tmp_path: Path) -> Path:
    book = tmp_path / "集計" / "集計ブック_令和4年度.xlsx"
    merge([_submissions(tmp_path)], book, options=OPTIONS)
    _type_stages(book)
    return book


def test_the_department_stage_reaches_the_record_sheet(typed_book: Path) -> None:
    ws = openpyxl.load_workbook(typed_book)[EC.SHEET_NAME]
    cols, row = _columns(ws), _row(ws, GLASS)
    for label in (labels.CAUSE, labels.IMPROVEMENT, labels.POLICY_REASON):
        cell = ws.cell(row, cols[label])
        assert (cell.value, cell.data_type, cell.protection.locked) == (
            SUBMITTED[label], "s", True)


def test_a_remerge_keeps_every_stage(typed_book: Path, tmp_path: Path) -> None:
    result = merge([tmp_path / "提出"], typed_book, options=OPTIONS)
    assert result.carried == len(STAGES)
    assert _stages(typed_book) == STAGES


def test_publish_shows_the_record_in_the_grants_order(typed_book: Path,
                                                      tmp_path: Path) -> None:
    assert main(["publish", str(typed_book), "-o", str(tmp_path / "web")]) == 0
    html = (tmp_path / "web" / PAGE_NAME).read_text(encoding="utf-8")
    assert "None" not in html
    page = page_of(tmp_path / "web")
    record = next(d for d in page.iter("div") if d.attrs.get("class") == "evaluation"
                  and "販路" in d.words())
    headings = [h.words() for h in record.iter("h4")]
    assert headings == ["要因分析", "改善方策", "外部有識者の評価", "外部有識者の意見",
                        "議会の意見", "今後の方針"]
    texts = [p.text() for p in record.iter("p")]
    assert texts == [SUBMITTED[labels.CAUSE], SUBMITTED[labels.IMPROVEMENT],
                     f"{STAGES[E.H_RATING]}（{STAGES[E.H_VOTES]}）", STAGES[E.H_EXPERTS],
                     STAGES[E.H_COUNCIL],
                     f"{STAGES[E.H_FINAL_POLICY]}\n{STAGES[E.H_FINAL_REASON]}"]
    # the other projects have nothing typed: no record block, no empty heading
    assert sum(1 for d in page.iter("div") if d.attrs.get("class") == "evaluation") == 1


def test_merge_previous_shows_last_years_stages_beside_this_years(typed_book: Path,
                                                                  tmp_path: Path) -> None:
    this_year = tmp_path / "R5" / "集計ブック_令和5年度.xlsx"
    assert main(["merge", str(tmp_path / "提出"), "-o", str(this_year), "--previous",
                 str(typed_book), "--year", "2022"]) == 0
    assert _stages(this_year, EC.PREVIOUS_PREFIX) == STAGES
    assert set(_stages(this_year).values()) == {None}  # this year's cells start empty


def test_template_from_shows_every_stage_read_only(typed_book: Path, tmp_path: Path) -> None:
    outdir = tmp_path / "next"
    assert main(["template", "--from", str(typed_book), "-o", str(outdir),
                 "--year", "2022"]) == 0
    ws = next(ws for ws in openpyxl.load_workbook(outdir / "商工労働課.xlsx").worksheets
              if ws.title.startswith("①"))
    shown = {ws.cell(r, 1).value: ws.cell(r, 2) for r in range(1, ws.max_row + 1)}
    for header, text in STAGES.items():
        cell = shown[EC.PREVIOUS_PREFIX + header]
        assert (cell.value, cell.data_type, cell.protection.locked) == (text, "s", True)
    order = [r for r in range(1, ws.max_row + 1)
             if str(ws.cell(r, 1).value).startswith(EC.PREVIOUS_PREFIX)]
    assert [ws.cell(r, 1).value for r in order] == [EC.PREVIOUS_PREFIX + h
                                                   for h in E.SHOWN_ORDER]


def test_stages_typed_in_libreoffice_survive_publish_and_remerge(tmp_path: Path) -> None:
    book = tmp_path / "book.xlsx"
    merge([_submissions(tmp_path)], book, options=OPTIONS)
    ws = openpyxl.load_workbook(book, read_only=True)[EC.SHEET_NAME]
    cols = _columns(ws)
    row = _row(openpyxl.load_workbook(book)[EC.SHEET_NAME], GLASS)
    typed = {E.H_PLANNING: "=1+1", E.H_VOTES: "有効 4 / 有効とは言えない 2",
             E.H_FINAL_POLICY: "事業の見直し", E.H_FINAL_REASON: "@単価の改善が必要",
             E.H_COUNCIL_DATE: "2023/6/20"}
    cells = [(EC.SHEET_NAME, f"{openpyxl.utils.get_column_letter(cols[h])}{row}", t)
             for h, t in typed.items()]
    type_in_calc(book, cells, tmp_path, save=True)
    result = merge([tmp_path / "提出"], book, options=OPTIONS)
    assert result.carried == len(typed)
    assert {h: v for h, v in _stages(book).items() if v is not None} == typed
    assert main(["publish", str(book), "-o", str(tmp_path / "web")]) == 0
    text = (tmp_path / "web" / PAGE_NAME).read_text(encoding="utf-8")
    assert "事業の見直し<br>\n@単価の改善が必要" in text
