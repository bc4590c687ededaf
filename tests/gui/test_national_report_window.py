"""国への報告 from the window (issue 20, part 4): written with the consolidated workbook.

集計ブックを作成 writes the State's form as the sheet 国への報告, and the outcome line says
where it is; with 設定's 「国への報告を集計ブックとは別のブックにする」 it is a workbook
beside the consolidated one, named after it. The settings file's [report] header shows in
設定's note, so the clerk sees what the form's header block will say.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtWidgets import QFileDialog

from gui.main_window import MainWindow
from gui.settings_dialog import SettingsDialog

TIMEOUT = 60000


@pytest.fixture
def loaded(qtbot: Any, window: MainWindow, examples: Path) -> MainWindow:
    with qtbot.waitSignal(window.task_finished, timeout=TIMEOUT):
        window.add_paths([examples / "submissions"])
    return window


def _merge(qtbot: Any, window: MainWindow, out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(out), "")))
    with qtbot.waitSignal(window.task_finished, timeout=TIMEOUT):
        window.action_bar.action("merge").trigger()


def test_the_report_is_a_sheet_and_the_outcome_says_so(
        qtbot: Any, loaded: MainWindow, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "集計ブック_令和4年度.xlsx"
    _merge(qtbot, loaded, out, monkeypatch)
    assert "国への報告" in openpyxl.load_workbook(out).sheetnames
    assert "（ファイル 4 件・事業 5 件・国への報告のシート付き）" in loaded.outcome_label.text()


def test_the_setting_writes_it_beside_the_consolidated_workbook(
        qtbot: Any, loaded: MainWindow, tmp_path: Path, settings: Any,
        monkeypatch: pytest.MonkeyPatch) -> None:
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    assert not dialog.report_separate.isChecked()
    dialog.report_separate.setChecked(True)
    dialog.save()
    assert settings.report_separate
    out = tmp_path / "集計ブック_令和4年度.xlsx"
    _merge(qtbot, loaded, out, monkeypatch)
    report = tmp_path / "集計ブック_令和4年度_国への報告.xlsx"
    assert openpyxl.load_workbook(report).sheetnames == ["国への報告"]
    assert "国への報告" not in openpyxl.load_workbook(out).sheetnames
    assert f"・国への報告は {report.name}）" in loaded.outcome_label.text()


def test_the_settings_note_shows_the_reports_header_block(
        qtbot: Any, settings: Any, tmp_path: Path) -> None:
    file = tmp_path / "設定.toml"
    file.write_text('[report]\nprefecture = "山口県"\nmunicipality = "山陽小野田市"\n'
                    'code = "352161"\n', encoding="utf-8")
    settings.settings_file = file
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    assert "国への報告の見出し: 山口県　山陽小野田市　352161" in dialog.file_note.text()
    file.write_text("[bands]\ngood = 1.0\n", encoding="utf-8")
    dialog._on_settings_file()
    assert "[report] に書くと入ります" in dialog.file_note.text()
