"""A re-merge keeps what the planning division typed into 外部評価 (issue 24).

The clerk types the experts' verdicts and the council's opinions into the consolidated
workbook after the meeting; a department then sends a correction and the clerk merges
again onto the same file. Every typed entry must be in the new workbook, matched to its
project; an entry whose project is gone is listed in 検証結果 with its text; an OUT whose
record cannot be read is left untouched unless the clerk discards the record on purpose.
The entries are typed as the field types them: with openpyxl (a script), in LibreOffice
through its typing path, and as a macro leaves a formula with its cached result.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from kpi_workbook.consolidated.columns import evaluation as EC
from kpi_workbook.domain.errors import KpiWorkbookError
from kpi_workbook.usecases.merge import MergeOptions, merge
from tests.test_evaluation_typed_in_libreoffice import type_in_calc

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "submissions"
OPTIONS = MergeOptions(report_year=2022, created=dt.datetime(2023, 5, 1))

#: What the clerk types after the meeting: (row of 外部評価, column) → text. Row 2 is the
#: first project (①), row 4 the fourth (④).
TYPED = {
    (2, EC.H_RATING): "総合戦略のKPI達成に有効であった",
    (2, EC.H_EXPERTS): "販路の拡大が数字に表れている。\n次年度も継続を。",
    (3, EC.H_COUNCIL): "にぎわいの効果を検証されたい",
    (4, EC.H_RATING): "有効",  # outside the list: kept as typed
    (5, EC.H_EXPERTS): "@委員長より",
}


def _cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kpi_workbook", *map(str, args)],
                          capture_output=True, text=True, cwd=ROOT, timeout=300, check=False)


def _columns(ws: object) -> dict[str, int]:
    header = next(ws.iter_rows(min_row=1, max_row=1, values_only=True))  # type: ignore[attr-defined]
    return {str(h): i + 1 for i, h in enumerate(header) if h is not None}


def type_with_openpyxl(book: Path, typed: dict[tuple[int, str], str]) -> None:
    """As a script does: openpyxl loads, sets the cells as text, saves over the file."""
    wb = openpyxl.load_workbook(book)
    ws = wb[EC.SHEET_NAME]
    cols = _columns(ws)
    for (row, header), text in typed.items():
        cell = ws.cell(row, cols[header])
        cell.value = text
        cell.data_type = "s"  # text, even when it starts with = (as typed into a @ cell)
    wb.save(book)


def record(book: Path) -> dict[tuple[str, str], str]:
    """(事業名, input header) → text of every non-empty input cell of 外部評価."""
    ws = openpyxl.load_workbook(book, read_only=True)[EC.SHEET_NAME]
    cols = _columns(ws)
    found = {}
    for row in ws.iter_rows(min_row=2, values_only=True):
        for header in EC.INPUT_HEADERS:
            value = row[cols[header] - 1]
            if value not in (None, ""):
                found[(str(row[cols[EC.H_NAME] - 1]), header)] = str(value)
    return found


def _names(book: Path) -> dict[int, str]:
    ws = openpyxl.load_workbook(book, read_only=True)[EC.SHEET_NAME]
    cols = _columns(ws)
    return {r: str(row[cols[EC.H_NAME] - 1])
            for r, row in enumerate(ws.iter_rows(min_row=2, values_only=True), start=2)}


def _expected(book: Path, typed: dict[tuple[int, str], str]) -> dict[tuple[str, str], str]:
    names = _names(book)
    return {(names[row], header): text for (row, header), text in typed.items()}


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_cli_remerge_keeps_every_typed_entry(tmp_path: Path) -> None:
    out = tmp_path / "出力" / "集計ブック_令和4年度.xlsx"
    first = _cli("merge", EXAMPLES, "--year", "2022", "-o", out)
    assert first.returncode == 0, first.stderr
    assert "引き継ぎ" not in first.stdout  # nothing typed yet: nothing to say
    type_with_openpyxl(out, TYPED)
    expected = _expected(out, TYPED)

    again = _cli("merge", EXAMPLES, "--year", "2022", "-o", out)
    assert again.returncode == 0, again.stderr
    assert "4 事業の記入内容（5 件）を新しい集計ブックに引き継ぎました" in again.stdout
    assert record(out) == expected
    # and once more: a second correction keeps it again (the carried cells are input cells)
    third = _cli("merge", EXAMPLES, "--year", "2022", "-o", out, "--lang", "en",
                 "--format", "json")
    assert third.returncode == 0, third.stderr
    assert '"evaluation_carried": 5' in third.stdout
    assert record(out) == expected


def test_carried_cells_stay_unlocked_text_input_cells(tmp_path: Path) -> None:
    out = tmp_path / "book.xlsx"
    merge([EXAMPLES], out, options=OPTIONS)
    type_with_openpyxl(out, {(2, EC.H_EXPERTS): "=1+1"})
    result = merge([EXAMPLES], out, options=OPTIONS)
    assert result.carried == 1
    ws = openpyxl.load_workbook(out)[EC.SHEET_NAME]
    cell = ws.cell(2, _columns(ws)[EC.H_EXPERTS])
    assert cell.value == "=1+1"
    assert cell.data_type == "s"
    assert cell.protection.locked is False
    assert cell.number_format == "@"
    assert ws.protection.sheet


def test_a_project_gone_keeps_its_row_and_finds_it_again_when_back(tmp_path: Path) -> None:
    """A department's file left out of one re-merge: its project's entries stay as a row
    at the bottom of 外部評価 (marked, not published) and are listed in 検証結果; when the
    file is back, the next re-merge puts them in the project's row again."""
    inputs = tmp_path / "提出"
    shutil.copytree(EXAMPLES, inputs)
    out = tmp_path / "book.xlsx"
    merge([inputs], out, options=OPTIONS)
    type_with_openpyxl(out, TYPED)
    names = _names(out)
    gone = names[3]  # PPPを活用した交流・にぎわい創出事業 (企画課)
    expected = _expected(out, TYPED)
    owner = inputs / "企画課.xlsx"
    aside = tmp_path / "企画課.xlsx"
    owner.rename(aside)

    result = merge([inputs], out, options=OPTIONS)
    assert result.orphaned == 1
    assert record(out) == expected  # the gone project's entry is still in the sheet
    ws = openpyxl.load_workbook(out)[EC.SHEET_NAME]
    last = [c.value for c in ws[ws.max_row]]
    assert last[1] == gone
    assert last[2] == EC.ORPHAN_MARK
    assert ws.cell(ws.max_row, _columns(ws)[EC.H_COUNCIL]).protection.locked is False
    issues = [i for i in result.issues if i.code == "evaluation-project-gone"]
    assert len(issues) == 1
    assert gone in issues[0].message()
    assert "にぎわいの効果を検証されたい" in issues[0].message()
    sheet_text = "".join(str(v) for row in openpyxl.load_workbook(out, read_only=True)[
        "検証結果"].iter_rows(values_only=True) for v in row if v is not None)
    assert "にぎわいの効果を検証されたい" in sheet_text
    # the page shows no record for a project that is not in the report
    from kpi_workbook.usecases.publish import PublishOptions, publish

    publish(PublishOptions(out, tmp_path / "web"))
    assert "にぎわいの効果" not in (tmp_path / "web" / "index.html").read_text("utf-8")

    aside.rename(owner)  # the department's file is back
    back = merge([inputs], out, options=OPTIONS)
    assert back.orphaned == 0
    assert record(out) == expected
    assert _names(out)[3] == gone  # in its own row again, none left at the bottom
    assert EC.ORPHAN_MARK not in {c.value for row in openpyxl.load_workbook(out)[
        EC.SHEET_NAME].iter_rows() for c in row}


def test_a_second_row_of_a_project_is_kept_not_dropped(tmp_path: Path) -> None:
    out = tmp_path / "book.xlsx"
    merge([EXAMPLES], out, options=OPTIONS)
    wb = openpyxl.load_workbook(out)
    ws = wb[EC.SHEET_NAME]
    cols = _columns(ws)
    ws.protection.sheet = False
    copy = ws.max_row + 1  # the clerk copied ①'s row below the table and typed into both
    for c in (cols[EC.H_NUMBER], cols[EC.H_NAME]):
        ws.cell(copy, c).value = ws.cell(2, c).value
    ws.cell(2, cols[EC.H_EXPERTS]).value = "1 行目の意見"
    ws.cell(copy, cols[EC.H_EXPERTS]).value = "2 行目の意見"
    wb.save(out)
    result = merge([EXAMPLES], out, options=OPTIONS)
    assert [i.code for i in result.issues if i.code.startswith("evaluation-row")] == [
        "evaluation-row-duplicate"]
    texts = {v for row in openpyxl.load_workbook(out)[EC.SHEET_NAME].iter_rows(
        values_only=True) for v in row}
    assert {"1 行目の意見", "2 行目の意見"} <= texts


def test_a_workbook_of_ours_with_a_sheet_deleted_keeps_its_record(tmp_path: Path) -> None:
    out = tmp_path / "book.xlsx"
    merge([EXAMPLES], out, options=OPTIONS)
    type_with_openpyxl(out, {(2, EC.H_EXPERTS): "大事な意見"})
    wb = openpyxl.load_workbook(out)
    del wb["検証結果"]  # deleted before the council: too long to print
    wb.save(out)
    result = merge([EXAMPLES], out, options=OPTIONS)
    assert result.carried == 1
    assert "大事な意見" in record(out).values()


def test_strict_with_errors_carries_nothing_and_says_nothing_of_it(tmp_path: Path) -> None:
    out = tmp_path / "book.xlsx"
    merge([EXAMPLES], out, options=OPTIONS)
    type_with_openpyxl(out, TYPED)
    before = _digest(out)
    faulty = Path(__file__).resolve().parents[1] / "examples" / "faulty"
    result = merge([EXAMPLES, faulty], out, options=MergeOptions(
        report_year=2022, strict=True))
    assert not result.written
    assert not [i for i in result.issues if i.code.startswith("evaluation-")]
    assert _digest(out) == before


def test_entries_typed_in_libreoffice_survive(tmp_path: Path) -> None:
    out = tmp_path / "book.xlsx"
    merge([EXAMPLES], out, options=OPTIONS)
    cols = _columns(openpyxl.load_workbook(out, read_only=True)[EC.SHEET_NAME])
    letters = {h: openpyxl.utils.get_column_letter(c) for h, c in cols.items()}
    typed = {(2, EC.H_RATING): "総合戦略のKPI達成に有効とは言えない",
             (2, EC.H_EXPERTS): "=1+1", (3, EC.H_COUNCIL): "-特になし",
             (6, EC.H_EXPERTS): "観光客数は回復傾向"}
    type_in_calc(out, [(EC.SHEET_NAME, f"{letters[h]}{r}", t) for (r, h), t in typed.items()],
                 tmp_path, save=True)
    assert record(out) == _expected(out, typed)  # LibreOffice saved it as typed

    result = merge([EXAMPLES], out, options=OPTIONS)
    assert result.carried == 4
    assert record(out) == _expected(out, typed)


def _rewrite_cell(book: Path, cell: str, xml: str) -> None:
    """Replace one cell of 外部評価 in the package XML (as a macro or another program
    leaves it), keeping every other part byte for byte."""
    with zipfile.ZipFile(book) as zf:
        parts = {i.filename: zf.read(i) for i in zf.infolist()}
    workbook = parts["xl/workbook.xml"].decode()
    rid = re.search(rf'<sheet [^>]*name="{EC.SHEET_NAME}"[^>]*r:id="(rId\d+)"', workbook)
    assert rid is not None
    rels = parts["xl/_rels/workbook.xml.rels"].decode()
    target = re.search(rf'Id="{rid.group(1)}"[^>]*Target="([^"]+)"', rels) or re.search(
        rf'Target="([^"]+)"[^>]*Id="{rid.group(1)}"', rels)
    assert target is not None
    name = "xl/" + target.group(1).removeprefix("/xl/")
    sheet = parts[name].decode()
    sheet, n = re.subn(rf'<c r="{cell}"[^>]*?(/>|>.*?</c>)', xml, sheet, count=1)
    assert n == 1, cell
    parts[name] = sheet.encode()
    with zipfile.ZipFile(book, "w", zipfile.ZIP_DEFLATED) as zf:
        for filename, data in parts.items():
            zf.writestr(filename, data)


def test_a_formula_with_its_cached_result_counts_by_the_result(tmp_path: Path) -> None:
    out = tmp_path / "book.xlsx"
    merge([EXAMPLES], out, options=OPTIONS)
    col = openpyxl.utils.get_column_letter(
        _columns(openpyxl.load_workbook(out, read_only=True)[EC.SHEET_NAME])[EC.H_EXPERTS])
    _rewrite_cell(out, f"{col}2", f'<c r="{col}2" t="str"><f>"委員会"&amp;"の意見"</f>'
                                  "<v>委員会の意見</v></c>")
    result = merge([EXAMPLES], out, options=OPTIONS)
    assert result.carried == 1
    assert list(record(out).values()) == ["委員会の意見"]


@pytest.mark.parametrize("damage", ["formula-without-result", "formula-error", "header",
                                    "truncated"])
def test_an_unreadable_record_refuses_and_leaves_out_untouched(tmp_path: Path,
                                                               damage: str) -> None:
    out = tmp_path / "book.xlsx"
    merge([EXAMPLES], out, options=OPTIONS)
    type_with_openpyxl(out, {(3, EC.H_COUNCIL): "議会の意見"})
    wb = openpyxl.load_workbook(out)
    ws = wb[EC.SHEET_NAME]
    cols = _columns(ws)
    where = "外部評価"
    if damage == "formula-without-result":
        ws.cell(2, cols[EC.H_EXPERTS]).value = "=特になし"  # openpyxl: a formula, no result
        where = f"{openpyxl.utils.get_column_letter(cols[EC.H_EXPERTS])}2"
    elif damage == "header":
        ws.cell(1, cols[EC.H_COUNCIL]).value = "議会からの意見"  # a heading renamed
        where = "1 行目"
    wb.save(out)
    if damage == "formula-error":
        col = openpyxl.utils.get_column_letter(cols[EC.H_EXPERTS])
        _rewrite_cell(out, f"{col}2", f'<c r="{col}2" t="e"><f>特になし</f><v>#NAME?</v></c>')
        where = f"{col}2"
    elif damage == "truncated":
        out.write_bytes(out.read_bytes()[: out.stat().st_size // 2])
        where = "開けません"
    before = _digest(out)

    refused = _cli("merge", EXAMPLES, "--year", "2022", "-o", out)
    assert refused.returncode == 2
    assert "Traceback" not in refused.stderr
    assert "book.xlsx" in refused.stderr
    assert "外部評価" in refused.stderr
    assert where in refused.stderr
    assert "--discard-evaluation" in refused.stderr
    assert _digest(out) == before
    with pytest.raises(KpiWorkbookError) as caught:
        merge([EXAMPLES], out, options=OPTIONS)
    assert caught.value.issue.code == "evaluation-record-unreadable"
    assert "Error" not in caught.value.issue.message()  # the reason in words, not Python's
    assert _digest(out) == before

    fresh = _cli("merge", EXAMPLES, "--year", "2022", "-o", out, "--discard-evaluation")
    assert fresh.returncode == 0, fresh.stderr
    assert record(out) == {}


def test_a_file_that_is_not_ours_is_replaced_as_before(tmp_path: Path) -> None:
    out = tmp_path / "book.xlsx"
    wb = openpyxl.Workbook()
    wb.active["A1"] = "別の表"
    wb.save(out)
    result = merge([EXAMPLES], out, options=OPTIONS)
    assert result.written
    assert result.carried == 0
    assert EC.SHEET_NAME in openpyxl.load_workbook(out, read_only=True).sheetnames


def test_split_remerge_keeps_the_record_of_the_main_workbook(tmp_path: Path) -> None:
    out = tmp_path / "split" / "book.xlsx"
    options = MergeOptions(report_year=2022, created=dt.datetime(2023, 5, 1),
                           max_project_sheets=2)
    first = merge([EXAMPLES], out, options=options)
    assert first.parts  # the project sheets went to part workbooks
    type_with_openpyxl(out, TYPED)
    expected = _expected(out, TYPED)
    again = merge([EXAMPLES], out, options=options)
    assert again.parts
    assert again.carried == len(TYPED)
    assert record(out) == expected
    with pytest.raises(KpiWorkbookError) as caught:  # a part holds no record: named
        merge([EXAMPLES], again.parts[0], options=options)
    assert caught.value.issue.code == "consolidated-part-given"
