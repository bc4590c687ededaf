"""Return copies (差し戻し): the department's workbook with highlights, comments and 指摘事項."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest

from kpi_workbook.cli import main
from kpi_workbook.departments.return_copy import (
    ERROR_COLOR,
    SHEET_NAME,
    WARNING_COLOR,
    return_copy_path,
    write_return_copy,
)
from kpi_workbook.domain.model import Submission
from kpi_workbook.reading.profiles.loading import default_profile
from kpi_workbook.usecases import read_submission

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
FAULTY = EXAMPLES / "faulty" / "不備あり_建設課.xlsx"
SHEET = "⑥案内標識"
YEAR = 2022


@pytest.fixture
def faulty(tmp_path: Path) -> Path:
    copy = tmp_path / "in" / FAULTY.name
    copy.parent.mkdir()
    shutil.copy2(FAULTY, copy)
    return copy


def saved_by_department(copy: Path) -> Path:
    """What saving in Excel does to a return copy before it is sent back: the package is
    rewritten, stamping who saved it and when (``docProps/core.xml``); the cells are as we
    wrote them. From then on the copy is read as the resubmission it is."""
    with zipfile.ZipFile(copy) as zf:
        parts = {i.filename: zf.read(i.filename) for i in zf.infolist()}
    core = parts["docProps/core.xml"].decode("utf-8")
    core = re.sub(r"<cp:lastModifiedBy>.*?</cp:lastModifiedBy>|(?=</cp:coreProperties>)",
                  "<cp:lastModifiedBy>建設課 担当</cp:lastModifiedBy>", core, count=1)
    parts["docProps/core.xml"] = core.encode("utf-8")
    with zipfile.ZipFile(copy, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return copy


def values_of(sub: Submission) -> list[tuple[object, ...]]:
    """Everything the reader took from the projects, positions included (not the file)."""
    out: list[tuple[object, ...]] = []
    for p in sub.projects:
        out.append((p.sheet, p.number, p.name, p.scope, p.period, p.department, p.purpose,
                    p.effect, p.policy, [(k.name, k.unit, k.direction) for k in p.kpis]))
        for y in p.years:
            out.append((y.fiscal_year, y.label, y.activities, y.where.cell))
            for o in y.observations:
                for v in (o.target, o.actual):
                    out.append((v.number, v.status, v.raw, v.where.cell))
    return out


def issues_of(sub: Submission) -> list[tuple[object, ...]]:
    return [(i.code, i.where.sheet, i.where.cell, dict(i.params)) for i in sub.issues]


def test_return_copy_highlights_and_comments_every_issue_cell(faulty: Path, tmp_path: Path):
    sub = read_submission(faulty, report_year=YEAR)
    out = write_return_copy(sub, tmp_path)
    assert out == tmp_path / "不備あり_建設課_差し戻し.xlsx"
    ws = openpyxl.load_workbook(out)[SHEET]
    errors = {"B5", "A25", "C26", "H26", "D27", "A28"}
    for coord in errors:
        assert ws[coord].fill.fgColor.rgb.endswith(ERROR_COLOR), coord
        assert ws[coord].comment.text.startswith("[エラー] "), coord
    assert ws["B11"].fill.fgColor.rgb.endswith(WARNING_COLOR)
    assert "とても効果があった" in ws["B11"].comment.text
    assert "集計中" in ws["D27"].comment.text
    assert not ws["C25"].fill.fgColor.rgb.endswith((ERROR_COLOR, WARNING_COLOR))
    assert ws["C25"].comment is None


def test_return_copy_first_sheet_lists_issues_with_links(faulty: Path, tmp_path: Path):
    sub = read_submission(faulty, report_year=YEAR)
    wb = openpyxl.load_workbook(write_return_copy(sub, tmp_path))
    assert wb.sheetnames[0] == SHEET_NAME
    assert wb.active.title == SHEET_NAME
    ws = wb[SHEET_NAME]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=5, max_col=4)]
    assert [r[:3] for r in rows] == [
        ["エラー", SHEET, "B5"], ["警告", SHEET, "B11"], ["エラー", SHEET, "A25"],
        ["エラー", SHEET, "C26"], ["エラー", SHEET, "H26"], ["エラー", SHEET, "D27"],
        ["エラー", SHEET, "A28"], ["情報", SHEET, None],
    ][: len(rows)]
    assert rows[3][3] == "C26 は数式（=C25*2）ですが、計算結果が保存されていません。Excel で" \
                         "開いて保存し直してください。"
    link = ws.cell(8, 3).hyperlink
    assert link.location == f"'{SHEET}'!C26"
    assert link.target is None  # internal, not a file link
    # The message that starts with a cell address stays text; nothing is a formula.
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)
    # The sheet never reads as a project sheet: no cell is a layout label by itself.
    assert [c.value for row in ws.iter_rows() for c in row
            if default_profile().layout_labels(c.value) is not None] == []


def test_return_copy_keeps_formatting_merges_and_validation(faulty: Path, tmp_path: Path):
    sub = read_submission(faulty, report_year=YEAR)
    before = openpyxl.load_workbook(faulty)[SHEET]
    after = openpyxl.load_workbook(write_return_copy(sub, tmp_path))[SHEET]
    assert sorted(map(str, after.merged_cells.ranges)) == sorted(
        map(str, before.merged_cells.ranges))
    assert [(str(d.sqref), d.formula1) for d in after.data_validations.dataValidation] == [
        (str(d.sqref), d.formula1) for d in before.data_validations.dataValidation]
    assert after.protection.sheet == before.protection.sheet
    assert after["B4"].font.name == before["B4"].font.name
    assert after["C26"].value == "=C25*2"  # the department's formula is kept as is


def test_return_copy_reads_like_the_original(faulty: Path, tmp_path: Path):
    original = read_submission(faulty, report_year=YEAR)
    copy = read_submission(saved_by_department(write_return_copy(original, tmp_path)),
                           report_year=YEAR)
    assert values_of(copy) == values_of(original)
    assert issues_of(copy) == issues_of(original)


def test_return_copy_leaves_the_original_untouched(faulty: Path, tmp_path: Path):
    stat = faulty.stat()
    digest = hashlib.sha256(faulty.read_bytes()).hexdigest()
    write_return_copy(read_submission(faulty, report_year=YEAR), tmp_path)
    assert hashlib.sha256(faulty.read_bytes()).hexdigest() == digest
    assert faulty.stat().st_mtime_ns == stat.st_mtime_ns


def test_annotating_a_return_copy_again_replaces_the_findings(faulty: Path, tmp_path: Path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = write_return_copy(read_submission(faulty, report_year=YEAR), tmp_path / "a")
    second = write_return_copy(read_submission(saved_by_department(first), report_year=YEAR),
                               tmp_path / "b")
    wb = openpyxl.load_workbook(second)
    assert wb.sheetnames.count(SHEET_NAME) == 1
    assert wb.sheetnames[0] == SHEET_NAME
    assert wb[SHEET]["C26"].comment.text.count("[エラー]") == 1


def test_no_return_copy_for_a_clean_submission(tmp_path: Path):
    sub = read_submission(EXAMPLES / "submissions" / "企画課.xlsx", report_year=YEAR)
    assert write_return_copy(sub, tmp_path) is None
    assert list(tmp_path.iterdir()) == []


def test_no_return_copy_for_an_unreadable_file(tmp_path: Path):
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a zip")
    sub = read_submission(bad, report_year=YEAR)
    assert write_return_copy(sub, tmp_path) is None


def test_return_copy_of_xlsm_keeps_its_suffix(faulty: Path, tmp_path: Path):
    xlsm = faulty.with_suffix(".xlsm")
    wb = openpyxl.load_workbook(faulty)
    wb.save(xlsm)
    out = write_return_copy(read_submission(xlsm, report_year=YEAR), tmp_path)
    assert out == return_copy_path(xlsm, tmp_path)
    assert out.suffix == ".xlsm"
    assert openpyxl.load_workbook(out, keep_vba=True).sheetnames[0] == SHEET_NAME


def test_cli_check_annotate_writes_copies_and_keeps_exit_status(faulty: Path, tmp_path: Path,
                                                               capsys):
    outdir = tmp_path / "返却"
    outdir.mkdir()
    clean = EXAMPLES / "submissions" / "企画課.xlsx"
    mtime = faulty.stat().st_mtime_ns
    code = main(["check", str(faulty), str(clean), "--annotate", str(outdir), "--year", "2022"])
    assert code == 1
    assert sorted(p.name for p in outdir.iterdir()) == ["不備あり_建設課_差し戻し.xlsx"]
    assert f"差し戻しファイル {outdir / '不備あり_建設課_差し戻し.xlsx'} を作成しました。" in (
        capsys.readouterr().out)
    assert faulty.stat().st_mtime_ns == mtime


def test_cli_check_annotate_json_keeps_stdout_json(faulty: Path, tmp_path: Path, capsys):
    code = main(["check", str(faulty), "--annotate", str(tmp_path), "--format", "json",
                 "--lang", "en", "--year", "2022"])
    assert code == 1
    captured = capsys.readouterr()
    assert json.loads(captured.out)["summary"]["errors"] == 6
    assert "Wrote the return copy" in captured.err


def test_cli_check_annotate_creates_a_missing_folder(faulty: Path, tmp_path: Path, capsys):
    outdir = tmp_path / "none" / "返却"
    assert main(["check", str(faulty), "--annotate", str(outdir), "--year", "2022"]) == 1
    assert [p.name for p in outdir.iterdir()] == ["不備あり_建設課_差し戻し.xlsx"]


def test_cli_check_annotate_uncreatable_folder_is_usage_error(faulty: Path, tmp_path: Path,
                                                              capsys):
    blocker = tmp_path / "none"
    blocker.write_text("")
    assert main(["check", str(faulty), "--annotate", str(blocker / "返却")]) == 2
    err = capsys.readouterr().err
    assert f"出力先のフォルダ {blocker / '返却'} を作成できない" in err


def test_cli_check_annotate_unwritable_copy_exits_2(faulty: Path, tmp_path: Path, capsys):
    return_copy_path(faulty, tmp_path).mkdir()  # something that cannot be replaced by a file
    assert main(["check", str(faulty), "--annotate", str(tmp_path)]) == 2
    assert "不備あり_建設課_差し戻し.xlsx" in capsys.readouterr().err


def test_annotating_again_clears_marks_of_fixed_cells(faulty: Path, tmp_path: Path):
    first = write_return_copy(read_submission(faulty, report_year=YEAR), tmp_path)
    wb = openpyxl.load_workbook(first)
    wb[SHEET]["D27"] = 5  # the department fixes 集計中
    fixed = tmp_path / "fixed.xlsx"
    wb.save(fixed)
    (tmp_path / "b").mkdir()
    ws = openpyxl.load_workbook(
        write_return_copy(read_submission(fixed, report_year=YEAR), tmp_path / "b"))[SHEET]
    assert ws["D27"].comment is None
    assert ws["D27"].fill.fill_type is None
    assert ws["H26"].comment.text.count("[エラー]") == 1


# --- formula results survive the copy --------------------------------------------------------

#: Formula cells with the results Excel would have saved: numbers in value cells, text in a
#: header field, and a boolean and an error outside the layout, below the 検証の記録 block
#: (read back through grid).
CACHED_FORMULAS = {
    "C26": ("=C25*2", 20),
    "D26": ("=D25+13", 21),
    "E27": ("=E26+300", 1800),
    "F28": ("=F27+402.5", 2104.5),
    "B13": ('="標識の多言語化は"&"順調"', "標識の多言語化は順調"),
    "J40": ("=1=1", True),
    "J41": ("=1/0", "#DIV/0!"),
}


def rebuild_with_cached_formulas(source: Path, target: Path) -> Path:
    """``source`` written again by xlsxwriter (as Excel saves it: every formula with its
    result), the cells of CACHED_FORMULAS as formulas, everything else as values."""
    import xlsxwriter
    from openpyxl.cell.cell import MergedCell

    book = openpyxl.load_workbook(source)
    out = xlsxwriter.Workbook(str(target), {"strings_to_formulas": False,
                                            "strings_to_numbers": False})
    for ws in book.worksheets:
        o = out.add_worksheet(ws.title)
        for rng in ws.merged_cells.ranges:
            o.merge_range(rng.min_row - 1, rng.min_col - 1, rng.max_row - 1, rng.max_col - 1,
                          "")
        formulas = CACHED_FORMULAS if ws.title == SHEET else {}
        cells = {c.coordinate: c for row in ws.iter_rows() for c in row
                 if not isinstance(c, MergedCell)}
        for coord in sorted(set(cells) | set(formulas)):
            cell = ws[coord]
            r, c = cell.row - 1, cell.column - 1
            if coord in formulas:
                o.write_formula(r, c, *formulas[coord][:1], None, formulas[coord][1])
            elif isinstance(cell.value, str):
                o.write_string(r, c, cell.value)
            elif isinstance(cell.value, (int, float)):
                o.write_number(r, c, cell.value)
    out.close()
    return target


def test_return_copy_keeps_formula_results(tmp_path: Path):
    source = rebuild_with_cached_formulas(FAULTY, tmp_path / "建設課.xlsx")
    original = read_submission(source, report_year=YEAR)
    assert "value-formula-no-cache" not in [i.code for i in original.issues]
    (tmp_path / "out").mkdir()
    out = saved_by_department(write_return_copy(original, tmp_path / "out"))
    copy = read_submission(out, report_year=YEAR)
    assert values_of(copy) == values_of(original)
    assert issues_of(copy) == issues_of(original)
    (project,) = copy.projects
    assert project.years[1].observations[0].target.number == 20  # C26, a formula
    assert project.assessment == "標識の多言語化は順調"
    from kpi_workbook.reading import grid

    before = next(g for g in grid.load(source).sheets if g.name == SHEET).cells
    after = next(g for g in grid.load(out).sheets if g.name == SHEET).cells
    for coord in CACHED_FORMULAS:
        key = (int(coord[1:]), ord(coord[0]) - 64)
        assert (after[key].value, after[key].error, after[key].formula) == (
            before[key].value, before[key].error, before[key].formula), coord
    assert after[(40, 10)].value is True
    assert after[(41, 10)].error == "#DIV/0!"
    assert after[(28, 6)].value == 2104.5
    # the department's formulas are still formulas, with the annotations on top
    ws = openpyxl.load_workbook(out)[SHEET]
    assert ws["D26"].value == "=D25+13"
    assert ws["D27"].fill.fgColor.rgb.endswith(ERROR_COLOR)


def test_return_copy_formula_without_result_stays_without(faulty: Path, tmp_path: Path):
    original = read_submission(faulty, report_year=YEAR)
    copy = read_submission(saved_by_department(write_return_copy(original, tmp_path)),
                           report_year=YEAR)
    no_cache = [(i.code, i.where.cell) for i in copy.issues
                if i.code == "value-formula-no-cache"]
    assert no_cache == [("value-formula-no-cache", "C26")]


# --- a return copy we wrote is never read as a submission (issue 11, point 5) ---------------


def test_unchanged_return_copy_beside_the_submissions_is_not_read(faulty: Path, tmp_path: Path,
                                                                  capsys):
    """The copy as written, renamed and put where the submissions are: not a submission,
    not a duplicate, and no copy of the copy is made."""
    outdir = tmp_path / "返却"
    assert main(["check", str(faulty.parent), "--annotate", str(outdir), "--year", "2022"]) == 1
    first = capsys.readouterr().out
    (copy,) = outdir.iterdir()
    shutil.copy2(copy, faulty.parent / "建設課_再確認.xlsx")  # any name, any folder
    again = tmp_path / "返却2"
    code = main(["check", str(faulty.parent), "--annotate", str(again), "--year", "2022",
                 "--format", "json"])
    assert code == 1
    document = json.loads(capsys.readouterr().out)
    skipped = [i for i in document["issues"] if i["code"] == "return-copy-skipped"]
    assert [Path(i["file"]).name for i in skipped] == ["建設課_再確認.xlsx"]
    assert skipped[0]["severity"] == "info"
    assert document["summary"]["errors"] == 6  # the original's, not twice
    assert not any(i["code"] == "project-duplicate" for i in document["issues"])
    assert [p.name for p in again.iterdir()] == ["不備あり_建設課_差し戻し.xlsx"]
    assert "合計: ファイル 1 件" in first


def test_return_copy_saved_by_libreoffice_is_read_as_a_resubmission(faulty: Path,
                                                                   tmp_path: Path):
    """Another program's save rewrites the package: the department's corrected copy is read."""
    from tests.recalc import convert

    copy = write_return_copy(read_submission(faulty, report_year=YEAR), tmp_path)
    assert read_submission(copy, report_year=YEAR).projects == []
    (saved,) = convert([copy], tmp_path / "saved")
    resubmitted = read_submission(saved, report_year=YEAR)
    assert [p.name for p in resubmitted.projects] == ["道路案内標識多言語化事業"]
    assert "return-copy-skipped" not in [i.code for i in resubmitted.issues]


def test_corrected_return_copy_is_copied_again_under_its_own_name(faulty: Path,
                                                                  tmp_path: Path):
    first = saved_by_department(
        write_return_copy(read_submission(faulty, report_year=YEAR), tmp_path / "a"))
    second = write_return_copy(read_submission(first, report_year=YEAR), tmp_path / "b")
    assert second == tmp_path / "b" / "不備あり_建設課_差し戻し.xlsx"  # not …_差し戻し_差し戻し


@pytest.mark.parametrize("where", ["same", "inside", "file-folder"])
def test_return_copies_never_go_into_an_input_folder(faulty: Path, tmp_path: Path, capsys,
                                                     where: str):
    folder = faulty.parent
    inputs, outdir = {"same": ([folder], folder),
                      "inside": ([folder], folder / "返却"),
                      "file-folder": ([faulty], folder)}[where]
    before = sorted(folder.rglob("*"))
    code = main(["check", *map(str, inputs), "--annotate", str(outdir)])
    assert code == 2
    err = capsys.readouterr().err
    assert f"差し戻しファイルの保存先 {outdir} は" in err
    assert sorted(folder.rglob("*")) == before  # nothing written, no folder made


def test_return_copies_use_case_refuses_the_input_folder_for_the_window_too(faulty: Path):
    from kpi_workbook.usecases import (
        KpiWorkbookError,
        ReturnCopyOptions,
        check,
        write_return_copies,
    )

    result = check([faulty.parent])
    with pytest.raises(KpiWorkbookError) as info:
        write_return_copies(result.submissions, result.issues,
                            ReturnCopyOptions(faulty.parent / "返却", inputs=(faulty.parent,)))
    assert info.value.issue.code == "return-inside-input"


def test_cli_copies_of_inputs_with_the_same_name_are_both_written(tmp_path: Path, capsys):
    """in/a/KPI報告.xlsx and in/b/KPI報告.xlsx: two copies, the second named _2 and said so."""
    first, second = tmp_path / "in" / "a" / "KPI報告.xlsx", tmp_path / "in" / "b" / "KPI報告.xlsx"
    for path in (first, second):
        path.parent.mkdir(parents=True)
        shutil.copy2(FAULTY, path)
    outdir = tmp_path / "ret"
    assert main(["check", str(tmp_path / "in"), "--annotate", str(outdir),
                 "--year", "2022"]) == 1
    out = capsys.readouterr().out
    assert sorted(p.name for p in outdir.iterdir()) == ["KPI報告_2_差し戻し.xlsx",
                                                         "KPI報告_差し戻し.xlsx"]
    assert f"差し戻しファイル {outdir / 'KPI報告_差し戻し.xlsx'} を作成しました。" in out
    assert f"差し戻しファイル {outdir / 'KPI報告_2_差し戻し.xlsx'} を作成しました。" in out
    assert (f"{second} の差し戻しファイルは、同じ名前のほかの提出ブックと区別するため "
            "KPI報告_2_差し戻し.xlsx という名前にしました。") in out
    # each copy names its own source in its marker, and neither is read as a submission
    again = main(["check", str(outdir), "--format", "json", "--year", "2022"])
    codes = [i["code"] for i in json.loads(capsys.readouterr().out)["issues"]]
    assert codes.count("return-copy-skipped") == 2, (again, codes)


def test_cli_annotate_reports_files_it_could_not_copy(tmp_path: Path, capsys):
    """A file that cannot be opened has errors but no copy: the CLI says so (stderr)."""
    broken = tmp_path / "in" / "壊れた.xlsx"
    broken.parent.mkdir()
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    outdir = tmp_path / "ret"
    assert main(["check", str(broken), "--annotate", str(outdir), "--year", "2022"]) == 1
    err = capsys.readouterr().err
    assert f"{broken} は開けないため、差し戻しファイルを作成できませんでした" in err
    assert not outdir.exists() or not list(outdir.iterdir())


def test_cli_annotate_with_nothing_to_return_says_so(tmp_path: Path, capsys):
    clean = EXAMPLES / "submissions" / "企画課.xlsx"
    outdir = tmp_path / "ret"
    assert main(["check", str(clean), "--annotate", str(outdir), "--year", "2022",
                 "--lang", "en"]) == 0
    assert "No file has errors or warnings: no return copy was written." in (
        capsys.readouterr().out)
