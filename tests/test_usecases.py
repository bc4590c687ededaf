"""The use-case layer both front ends call: one meaning of check, merge and their rules."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

import kpi_workbook as kw
from kpi_workbook.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SUBMISSIONS = EXAMPLES / "submissions"
CREATED = dt.datetime(2023, 5, 1)


@pytest.fixture(scope="module")
def last(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("last") / "集計ブック_令和4年度.xlsx"
    kw.merge([SUBMISSIONS], out, options=kw.MergeOptions(report_year=2022, created=CREATED))
    return out


@pytest.fixture
def roster(tmp_path: Path) -> Path:
    path = tmp_path / "名簿.csv"
    path.write_text("担当課,事業番号,事業名\n企画課,,\n建設課,,\n", encoding="utf-8")
    return path


def keys(issues: list[kw.CheckResult] | list) -> list[tuple[object, ...]]:
    return [(i.code, str(i.where.file), i.where.sheet, i.where.cell) for i in issues]


def test_check_and_merge_find_the_same_issues(tmp_path: Path, last: Path, roster: Path):
    """One meaning of "check": the roster and the previous workbook included, merge adds
    nothing of its own and leaves nothing out."""
    # this year 観光振興課 and 市民活動推進課 have not submitted: their projects are missing
    inputs = [SUBMISSIONS / "企画課.xlsx", SUBMISSIONS / "商工労働課.xlsx", EXAMPLES / "faulty"]
    checked = kw.check(inputs, kw.CheckOptions(report_year=2022, roster=roster,
                                               previous=last))
    merged = kw.merge(inputs, tmp_path / "out.xlsx", options=kw.MergeOptions(
        report_year=2022, roster=roster, previous=last, created=CREATED))
    assert keys(checked.issues) == keys(merged.issues)
    codes = {i.code for i in checked.issues}
    assert "roster-department-unexpected" in codes  # 商工労働課 is not on the roster
    assert "previous-project-missing" in codes
    assert checked.missing == merged.missing
    assert checked.differences == merged.differences
    assert checked.summary() == {k: v for k, v in merged.summary().items()
                                 if k not in ("output", "written", "evaluation_carried",
                                              "report_form")}


def test_stream_check_then_check_across_is_check(last: Path, roster: Path):
    """What the window does (streamed, then the checks over everything) is what check does."""
    options = kw.CheckOptions(report_year=2022, roster=roster, previous=last)
    items = list(kw.stream_check([SUBMISSIONS, EXAMPLES / "faulty", Path("ない.xlsx")],
                                 options))
    assert isinstance(items[0], kw.RosterLoaded)
    assert items[0].roster is not None
    assert isinstance(items[1], kw.PreviousLoaded)
    assert items[1].consolidated is not None
    assert isinstance(items[2], kw.Discovered)
    submissions = [i for i in items if isinstance(i, kw.Submission)]
    assert len(submissions) == 5
    across = kw.check_across(submissions, kw.References(items[0], items[1]))
    streamed = [*items[2].issues, *(i for s in submissions for i in s.issues), *across.issues]
    whole = kw.check([SUBMISSIONS, EXAMPLES / "faulty", Path("ない.xlsx")], options)
    assert sorted(keys(streamed)) == sorted(keys(whole.issues))


def test_stream_check_skips_unchanged_files_but_finds_new_ones(tmp_path: Path):
    folder = tmp_path / "提出"
    shutil.copytree(SUBMISSIONS, folder)
    first = [s for s in kw.stream_check([folder]) if isinstance(s, kw.Submission)]
    shutil.copy(EXAMPLES / "faulty" / "不備あり_建設課.xlsx", folder / "建設課.xlsx")
    again = list(kw.stream_check([folder], unchanged=frozenset(s.path.resolve()
                                                              for s in first)))
    assert [s.path.name for s in again if isinstance(s, kw.Submission)] == ["建設課.xlsx"]


def test_unreadable_roster_stops_check_but_streams_as_an_issue(tmp_path: Path):
    bad = tmp_path / "名簿.csv"
    bad.write_text("no,headers\n", encoding="utf-8")
    with pytest.raises(kw.KpiWorkbookError) as info:
        kw.check([SUBMISSIONS], kw.CheckOptions(roster=bad))
    assert info.value.issue.code == "roster-unreadable"
    (loaded, *_) = kw.stream_check([SUBMISSIONS], kw.CheckOptions(roster=bad))
    assert isinstance(loaded, kw.RosterLoaded)
    assert [i.code for i in loaded.issues] == ["roster-unreadable"]


def test_check_reports_progress_and_stops_on_cancel():
    cancel = threading.Event()
    seen: list[kw.Progress] = []

    def progress(p: kw.Progress) -> None:
        seen.append(p)
        cancel.set()

    with pytest.raises(kw.Cancelled):
        kw.check([SUBMISSIONS], progress=progress, cancel=cancel)
    assert [(p.done, p.total) for p in seen] == [(1, 4)]


# --- last year's record is never overwritten (issue 11, point 3) ---------------------------


def test_default_output_name_carries_the_report_year():
    assert kw.default_output_name(2024) == "集計ブック_令和6年度.xlsx"
    assert kw.default_output_name(2019) == "集計ブック_令和元年度.xlsx"
    # by default the year that ended last: on 2025-05-01 that is 令和6年度 (2024)
    assert kw.default_output_name(today=dt.date(2025, 5, 1)) == "集計ブック_令和6年度.xlsx"
    assert kw.default_output_name(2025) != kw.default_output_name(2024)


@pytest.mark.parametrize("spelling", ["same", "relative"])
def test_merge_refuses_to_overwrite_the_previous_workbook(tmp_path: Path, last: Path, capsys,
                                                          spelling: str):
    record = tmp_path / "R4.xlsx"
    shutil.copy2(last, record)
    before = (record.read_bytes(), record.stat().st_mtime_ns)
    out = str(record) if spelling == "same" else os.path.relpath(record)
    code = main(["merge", str(SUBMISSIONS), "-o", out, "--previous", str(record),
                 "--year", "2022"])
    assert code == 2
    err = capsys.readouterr().err
    assert "R4.xlsx は --previous の前回の集計ブックと同じファイルです" in err
    assert "（例: 集計ブック_令和4年度.xlsx）" in err  # the year reported on: --year 2022
    assert "Traceback" not in err
    assert (record.read_bytes(), record.stat().st_mtime_ns) == before


def test_merge_use_case_refuses_the_previous_workbook_before_reading(tmp_path: Path,
                                                                     last: Path):
    read: list[kw.Progress] = []
    with pytest.raises(kw.OutputError) as info:
        kw.merge([SUBMISSIONS], last, options=kw.MergeOptions(previous=last),
                 progress=read.append)
    assert info.value.issue.code == "output-is-previous"
    assert "last year's record" in info.value.issue.message("en")
    assert read == []


def test_the_suggested_name_is_never_the_previous_workbooks_own(tmp_path: Path, last: Path):
    record = tmp_path / kw.default_output_name(2022)  # last year's file named for this year
    shutil.copy2(last, record)
    with pytest.raises(kw.OutputError) as info:
        kw.refuse_previous_as_output(record, record, 2022)
    assert info.value.issue.params["suggested"] == "集計ブック_令和4年度_2.xlsx"


# --- department files -----------------------------------------------------------------------


def test_template_from_with_nothing_to_write_says_so(tmp_path: Path, last: Path, capsys):
    outdir = tmp_path / "次年度"
    code = main(["template", "--from", str(last), "-o", str(outdir), "--year", "2099"])
    assert code == 0
    out = capsys.readouterr().out
    assert "次年度に報告する事業がないため、様式は作成しませんでした" in out
    assert not outdir.exists()


def test_next_year_use_case_writes_per_department_with_progress(tmp_path: Path, last: Path):
    seen: list[kw.Progress] = []
    written = kw.write_next_year(kw.NextYearOptions(last, tmp_path / "a" / "b"),
                                 progress=seen.append)
    assert [p.name for p in written.paths] == sorted(p.name for p in written.paths)
    assert len(written.paths) == len(seen) == seen[-1].total >= 1
    assert written.issues == []


def test_template_from_into_the_submissions_folder_replaces_nothing(tmp_path: Path,
                                                                     last: Path, capsys):
    """Next year's files are named as departments submit (<担当課>.xlsx): given the folder
    the submissions are in, template --from writes nothing and names the files (exit 2)."""
    folder = tmp_path / "提出"
    shutil.copytree(SUBMISSIONS, folder)
    before = {p.name: p.read_bytes() for p in folder.glob("*.xlsx")}
    code = main(["template", "--from", str(last), "-o", str(folder), "--year", "2023"])
    assert code == 2
    err = capsys.readouterr().err
    assert {p.name: p.read_bytes() for p in folder.glob("*.xlsx")} == before
    assert f"フォルダ {folder} には同じ名前のファイル" in err
    assert "観光振興課.xlsx" in err
    assert "次年度様式は作成しませんでした" in err
    # a run into a folder holding only other files writes as before
    other = tmp_path / "次年度"
    other.mkdir()
    (other / "メモ.xlsx").write_bytes(b"not ours")
    assert main(["template", "--from", str(last), "-o", str(other), "--year", "2023",
                 "--lang", "en"]) == 0
    assert (other / "メモ.xlsx").read_bytes() == b"not ours"
    assert main(["template", "--from", str(last), "-o", str(other), "--year", "2023",
                 "--lang", "en"]) == 2
    assert "already holds files of the same names" in capsys.readouterr().err


def test_template_from_junk_names_a_consolidated_workbook_not_the_previous(tmp_path: Path,
                                                                            capsys):
    """template --from junk.xlsx: not 「前回の集計ブック … を読めません」 (no previous is
    involved), and no exception text; that stays in the issue's detail."""
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"PK\x03\x04 junk")
    assert main(["template", "--from", str(junk), "-o", str(tmp_path / "次年度")]) == 2
    err = capsys.readouterr().err
    assert "junk.xlsx を集計ブックとして読めません（Excel ブック（.xlsx）として開けません）" in err
    assert "前回" not in err
    assert "Error" not in err
    submission = SUBMISSIONS / "企画課.xlsx"  # an ordinary workbook: no 集計一覧 sheet
    assert main(["template", "--from", str(submission), "-o", str(tmp_path / "次年度"),
                 "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert "企画課.xlsx cannot be read as a consolidated workbook (it has no" in err
    with pytest.raises(kw.KpiWorkbookError) as caught:
        kw.write_next_year(kw.NextYearOptions(junk, tmp_path / "x"))
    assert caught.value.issue.code == "consolidated-unreadable"
    assert caught.value.issue.detail


def test_template_use_cases_create_their_folders(tmp_path: Path):
    blank = kw.write_template(kw.TemplateOptions(tmp_path / "様式" / "KPI報告様式.xlsx"))
    roster = kw.write_roster_template(kw.RosterTemplateOptions(tmp_path / "名簿" / "r.csv"))
    assert blank.paths[0].stat().st_size > 0
    assert roster.paths[0].read_text(encoding="utf-8-sig").startswith("担当課,")


# --- settings -------------------------------------------------------------------------------


def test_settings_file_gives_bands_and_grading(tmp_path: Path):
    path = tmp_path / "settings.toml"
    path.write_text('[bands]\ngood = 1.1\n[grade]\nscheme = "letters"\n', encoding="utf-8")
    settings = kw.load_settings(path)
    assert settings.bands.good == 1.1
    assert settings.grading.scheme.value == "letters"
    assert kw.MergeOptions.from_settings(path).grading == settings.grading


# --- the library as README shows it ---------------------------------------------------------


def readme_library_example() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Use it as a library", 1)[1].split("\n## ", 1)[0]
    (code,) = re.findall(r"```python\n(.*?)```", section, re.S)
    return code


def test_readme_library_example_runs(tmp_path: Path):
    """README's example, run as a user would: from a fresh interpreter, in a folder holding
    a copy of the examples."""
    shutil.copytree(EXAMPLES, tmp_path / "examples")
    proc = subprocess.run([sys.executable, "-c", readme_library_example()], cwd=tmp_path,
                          capture_output=True, text=True, encoding="utf-8", check=False,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.returncode == 0, proc.stderr
    assert "ファイル 5 件" in proc.stdout
    assert (tmp_path / "out" / "集計ブック_令和4年度.xlsx").stat().st_size > 0
    assert re.search(r"建設課.*エラー 6 件", proc.stdout)


def test_cli_check_with_roster_and_previous_reports_what_merge_reports(tmp_path: Path,
                                                                       last: Path, capsys):
    import json

    roster = tmp_path / "名簿.csv"
    roster.write_text("担当課,事業番号,事業名\n企画課,,\n建設課,,\n観光振興課,,\n",
                      encoding="utf-8")
    inputs = [str(SUBMISSIONS / "企画課.xlsx"), str(EXAMPLES / "faulty")]
    options = ["--roster", str(roster), "--previous", str(last), "--format", "json",
               "--year", "2022"]
    assert main(["check", *inputs, *options]) == 1
    checked = json.loads(capsys.readouterr().out)
    assert main(["merge", *inputs, *options, "-o", str(tmp_path / "out.xlsx")]) == 1
    merged = json.loads(capsys.readouterr().out)
    assert checked["issues"] == merged["issues"]
    codes = {i["code"] for i in checked["issues"]}
    assert {"roster-department-missing", "previous-project-missing"} <= codes
