"""The window shows the current state (issue 24, point 3), through the real window.

After 再チェック the preview shows the values as read again (a fixed 「約48」 stayed marked);
after 一覧をクリア it is empty; the first save dialog of 集計ブックを作成 never proposes a
folder being read; the outcome line keeps a long path readable and offers フォルダを開く;
the divider between the tables stays where the clerk put it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox

from gui.main_window import MainWindow
from kpi_workbook import usecases as api
from kpi_workbook.domain.issues import Severity

TIMEOUT = 60000


def _load(qtbot: Any, window: MainWindow, *paths: Path) -> None:
    with qtbot.waitSignal(window.task_finished, timeout=TIMEOUT):
        window.add_paths(list(paths))


def _recheck(qtbot: Any, window: MainWindow) -> None:
    with qtbot.waitSignal(window.task_finished, timeout=TIMEOUT):
        window.action_bar.action("recheck").trigger()


def _select(window: MainWindow, code: str, cell: str | None = None) -> None:
    proxy = window.issues.proxy
    for row in range(proxy.rowCount()):
        issue = proxy.issue(proxy.index(row, 0))
        if issue.code == code and cell in (None, issue.where.cell):
            window.issues.view.setCurrentIndex(proxy.index(row, 0))
            return
    raise AssertionError(f"{code} {cell} not shown")


def _saved_again(older_workbook: Any, path: Path, actual: str, stamp: int) -> None:
    older_workbook(path, actual=actual)
    os.utime(path, (stamp, stamp))  # a different mtime even on a coarse clock


def _cell_text(window: MainWindow, source: str) -> str:
    """The preview's text of the value read from ``source`` (D11)."""
    preview = window.preview
    for r in range(preview.table.rowCount()):
        for c in range(preview.table.columnCount()):
            item = preview.table.item(r, c)
            if item is not None and item.toolTip() == source:
                return item.text()
    raise AssertionError(f"{source} not in the preview")


def test_recheck_shows_the_values_read_again(qtbot: Any, window: MainWindow,
                                            tmp_path: Path, older_workbook: Any) -> None:
    """「約48人」 is marked; the department saves 48人 and the clerk presses 再チェック: the
    preview shows 48, unmarked, without the clerk choosing the file again."""
    path = older_workbook(tmp_path / "協創.xlsx", actual="約48人")
    _load(qtbot, window, path)
    window.issues.set_severity_filter(frozenset(Severity))
    _select(window, "value-not-number", "D11")
    preview = window.preview
    assert preview.highlighted_source() == "D11"
    assert _cell_text(window, "D11") == "約48人"

    # another cell changed, D11 still wrong: the new values, D11 still marked
    older_workbook(path, actual="約48人", department="市民活動推進課 ")
    os.utime(path, (1, 1))
    _recheck(qtbot, window)
    assert preview.project() is window.session.submission_list()[0].projects[0]
    assert preview.highlighted_source() == "D11"

    _saved_again(older_workbook, path, "48人", 2)
    _recheck(qtbot, window)
    assert _cell_text(window, "D11") == "48"
    assert preview.highlighted_source() is None  # nothing points at D11 any more
    assert preview.highlighted_cell() is None
    assert preview.project() is window.session.submission_list()[0].projects[0]
    assert window.preview_panel.project_combo.count() == 1


def test_clear_empties_the_preview(qtbot: Any, window: MainWindow, examples: Path) -> None:
    _load(qtbot, window, examples)
    _select(window, "value-not-number")
    assert window.preview.project() is not None
    window.action_bar.action("clear").trigger()
    assert window.preview.project() is None
    assert window.preview.table.rowCount() == 0
    assert window.preview.info.text() == "（事業が選択されていません）"
    assert window.preview_panel.project_combo.count() == 0
    assert window.issues.model.rowCount() == 0


@pytest.fixture
def proposed(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """What the save dialog of 集計ブックを作成 proposes (it is then cancelled)."""
    seen: list[Path] = []

    def get_save_file_name(parent: Any, title: str, start: str, *args: Any) -> Any:
        seen.append(Path(start))
        return ("", "")

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(get_save_file_name))
    return seen


@pytest.mark.parametrize("given", ["folder", "files"])
def test_first_merge_dialog_proposes_the_folder_above_the_submissions(
        qtbot: Any, window: MainWindow, examples: Path, proposed: list[Path],
        given: str) -> None:
    """A folder of submissions added, or files from it: the dialog opens one level up,
    with the name of the year reported on, never among the departments' files."""
    folder = examples / "submissions"
    inputs = [folder] if given == "folder" else sorted(folder.glob("*.xlsx"))[:2]
    _load(qtbot, window, *inputs)
    assert window.settings.output_dir is None  # the first merge of this clerk
    window.action_bar.action("merge").trigger()
    (start,) = proposed
    assert start.parent == examples.resolve()
    assert start.name == api.default_output_name(window.settings.report_year)
    assert not list(examples.glob("*.xlsx"))  # cancelled: nothing written


def test_merge_dialog_leaves_a_remembered_folder_of_submissions_too(
        qtbot: Any, window: MainWindow, examples: Path, tmp_path: Path,
        proposed: list[Path]) -> None:
    """Last time's folder is proposed again, unless it is (or is inside) a folder being
    read now."""
    _load(qtbot, window, examples)
    window.settings.output_dir = examples / "submissions"
    window.action_bar.action("merge").trigger()
    window.settings.output_dir = tmp_path / "議会資料"
    window.action_bar.action("merge").trigger()
    assert [p.parent for p in proposed] == [tmp_path.resolve(), tmp_path / "議会資料"]


def test_outcome_keeps_a_long_path_readable(qtbot: Any, window: MainWindow, examples: Path,
                                           tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """On a 1024-pixel window a share's deep path is shortened in its middle (the start
    of the message and the file name stay), the tooltip has all of it, and フォルダを開く
    opens where it went."""
    window.resize(1024, 560)
    _load(qtbot, window, examples / "submissions")
    out = tmp_path.joinpath(*["令和6年度_議会報告資料_企画課共有フォルダ"] * 4,
                            "集計ブック_令和4年度.xlsx")
    out.parent.mkdir(parents=True)
    with qtbot.waitSignal(window.task_finished, timeout=TIMEOUT):
        window.start_merge(out)
    line = window.outcome_label
    full, shown = line.text(), line.shown_text()
    assert full.startswith("集計ブックを作成しました")
    assert str(out) in full
    assert shown != full
    assert "…" in shown
    assert shown.startswith("集計ブックを作成しました")
    assert shown.endswith("集計ブック_令和4年度.xlsx")
    assert line.label.fontMetrics().horizontalAdvance(shown) <= line.label.width()
    assert line.label.toolTip() == full
    assert line.open_button.isVisible()
    assert line.open_button.text() == "フォルダを開く"
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl",
                        staticmethod(lambda url: opened.append(url.toLocalFile()) or True))
    line.open_button.click()
    assert opened == [str(out.parent)]

    window.resize(1366, 560)  # a wider window shows more of the path
    qtbot.waitUntil(lambda: len(line.shown_text()) > len(shown))
    assert line.shown_text().endswith("集計ブック_令和4年度.xlsx")

    monkeypatch.setattr(QMessageBox, "question",
                        staticmethod(lambda *a: QMessageBox.StandardButton.No))
    window.action_bar.action("clear").trigger()
    assert line.text() == "一覧をクリアしました（ファイルそのものは変更していません）。"
    assert not line.open_button.isVisible()  # nothing was written


def test_divider_between_the_tables_is_remembered(qtbot: Any, settings: Any) -> None:
    """The clerk drags the divider; the next start puts it back there."""
    first = MainWindow(settings)
    qtbot.addWidget(first)
    first.show()
    total = sum(first.main_splitter.sizes())
    first.main_splitter.setSizes([total - 150, 150])
    moved = first.main_splitter.sizes()
    first.close()

    again = MainWindow(settings)
    qtbot.addWidget(again)
    again.show()
    assert again.main_splitter.sizes() == moved
    again.close()
