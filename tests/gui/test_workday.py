"""Issue 11 through the real window: what a GUI-only office needs (blank template, roster
template, the settings file and grading of ``merge --settings/--grade``) and the smaller
things a clerk's walk-through found (report year, filters, counter, preview)."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtWidgets import QFileDialog, QLabel, QMessageBox

from gui.main_window import MainWindow
from gui.settings_dialog import SettingsDialog, year_text
from gui.widgets.kpi_preview import HIGHLIGHT
from kpi_workbook import usecases as api
from kpi_workbook.domain.fiscal_year import default_report_year
from kpi_workbook.domain.issues import Severity

TIMEOUT = 60000


def _load(qtbot: Any, window: MainWindow, *paths: Path) -> None:
    with qtbot.waitSignal(window.task_finished, timeout=TIMEOUT):
        window.add_paths(list(paths))


def _answer_everything(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []

    def record(parent: Any, title: str, text: str, *args: Any) -> Any:
        shown.append(text)
        return QMessageBox.StandardButton.No

    for name in ("question", "information", "critical", "warning"):
        monkeypatch.setattr(QMessageBox, name, staticmethod(record))
    return shown


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kpi_workbook", *args], capture_output=True,
                          text=True, encoding="utf-8", check=False)


def _sheet_values(path: Path, sheet: str) -> list[tuple[object, ...]]:
    wb = openpyxl.load_workbook(path)
    return [tuple(row) for row in wb[sheet].iter_rows(values_only=True)]


# --- point 4: everything a GUI-only office needs -------------------------------------------------


def test_blank_template_saved_from_the_window_is_the_command_lines(
        qtbot: Any, window: MainWindow, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """ファイル → 空の様式を保存… writes what ``kpi-workbook template`` writes."""
    target = tmp_path / "配布用" / "様式"
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(target), "")))
    shown = _answer_everything(monkeypatch)
    assert window.action_bar.action("template") in window.action_bar.file_menu.actions()
    assert window.action_bar.action("template").text() == "空の様式を保存…"
    with qtbot.waitSignal(window.task_finished, timeout=TIMEOUT):
        window.action_bar.action("template").trigger()
    saved = target.with_suffix(".xlsx")
    assert saved.is_file()
    assert str(saved) in shown[0]  # says where, offers to open the folder
    assert str(saved) in window.outcome_label.text()
    reference = tmp_path / "cli.xlsx"
    assert _cli("template", "-o", str(reference)).returncode == 0
    ours, theirs = openpyxl.load_workbook(saved), openpyxl.load_workbook(reference)
    assert ours.sheetnames == theirs.sheetnames
    for name in ours.sheetnames:
        assert _sheet_values(saved, name) == _sheet_values(reference, name)
    # a blank template checks as a template, not as a broken file
    assert not any(i.code.startswith("file-") for i in api.check([saved]).issues)


def _merge_in_window(qtbot: Any, window: MainWindow, out: Path) -> None:
    with qtbot.waitSignal(window.task_finished, timeout=TIMEOUT):
        window.start_merge(out)
    assert out.is_file()


@pytest.mark.parametrize(("grade", "cli_grade"), [("", None), ("letters", "letters")])
def test_settings_file_and_grade_as_merge_settings_grade(
        qtbot: Any, window: MainWindow, examples: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, grade: str, cli_grade: str | None) -> None:
    """The window's merge with a settings file (and its 評価 choice) writes the same
    集計一覧 as ``merge --settings FILE [--grade G]``; the preview shows the grades."""
    _answer_everything(monkeypatch)
    settings_file = tmp_path / "設定.toml"
    settings_file.write_text('[bands]\ngood = 0.9\nfair = 0.5\n\n[grade]\nscheme = "symbols"\n'
                             'thresholds = [1.0, 0.9, 0.5]\n', encoding="utf-8")
    window.settings.settings_file = settings_file
    window.settings.grade = grade
    window.settings.report_year = 2023
    _load(qtbot, window, examples / "submissions")
    window._apply_settings()
    ours = tmp_path / "窓" / "集計ブック.xlsx"
    ours.parent.mkdir()
    _merge_in_window(qtbot, window, ours)
    theirs = tmp_path / "cli" / "集計ブック.xlsx"
    theirs.parent.mkdir()
    args = ["merge", str(examples / "submissions"), "-o", str(theirs), "--year", "2023",
            "--settings", str(settings_file)]
    assert _cli(*args, *(["--grade", cli_grade] if cli_grade else [])).returncode == 0
    assert _sheet_values(ours, "集計一覧") == _sheet_values(theirs, "集計一覧")
    header = _sheet_values(ours, "集計一覧")[0]
    assert "評価" in header
    expected = {"A", "B", "C", "D"} if grade == "letters" else {"◎", "○", "△", "×"}
    # the 評価 cells are live formulas over 達成率, with the settings file's thresholds
    formulas = [str(row[header.index("評価")]) for row in _sheet_values(ours, "集計一覧")[1:]]
    assert formulas
    assert all(f'"{mark}"' in f and ">=0.9" in f for f in formulas for mark in expected)
    # the preview grades as the workbook does
    window.files.view.selectRow(0)
    preview = window.preview
    headers = [preview.table.horizontalHeaderItem(c).text()
               for c in range(preview.table.columnCount())]
    assert "評価" in headers
    shown = {preview.item_text(r, headers.index("評価"))
             for r in range(1, preview.table.rowCount())}
    assert shown & expected


def test_unreadable_settings_file_is_named_and_nothing_written(
        qtbot: Any, window: MainWindow, examples: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    shown = _answer_everything(monkeypatch)
    broken = tmp_path / "設定.toml"
    broken.write_text("[bands\ngood = ", encoding="utf-8")
    window.settings.settings_file = broken
    _load(qtbot, window, examples / "submissions")
    out = tmp_path / "集計ブック.xlsx"
    window.start_merge(out)
    assert window.task is None
    assert not out.exists()
    assert shown
    assert shown[-1] == ("設定ファイル 設定.toml を読めません（TOML/JSON の書き方が"
                         "正しくありません）。")


def test_missing_settings_file_is_said_in_japanese_words(
        qtbot: Any, window: MainWindow, settings: Any, examples: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The OS's 'No such file or directory' never reaches the clerk: not at 集計ブックを作成,
    not in 設定's note about the file."""
    shown = _answer_everything(monkeypatch)
    missing = tmp_path / "無い設定.toml"
    window.settings.settings_file = missing
    _load(qtbot, window, examples / "submissions")
    window.start_merge(tmp_path / "集計ブック.xlsx")
    assert shown[-1] == "設定ファイル 無い設定.toml を読めません（ファイルが見つかりません）。"
    settings.settings_file = missing
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    dialog.settings_file.set_path(missing)
    dialog._on_settings_file()
    assert dialog.file_note.text() == shown[-1]


# --- point 6: the smaller things -----------------------------------------------------------------


def test_report_year_shows_what_auto_means_and_accepts_wareki(
        qtbot: Any, settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    auto = default_report_year()
    assert dialog.year.itemText(0) == f"自動: {year_text(auto)}"
    assert year_text(2025) == "令和7年度 (2025)"
    assert dialog.selected_year() is None
    # one step down from 自動 is the year 自動 stands for, not 2014
    assert dialog.year.itemData(1) == auto
    for typed, year in (("令和5年度", 2023), ("R5", 2023), ("2023", 2023), ("平成30年度", 2018),
                        (year_text(2020), 2020)):
        dialog.year.setCurrentText(typed)
        assert dialog.selected_year() == year, typed
    shown = _answer_everything(monkeypatch)
    dialog.year.setCurrentText("来年")
    dialog.accept()
    assert dialog.result() != SettingsDialog.DialogCode.Accepted
    assert "来年" in shown[0]


def test_band_setting_says_which_threshold_is_green_and_which_yellow(
        qtbot: Any, settings: Any) -> None:
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    texts = [label.text() for label in dialog.findChildren(QLabel)]
    assert any(t.startswith("緑") for t in texts)
    assert any("黄" in t for t in texts)
    assert any("赤" in t for t in texts)


def test_adding_files_resets_the_file_filter_and_the_counter_says_what_is_hidden(
        qtbot: Any, window: MainWindow, examples: Path) -> None:
    _load(qtbot, window, examples / "submissions")
    first = window.session.files()[0]
    window.issues.set_file_filter(first)
    assert f"{first.name} のみ" in window.issues.count_label.text()
    _load(qtbot, window, examples / "faulty")
    assert window.issues.file_filter() is None
    issues = api.check([examples]).issues
    infos = sum(1 for i in issues if i.severity is Severity.INFO)
    shown = len(issues) - infos
    assert window.issues.count_label.text() == (
        f"表示 {shown} / {len(issues)} 件（情報 {infos} 件は非表示）")
    window.issues.set_severity_filter(frozenset({Severity.ERROR}))
    assert "警告" in window.issues.count_label.text()
    assert f"情報 {infos} 件は非表示" in window.issues.count_label.text()


def test_preview_keeps_year_and_activity_columns_when_scrolled(
        qtbot: Any, window: MainWindow, examples: Path) -> None:
    _load(qtbot, window, examples / "submissions")
    row = next(r for r in range(window.files.model.rowCount())
               if window.files.model.index(r, 1).data() == "企画課.xlsx")
    window.files.view.selectRow(row)
    preview = window.preview
    preview.resize(420, 300)
    qtbot.wait(10)
    bar = preview.table.horizontalScrollBar()
    assert bar.maximum() > 0  # three KPIs do not fit in 420 px
    bar.setValue(bar.maximum())
    qtbot.wait(10)
    frozen = preview.frozen
    assert frozen.isVisible()
    assert frozen.geometry().left() <= preview.table.frameWidth()
    assert frozen.width() == preview.table.columnWidth(0) + preview.table.columnWidth(1)
    assert preview.frozen_text_at_left(1) == preview.item_text(1, 0) == "初年度"
    # the main table really scrolled: its first column is out of its own view
    assert preview.table.columnViewportPosition(0) < 0


def test_preview_shows_a_date_cell_as_a_date(qtbot: Any, window: MainWindow, tmp_path: Path,
                                             older_workbook: Any) -> None:
    path = older_workbook(tmp_path / "日付.xlsx", actual=dt.datetime(2024, 4, 1))
    _load(qtbot, window, path)
    window.files.view.selectRow(0)
    preview = window.preview
    assert preview.item_text(1, 3) == "2024/04/01"  # C11 target, D11 the date


def test_preview_highlights_the_header_cell_of_header_issues(
        qtbot: Any, window: MainWindow, examples: Path, tmp_path: Path) -> None:
    """目標の方向 「上昇」 in C18 is about KPI 1's header: its name cell is marked; a missing
    header field (実施区分, B5) is marked in the description above the table."""
    path = tmp_path / "企画課.xlsx"
    shutil.copy(examples / "submissions" / "企画課.xlsx", path)
    wb = openpyxl.load_workbook(path)
    wb["②PPP"]["C18"] = "上昇"
    wb.save(path)
    _load(qtbot, window, path, examples / "faulty")
    proxy = window.issues.proxy
    rows = {proxy.issue(proxy.index(r, 0)).code: r for r in range(proxy.rowCount())}
    window.issues.view.setCurrentIndex(proxy.index(rows["kpi-direction-invalid"], 0))
    preview = window.preview
    assert preview.highlighted_cell() == (0, 2)  # the name of KPI 1, over its columns
    assert preview.is_highlighted(0, 2)
    window.issues.view.setCurrentIndex(proxy.index(rows["header-field-missing"], 0))
    assert "実施区分（B5）" in preview.info.text()
    assert HIGHLIGHT.name() in preview.info.text()


# --- points 3 and 5, the window's side -----------------------------------------------------------


def test_merge_never_overwrites_last_years_workbook(
        qtbot: Any, window: MainWindow, examples: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The save dialog proposes a name carrying the report year; choosing last year's
    workbook itself is refused with the reason, and the file stays as it was."""
    last_year = tmp_path / "前回" / "集計ブック_令和5年度.xlsx"
    last_year.parent.mkdir()
    assert api.merge([examples / "submissions"], last_year,
                     options=api.MergeOptions(report_year=2023)).written
    before = last_year.read_bytes()
    window.settings.previous = last_year
    window.settings.output_dir = last_year.parent
    window.settings.report_year = 2024
    _load(qtbot, window, examples / "submissions")
    proposed: list[str] = []

    def save_as(parent: Any, title: str, start: str, *args: Any) -> tuple[str, str]:
        proposed.append(start)
        return str(last_year), ""  # the clerk picks last year's file anyway

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_as))
    shown = _answer_everything(monkeypatch)
    window.action_bar.action("merge").trigger()
    assert Path(proposed[0]) == last_year.parent / "集計ブック_令和6年度.xlsx"
    assert window.task is None  # refused before anything ran
    assert shown
    assert "前回の集計ブック" in shown[0]
    assert "上書きしない" in shown[0]
    assert shown[0] in window.outcome_label.text()
    assert last_year.read_bytes() == before
    # the proposed name is written as asked
    with qtbot.waitSignal(window.task_finished, timeout=TIMEOUT):
        window.start_merge(Path(proposed[0]))
    assert Path(proposed[0]).is_file()


def test_default_name_without_a_year_is_the_automatic_years(
        qtbot: Any, window: MainWindow, examples: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    window.settings.output_dir = tmp_path
    _load(qtbot, window, examples / "submissions")
    proposed: list[str] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda parent, title, start, *a: proposed.append(start)
                                     or ("", "")))
    window.action_bar.action("merge").trigger()
    assert Path(proposed[0]).name == api.default_output_name(None)
    assert year_text(default_report_year()).split(" ")[0] in Path(proposed[0]).name


def test_outputs_go_into_folders_that_do_not_exist_yet(
        qtbot: Any, window: MainWindow, examples: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    _answer_everything(monkeypatch)
    _load(qtbot, window, examples)
    out = tmp_path / "令和6年度" / "集計" / "集計ブック.xlsx"
    with qtbot.waitSignal(window.task_finished, timeout=TIMEOUT):
        window.start_merge(out)
    assert out.is_file()
    returns = tmp_path / "差し戻し" / "建設課"
    with qtbot.waitSignal(window.task_finished, timeout=TIMEOUT):
        window.start_return_copies(returns)
    assert (returns / "不備あり_建設課_差し戻し.xlsx").is_file()
    template = tmp_path / "配布" / "様式.xlsx"
    with qtbot.waitSignal(window.task_finished, timeout=TIMEOUT):
        window.start_template(template)
    assert template.is_file()


def test_return_copies_are_not_read_back_as_submissions(
        qtbot: Any, window: MainWindow, examples: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A return copy we wrote, added later by mistake, is not a second submission."""
    _answer_everything(monkeypatch)
    _load(qtbot, window, examples / "faulty")
    returns = tmp_path / "差し戻し"
    with qtbot.waitSignal(window.task_finished, timeout=TIMEOUT):
        window.start_return_copies(returns)
    copy = returns / "不備あり_建設課_差し戻し.xlsx"
    assert copy.is_file()
    _load(qtbot, window, returns)
    assert len(window.session.submissions) == 2
    codes = [i.code for i in window.session.issues()]
    assert "return-copy-skipped" in codes
    assert "project-duplicate" not in codes


def test_user_guide_shortcuts_are_the_windows(window: MainWindow) -> None:
    """Each row of the guide's shortcut table is the shortcut of the action of that name."""
    import re

    guide = (Path(__file__).resolve().parents[2] / "docs" / "user-guide.md").read_text(
        encoding="utf-8")
    table = guide.split("| 操作 | キー |", 1)[1].split("\n\n", 1)[0]
    rows = dict(re.findall(r"^\| (.+?) \| (\S+) \|$", table, re.M))
    shortcuts = {action.text().rstrip("…"): action.shortcut().toString()
                 for action in window.action_bar.actions.values()}
    checked = 0
    for name, key in rows.items():
        if name in shortcuts:
            assert shortcuts[name] == key, name
            checked += 1
    assert checked >= 10
