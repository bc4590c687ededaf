"""A file that is still the blank template is not a submission (issue 24, point 5).

Departments send the blank template back, or leave a copy of 事業シート unfilled; read as
a project it gave five 必須項目 errors, 「担当課「」は名簿にありません」 with a roster and
an extra part book ``…_未設定`` when the consolidated workbook is split. It is one
info instead, 未記入の様式です, and nothing else about it.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import openpyxl
import pytest

from kpi_workbook.cli import main
from kpi_workbook.departments.template import DEFAULT_LAYOUT, PROJECT_SHEET_TITLE
from kpi_workbook.domain import labels
from kpi_workbook.usecases.check import check
from kpi_workbook.usecases.merge import merge
from tests.test_merge import OPTIONS
from tests.test_roster import write_csv

ROOT = Path(__file__).resolve().parents[1]
SUBMISSIONS = ROOT / "examples" / "submissions"
COMMITTED_TEMPLATE = ROOT / "templates" / "kpi_template.xlsx"
ROSTER = [("企画課", "", ""), ("商工労働課", "", ""), ("市民活動推進課", "", ""),
          ("観光振興課", "", "")]


def _blank(tmp_path: Path, name: str = "未記入.xlsx") -> Path:
    path = tmp_path / name
    assert main(["template", "-o", str(path)]) == 0
    return path


def _issues(capsys: pytest.CaptureFixture[str], argv: list[str]) -> tuple[int, list[dict]]:
    code = main([*argv, "--format", "json"])
    return code, json.loads(capsys.readouterr().out)["issues"]


@pytest.mark.parametrize("source", ["written", "committed"])
def test_blank_template_is_one_info_and_no_project(tmp_path: Path, capsys, source: str
                                                   ) -> None:
    """``template -o`` as written today, and the committed templates/kpi_template.xlsx."""
    path = _blank(tmp_path) if source == "written" else COMMITTED_TEMPLATE
    capsys.readouterr()
    code, issues = _issues(capsys, ["check", str(path)])
    assert code == 0
    assert [(i["code"], i["severity"], i["sheet"], i["cell"]) for i in issues] == [
        ("template-blank", "info", PROJECT_SHEET_TITLE, None)]
    assert issues[0]["message"].startswith("未記入の様式です")
    assert check([path]).submissions[0].projects == []


def test_the_text_report_says_why_the_file_gave_nothing(tmp_path: Path, capsys) -> None:
    """Without --verbose too: what happened to the file is shown (as for a skipped
    consolidated workbook), and no 「必須項目」 line."""
    path = _blank(tmp_path)
    capsys.readouterr()
    assert main(["check", str(path)]) == 0
    out = capsys.readouterr().out
    assert "未記入の様式です" in out
    assert "必須項目" not in out
    assert "事業 0 件" in out


def test_blank_template_saved_again_by_libreoffice(tmp_path: Path, capsys) -> None:
    """A clerk opens the blank template and saves it unchanged: LibreOffice rewrites
    every part of the package (shared strings, styles, empty formatted cells)."""
    from tests.recalc import convert

    (resaved,) = convert([_blank(tmp_path)], tmp_path / "lo")
    capsys.readouterr()
    code, issues = _issues(capsys, ["check", str(resaved)])
    assert code == 0
    assert [(i["code"], i["sheet"]) for i in issues] == [
        ("template-blank", PROJECT_SHEET_TITLE)]


def _type(path: Path, cells: dict[str, object]) -> Path:
    wb = openpyxl.load_workbook(path)
    ws = wb[PROJECT_SHEET_TITLE]
    for cell, value in cells.items():
        ws[cell] = value
    wb.save(path)
    return path


@pytest.mark.parametrize(("field", "value", "code"), [
    (labels.PROJECT_NAME, "観光案内の充実事業", "header-field-missing"),
    (labels.SCOPE, "どちらでもない", "header-field-invalid"),  # typed, but unreadable
    (labels.PERIOD, "いつか", "period-invalid"),
])
def test_one_field_typed_is_a_submission_with_its_errors(tmp_path: Path, capsys,
                                                         field: str, value: str,
                                                         code: str) -> None:
    path = _type(_blank(tmp_path), {DEFAULT_LAYOUT.header_cell(field): value})
    capsys.readouterr()
    _code, issues = _issues(capsys, ["check", str(path)])
    codes = {i["code"] for i in issues}
    assert "template-blank" not in codes
    assert code in codes
    assert len(check([path]).submissions[0].projects) == 1


def test_a_value_typed_without_a_kpi_name_is_no_blank(tmp_path: Path, capsys) -> None:
    target = DEFAULT_LAYOUT.cell(DEFAULT_LAYOUT.year_row(1), DEFAULT_LAYOUT.target_col(1))
    path = _type(_blank(tmp_path), {target: 120})
    capsys.readouterr()
    _code, issues = _issues(capsys, ["check", str(path)])
    assert "template-blank" not in {i["code"] for i in issues}


def test_an_unfilled_copy_of_the_project_sheet_beside_a_filled_one(tmp_path: Path,
                                                                   capsys) -> None:
    """A department copies 事業シート for a second project and leaves the copy empty: the
    filled project is read, the copy is one info at its sheet."""
    path = tmp_path / "企画課.xlsx"
    shutil.copy(SUBMISSIONS / "企画課.xlsx", path)
    blank = openpyxl.load_workbook(_blank(tmp_path))
    wb = openpyxl.load_workbook(path)
    copy = wb.create_sheet("事業シート (2)")
    for row in blank[PROJECT_SHEET_TITLE].iter_rows():
        for cell in row:
            if cell.value is not None:
                copy[cell.coordinate] = cell.value
    wb.save(path)
    capsys.readouterr()
    _code, issues = _issues(capsys, ["check", "--year", "2022", str(path)])
    assert [(i["code"], i["sheet"]) for i in issues if i["severity"] != "info"
            or i["code"] == "template-blank"] == [("template-blank", "事業シート (2)")]
    assert len(check([path]).submissions[0].projects) == 1


def test_merge_with_roster_and_split_says_nothing_else_about_it(tmp_path: Path) -> None:
    """No 「担当課「」は名簿にありません」, no 必須項目 errors, no part book ``…_未設定``."""
    inputs = tmp_path / "提出"
    shutil.copytree(SUBMISSIONS, inputs)
    blank = _blank(inputs, "様式.xlsx")
    roster = write_csv(tmp_path / "名簿.csv", ROSTER)
    out = tmp_path / "出力" / "集計ブック.xlsx"
    options = dataclasses.replace(OPTIONS, max_project_sheets=2, roster=roster)
    result = merge([inputs], out, options=options)
    assert result.written
    about_blank = [(i.code, i.where.sheet) for i in result.issues if i.where.file == blank]
    assert about_blank == [("template-blank", PROJECT_SHEET_TITLE)]
    assert not [i for i in result.issues if i.code.startswith("roster-")]
    parts = sorted(p.name for p in out.parent.glob("集計ブック_事業シート_*.xlsx"))
    assert len(parts) == 4, parts  # one per department that submitted
    assert not [p for p in parts if "未設定" in p]
    status = [r[0] for r in openpyxl.load_workbook(out)["提出状況"].iter_rows(
        values_only=True)]
    assert "様式.xlsx" in status  # listed as received, with no project


def test_two_copies_of_a_submission_are_a_duplicate_not_also_off_the_roster(
        tmp_path: Path, capsys) -> None:
    """The same file twice (a resend, a copy in another folder) is project-duplicate;
    its projects are on the roster, so no roster-project-unexpected for the copy."""
    inputs = tmp_path / "提出"
    shutil.copytree(SUBMISSIONS, inputs)
    shutil.copy(inputs / "企画課.xlsx", inputs / "企画課 - コピー.xlsx")
    roster = write_csv(tmp_path / "名簿.csv", [
        ("企画課", "2", "PPPを活用した交流・にぎわい創出事業"), *ROSTER[1:]])
    code, issues = _issues(capsys, ["merge", str(inputs), "-o", str(tmp_path / "o.xlsx"),
                                    "--year", "2022", "--roster", str(roster)])
    assert code == 1
    codes = [i["code"] for i in issues if i["severity"] != "info"]
    assert "project-duplicate" in codes
    assert not [c for c in codes if c.startswith("roster-")], issues
