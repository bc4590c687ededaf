"""A consolidated workbook too large for one file, split (issue 14, point 1).

The limit is lowered so that the examples (five projects of four departments) split:
OUT keeps every flat sheet whole and no project sheet, the project sheets go to one part
per 担当課 (or --split-by key) beside OUT, and every reader reads the split form.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest

from kpi_workbook.consolidated.columns import data as D
from kpi_workbook.consolidated.parts import main_of_part
from kpi_workbook.consolidated.previous import read_consolidated
from kpi_workbook.consolidated.writer import SplitBy
from kpi_workbook.domain.errors import KpiWorkbookError
from kpi_workbook.usecases import NextYearOptions, write_next_year
from kpi_workbook.usecases.check import check
from kpi_workbook.usecases.merge import merge
from tests.test_merge import OPTIONS, SUBMISSIONS, assert_seed_examples

SPLIT = dataclasses.replace(OPTIONS, max_project_sheets=2)
FLAT_SHEETS = ["集計一覧", "外部評価", "国への報告", "検証結果", "提出状況", "事業データ",
               "事業内容"]


@pytest.fixture(scope="module")
def split_book(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("split") / "集計ブック.xlsx"
    result = merge([SUBMISSIONS], out, options=SPLIT)
    assert result.written
    assert [p.name for p in result.parts] == sorted(p.name for p in result.parts)
    assert "output-split" in {i.code for i in result.issues}
    return out


@pytest.fixture(scope="module")
def single_book(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("single") / "集計ブック.xlsx"
    assert merge([SUBMISSIONS], out, options=OPTIONS).parts == []
    return out


def _parts(out: Path) -> list[Path]:
    return sorted(out.parent.glob(f"{out.stem}_事業シート_*.xlsx"))


@dataclasses.dataclass(frozen=True)
class ProjectSheet:
    number: int
    sheet: str
    file: Path


def project_sheets(main: Path) -> list[ProjectSheet]:
    """Where 事業データ says each project's print sheet is (its シート and ファイル
    columns: the file relative to OUT, empty when it is OUT itself)."""
    rows = openpyxl.load_workbook(main, read_only=True)[D.PROJECTS_SHEET].iter_rows(
        values_only=True)
    header = list(next(rows))
    col = {h: header.index(h) for h in (D.H_NUMBER, D.H_SHEET, D.H_FILE)}
    return [ProjectSheet(row[col[D.H_NUMBER]], row[col[D.H_SHEET]],
                         main.parent / row[col[D.H_FILE]] if row[col[D.H_FILE]] else main)
            for row in rows if row[col[D.H_SHEET]]]


def test_split_main_keeps_the_flat_sheets_and_no_project_sheet(split_book, single_book):
    main = openpyxl.load_workbook(split_book)
    assert main.sheetnames == FLAT_SHEETS
    single = openpyxl.load_workbook(single_book)
    assert [n for n in single.sheetnames if n[0] not in "①②③④⑤"] == FLAT_SHEETS
    # 集計一覧 is whole: the same rows, values and live formulas as in one file
    for name in ("集計一覧", "外部評価", "国への報告", "事業内容"):
        assert list(main[name].values) == list(single[name].values)
    assert_seed_examples(split_book)


def test_split_one_part_per_department(split_book, single_book):
    parts = _parts(split_book)
    names = [p.name for p in parts]
    # grouped by 担当課, in the order each first appears (単市 ①②③, then 広域 ④⑤)
    assert names == ["集計ブック_事業シート_01_商工労働課.xlsx",
                     "集計ブック_事業シート_02_企画課.xlsx",
                     "集計ブック_事業シート_03_市民活動推進課.xlsx",
                     "集計ブック_事業シート_04_観光振興課.xlsx"]
    sheets = {}
    for part in parts:
        wb = openpyxl.load_workbook(part)
        assert wb.sheetnames[0] == "事業シート目次"
        assert 1 <= len(wb.sheetnames) - 1 <= 2  # the limit
        assert main_of_part(part) == "集計ブック.xlsx"
        departments = {wb[s]["A2"].value.split("　")[0] for s in wb.sheetnames[1:]}
        assert len(departments) == 1, departments  # one 担当課 per part
        for s in wb.sheetnames[1:]:
            sheets[s] = [[c for c in row] for row in wb[s].iter_rows(values_only=True)]
    single = openpyxl.load_workbook(single_book)
    projects = [n for n in single.sheetnames if n[0] in "①②③④⑤"]
    assert sorted(sheets) == sorted(projects)  # every project sheet, once
    for name in projects:  # the same content as in one workbook
        assert sheets[name] == [list(r) for r in single[name].iter_rows(values_only=True)]


def test_split_charts_are_in_the_parts(split_book, single_book):
    def charts(path: Path) -> int:
        with zipfile.ZipFile(path) as zf:
            return sum(n.startswith("xl/charts/chart") for n in zf.namelist())
    assert charts(split_book) == 0
    assert sum(charts(p) for p in _parts(split_book)) == charts(single_book) == 9


def test_split_project_data_names_every_project_sheet(split_book, single_book):
    found = project_sheets(split_book)
    assert len(found) == 5
    for ps in found:
        assert ps.file.parent == split_book.parent
        assert ps.file != split_book
        assert ps.sheet in openpyxl.load_workbook(ps.file, read_only=True).sheetnames
    in_one = project_sheets(single_book)
    assert [(p.number, p.sheet) for p in in_one] == [(p.number, p.sheet) for p in found]
    assert {p.file for p in in_one} == {single_book}


def test_split_links_point_into_the_parts(split_book):
    wb = openpyxl.load_workbook(split_book)
    status = wb["提出状況"]
    header = [c.value for c in status[1]]
    col = header.index("事業シート") + 1
    for row in range(2, status.max_row + 1):
        link = status.cell(row, col).hyperlink
        assert link is not None
        target = split_book.parent / link.target
        assert target.is_file(), link.target
        assert link.location.strip("'").split("'!")[0] in openpyxl.load_workbook(
            target, read_only=True).sheetnames
    # 検証結果: the first row says where the project sheets went
    issues = wb["検証結果"]
    assert issues["B2"].value == "output-split"
    assert "集計ブック_事業シート_*.xlsx" in issues["F2"].value


def test_split_links_of_issues_reach_part_sheets(tmp_path):
    from tests.test_merge import FAULTY

    out = tmp_path / "集計.xlsx"
    merge([SUBMISSIONS, FAULTY], out, options=SPLIT)
    ws = openpyxl.load_workbook(out)["検証結果"]
    external = [c.hyperlink for c in ws["G"][1:] if c.hyperlink and c.hyperlink.target]
    assert external, "no issue linked into a part"
    for link in external:
        sheet, _cell = re.fullmatch(r"'(.+)'!([A-Z]+\d+)", link.location).groups()
        assert sheet in openpyxl.load_workbook(tmp_path / link.target, read_only=True).sheetnames


def test_split_by_scope(tmp_path):
    out = tmp_path / "集計.xlsx"
    result = merge([SUBMISSIONS], out,
                   options=dataclasses.replace(SPLIT, split_by=SplitBy.SCOPE))
    assert [p.name for p in result.parts] == ["集計_事業シート_01_単市_1.xlsx",
                                              "集計_事業シート_02_単市_2.xlsx",
                                              "集計_事業シート_03_広域.xlsx"]


def test_split_previous_reads_the_split_form(split_book, single_book):
    split, single = read_consolidated(split_book), read_consolidated(single_book)
    assert split.report_year == single.report_year
    assert split.projects == single.projects
    assert len(split.projects) == 5


def test_split_template_from_reads_the_split_form(split_book, single_book, tmp_path):
    a = write_next_year(NextYearOptions(split_book, tmp_path / "a")).paths
    b = write_next_year(NextYearOptions(single_book, tmp_path / "b")).paths
    assert [p.name for p in a] == [p.name for p in b]
    assert a

    def content(path: Path) -> list[object]:
        wb = openpyxl.load_workbook(path)
        return [list(ws.values) for ws in wb.worksheets]
    assert [content(p) for p in a] == [content(p) for p in b]


def test_split_part_given_as_previous_is_a_clear_error(split_book):
    part = _parts(split_book)[0]
    with pytest.raises(KpiWorkbookError) as caught:
        read_consolidated(part)
    issue = caught.value.issue
    assert issue.code == "consolidated-part-given"
    assert "集計ブック.xlsx" in issue.message()


def test_split_parts_in_an_input_folder_are_skipped(split_book, tmp_path):
    folder = tmp_path / "in"
    shutil.copytree(SUBMISSIONS, folder)
    for f in [split_book, *_parts(split_book)]:
        shutil.copy(f, folder / f.name)
    result = check([folder])
    skipped = {i.where.file.name for i in result.issues if i.code == "consolidated-skipped"}
    assert skipped == {f.name for f in [split_book, *_parts(split_book)]}
    assert not result.has_errors


def test_split_rerun_removes_its_own_stale_parts_only(tmp_path):
    out = tmp_path / "集計.xlsx"
    first = merge([SUBMISSIONS], out, options=SPLIT)
    stranger = tmp_path / "集計_事業シート_99_メモ.xlsx"  # not ours: no property
    openpyxl.Workbook().save(stranger)
    assert len(first.parts) >= 3
    again = merge([SUBMISSIONS], out, options=OPTIONS)  # fits one file now
    assert again.parts == []
    assert _parts(out) == [stranger]
    assert [p.file for p in project_sheets(out)] == [out] * 5


def test_split_failed_write_leaves_the_previous_set(tmp_path, monkeypatch):
    from kpi_workbook.consolidated.writer import split as split_module

    out = tmp_path / "集計.xlsx"
    merge([SUBMISSIONS], out, options=SPLIT)
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
              for p in [out, *_parts(out)]}

    written = []

    def broken(*args, **kwargs):  # the third project sheet: the first part is complete
        if len(written) == 2:
            raise OSError("disk full")
        written.append(args)
        real(*args, **kwargs)
    real = split_module.write_project_sheet
    monkeypatch.setattr(split_module, "write_project_sheet", broken)
    with pytest.raises(OSError, match="disk full"):
        merge([SUBMISSIONS], out, options=dataclasses.replace(SPLIT, created=None))
    after = {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
             for p in [out, *_parts(out)]}
    assert after == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(before)  # no temporary file


def test_split_locked_main_workbook_leaves_every_part_as_it_was(tmp_path, monkeypatch):
    """OUT open in Excel on Windows cannot be replaced: then no part is replaced either,
    so the earlier OUT never links to this run's parts (and "元のファイルは変更していません"
    is true of every file)."""
    import os

    from kpi_workbook.domain.errors import OutputError
    from kpi_workbook.output import atomic as atomic_module

    out = tmp_path / "集計.xlsx"
    merge([SUBMISSIONS], out, options=SPLIT)
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
              for p in [out, *_parts(out)]}
    real_replace = os.replace

    def locked(src, dst):  # Windows refuses to replace a file Excel has open
        if Path(dst) == out:
            raise PermissionError(13, "Permission denied", str(dst))
        real_replace(src, dst)

    monkeypatch.setattr(atomic_module.os, "replace", locked)
    with pytest.raises(OutputError) as raised:
        merge([SUBMISSIONS], out, options=dataclasses.replace(SPLIT, created=None))
    assert raised.value.issue.code == "output-locked"
    after = {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
             for p in [out, *_parts(out)]}
    assert after == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(before)  # no temporary file


@pytest.mark.libreoffice
def test_split_workbooks_open_in_libreoffice_and_gnumeric(split_book, tmp_path):
    """Every file of the split form opens in both programs; recalculated by LibreOffice,
    the main one gives the seed's results and no error value anywhere."""
    from tests.gnumeric import ssconvert
    from tests.recalc import convert, error_cells

    files = [split_book, *_parts(split_book)]
    recalculated = convert(files, tmp_path / "lo")
    assert_seed_examples(recalculated[0])
    for path in recalculated:
        assert error_cells(path) == []
    for part, copy in zip(files[1:], recalculated[1:], strict=True):
        assert openpyxl.load_workbook(copy).sheetnames == openpyxl.load_workbook(
            part).sheetnames
    for i, path in enumerate(files):
        assert ssconvert(path, tmp_path / f"g{i}.gnumeric") == ""
