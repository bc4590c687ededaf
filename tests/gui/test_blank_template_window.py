"""A blank template and a duplicate submission as the window shows them (issue 24, point 5).

The folder the clerk drops holds the departments' workbooks, the blank template one of
them sent back unfilled, and a second copy of one submission; the roster names every
department. The window says 未記入 for the blank file (one info, no errors, no 名簿にない
warning) and project-duplicate for the copy, nothing about the roster.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from gui.main_window import MainWindow
from kpi_workbook import usecases as api
from kpi_workbook.domain.issues import Severity

TIMEOUT = 60000
PPP = "PPPを活用した交流・にぎわい創出事業"


def _load(qtbot: Any, window: MainWindow, *paths: Path) -> None:
    with qtbot.waitSignal(window.task_finished, timeout=TIMEOUT):
        window.add_paths(list(paths))


def _row(window: MainWindow, name: str) -> dict[str, object]:
    model = window.files.model
    for r in range(model.rowCount()):
        if model.index(r, 1).data() == name:
            return {column: model.index(r, c).data() for c, column in enumerate(model.COLUMNS)}
    raise AssertionError(f"{name} not listed")


def _roster(path: Path, rows: list[tuple[str, str, str]]) -> Path:
    lines = ["担当課,事業番号,事業名", *(",".join(r) for r in rows)]
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8-sig")
    return path


def test_blank_template_and_a_copy_in_the_folder(qtbot: Any, window: MainWindow,
                                                 examples: Path, tmp_path: Path) -> None:
    folder = examples / "submissions"
    api.write_template(api.TemplateOptions(folder / "様式.xlsx"))
    shutil.copy(folder / "企画課.xlsx", folder / "企画課 - コピー.xlsx")
    window.settings.report_year = 2022
    window.settings.roster = _roster(tmp_path / "名簿.csv", [
        ("企画課", "2", PPP), ("商工労働課", "", ""), ("市民活動推進課", "", ""),
        ("観光振興課", "", "")])
    _load(qtbot, window, folder)
    window.issues.set_severity_filter(frozenset(Severity))

    blank = _row(window, "様式.xlsx")
    assert (blank["status"], blank["department"], blank["projects"], blank["errors"],
            blank["warnings"]) == ("未記入", "", 0, 0, 0)
    shown = window.issues.proxy
    at_blank = [shown.issue(shown.index(r, 0)) for r in range(shown.rowCount())
                if shown.issue(shown.index(r, 0)).where.file.name == "様式.xlsx"]
    assert [(i.code, i.where.sheet) for i in at_blank] == [("template-blank", "事業シート")]
    message = shown.index(
        next(r for r in range(shown.rowCount())
             if shown.issue(shown.index(r, 0)).code == "template-blank"), 4).data()
    assert message.startswith("未記入の様式です")

    codes = [i.code for i in window.session.issues()]
    assert "project-duplicate" in codes  # the copy: the department's to sort out
    assert not [c for c in codes if c.startswith("roster-")]
    assert window.session.counts()["errors"] == codes.count("project-duplicate")
