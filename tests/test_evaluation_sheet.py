"""外部評価 (spec §5.1): the sheet, and what a clerk types there followed through every
command that reads a consolidated workbook: publish, merge --previous, template --from."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from kpi_workbook.cli import main
from kpi_workbook.consolidated.columns import evaluation as EC
from kpi_workbook.consolidated.previous import read_consolidated
from kpi_workbook.domain import evaluation as E
from kpi_workbook.domain import labels
from kpi_workbook.usecases import read_submission
from kpi_workbook.usecases.merge import MergeOptions, merge
from tests.html_tree import parse

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "submissions"
GLASS = "小野田ガラスのブランド化推進事業"
PPP = "PPPを活用した交流・にぎわい創出事業"
HEADERS = ["事業番号", "事業名", "担当課", "事業効果", "今後の方針", "外部有識者の評価",
           "外部有識者の意見", "議会の意見", "企画課の一次評価", "企画課の記入日", "企画課の記入者",
           "外部有識者の賛否", "外部有識者の記入日", "外部有識者の記入者", "議会の記入日",
           "議会の記入者", "最終の今後の方針", "最終の今後の方針の理由", "最終の記入日",
           "最終の記入者", "要因分析", "改善方策", "今後の方針の理由"]
#: The input columns (1-based): every stage of the record, after the five submitted ones.
INPUT_COLS = range(6, 6 + len(EC.INPUT_HEADERS))
# What the planning division types after the meeting: formula-looking text included (a
# clerk keeps it text in Excel with a leading apostrophe, which openpyxl stores as text).
EXPERTS_GLASS = "=販売額は目標の7割。\n3年目の伸びを評価する。"
COUNCIL_GLASS = "@議会: 継続して支援を <b>強化</b> すること"
EXPERTS_PPP = "-来客数の回復が課題"
COUNCIL_PPP = "+SPC設立を了承"


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("evaluation") / "R4集計.xlsx"
    merge([EXAMPLES], out, options=MergeOptions(report_year=2022,
                                                created=dt.datetime(2023, 5, 1)))
    return out


def type_as_clerk(book: Path, target: Path) -> Path:
    """Open the workbook, type into the unlocked cells of 外部評価 only, save a copy."""
    wb = openpyxl.load_workbook(book)
    ws = wb[EC.SHEET_NAME]
    rows = {ws.cell(r, 2).value: r for r in range(2, ws.max_row + 1)}
    entries = {
        (rows[GLASS], 6): E.RATING_CHOICES[0], (rows[GLASS], 7): EXPERTS_GLASS,
        (rows[GLASS], 8): COUNCIL_GLASS,
        (rows[PPP], 6): E.RATING_CHOICES[1], (rows[PPP], 7): EXPERTS_PPP,
        (rows[PPP], 8): COUNCIL_PPP,
    }
    for (r, c), text in entries.items():
        cell = ws.cell(r, c)
        assert cell.protection.locked is False, cell.coordinate  # only open cells typed in
        cell.value = text
        cell.data_type = "s"  # Excel's '=… : text, not a formula
    wb.save(target)
    return target


def test_evaluation_sheet_one_row_per_project_inputs_unlocked(book: Path) -> None:
    wb = openpyxl.load_workbook(book)
    assert wb.sheetnames.index(EC.SHEET_NAME) == 6  # after 集計一覧 and the five projects
    ws = wb[EC.SHEET_NAME]
    rows = list(ws.iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS
    assert [(r[0], r[2]) for r in rows[1:]] == [(1, "商工労働課"), (2, "企画課"),
                                                 (3, "市民活動推進課"), (4, "商工労働課"),
                                                 (5, "観光振興課")]
    assert all(r[5:] == (None,) * (len(HEADERS) - 5) for r in rows[1:])
    assert ws.protection.sheet
    assert not ws.protection.password
    inputs = len(EC.INPUT_HEADERS)
    for r in range(2, 7):
        assert [ws.cell(r, c).protection.locked for c in range(1, len(HEADERS) + 1)] == (
            [True] * 5 + [False] * inputs + [True] * 3)
    rating, policy = ws.data_validations.dataValidation
    assert str(rating.sqref) == "F2:F6"
    assert rating.type == "list"
    assert rating.formula1 == '"' + ",".join(E.RATING_CHOICES) + '"'
    final = openpyxl.utils.get_column_letter(HEADERS.index("最終の今後の方針") + 1)
    assert str(policy.sqref) == f"{final}2:{final}6"
    assert policy.formula1 == '"' + ",".join(labels.POLICY_CHOICES) + '"'


def test_evaluation_input_cells_are_text_formatted(book: Path) -> None:
    """The three input cells carry the text number format (@), so what a clerk types in
    Excel (「-特になし」, 「=…」) stays text instead of becoming a formula or #NAME?;
    the submitted columns keep the General format."""
    ws = openpyxl.load_workbook(book)[EC.SHEET_NAME]
    for r in range(2, 7):
        assert [ws.cell(r, c).number_format for c in INPUT_COLS] == ["@"] * len(INPUT_COLS)
        assert ws.cell(r, 2).number_format == "General"


def test_evaluation_sheet_carries_submitted_effect_and_policy(tmp_path: Path) -> None:
    sub = tmp_path / "in" / "商工労働課.xlsx"
    sub.parent.mkdir()
    sub.write_bytes((EXAMPLES / "商工労働課.xlsx").read_bytes())
    project = read_submission(sub).projects[0]
    wb = openpyxl.load_workbook(sub)
    from kpi_workbook.departments.template import TemplateLayout  # noqa: F401 (layout doc)
    ws = wb[project.sheet]
    labels = {ws.cell(r, 1).value: r for r in range(1, 30)}
    ws.cell(labels["事業効果"], 2, "地方創生に相当程度効果があった")
    ws.cell(labels["今後の方針"], 2, "事業の継続")
    wb.save(sub)
    out = tmp_path / "book.xlsx"
    merge([sub.parent], out, options=MergeOptions(report_year=2022))
    row = next(r for r in openpyxl.load_workbook(out)[EC.SHEET_NAME].iter_rows(values_only=True)
               if r[1] == GLASS)
    assert row[3:5] == ("地方創生に相当程度効果があった", "事業の継続")


def test_evaluation_typed_in_is_read_back_by_every_command(book: Path, tmp_path: Path) -> None:
    edited = type_as_clerk(book, tmp_path / "R4集計_評価済.xlsx")

    # previous.py, the reader behind merge --previous and template --from
    past = {p.name: p.evaluation for p in read_consolidated(edited).projects}
    assert past[GLASS] == E.Evaluation(E.RATING_CHOICES[0], EXPERTS_GLASS, COUNCIL_GLASS)
    assert past[PPP] == E.Evaluation(E.RATING_CHOICES[1], EXPERTS_PPP, COUNCIL_PPP)
    assert past["多世代・異分野地域交流による協創のまちづくり事業"].is_empty

    # publish: the entries follow the project's table under their headings, as text
    assert main(["publish", str(edited), "-o", str(tmp_path / "web")]) == 0
    root, _ = parse((tmp_path / "web" / "index.html").read_text(encoding="utf-8"))
    sections = {s.find("h3").words(): s for s in root.iter("section")
                if s.attrs.get("class") == "project"}
    glass = next(s for h, s in sections.items() if GLASS in h)
    kids = [c for c in glass.children if not isinstance(c, str)]
    assert [k.tag for k in kids] == ["h3", "p", "div", "div"]  # heading, purpose, table, record
    record = kids[3]
    assert [h.words() for h in record.iter("h4")] == ["外部有識者の評価", "外部有識者の意見",
                                                      "議会の意見"]
    texts = [p.text() for p in record.iter("p")]
    assert texts[0] == E.RATING_CHOICES[0]
    assert texts[1].split("\n") == EXPERTS_GLASS.split("\n")  # the line break kept (<br>)
    assert texts[2] == COUNCIL_GLASS  # "<b>" is text on the page, not markup
    assert not list(record.iter("b"))
    ppp_record = [c for c in next(s for h, s in sections.items() if PPP in h).children
                  if not isinstance(c, str)][3]
    assert [p.text() for p in ppp_record.iter("p")] == [E.RATING_CHOICES[1], EXPERTS_PPP,
                                                        COUNCIL_PPP]
    kyoso = next(s for h, s in sections.items() if "協創" in h)
    assert not list(kyoso.iter("h4"))  # nothing typed: no empty headings

    # merge --previous: last time's entries beside this year's empty input cells, as text
    this_year = tmp_path / "R5集計.xlsx"
    assert main(["merge", str(EXAMPLES), "-o", str(this_year), "--previous", str(edited),
                 "--year", "2022"]) == 0
    ws = openpyxl.load_workbook(this_year)[EC.SHEET_NAME]
    header = [c.value for c in ws[1]]
    assert header == [*HEADERS, *(f"前回の{h}" for h in EC.INPUT_HEADERS)]
    rows = {ws.cell(r, 2).value: r for r in range(2, ws.max_row + 1)}
    previous = [header.index(f"前回の{h}") + 1 for h in E.ORIGINAL_HEADERS]
    for name, expected in ((GLASS, past[GLASS]), (PPP, past[PPP])):
        r = rows[name]
        assert [ws.cell(r, c).value for c in INPUT_COLS] == [None] * len(INPUT_COLS)
        cells = [ws.cell(r, c) for c in previous]
        assert [c.value for c in cells] == [expected.rating, expected.experts, expected.council]
        assert all(c.data_type == "s" for c in cells)  # never a formula
        assert all(c.protection.locked for c in cells)
        assert all(ws.cell(r, c).protection.locked is False for c in INPUT_COLS)

    # template --from: shown read-only under the project's header block, as text
    outdir = tmp_path / "next"
    outdir.mkdir()
    assert main(["template", "--from", str(edited), "-o", str(outdir), "--year", "2022"]) == 0
    wb = openpyxl.load_workbook(outdir / "企画課.xlsx")
    ws = next(ws for ws in wb.worksheets if ws.title.startswith("②"))
    labels = {ws.cell(r, 1).value: r for r in range(1, ws.max_row + 1)}
    assert labels["前回の外部有識者の評価"] == labels["評価・課題"] + 1
    assert labels["前回の外部有識者の意見"] == labels["評価・課題"] + 2
    assert labels["前回の議会の意見"] == labels["評価・課題"] + 3
    for label, text in (("前回の外部有識者の評価", E.RATING_CHOICES[1]),
                        ("前回の外部有識者の意見", EXPERTS_PPP),
                        ("前回の議会の意見", COUNCIL_PPP)):
        cell = ws.cell(labels[label], 2)
        assert (cell.value, cell.data_type, cell.protection.locked) == (text, "s", True)
    assert labels["事業概要"] == labels["前回の議会の意見"] + 2


def test_prefilled_workbook_with_review_rows_reads_like_any_submission(
        book: Path, tmp_path: Path) -> None:
    """The review rows are not data: next year's check reads the same projects, KPIs and
    values with them as without them, and raises nothing about them."""
    edited = type_as_clerk(book, tmp_path / "edited.xlsx")
    with_review, without = tmp_path / "with", tmp_path / "without"
    with_review.mkdir()
    without.mkdir()
    assert main(["template", "--from", str(edited), "-o", str(with_review),
                 "--year", "2022"]) == 0
    assert main(["template", "--from", str(book), "-o", str(without), "--year", "2022"]) == 0
    for path in with_review.iterdir():
        a, b = read_submission(path), read_submission(without / path.name)
        assert [(p.number, p.name, p.purpose, p.effect, [k.name for k in p.kpis],
                 [[(o.target.raw, o.actual.raw) for o in y.observations] for y in p.years])
                for p in a.projects] == [
                (p.number, p.name, p.purpose, p.effect, [k.name for k in p.kpis],
                 [[(o.target.raw, o.actual.raw) for o in y.observations] for y in p.years])
                for p in b.projects]
        assert sorted((i.code, i.where.sheet) for i in a.issues) == sorted(
            (i.code, i.where.sheet) for i in b.issues)


@pytest.mark.parametrize("with_previous", [False, True], ids=["fresh", "with-previous"])
def test_evaluation_sheet_streamed_bytes_are_xlsxwriters(tmp_path: Path,
                                                         with_previous: bool) -> None:
    """The sheet goes through the writer's streamed worksheet (constant memory) and comes
    out byte for byte as xlsxwriter's own constant_memory mode writes the same calls:
    protection, validation, unlocked cells and formula-looking text included."""
    import zipfile

    import xlsxwriter

    from kpi_workbook.consolidated.writer import WORKBOOK_OPTIONS
    from kpi_workbook.consolidated.writer.evaluation import write_evaluation_sheet
    from kpi_workbook.consolidated.writer.formats import DEFAULT_FORMAT, Formats
    from kpi_workbook.consolidated.writer.layout import PlacedProject, order_projects
    from kpi_workbook.consolidated.writer.xlsx_engine.book import KpiWorkbook
    from kpi_workbook.domain.labels import project_key
    from kpi_workbook.usecases import read_submission

    subs = [read_submission(p) for p in sorted(EXAMPLES.glob("*.xlsx"))]
    placed = [PlacedProject(p, s, p.sheet) for p, s in order_projects(subs)]
    previous = ({project_key(1, GLASS): E.Evaluation(E.RATING_CHOICES[0], EXPERTS_GLASS,
                                                     COUNCIL_GLASS)}
                if with_previous else None)
    parts = []
    for wb in (KpiWorkbook(str(tmp_path / "ours.xlsx"), dict(WORKBOOK_OPTIONS)),
               # a copy of the default format: xlsxwriter adds a key to the dict it is given
               xlsxwriter.Workbook(str(tmp_path / "theirs.xlsx"), {
                   **WORKBOOK_OPTIONS, "constant_memory": True,
                   "default_format_properties": dict(DEFAULT_FORMAT)})):
        ws = (wb.add_streamed_worksheet(EC.SHEET_NAME) if isinstance(wb, KpiWorkbook)
              else wb.add_worksheet(EC.SHEET_NAME))
        write_evaluation_sheet(ws, placed, Formats(wb), previous)
        wb.set_properties({"created": dt.datetime(2024, 4, 1)})
        wb.close()
        with zipfile.ZipFile(wb.filename) as zf:
            parts.append({n: zf.read(n) for n in zf.namelist() if "docProps" not in n})
    # The one intended difference: the writer quotes every sheet name in a reference (the
    # print titles in workbook.xml), which xlsxwriter does only where it must.
    ours_book = parts[0].pop("xl/workbook.xml").decode("utf-8")
    theirs_book = parts[1].pop("xl/workbook.xml").decode("utf-8")
    assert ours_book.replace(f"'{EC.SHEET_NAME}'!", f"{EC.SHEET_NAME}!") == theirs_book
    assert parts[0] == parts[1]
    sheet = parts[0]["xl/worksheets/sheet1.xml"].decode("utf-8")
    assert "<sheetProtection" in sheet
    assert "<dataValidation " in sheet
    assert (EXPERTS_GLASS.split("\n")[0] in sheet) is with_previous
    assert "<f>" not in sheet  # formula-looking text is text
    assert 'numFmtId="49"' in parts[0]["xl/styles.xml"].decode("utf-8")  # @ on the inputs


# --- a formula in an input cell: its saved result, or a refusal naming the cell -----------

def _with_part(book: Path, target: Path, part: str, edit: Callable[[str], str]) -> Path:
    """A copy of ``book`` with one part's XML rewritten (every other part byte for byte)."""
    with zipfile.ZipFile(book) as src, zipfile.ZipFile(target, "w",
                                                       zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == part:
                data = edit(data.decode("utf-8")).encode("utf-8")
            dst.writestr(info, data)
    return target


def _evaluation_part_and_row(book: Path, project: str) -> tuple[str, int]:
    wb = openpyxl.load_workbook(book)
    ws = wb[EC.SHEET_NAME]
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 2).value == project)
    index = wb.sheetnames.index(EC.SHEET_NAME) + 1  # the writer names parts sheetN.xml
    return f"xl/worksheets/sheet{index}.xml", row


def test_evaluation_formula_with_its_saved_result_is_read_by_every_command(
        book: Path, tmp_path: Path) -> None:
    """What Excel saves for a formula a macro put in 外部有識者の意見: the formula and its
    result (t="str"). Every command reads the result, as it reads typed text."""
    part, row = _evaluation_part_and_row(book, GLASS)
    cell = f'<c r="G{row}" s="4"/>'
    excel = (f'<c r="G{row}" s="4" t="str"><f>"販売額は"&amp;"目標の7割"</f>'
             f'<v>販売額は目標の7割</v></c>')

    def edit(xml: str) -> str:
        assert xml.count(cell) == 1, "the writer's empty input cell"
        return xml.replace(cell, excel)

    edited = _with_part(book, tmp_path / "macro.xlsx", part, edit)
    assert openpyxl.load_workbook(edited)[EC.SHEET_NAME].cell(row, 7).data_type == "f"
    assert main(["publish", str(edited), "-o", str(tmp_path / "web")]) == 0
    root, _ = parse((tmp_path / "web" / "index.html").read_text(encoding="utf-8"))
    glass = next(s for s in root.iter("section") if s.attrs.get("class") == "project"
                 and GLASS in s.find("h3").words())
    assert [p.text() for p in glass.iter("p")][-1] == "販売額は目標の7割"

    this_year = tmp_path / "R5集計.xlsx"
    assert main(["merge", str(EXAMPLES), "-o", str(this_year), "--previous", str(edited),
                 "--year", "2022"]) == 0
    ws = openpyxl.load_workbook(this_year)[EC.SHEET_NAME]
    r = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 2).value == GLASS)
    c = [cell.value for cell in ws[1]].index(EC.PREVIOUS_PREFIX + EC.H_EXPERTS) + 1
    assert ws.cell(r, c).value == "販売額は目標の7割"  # 前回の外部有識者の意見, as text
    assert ws.cell(r, c).data_type == "s"

    outdir = tmp_path / "next"
    outdir.mkdir()
    assert main(["template", "--from", str(edited), "-o", str(outdir), "--year", "2022"]) == 0
    ws = next(ws for ws in openpyxl.load_workbook(outdir / "商工労働課.xlsx").worksheets
              if ws.title.startswith("①"))
    labels = {ws.cell(r, 1).value: r for r in range(1, ws.max_row + 1)}
    assert ws.cell(labels["前回の外部有識者の意見"], 2).value == "販売額は目標の7割"


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_evaluation_formula_without_a_saved_result_is_refused_by_every_command(
        book: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], lang: str) -> None:
    """What openpyxl saves for ``=…`` typed into 外部有識者の意見 (a formula, no result):
    read as a blank, the opinion would be lost without a word. publish, merge --previous
    and template --from stop with exit 2, naming the file, the sheet and the cell, and
    write nothing."""
    wb = openpyxl.load_workbook(book)
    ws = wb[EC.SHEET_NAME]
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 2).value == PPP)
    ws.cell(row, 7).value = '="来客数の回復"&"が課題"'
    assert ws.cell(row, 7).data_type == "f"
    edited = tmp_path / "R4集計_評価済.xlsx"
    wb.save(edited)
    with zipfile.ZipFile(edited) as zf:  # a formula and no saved result, as openpyxl writes
        assert re.search(rf'<c r="G{row}"[^>]*><f>[^<]+</f><v(?:\s*/>|></v>)', zf.read(
            _evaluation_part_and_row(edited, PPP)[0]).decode("utf-8"))
    where = (f"R4集計_評価済.xlsx のシート「外部評価」のセル G{row}（外部有識者の意見）"
             if lang == "ja" else
             f"Cell G{row} (外部有識者の意見) of sheet '外部評価' in R4集計_評価済.xlsx")
    formula = '="来客数の回復"&"が課題"'

    web = tmp_path / "web"
    assert main(["publish", str(edited), "-o", str(web), "--lang", lang]) == 2
    err = capsys.readouterr().err
    assert where in err, err
    assert formula in err, err
    assert "Traceback" not in err
    assert not web.exists()

    this_year = tmp_path / "R5集計.xlsx"
    assert main(["merge", str(EXAMPLES), "-o", str(this_year), "--previous", str(edited),
                 "--year", "2022", "--lang", lang]) == 2
    err = capsys.readouterr().err
    assert where in err, err
    assert formula in err, err
    assert not this_year.exists()

    outdir = tmp_path / "next"
    outdir.mkdir()
    assert main(["template", "--from", str(edited), "-o", str(outdir), "--year", "2022",
                 "--lang", lang]) == 2
    err = capsys.readouterr().err
    assert where in err, err
    assert formula in err, err
    assert list(outdir.iterdir()) == []
