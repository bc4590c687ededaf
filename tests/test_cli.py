"""The command line as scripts use it: exact text, the JSON shape, exit codes 0/1/2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kpi_workbook.cli import main

ROOT = Path(__file__).resolve().parents[1]
GOOD = ROOT / "examples" / "submissions"
FAULTY = ROOT / "examples" / "faulty" / "不備あり_建設課.xlsx"


def test_check_good_examples_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(GOOD)]) == 0
    out = capsys.readouterr().out
    assert f"■ {GOOD / '商工労働課.xlsx'}  担当課: 商工労働課  事業 2 件" in out
    assert "問題はありません。" in out
    total = "合計: ファイル 4 件、事業 5 件、エラー 0 件、警告 0 件、情報 24 件"
    assert out.rstrip().endswith(total)


def test_check_shows_why_a_file_was_skipped_without_verbose(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A consolidated workbook among the submissions: its block says it was not read (an
    info, shown without --verbose because it is what happened to the file), not
    「問題はありません」, and a message without a sheet or cell has no dangling colon."""
    folder = tmp_path / "提出"
    folder.mkdir()
    (folder / "商工労働課.xlsx").write_bytes((GOOD / "商工労働課.xlsx").read_bytes())
    assert main(["merge", str(folder), "-o", str(folder / "集計ブック_令和4年度.xlsx"),
                 "--year", "2022"]) == 0
    capsys.readouterr()
    assert main(["check", str(folder), "--year", "2022"]) == 0
    out = capsys.readouterr().out
    block = out.split(f"■ {folder / '集計ブック_令和4年度.xlsx'}", 1)[1].split("\n\n", 1)[0]
    assert block.splitlines()[1] == (
        "  [情報] 集計ブック（このツールが作成したもの）なので、提出ブックとしては読みません"
        "でした。")
    assert "問題はありません" not in block
    own = out.split(f"■ {folder / '商工労働課.xlsx'}", 1)[1].split("\n\n", 1)[0]
    assert "問題はありません。" in own  # a submission with infos only still reads fine
    assert "[情報]:" not in out


def test_check_faulty_exits_1_and_names_sheet_and_cell(capsys: pytest.CaptureFixture[str],
                                                        ) -> None:
    assert main(["check", str(FAULTY)]) == 1
    out = capsys.readouterr().out
    assert "  [エラー] ⑥案内標識!D27: D27 の値「集計中」は数値として読めません。" in out


def test_check_english(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--lang", "en", str(FAULTY)]) == 1
    out = capsys.readouterr().out
    assert "  [error] ⑥案内標識!D27: The value '集計中' in D27 is not a number." in out


def test_check_json_shape(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--format", "json", str(FAULTY)]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert set(doc) == {"issues", "summary"}
    assert doc["summary"] == {"files": 1, "projects": 1, "errors": 6, "warnings": 1,
                              "infos": 0}
    issue = next(i for i in doc["issues"] if i["cell"] == "D27")
    assert issue == {"severity": "error", "code": "value-not-number", "file": str(FAULTY),
                     "sheet": "⑥案内標識", "cell": "D27",
                     "message": "D27 の値「集計中」は数値として読めません。「集計中」のときは"
                                "空欄のままにしておき、数値が確定したら数値だけを入力してください。"
                                "値がない年度なら「-」を入力してください。",
                     "detail": None}
    file_level = next(i for i in doc["issues"] if i["code"] == "header-field-missing")
    assert file_level["sheet"] == "⑥案内標識"


def test_check_json_null_sheet_for_file_issues(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "壊れた.xlsx"
    bad.write_bytes(b"not a zip")
    assert main(["check", "--format", "json", str(bad)]) == 1
    (issue,) = json.loads(capsys.readouterr().out)["issues"]
    assert (issue["code"], issue["sheet"], issue["cell"]) == ("file-unreadable", None, None)


@pytest.mark.parametrize("argv", [["check"], ["check", "--format", "xml", "x.xlsx"],
                                  ["check", "--year", "いつか", "x.xlsx"], ["frobnicate"]])
def test_usage_errors_exit_2_on_stderr(argv: list[str],
                                       capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        raise SystemExit(main(argv))
    assert exc.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err


def test_check_year_option_controls_missing_actuals(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    from tests.test_reader import HEADER, TABLE, make_book

    table = [*TABLE[:7], ["3年目", "x", 15_000_000, None, 15672, None]]
    path = make_book(tmp_path / "y.xlsx", {"s": [*HEADER, [], *table]})
    assert main(["check", "--format", "json", "--year", "R3", str(path)]) == 0
    assert json.loads(capsys.readouterr().out)["summary"]["warnings"] == 0
    assert main(["check", "--format", "json", "--year", "令和4年度", str(path)]) == 0
    issues = json.loads(capsys.readouterr().out)["issues"]
    assert [(i["code"], i["cell"]) for i in issues] == [("actual-missing", "D15"),
                                                        ("actual-missing", "F15")]


def test_folder_skips_lock_files_and_reports_xls(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "~$商工労働課.xlsx").write_bytes(b"lock")
    (tmp_path / "sub" / "古い様式.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
    assert main(["check", "--format", "json", str(tmp_path)]) == 1
    issues = json.loads(capsys.readouterr().out)["issues"]
    assert [(Path(i["file"]).name, i["code"]) for i in issues] == [
        ("古い様式.xls", "file-legacy-format")]


def test_template_command_writes_or_exits_2(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "様式.xlsx"
    assert main(["template", "-o", str(out)]) == 0
    assert out.exists()
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    assert main(["template", "-o", str(blocker / "x.xlsx")]) == 2
    assert "書き込めません" in capsys.readouterr().err


def test_python_dash_m_runs_the_same_command() -> None:
    proc = subprocess.run([sys.executable, "-m", "kpi_workbook", "check", str(GOOD)],
                          capture_output=True, text=True, encoding="utf-8", check=False)
    assert proc.returncode == 0
    assert "合計: ファイル 4 件" in proc.stdout
    assert "Traceback" not in proc.stderr


def test_check_folder_finds_a_project_submitted_twice(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    import shutil

    shutil.copy(GOOD / "企画課.xlsx", tmp_path / "企画課.xlsx")
    shutil.copy(GOOD / "企画課.xlsx", tmp_path / "企画課_再提出.xlsx")
    assert main(["check", "--format", "json", str(tmp_path)]) == 1
    issues = json.loads(capsys.readouterr().out)["issues"]
    assert [(Path(i["file"]).name, i["code"]) for i in issues if i["severity"] == "error"] == [
        ("企画課_再提出.xlsx", "project-duplicate")]


def test_empty_folder_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "~$開いている.xlsx").write_bytes(b"lock")
    assert main(["check", str(tmp_path)]) == 2
    assert "見つかりません" in capsys.readouterr().err
    assert main(["merge", str(tmp_path), "-o", str(tmp_path / "集計.xlsx")]) == 2
    assert not (tmp_path / "集計.xlsx").exists()


def test_merge_never_overwrites_an_input(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    import hashlib
    import shutil

    folder = tmp_path / "提出"
    shutil.copytree(GOOD, folder)
    target = folder / "企画課.xlsx"
    before = hashlib.sha256(target.read_bytes()).hexdigest()
    assert main(["merge", str(folder), "-o", str(target)]) == 2
    assert main(["merge", str(target), "-o", str(target)]) == 2
    assert hashlib.sha256(target.read_bytes()).hexdigest() == before
    assert "入力の提出ブック" in capsys.readouterr().err


def test_a_consolidated_workbook_in_the_input_folder_is_skipped_and_replaced(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import shutil

    folder = tmp_path / "提出"
    shutil.copytree(GOOD, folder)
    out = folder / "集計ブック.xlsx"
    assert main(["merge", str(folder), "-o", str(out)]) == 0
    capsys.readouterr()
    assert main(["merge", str(folder), "-o", str(out), "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert (doc["summary"]["projects"], doc["summary"]["errors"]) == (5, 0)
    assert [(Path(i["file"]).name, i["severity"]) for i in doc["issues"]
            if i["code"] == "consolidated-skipped"] == [("集計ブック.xlsx", "info")]
