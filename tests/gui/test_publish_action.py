"""公表用ページを作成… (issue 15 point 3): beside 集計ブックを作成…, from the workbook just
written, into a folder that is opened when done; what the CLI's publish writes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox

from gui.main_window import MainWindow

TIMEOUT = 60000


def _patch(monkeypatch: pytest.MonkeyPatch, source: Path, outdir: Path) -> dict[str, list[str]]:
    seen: dict[str, list[str]] = {"start": [], "opened": [], "errors": []}

    def open_file(parent: Any, title: str, start: str, *args: Any) -> tuple[str, str]:
        seen["start"].append(start)
        return str(source), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(open_file))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory",
                        staticmethod(lambda *a, **k: str(outdir)))
    monkeypatch.setattr(QDesktopServices, "openUrl",
                        staticmethod(lambda url: seen["opened"].append(url.toLocalFile())
                                     or True))
    monkeypatch.setattr(QMessageBox, "critical",
                        staticmethod(lambda p, t, text, *a: seen["errors"].append(text)))
    return seen


def test_publish_next_to_merge_writes_the_page_and_opens_its_folder(
        qtbot: Any, window: MainWindow, examples: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    actions = window.action_bar
    merge, publish = actions.button("merge"), actions.button("publish")
    assert publish.text() == "公表用ページを作成…"
    # right after 集計ブックを作成… in the same row
    assert publish.y() == merge.y()
    assert 0 <= publish.x() - merge.geometry().right() <= 20
    assert actions.action("publish") in actions.file_menu.actions()
    with qtbot.waitSignal(window.task_finished, timeout=TIMEOUT):
        window.add_paths([examples / "submissions"])
    out = tmp_path / "集計" / "集計ブック.xlsx"
    with qtbot.waitSignal(window.task_finished, timeout=TIMEOUT):
        window.start_merge(out)
    page_dir = tmp_path / "公表"
    seen = _patch(monkeypatch, out, page_dir)
    with qtbot.waitSignal(window.task_finished, timeout=TIMEOUT):
        actions.action("publish").trigger()
    assert seen["start"] == [str(out)]  # starts at the workbook just written
    assert not seen["errors"]
    page, csv = page_dir / "index.html", page_dir / "kpi.csv"
    assert page.is_file()
    assert csv.is_file()
    assert seen["opened"] == [str(page_dir)]
    assert str(page) in window.outcome_label.text()
    assert window.settings.publish_dir == page_dir
    # the same bytes as the command line's publish of the same workbook
    cli_dir = tmp_path / "cli"
    proc = subprocess.run([sys.executable, "-m", "kpi_workbook", "publish", str(out), "-o",
                           str(cli_dir)], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert (cli_dir / "index.html").read_bytes() == page.read_bytes()
    assert (cli_dir / "kpi.csv").read_bytes() == csv.read_bytes()


def test_publishing_a_submission_says_why_and_writes_nothing(
        qtbot: Any, window: MainWindow, examples: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    not_ours = examples / "submissions" / "企画課.xlsx"
    page_dir = tmp_path / "公表"
    seen = _patch(monkeypatch, not_ours, page_dir)
    with qtbot.waitSignal(window.task_finished, timeout=TIMEOUT):
        window.action_bar.action("publish").trigger()
    assert len(seen["errors"]) == 1
    assert "企画課.xlsx" in seen["errors"][0]
    assert "Traceback" not in seen["errors"][0]
    assert not (page_dir / "index.html").exists()
    assert seen["opened"] == []


def test_publish_says_what_the_page_will_show_and_asks_first(
        qtbot: Any, window: MainWindow, examples: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A workbook with errors, 「集計中」, 「12人」 in a 円 KPI and a project without a
    readable 実施区分 (the faulty examples): the window lists them and asks; いいえ writes
    nothing, はい writes the page."""
    with qtbot.waitSignal(window.task_finished, timeout=TIMEOUT):
        window.add_paths([examples])  # submissions and faulty
    out = tmp_path / "集計ブック.xlsx"
    with qtbot.waitSignal(window.task_finished, timeout=TIMEOUT):
        window.start_merge(out)
    page_dir = tmp_path / "公表"
    seen = _patch(monkeypatch, out, page_dir)
    asked: list[str] = []
    answer = QMessageBox.StandardButton.No

    def question(parent: Any, title: str, text: str, *args: Any) -> Any:
        asked.append(text)
        return answer

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    with qtbot.waitSignal(window.task_finished, timeout=TIMEOUT):
        window.action_bar.action("publish").trigger()
    assert len(asked) == 1
    text = asked[0]
    assert "エラーが" in text
    assert "「集計中」" in text
    assert "「12人」" in text
    assert "実施区分が読めない" in text
    assert "--" not in text
    assert not page_dir.exists()  # nothing written before the answer
    assert window.outcome_label.text() == "公表用ページは作成しませんでした。"

    answer = QMessageBox.StandardButton.Yes
    with qtbot.waitSignal(window.task_finished, timeout=TIMEOUT):
        window.action_bar.action("publish").trigger()
    qtbot.waitUntil(lambda: (page_dir / "index.html").is_file() and not window.runner.busy,
                    timeout=TIMEOUT)
    assert len(asked) == 2
    assert seen["opened"] == [str(page_dir)]
    assert not seen["errors"]
