"""集計ブックを作成 again onto the same file, through the real window (issue 24).

The clerk's year: merge, type the verdicts into 外部評価 after the council, a correction
arrives, 集計ブックを作成 again with the proposed name. What was typed is in the new
workbook and the outcome line says so; when it cannot be read the window explains what
discarding would lose, with 「いいえ」 as the default, and only 「はい」 replaces the file.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from gui.main_window import MainWindow
from kpi_workbook.consolidated.columns import evaluation as EC
from tests.test_remerge import TYPED, _columns, _expected, record, type_with_openpyxl

TIMEOUT = 60000


def _merge(qtbot: Any, window: MainWindow, out: Path) -> None:
    with qtbot.waitSignal(window.task_finished, timeout=TIMEOUT):
        window.start_merge(out)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def loaded(qtbot: Any, window: MainWindow, examples: Path) -> MainWindow:
    with qtbot.waitSignal(window.task_finished, timeout=TIMEOUT):
        window.add_paths([examples / "submissions"])
    return window


def test_merging_again_from_the_window_keeps_what_was_typed(
        qtbot: Any, loaded: MainWindow, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "出力" / "集計ブック_令和4年度.xlsx"
    out.parent.mkdir()
    # the clerk presses 集計ブックを作成 and takes the proposed name, both times
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(out), "")))
    with qtbot.waitSignal(loaded.task_finished, timeout=TIMEOUT):
        loaded.action_bar.action("merge").trigger()
    assert "引き継" not in loaded.outcome_label.text()
    type_with_openpyxl(out, TYPED)
    expected = _expected(out, TYPED)
    for _ in range(2):  # two corrections in a row
        with qtbot.waitSignal(loaded.task_finished, timeout=TIMEOUT):
            loaded.action_bar.action("merge").trigger()
        assert record(out) == expected
        assert "評価・意見（5 件）は、新しい集計ブックに引き継ぎました" in \
            loaded.outcome_label.text()


def test_an_unreadable_record_is_discarded_only_on_yes(
        qtbot: Any, loaded: MainWindow, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "集計.xlsx"
    _merge(qtbot, loaded, out)
    type_with_openpyxl(out, {(3, EC.H_COUNCIL): "議会の意見"})
    wb = openpyxl.load_workbook(out)
    ws = wb[EC.SHEET_NAME]
    ws.cell(2, _columns(ws)[EC.H_EXPERTS]).value = "=特になし"  # a formula, no result
    wb.save(out)
    before = _digest(out)
    asked: list[tuple[str, object]] = []
    answer = QMessageBox.StandardButton.No

    def question(parent: object, title: str, text: str, buttons: object,
                 default: object) -> object:
        asked.append((text, default))
        return answer

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    _merge(qtbot, loaded, out)
    assert len(asked) == 1
    text, default = asked[0]
    assert default == QMessageBox.StandardButton.No  # Enter does not destroy the record
    assert "外部評価" in text
    assert "G2" in text
    assert "元に戻せません" in text
    assert "--" not in text
    assert "kpi-workbook" not in text
    assert _digest(out) == before
    assert "読めません" in loaded.outcome_label.text()

    answer = QMessageBox.StandardButton.Yes
    with qtbot.waitSignal(loaded.task_finished, timeout=TIMEOUT):  # the question's task
        loaded.start_merge(out)
    qtbot.waitUntil(lambda: str(out) in loaded.outcome_label.text(), timeout=TIMEOUT)
    qtbot.waitUntil(lambda: not loaded.runner.busy, timeout=TIMEOUT)
    assert len(asked) == 2
    assert record(out) == {}


def test_the_preview_shows_the_record_of_the_chosen_project(
        qtbot: Any, window: MainWindow, tmp_path: Path) -> None:
    """The department's stage as submitted under the KPI table, and last year's record of
    the same project once 設定 names the previous consolidated workbook (issue 20.4)."""
    from tests.test_record_roundtrip import STAGES, SUBMITTED, _submissions, _type_stages

    folder = _submissions(tmp_path)
    last = tmp_path / "前回.xlsx"
    from kpi_workbook.usecases.merge import MergeOptions, merge

    merge([folder], last, options=MergeOptions(report_year=2022))
    _type_stages(last)
    window.settings.previous = last
    with qtbot.waitSignal(window.task_finished, timeout=TIMEOUT):
        window.add_paths([folder / "商工労働課.xlsx"])
    row = next(r for r in range(window.files.model.rowCount())
               if window.files.model.index(r, 1).data() == "商工労働課.xlsx")
    window.files.view.selectRow(row)
    panel = window.preview_panel
    qtbot.waitUntil(lambda: panel.record_button.isEnabled(), timeout=TIMEOUT)
    assert panel.record_button.text() == "検証の記録"
    assert not panel.record.isVisible()  # the KPI table first
    panel.record_button.click()
    assert panel.record.isVisible()
    assert not panel.table.isVisible()
    text = panel.record.toPlainText()
    assert panel.record.isReadOnly()
    lines = text.splitlines()
    assert lines[:3] == ["要因分析: 展示会への出展で販路が広がった。 一方で単価は伸びなかった。",
                         f"改善方策: {SUBMITTED['改善方策']}",
                         f"今後の方針の理由: {SUBMITTED['今後の方針の理由']}"]
    assert lines[3:] == [  # last year's stages, in the order they happen
        f"前回の企画課: 一次評価「{STAGES['企画課の一次評価']}」（2023/05/10 企画課 山田）",
        f"前回の外部有識者: 評価「{STAGES['外部有識者の評価']}」"
        f" 賛否「{STAGES['外部有識者の賛否']}」"
        f" 意見「{STAGES['外部有識者の意見']}」（2023/06/02 外部有識者会議）",
        f"前回の議会: 意見「{STAGES['議会の意見']}」（2023/06/20 総務委員会）",
        "前回の最終: 今後の方針「事業の継続」"
        f" 今後の方針の理由「{STAGES['最終の今後の方針の理由']}」（2023/07/01 市長）"]
    # a project with nothing recorded shows no record line at all
    panel.project_combo.setCurrentIndex(1)
    assert not panel.record_button.isEnabled()
    assert panel.table.isVisible()  # back on the KPI table


def test_a_message_that_looks_like_markup_is_shown_as_text() -> None:
    from gui.dialogs import as_shown

    assert as_shown("「外部評価」G2 を確認") == "「外部評価」G2 を確認"  # plain: as it is
    shown = as_shown('<b>強調</b> の意見 & "引用"\n2 行目')
    assert shown == "<p>&lt;b&gt;強調&lt;/b&gt; の意見 &amp; &quot;引用&quot;<br>2 行目</p>"
