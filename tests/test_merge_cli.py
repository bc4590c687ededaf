"""``kpi-workbook merge``: exit codes 0/1/2, JSON shape, --strict (spec §3)."""

from __future__ import annotations

import json

from kpi_workbook.cli import main
from tests.test_merge import FAULTY, SUBMISSIONS


def test_merge_cli_writes_and_exits_0(tmp_path, capsys):
    out = tmp_path / "out.xlsx"
    assert main(["merge", str(SUBMISSIONS), "-o", str(out), "--year", "2022"]) == 0
    assert out.exists()
    assert "out.xlsx を作成しました。" in capsys.readouterr().out


def test_merge_cli_errors_exit_1_and_still_write(tmp_path, capsys):
    out = tmp_path / "out.xlsx"
    assert main(["merge", str(SUBMISSIONS), str(FAULTY), "-o", str(out), "--year", "2022",
                 "--format", "json", "--lang", "en"]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert doc["summary"]["written"] is True
    assert doc["summary"]["errors"] > 0
    assert set(doc["issues"][0]) == {"severity", "code", "file", "sheet", "cell", "message",
                                     "detail"}
    assert out.exists()


def test_merge_cli_strict_leaves_out_untouched(tmp_path, capsys):
    out = tmp_path / "out.xlsx"
    out.write_bytes(b"old")
    assert main(["merge", str(FAULTY), "-o", str(out), "--strict", "--year", "2022"]) == 1
    assert out.read_bytes() == b"old"
    assert "--strict" in capsys.readouterr().out


def test_merge_cli_unwritable_output_exits_2(tmp_path, capsys):
    blocker = tmp_path / "no"
    blocker.write_text("a file where the folder would be")
    assert main(["merge", str(SUBMISSIONS), "-o", str(blocker / "out.xlsx")]) == 2
    err = capsys.readouterr().err
    assert "out.xlsx" in err
    assert f"出力先のフォルダ {blocker} を作成できない" in err
    assert "directory" not in err  # never the operating system's English text


def test_merge_cli_creates_a_missing_output_folder(tmp_path, capsys):
    out = tmp_path / "令和6年度" / "集計" / "out.xlsx"
    assert main(["merge", str(SUBMISSIONS), "-o", str(out), "--year", "2022"]) == 0
    assert out.is_file()


def test_merge_cli_grade_option(tmp_path):
    import openpyxl

    out = tmp_path / "out.xlsx"
    main(["merge", str(SUBMISSIONS), "-o", str(out), "--grade", "symbols", "--year", "2022"])
    header = [c.value for c in openpyxl.load_workbook(out)["集計一覧"][1]]
    assert "評価" in header


def test_merge_cli_bad_settings_exits_2(tmp_path, capsys):
    settings = tmp_path / "s.toml"
    settings.write_text("[grade\n", encoding="utf-8")
    assert main(["merge", str(SUBMISSIONS), "-o", str(tmp_path / "o.xlsx"),
                 "--settings", str(settings)]) == 2
    assert "s.toml" in capsys.readouterr().err


def test_settings_with_a_wrong_type_is_a_usage_error(tmp_path, capsys) -> None:
    settings = tmp_path / "設定.toml"
    settings.write_text("[bands]\ngood = [1]\n", encoding="utf-8")
    code = main(["merge", str(SUBMISSIONS), "-o", str(tmp_path / "x.xlsx"),
                 "--settings", str(settings)])
    assert code == 2
    assert "Traceback" not in capsys.readouterr().err


def test_merge_never_overwrites_the_roster_it_reads(tmp_path, capsys):
    roster = tmp_path / "名簿.xlsx"
    assert main(["template", "--roster", "-o", str(roster)]) == 0
    before = roster.read_bytes()
    capsys.readouterr()
    assert main(["merge", str(SUBMISSIONS), "--roster", str(roster), "-o", str(roster),
                 "--year", "2022"]) == 2
    err = capsys.readouterr().err
    assert roster.read_bytes() == before
    assert f"出力ファイル {roster.name} は、この集計で読み込む提出予定の名簿と同じファイル" in err


def test_merge_never_overwrites_the_settings_file_it_reads(tmp_path, capsys):
    settings = tmp_path / "s.toml"
    settings.write_text("[bands]\ngood = 1.0\n", encoding="utf-8")
    assert main(["merge", str(SUBMISSIONS), "--settings", str(settings), "-o", str(settings),
                 "--year", "2022", "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert settings.read_text(encoding="utf-8") == "[bands]\ngood = 1.0\n"
    assert f"The output file {settings.name} is the settings file" in err


def test_merge_never_overwrites_a_submission_it_reads(tmp_path, capsys):
    import shutil

    folder = tmp_path / "in"
    shutil.copytree(SUBMISSIONS, folder)
    target = sorted(folder.rglob("*.xlsx"))[0]
    before = target.read_bytes()
    assert main(["merge", str(folder), "-o", str(target), "--year", "2022"]) == 2
    assert target.read_bytes() == before
    assert f"出力ファイル {target.name} は入力の提出ブックの一つです" in capsys.readouterr().err


def test_merge_cli_settings_messages_carry_no_os_or_parser_english(tmp_path, capsys):
    missing = tmp_path / "無い.toml"
    assert main(["merge", str(SUBMISSIONS), "-o", str(tmp_path / "o.xlsx"),
                 "--settings", str(missing)]) == 2
    err = capsys.readouterr().err
    assert "設定ファイル 無い.toml を読めません（ファイルが見つかりません）。" in err
    assert "No such file" not in err
    assert "ENOENT" not in err
    broken = tmp_path / "s.toml"
    broken.write_text("[bands]\ngood = \n", encoding="utf-8")
    assert main(["merge", str(SUBMISSIONS), "-o", str(tmp_path / "o.xlsx"),
                 "--settings", str(broken), "--lang", "en", "--verbose"]) == 2
    message, *detail = capsys.readouterr().err.splitlines()
    # tomllib gives the line as an attribute from Python 3.14 on; JSON always does
    assert message in ("kpi-workbook: Cannot read the settings file s.toml (its TOML/JSON "
                       f"text has a mistake{line})." for line in ("", " (line 2)"))
    assert any("Invalid value" in line for line in detail)  # tomllib's words: --verbose
