"""Closing the loop with departments in the window (issue 5): return copies, the roster,
last year's workbook, next year's workbooks and the roster template."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox

from gui.main_window import MainWindow
from gui.settings_dialog import SettingsDialog
from kpi_workbook.departments.roster import read_roster
from kpi_workbook.domain.issues import Severity
from kpi_workbook.usecases import NextYearOptions, write_next_year
from kpi_workbook.usecases.merge import MergeOptions, merge

TIMEOUT = 60000


def _load(qtbot: Any, window: MainWindow, *paths: Path) -> None:
    with qtbot.waitSignal(window.task_finished, timeout=TIMEOUT):
        window.add_paths(list(paths))


def _shown_codes(window: MainWindow) -> list[str]:
    model = window.issues.model
    return [model.issue(r).code for r in range(model.rowCount())]


class _Answers:
    """QMessageBox.question/information/critical stand-ins that record what was asked."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, *, yes: bool = False) -> None:
        self.questions: list[str] = []
        self.infos: list[str] = []
        self.errors: list[str] = []
        self.opened: list[str] = []
        self._yes = yes
        monkeypatch.setattr(QMessageBox, "question", self.question)
        monkeypatch.setattr(QMessageBox, "information", self.information)
        monkeypatch.setattr(QMessageBox, "critical", self.critical)
        monkeypatch.setattr(QDesktopServices, "openUrl", self.open_url)

    def question(self, parent: Any, title: str, text: str, *args: Any) -> Any:
        self.questions.append(text)
        Button = QMessageBox.StandardButton
        return Button.Yes if self._yes else Button.No

    def information(self, parent: Any, title: str, text: str, *args: Any) -> Any:
        self.infos.append(text)
        return QMessageBox.StandardButton.Ok

    def critical(self, parent: Any, title: str, text: str, *args: Any) -> Any:
        self.errors.append(text)
        return QMessageBox.StandardButton.Ok

    def open_url(self, url: Any) -> bool:
        self.opened.append(url.toLocalFile())
        return True


def _patch_dialogs(monkeypatch: pytest.MonkeyPatch, *, folder: Path | None = None,
                   open_file: Path | None = None, save: tuple[Path, str] | None = None) -> None:
    if folder is not None:
        monkeypatch.setattr(QFileDialog, "getExistingDirectory",
                            staticmethod(lambda *a, **k: str(folder)))
    if open_file is not None:
        monkeypatch.setattr(QFileDialog, "getOpenFileName",
                            staticmethod(lambda *a, **k: (str(open_file), "")))
    if save is not None:
        monkeypatch.setattr(QFileDialog, "getSaveFileName",
                            staticmethod(lambda *a, **k: (str(save[0]), save[1])))


@pytest.fixture
def consolidated(examples: Path, tmp_path: Path) -> Path:
    """Last year's 集計ブック (FY2021 report): the four correct examples merged by the library."""
    out = tmp_path / "前回" / "集計ブック.xlsx"
    out.parent.mkdir()
    result = merge([examples / "submissions"], out, options=MergeOptions(report_year=2021))
    assert result.written
    return out


# --- 差し戻しファイルを作成 -------------------------------------------------------------------


def test_return_copies_for_faulty_example(qtbot: Any, window: MainWindow, examples: Path,
                                          tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    _load(qtbot, window, examples)
    outdir = tmp_path / "差し戻し"
    outdir.mkdir()
    _patch_dialogs(monkeypatch, folder=outdir)
    answers = _Answers(monkeypatch, yes=True)
    expected = {s.path.stem for s in window.session.returnable()}
    assert "不備あり_建設課" in expected
    with qtbot.waitSignal(window.task_finished, timeout=TIMEOUT):
        window.action_bar.action("return_copies").trigger()
    written = sorted(outdir.glob("*.xlsx"))
    assert {p.stem for p in written} == {f"{stem}_差し戻し" for stem in expected}
    for path in written:
        wb = openpyxl.load_workbook(path)
        assert wb.sheetnames[0] == "指摘事項"
    faulty = openpyxl.load_workbook(outdir / "不備あり_建設課_差し戻し.xlsx")
    review = "\n".join(str(c.value) for row in faulty["指摘事項"].iter_rows() for c in row
                       if c.value is not None)
    assert "D27" in review  # the 集計中 cell the issues view shows
    # the count is reported and the folder offered, then opened on yes
    assert len(answers.questions) == 1
    assert f"{len(written)} 件" in answers.questions[0]
    assert answers.opened == [str(outdir)]
    assert window.settings.return_dir == outdir
    assert not answers.errors


def test_return_copies_refused_inside_an_input_folder(qtbot: Any, window: MainWindow,
                                                      examples: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Copies in a checked folder would be read back as submissions at 再チェック."""
    _load(qtbot, window, examples)
    answers = _Answers(monkeypatch)
    inside = examples / "差し戻し"
    inside.mkdir()
    window.start_return_copies(inside)
    assert window.task is None
    assert len(answers.infos) == 1
    assert "別のフォルダ" in answers.infos[0]
    assert not list(inside.iterdir())


def test_return_copies_nothing_to_return(qtbot: Any, window: MainWindow, tmp_path: Path,
                                         older_workbook: Any,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    _load(qtbot, window, older_workbook(tmp_path / "a.xlsx"))
    answers = _Answers(monkeypatch)
    window.action_bar.action("return_copies").trigger()
    assert window.task is None
    assert answers.infos == ["エラー・警告のあるファイルはありません。差し戻しファイルは不要です。"]


def test_return_copy_write_failure_is_a_dialog(qtbot: Any, window: MainWindow,
                                               examples: Path, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    _load(qtbot, window, examples / "faulty")
    answers = _Answers(monkeypatch)
    with qtbot.waitSignal(window.task_finished, timeout=TIMEOUT):
        blocker = tmp_path / "ない"  # a file where the folder would be: it cannot be made
        blocker.write_text("")
        window.start_return_copies(blocker / "フォルダ")
    assert len(answers.errors) == 1
    assert window.task is None
    assert window.action_bar.button("return_copies").isEnabled()


# --- per-file counts include cross-file issues ---------------------------------------------


def test_duplicate_project_counts_in_its_files_row(qtbot: Any, window: MainWindow,
                                                   examples: Path, tmp_path: Path) -> None:
    copy = tmp_path / "再提出" / "企画課_再提出.xlsx"
    copy.parent.mkdir()
    shutil.copy(examples / "submissions" / "企画課.xlsx", copy)
    _load(qtbot, window, examples / "submissions", copy.parent)
    duplicates = [i for i in window.session.issues() if i.code == "project-duplicate"]
    assert duplicates
    model = window.files.model
    for row in range(model.rowCount()):
        sub = model.submission(row)
        at_file = [i for i in window.session.issues()
                   if i.where.file.resolve() == sub.path.resolve()]
        errors = sum(1 for i in at_file if i.severity is Severity.ERROR)
        assert model.index(row, 4).data() == errors
    row = next(r for r in range(model.rowCount()) if model.index(r, 1).data() == copy.name)
    assert model.index(row, 4).data() >= 1
    assert model.index(row, 0).data() == "エラーあり"


# --- the roster ----------------------------------------------------------------------------


def _roster(path: Path, *departments: str) -> Path:
    path.write_text("担当課,事業番号,事業名\r\n" + "".join(f"{d},,\r\n" for d in departments),
                    encoding="utf-8-sig")
    return path


def test_roster_missing_department_shown_after_loading(qtbot: Any, window: MainWindow,
                                                       examples: Path,
                                                       tmp_path: Path) -> None:
    window.settings.roster = _roster(tmp_path / "名簿.csv", "企画課", "商工労働課",
                                     "市民活動推進課", "観光振興課", "環境保全課")
    _load(qtbot, window, examples / "submissions")
    missing = [i for i in window.session.issues() if i.code == "roster-department-missing"]
    assert [i.params["department"] for i in missing] == ["環境保全課"]
    assert "roster-department-missing" in _shown_codes(window)
    row = _shown_codes(window).index("roster-department-missing")
    assert "環境保全課" in window.issues.model.index(row, 4).data()
    assert window.session.counts()["errors"] == 1
    # a roster file can be filtered like any other file
    assert window.issues.file_combo.findData(str(tmp_path / "名簿.csv")) > 0


def test_roster_chosen_in_settings_applies_and_clears(qtbot: Any, window: MainWindow,
                                                      examples: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    _load(qtbot, window, examples / "submissions")
    roster = _roster(tmp_path / "名簿.csv", "企画課", "環境保全課")
    _patch_dialogs(monkeypatch, open_file=roster)

    def choose(dialog: SettingsDialog) -> int:
        dialog.roster.browse_button.click()
        return SettingsDialog.DialogCode.Accepted

    monkeypatch.setattr(SettingsDialog, "exec", choose)
    with qtbot.waitSignal(window.task_finished, timeout=TIMEOUT):
        window.action_bar.action("settings").trigger()
    assert window.settings.roster == roster
    assert "roster-department-missing" in _shown_codes(window)

    def clear(dialog: SettingsDialog) -> int:
        assert dialog.roster.path() == roster
        dialog.roster.clear_button.click()
        return SettingsDialog.DialogCode.Accepted

    monkeypatch.setattr(SettingsDialog, "exec", clear)
    window.action_bar.action("settings").trigger()
    assert window.settings.roster is None
    assert not any(c.startswith("roster-") for c in _shown_codes(window))


def test_unreadable_roster_is_an_issue_and_merge_error_a_dialog(
        qtbot: Any, window: MainWindow, examples: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    window.settings.roster = tmp_path / "ない名簿.xlsx"
    _load(qtbot, window, examples / "submissions")
    assert "roster-unreadable" in _shown_codes(window)
    answers = _Answers(monkeypatch)
    with qtbot.waitSignal(window.task_finished, timeout=TIMEOUT):
        window.start_merge(tmp_path / "集計.xlsx")
    assert len(answers.errors) == 1
    assert "ない名簿.xlsx" in answers.errors[0]
    assert not (tmp_path / "集計.xlsx").exists()


# --- the previous consolidated workbook ----------------------------------------------------


def test_previous_workbook_differences_shown_at_check_and_merged(
        qtbot: Any, window: MainWindow, examples: Path, consolidated: Path,
        tmp_path: Path) -> None:
    """Last year had 観光振興課's projects; this year it is not loaded: they disappeared.
    The window compares as ``check --previous`` does, as files come in, and the merge
    writes the same comparison into 前回との差異."""
    window.settings.previous = consolidated
    files = [p for p in sorted((examples / "submissions").glob("*.xlsx"))
             if p.name != "観光振興課.xlsx"]
    _load(qtbot, window, *files)
    codes = _shown_codes(window)
    assert "previous-project-missing" in codes
    previous = [i for i in window.session.issues() if i.code.startswith("previous-")]
    assert all(i.where.file == consolidated for i in previous
               if i.code == "previous-project-missing")
    expected = api_check(files, consolidated)
    assert sorted(i.code for i in previous) == sorted(
        i.code for i in expected if i.code.startswith("previous-"))
    out = tmp_path / "今回" / "集計.xlsx"
    out.parent.mkdir()
    with qtbot.waitSignal(window.task_finished, timeout=TIMEOUT):
        window.start_merge(out)
    assert out.exists()
    assert "前回との差異" in openpyxl.load_workbook(out).sheetnames
    # the missing department comes in: nothing has disappeared any more
    _load(qtbot, window, examples / "submissions" / "観光振興課.xlsx")
    assert "previous-project-missing" not in _shown_codes(window)


def api_check(files: list[Path], previous: Path) -> list[Any]:
    from kpi_workbook import usecases

    return usecases.check(files, usecases.CheckOptions(previous=previous)).issues


def test_previous_workbook_chosen_in_settings(qtbot: Any, window: MainWindow,
                                              consolidated: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    _patch_dialogs(monkeypatch, open_file=consolidated)

    def choose(dialog: SettingsDialog) -> int:
        dialog.previous.browse_button.click()
        return SettingsDialog.DialogCode.Accepted

    monkeypatch.setattr(SettingsDialog, "exec", choose)
    window.action_bar.action("settings").trigger()
    assert window.settings.previous == consolidated


# --- 次年度様式を作成 and 名簿のひな形を保存 --------------------------------------------------


def test_next_year_workbooks_one_per_department(qtbot: Any, window: MainWindow,
                                                consolidated: Path, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    outdir = tmp_path / "次年度"
    outdir.mkdir()
    _patch_dialogs(monkeypatch, open_file=consolidated, folder=outdir)
    answers = _Answers(monkeypatch)
    with qtbot.waitSignal(window.task_finished, timeout=TIMEOUT):
        window.action_bar.action("next_year").trigger()
    written = sorted(p.name for p in outdir.glob("*.xlsx"))
    reference = tmp_path / "参照"
    reference.mkdir()
    expected = write_next_year(NextYearOptions(consolidated, reference)).paths
    assert written == sorted(p.name for p in expected)
    assert written  # e.g. 企画課.xlsx, one per department with something left to report
    assert len(set(written)) == len(written)
    assert len(answers.questions) == 1
    assert f"{len(written)} 件" in answers.questions[0]
    assert answers.opened == []  # the clerk said no
    assert window.settings.next_year_dir == outdir


def test_next_year_never_replaces_workbooks(qtbot: Any, window: MainWindow,
                                            consolidated: Path, examples: Path,
                                            tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """As ``template --from``: into the submissions' folder nothing is written (the
    departments' files have next year's names), and the dialog names them."""
    outdir = tmp_path / "今年度の提出"
    shutil.copytree(examples / "submissions", outdir)
    before = {p.name: p.read_bytes() for p in outdir.glob("*.xlsx")}
    answers = _Answers(monkeypatch, yes=True)
    with qtbot.waitSignal(window.task_finished, timeout=TIMEOUT):
        window.start_next_year(consolidated, outdir)
    assert {p.name: p.read_bytes() for p in outdir.glob("*.xlsx")} == before
    assert len(answers.errors) == 1
    assert "同じ名前のファイル" in answers.errors[0]
    assert "観光振興課.xlsx" in answers.errors[0]


def test_next_year_from_a_file_that_is_not_consolidated_is_a_dialog(
        qtbot: Any, window: MainWindow, examples: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    answers = _Answers(monkeypatch)
    with qtbot.waitSignal(window.task_finished, timeout=TIMEOUT):
        window.start_next_year(examples / "submissions" / "企画課.xlsx", tmp_path)
    assert len(answers.errors) == 1
    assert not list(tmp_path.glob("*.xlsx"))


@pytest.mark.parametrize(("name", "chosen", "saved"), [
    ("名簿", "Excel ブック (*.xlsx)", "名簿.xlsx"),
    ("名簿", "CSV (*.csv)", "名簿.csv"),
    ("roster.csv", "Excel ブック (*.xlsx)", "roster.csv"),
])
def test_roster_template_saved(qtbot: Any, window: MainWindow, tmp_path: Path,
                               monkeypatch: pytest.MonkeyPatch, name: str, chosen: str,
                               saved: str) -> None:
    _patch_dialogs(monkeypatch, save=(tmp_path / name, chosen))
    answers = _Answers(monkeypatch)
    with qtbot.waitSignal(window.task_finished, timeout=TIMEOUT):
        window.action_bar.action("roster_template").trigger()
    path = tmp_path / saved
    assert path.exists()
    assert read_roster(path).entries == []  # blank, and readable as a roster
    assert len(answers.questions) == 1  # says where, offers to open the folder
    assert str(path) in answers.questions[0]
    assert str(path) in window.outcome_label.text()


def test_new_actions_have_shortcuts_and_menus(window: MainWindow) -> None:
    assert window.action_bar.action("return_copies").shortcut().toString() == "Ctrl+Shift+R"
    assert window.action_bar.action("next_year").shortcut().toString() == "Ctrl+Shift+N"
    assert window.action_bar.action("roster_template").shortcut().toString() == "Ctrl+Shift+T"
    assert window.action_bar.action("return_copies") in window.action_bar.file_menu.actions()
    assert window.action_bar.action("next_year") in window.action_bar.file_menu.actions()
    assert window.action_bar.action("roster_template") in window.action_bar.file_menu.actions()
    assert window.action_bar.action("template") in window.action_bar.file_menu.actions()
    assert window.action_bar.button("return_copies").text() == "差し戻しファイルを作成…"
    assert not window.action_bar.button("return_copies").isEnabled()  # nothing loaded yet


def test_merge_into_the_roster_it_reads_is_refused(qtbot: Any, window: MainWindow,
                                                   examples: Path, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """As ``merge --roster R -o R``: the window names the roster and writes nothing."""
    from kpi_workbook.departments.roster import write_roster_template

    roster = tmp_path / "名簿.xlsx"
    write_roster_template(roster)
    before = roster.read_bytes()
    window.settings.roster = roster
    _load(qtbot, window, examples / "submissions")
    answers = _Answers(monkeypatch)
    window.start_merge(roster)
    assert roster.read_bytes() == before
    assert len(answers.errors) == 1
    assert "この集計で読み込む提出予定の名簿と同じファイル" in answers.errors[0]
    assert "名簿.xlsx" in answers.errors[0]


def test_return_copies_of_files_with_the_same_name(qtbot: Any, window: MainWindow,
                                                   examples: Path, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """As ``check --annotate``: two KPI報告.xlsx from two folders give two copies, and the
    dialog says which got the _2 name."""
    faulty = examples / "faulty" / "不備あり_建設課.xlsx"
    for folder in ("a", "b"):
        (tmp_path / "in" / folder).mkdir(parents=True)
        shutil.copy2(faulty, tmp_path / "in" / folder / "KPI報告.xlsx")
    _load(qtbot, window, tmp_path / "in")
    outdir = tmp_path / "ret"
    _patch_dialogs(monkeypatch, folder=outdir)
    answers = _Answers(monkeypatch)
    with qtbot.waitSignal(window.task_finished, timeout=TIMEOUT):
        window.action_bar.action("return_copies").trigger()
    assert sorted(p.name for p in outdir.iterdir()) == ["KPI報告_2_差し戻し.xlsx",
                                                         "KPI報告_差し戻し.xlsx"]
    assert len(answers.questions) == 1
    assert "2 件" in answers.questions[0]
    assert "KPI報告_2_差し戻し.xlsx という名前にしました" in answers.questions[0]


# --- the window's words (issue 24, point 4) --------------------------------------------------


def test_window_dialogs_name_buttons_and_settings_not_options(
        qtbot: Any, window: MainWindow, examples: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Two messages the command line words with ``kpi-workbook merge`` and
    ``--previous``, as the window shows them: its button, its setting."""
    answers = _Answers(monkeypatch)
    with qtbot.waitSignal(window.task_finished, timeout=TIMEOUT):
        window.start_next_year(examples / "submissions" / "企画課.xlsx", tmp_path)
    (not_consolidated,) = answers.errors
    assert "「集計ブックを作成」で作成した集計ブックを選んでください" in not_consolidated
    assert "kpi-workbook" not in not_consolidated

    record = tmp_path / "前回.xlsx"
    merge([examples / "submissions"], record, options=MergeOptions(report_year=2021))
    window.settings.previous = record
    _load(qtbot, window, examples / "submissions")
    window.start_merge(record)
    refused = answers.errors[-1]
    assert "設定の「前回の集計ブック」と同じファイルです" in refused
    assert "--" not in refused
    assert window.task is None  # nothing was started
