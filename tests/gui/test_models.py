"""The Qt adapters: model-tester clean, filters by severity and file, sorting by position."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from gui.qt_issue_model import IssueFilterProxy, IssueTableModel
from gui.qt_submission_model import SubmissionTableModel
from gui.strings import keys, set_lang, tr
from kpi_workbook.domain.issues import Issue, Location, Severity

A, B = Path("/x/a.xlsx"), Path("/x/b.xlsx")
ISSUES = [
    Issue("value-not-number", Location(A, "s", "D24"), {"raw": "集計中"}),
    Issue("actual-missing", Location(A, "s", "D9"), {"year": "令和3年度", "kpi": "k"}),
    Issue("layout-older", Location(B, "t", "A8")),
    Issue("file-not-found", Location(B)),
]


def test_issue_model_passes_qtmodeltester(qapp: object, qtmodeltester: object) -> None:
    model = IssueTableModel(ISSUES)
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    proxy = IssueFilterProxy()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)  # type: ignore[attr-defined]


def test_submission_model_passes_qtmodeltester(qapp: object, qtmodeltester: object,
                                               examples: Path) -> None:
    from kpi_workbook import usecases as api

    model = SubmissionTableModel(api.check([examples]).submissions)
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    assert model.rowCount() == 5


def test_a_file_that_gave_no_project_says_why_in_its_status(qapp: object) -> None:
    """Not 問題なし: a blank template is 未記入, a consolidated workbook or an unchanged
    return copy is 対象外, a file without a project sheet is an error."""
    from kpi_workbook.domain.model import Submission

    def sub(name: str, code: str) -> Submission:
        return Submission(Path(name), issues=[Issue(code, Location(Path(name)))])

    model = SubmissionTableModel([sub("様式.xlsx", "template-blank"),
                                  sub("集計ブック.xlsx", "consolidated-skipped"),
                                  sub("差し戻し.xlsx", "return-copy-skipped"),
                                  sub("メモ.xlsx", "no-project-sheet")])
    assert [model.index(r, 0).data() for r in range(4)] == [
        "未記入", "対象外", "対象外", "エラーあり"]


def _rows(proxy: IssueFilterProxy) -> list[tuple[str, str | None]]:
    return [(proxy.issue(proxy.index(r, 0)).code, proxy.issue(proxy.index(r, 0)).where.cell)
            for r in range(proxy.rowCount())]


def test_issue_proxy_filters_by_severity_and_file() -> None:
    proxy = IssueFilterProxy()
    proxy.setSourceModel(IssueTableModel(ISSUES))
    assert proxy.rowCount() == 4
    proxy.set_severities(frozenset({Severity.ERROR}))
    assert _rows(proxy) == [("value-not-number", "D24"), ("file-not-found", None)]
    proxy.set_file(A)
    assert _rows(proxy) == [("value-not-number", "D24")]
    proxy.set_severities(frozenset(Severity))
    proxy.set_file(B)
    assert [code for code, _cell in _rows(proxy)] == ["layout-older", "file-not-found"]


def test_issue_proxy_sorts_cells_by_row_not_text() -> None:
    """D9 comes before D24 (as text, "D24" < "D9")."""
    proxy = IssueFilterProxy()
    proxy.setSourceModel(IssueTableModel(ISSUES))
    proxy.set_file(A)
    proxy.sort(3, Qt.SortOrder.AscendingOrder)
    assert [cell for _code, cell in _rows(proxy)] == ["D9", "D24"]
    proxy.sort(0, Qt.SortOrder.AscendingOrder)  # severity: errors first
    assert [code for code, _cell in _rows(proxy)] == ["value-not-number", "actual-missing"]


def test_issue_model_shows_library_message_in_ui_language() -> None:
    model = IssueTableModel(ISSUES[:1])
    index = model.index(0, 4)
    assert model.data(index) == ISSUES[0].message("ja")
    model.set_lang("en")
    assert model.data(index) == ISSUES[0].message("en")


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_every_ui_label_renders(lang: str) -> None:
    """Every label renders, and none names a command-line option or command: the window's
    user has buttons and settings (issue 24, point 4)."""
    set_lang(lang)  # type: ignore[arg-type]
    try:
        for key in keys():
            text = tr(key, app="A", year=2023, version="1", done=1, total=2, name="n",
                      path="p", errors=1, file="f", sheet="s", cell="C1", detail="d",
                      files=1, projects=1, warnings=1, infos=1, count=1, reason="r",
                      shown=1, severity="s", grade="g", text="t", log="l",
                      cells=1, items="i", title="t", report="r", reporter="r")
            assert text
            assert not re.search(r"(?<![\w-])--[a-z]|kpi-workbook", text), (key, text)
    finally:
        set_lang("ja")


def test_issue_model_words_messages_for_the_window() -> None:
    """The table shows the window's rendering: a setting, not ``--previous``."""
    issue = Issue("output-is-previous", Location(Path("R4.xlsx")),
                  {"suggested": "集計ブック_令和5年度.xlsx"})
    model = IssueTableModel([issue])
    shown = model.data(model.index(0, 4))
    assert shown == issue.message("ja", front="window")
    assert "設定の「前回の集計ブック」" in shown
    assert "--previous" not in shown
    assert "--previous" in issue.message("ja")  # the command line's own wording
