"""The main window as a clerk uses it: add the examples, look, filter, merge, cancel."""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox

import kpi_workbook
from gui import error_log
from gui.error_log import log_file
from gui.main_window import MainWindow
from gui.settings_dialog import SettingsDialog
from kpi_workbook import usecases as api
from kpi_workbook.domain.issues import Severity

TIMEOUT = 20000


def _load(qtbot: Any, window: MainWindow, *paths: Path) -> None:
    with qtbot.waitSignal(window.task_finished, timeout=TIMEOUT):
        window.add_paths(list(paths))


def _find_issue_row(window: MainWindow, code: str) -> int:
    proxy = window.issues.proxy
    for row in range(proxy.rowCount()):
        if proxy.issue(proxy.index(row, 0)).code == code:
            return row
    raise AssertionError(f"{code} not shown")


def test_examples_fill_list_and_issue_table(qtbot: Any, window: MainWindow,
                                           examples: Path) -> None:
    """Each file is listed with its department and counts; every issue is in the table."""
    _load(qtbot, window, examples)
    expected = api.check([examples])
    model = window.files.model
    assert model.rowCount() == len(expected.submissions) == 5
    by_file = {model.index(r, 1).data(): r for r in range(model.rowCount())}
    faulty = by_file["不備あり_建設課.xlsx"]
    assert model.index(faulty, 2).data() == "建設課"
    assert model.index(faulty, 0).data() == "エラーあり"
    errors = sum(1 for i in expected.issues if i.severity is Severity.ERROR
                 and i.where.file.name == "不備あり_建設課.xlsx")
    assert model.index(faulty, 4).data() == errors > 0
    assert model.index(by_file["企画課.xlsx"], 0).data() == "問題なし"
    assert window.issues.model.rowCount() == len(expected.issues)
    assert window.summary_label.text() == (
        "ファイル 5 件・事業 {projects} 件・エラー {errors} 件・警告 {warnings} 件・"
        "情報 {infos} 件".format(**expected.summary()))


def test_issue_filters_by_severity_and_file(qtbot: Any, window: MainWindow,
                                           examples: Path) -> None:
    _load(qtbot, window, examples)
    issues = api.check([examples]).issues
    proxy = window.issues.proxy
    window.issues.set_severity_filter(frozenset(Severity))
    assert proxy.rowCount() == len(issues)
    window.issues.set_severity_filter(frozenset({Severity.ERROR}))
    assert proxy.rowCount() == sum(1 for i in issues if i.severity is Severity.ERROR)
    window.issues.set_severity_filter(frozenset(Severity))
    faulty = next(p for p in window.session.files() if p.name == "不備あり_建設課.xlsx")
    window.issues.set_file_filter(faulty)
    assert proxy.rowCount() == sum(1 for i in issues if i.where.file.name == faulty.name)
    assert window.issues.count_label.text() == (f"表示 {proxy.rowCount()} / {len(issues)} 件"
                                                f"（{faulty.name} のみ）")


def test_selecting_issue_highlights_its_cell_in_preview(qtbot: Any, window: MainWindow,
                                                      examples: Path) -> None:
    """D27 「集計中」 is not a number: the preview shows that project and marks D27."""
    _load(qtbot, window, examples)
    row = _find_issue_row(window, "value-not-number")
    issue = window.issues.proxy.issue(window.issues.proxy.index(row, 0))
    assert (issue.where.sheet, issue.where.cell) == ("⑥案内標識", "D27")
    window.issues.view.setCurrentIndex(window.issues.proxy.index(row, 0))
    preview = window.preview
    assert preview.project() is not None
    assert preview.project().sheet == "⑥案内標識"
    assert preview.highlighted_source() == "D27"
    r, c = preview.highlighted_cell()
    assert preview.is_highlighted(r, c)
    assert preview.item_text(r, c) == "集計中"
    # another issue moves the highlight: the old cell is plain again
    row = _find_issue_row(window, "value-unit-mismatch")
    window.issues.view.setCurrentIndex(window.issues.proxy.index(row, 0))
    assert preview.highlighted_source() == "H26"
    assert not preview.is_highlighted(r, c)


def test_preview_shows_attainment_from_library(qtbot: Any, window: MainWindow,
                                               examples: Path) -> None:
    """The seed's glass sales, year 3: 10,462,414 / 15,000,000 = 69.7 % 未達成."""
    _load(qtbot, window, examples)
    row = next(r for r in range(window.files.model.rowCount())
               if window.files.model.index(r, 1).data() == "商工労働課.xlsx")
    window.files.view.selectRow(row)
    preview = window.preview
    texts = {(r, c): preview.item_text(r, c) for r in range(preview.table.rowCount())
             for c in range(preview.table.columnCount())}
    year3 = next(r for (r, c), t in texts.items() if c == 0 and t == "3年目")
    assert [texts[(year3, c)] for c in range(2, 6)] == ["15,000,000", "10,462,414", "69.7%",
                                                        "未達成"]


def test_merge_through_gui_writes_valid_workbook(qtbot: Any, window: MainWindow,
                                                 examples: Path, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    _load(qtbot, window, examples / "submissions")
    out = tmp_path / "出力" / "集計.xlsx"
    out.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(out.with_suffix("")), "")))
    with qtbot.waitSignal(window.task_finished, timeout=60000):
        window.action_bar.action("merge").trigger()
    assert out.exists()
    wb = openpyxl.load_workbook(out)
    assert {"集計一覧", "検証結果", "提出状況"} <= set(wb.sheetnames)
    assert window.last_output == out
    assert str(out) in window.outcome_label.text()
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl",
                        staticmethod(lambda url: opened.append(url.toLocalFile()) or True))
    window.action_bar.action("open_output").trigger()
    assert opened == [str(out.parent)]
    assert window.settings.output_dir == out.parent


def test_strict_merge_with_errors_writes_nothing(qtbot: Any, window: MainWindow,
                                                 examples: Path, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    _load(qtbot, window, examples)
    window.settings.strict = True
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information",
                        staticmethod(lambda parent, title, text, *a: shown.append(text)))
    with qtbot.waitSignal(window.task_finished, timeout=60000):
        window.start_merge(tmp_path / "out.xlsx")
    assert not (tmp_path / "out.xlsx").exists()
    assert len(shown) == 1
    assert "厳格モード" in shown[0]


def test_cancel_long_run_keeps_what_was_read(qtbot: Any, window: MainWindow,
                                            many_files: Path) -> None:
    with qtbot.waitSignal(window.task_finished, timeout=TIMEOUT):
        window.add_paths([many_files])
        assert window.progress.isVisible()
        window.progress.cancel_button.click()
    assert window.task is None
    assert not window.progress.isVisible()
    assert window.outcome_label.text() == "中止しました。"
    assert window.files.model.rowCount() < 40
    assert window.action_bar.button("add_files").isEnabled()


def test_worker_error_shows_dialog_not_crash(qtbot: Any, window: MainWindow, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(paths: Any, *, progress: Any, cancel: threading.Event, **options: Any) -> Any:
        raise RuntimeError("reader bug")

    shown: list[tuple[str, str]] = []
    log = error_log.install(tmp_path / "log" / "kpi-workbook-gui.log")
    monkeypatch.setattr(api, "stream_check", broken)
    monkeypatch.setattr(QMessageBox, "critical",
                        staticmethod(lambda parent, title, text, *a: shown.append((title, text))))
    with qtbot.waitSignal(window.task_finished, timeout=TIMEOUT):
        window.add_paths([tmp_path])
    assert len(shown) == 1
    title, text = shown[0]
    assert title == "エラー"
    assert "処理を中止しました" in text
    # the clerk reads no Python: the details go to the log file the dialog names
    assert "reader bug" not in text
    assert "RuntimeError" not in text
    assert str(log_file()) in text
    assert "reader bug" in log.read_text(encoding="utf-8")
    assert "RuntimeError" in log.read_text(encoding="utf-8")
    for handler in logging.getLogger(error_log.LOGGER).handlers[:]:
        logging.getLogger(error_log.LOGGER).removeHandler(handler)
        handler.close()
    assert window.task is None
    assert window.action_bar.button("add_files").isEnabled()


def test_double_click_issue_opens_source_file(qtbot: Any, window: MainWindow, examples: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    _load(qtbot, window, examples)
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl",
                        staticmethod(lambda url: opened.append(url.toLocalFile()) or True))
    row = _find_issue_row(window, "value-not-number")
    window.issues.view.doubleClicked.emit(window.issues.proxy.index(row, 3))
    assert [Path(p).name for p in opened] == ["不備あり_建設課.xlsx"]
    assert "D27" in window.statusBar().currentMessage()


def test_recheck_reads_saved_file_again(qtbot: Any, window: MainWindow, tmp_path: Path,
                                        older_workbook: Any) -> None:
    path = older_workbook(tmp_path / "a.xlsx")
    _load(qtbot, window, path)
    assert window.session.counts()["errors"] == 0
    older_workbook(path, actual="集計中")
    import os

    os.utime(path, (1, 1))
    with qtbot.waitSignal(window.task_finished, timeout=TIMEOUT):
        window.action_bar.action("recheck").trigger()
    assert window.session.counts()["errors"] == 1


def test_language_title_about_and_settings(qtbot: Any, window: MainWindow,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    window.settings.report_year = 2023
    window.retranslate()
    assert "令和5年度 (2023)の報告" in window.windowTitle()
    window.set_language("en")
    assert window.action_bar.button("add_files").text() == "Add files…"
    assert "report on 令和5年度 (2023)" in window.windowTitle()
    assert window.settings.lang == "en"
    window.set_language("ja")
    assert window.action_bar.button("add_files").text() == "ファイルを追加…"
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "about",
                        staticmethod(lambda parent, title, text: shown.append(text)))
    window.action_bar.action("about").trigger()
    assert kpi_workbook.__version__ in shown[0]
    assert window.action_bar.action("add_files").shortcut().toString() == "Ctrl+O"
    assert window.action_bar.action("recheck").shortcut().toString() == "F5"


def test_settings_dialog_saves_year_strict_bands_and_rechecks(
        qtbot: Any, window: MainWindow, tmp_path: Path, older_workbook: Any,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A new report year re-reads every file; the title shows it; settings persist."""
    _load(qtbot, window, older_workbook(tmp_path / "a.xlsx"))

    def accept(dialog: SettingsDialog) -> int:
        dialog.year.setCurrentText("R3")  # typed in 和暦
        dialog.strict.setChecked(True)
        dialog.good.setValue(90)
        dialog.fair.setValue(70)
        return SettingsDialog.DialogCode.Accepted

    monkeypatch.setattr(SettingsDialog, "exec", accept)
    with qtbot.waitSignal(window.task_finished, timeout=TIMEOUT):
        window.action_bar.action("settings").trigger()
    assert window.settings.report_year == 2021
    assert window.settings.strict
    assert window.settings.bands == (0.9, 0.7)
    assert "令和3年度 (2021)" in window.windowTitle()
    assert window.session.counts()["files"] == 1


def test_streamed_refreshes_keep_column_widths(qtbot: Any, window: MainWindow,
                                               examples: Path, monkeypatch: Any) -> None:
    """Refreshes while results stream in do not refit the columns (fitting thousands of
    rows each time froze the window); the final refresh does."""
    _load(qtbot, window, examples)
    fitted: list[int] = []
    monkeypatch.setattr(window.issues.view, "resizeColumnToContents", fitted.append)
    window._refresh_streaming()
    assert fitted == []
    window.refresh()
    assert fitted == [0, 1, 2, 3]


def test_session_resolves_each_file_once(examples: Path, monkeypatch: Any) -> None:
    from gui.session import Session
    from kpi_workbook.usecases import stream_check

    session = Session()
    for item in stream_check([examples]):
        session.add(item)
    resolved: list[Path] = []
    real = Path.resolve
    monkeypatch.setattr(Path, "resolve", lambda self, *a: resolved.append(self) or real(self))
    by_file = session.issues_by_file()
    assert sum(map(len, by_file.values())) == len(session.issues())
    assert len(resolved) == len(set(resolved)) <= len(session.submissions) + 1
