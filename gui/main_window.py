"""The main window: puts the panels together, runs the actions' commands, shows the outcome.

What each part shows lives in ``gui/panels/``; what each action does on the worker thread
is a command in ``gui/commands/``. Every decision is a kpi_workbook call.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt, QThreadPool, QTimer, QUrl, Signal
from PySide6.QtGui import QCloseEvent, QDesktopServices, QShowEvent
from PySide6.QtWidgets import QFileDialog, QLabel, QMainWindow, QSplitter, QVBoxLayout, QWidget

from gui import dialogs
from gui.commands.base import Command, CommandRunner
from gui.commands.check import CheckCommand
from gui.commands.departments import (
    NextYearCommand,
    ReturnCopiesCommand,
    SaveFileCommand,
    ask_next_year,
    ask_return_folder,
    ask_roster_template_path,
    ask_template_path,
)
from gui.commands.merge import MergeCommand
from gui.commands.publish import PublishCommand, ask_publish
from gui.commands.settings import apply_settings, edit_settings
from gui.panels.actions import WindowActions
from gui.panels.file_list import FileListPanel
from gui.panels.issue_table import IssuePanel
from gui.panels.preview import PreviewPanel
from gui.qt_translation import install_qt_translation
from gui.screen_fit import available_geometry, fit_to_screen, fits
from gui.session import Session
from gui.settings import Settings
from gui.settings_dialog import year_text
from gui.strings import set_lang, tr
from gui.widgets.drop_zone import DropZone
from gui.widgets.outcome_line import OutcomeLine
from gui.widgets.progress_panel import ProgressPanel
from kpi_workbook.domain.fiscal_year import default_report_year
from kpi_workbook.domain.issues import Issue
from kpi_workbook.domain.messages import Lang
from kpi_workbook.domain.model import Submission

#: How often streamed results rebuild the lists (ms).
REFRESH_MS = 200
#: Rows of the issue table a first start shows when the screen has room (1366×768 has).
ISSUE_ROWS = 10


class MainWindow(QMainWindow):
    """Drop workbooks, see what is wrong and where, write the consolidated workbook."""

    task_finished = Signal()
    """Emitted after a worker's result has been taken in (tests and --smoke wait on it)."""

    def __init__(self, settings: Settings | None = None,
                 pool: QThreadPool | None = None) -> None:
        super().__init__()
        self.settings = settings if settings is not None else Settings()
        self.session = Session()
        self.last_output: Path | None = None
        # Results stream in one file at a time; the lists are rebuilt at most every
        # REFRESH_MS, not once per file (100 files must not freeze the window).
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(REFRESH_MS)
        self._refresh_timer.timeout.connect(self._refresh_streaming)
        set_lang(self.settings.lang)
        install_qt_translation(self.settings.lang)

        self.drop_zone = DropZone(self)
        self.drop_zone.paths_dropped.connect(self.add_paths)
        self.files = FileListPanel(self)
        self.files.chosen.connect(self._on_submission_chosen)
        self.preview_panel = PreviewPanel(self)
        self.preview = self.preview_panel.table
        self.issues = IssuePanel(self)
        self.issues.chosen.connect(self.show_issue)
        self.issues.opened.connect(self.open_issue_source)
        self.progress = ProgressPanel(self)
        self.runner = CommandRunner(pool if pool is not None else QThreadPool.globalInstance(),
                                    self.progress, self)
        self.runner.finished.connect(self._on_finished)
        self.action_bar = WindowActions(self, {
            "add_files": self.choose_files, "add_folder": self.choose_folder,
            "recheck": self.recheck, "return_copies": self.choose_return_folder,
            "merge": self.choose_merge_output, "open_output": self.open_output_folder,
            "publish": self.choose_publish,
            "next_year": self.choose_next_year, "template": self.choose_template,
            "roster_template": self.choose_roster_template, "clear": self.clear,
            "quit": self.close, "settings": self.edit_settings, "about": self.about,
            "cancel": self.runner.cancel, "lang_ja": self._on_lang_ja,
            "lang_en": self._on_lang_en})
        self._layout()
        self._apply_settings()
        self.retranslate()
        fit_to_screen(self, self.settings.geometry)
        self._update_enabled()

    def _layout(self) -> None:
        top = QSplitter(Qt.Orientation.Horizontal, self)
        top.addWidget(self.files)
        top.addWidget(self.preview_panel)
        top.setStretchFactor(0, 2)
        top.setStretchFactor(1, 3)
        top.setSizes([520, 760])
        main = QSplitter(Qt.Orientation.Vertical, self)
        main.addWidget(top)
        main.addWidget(self.issues)
        main.setStretchFactor(0, 1)
        main.setStretchFactor(1, 1)
        self.top_splitter, self.main_splitter = top, main
        for splitter in (top, main):
            splitter.setChildrenCollapsible(False)  # no panel vanishes on a small screen
        # where the clerk last put the dividers; else _first_split when first shown
        self._split_pending = not self.settings.restore_splitters(top, main)
        central = QWidget(self)
        layout = QVBoxLayout(central)
        # tight margins: on a 768-pixel screen every 30 pixels are a row of the issue table
        layout.setContentsMargins(8, 4, 8, 4)
        layout.setSpacing(4)
        layout.addWidget(self.drop_zone)
        layout.addLayout(self.action_bar.button_row())
        layout.addWidget(main, 1)
        layout.addWidget(self.progress)
        self.setCentralWidget(central)
        # the outcome of the last task is a widget, not a temporary message: opening a menu
        # (which shows the menu entries' status tips) must not erase it
        self.outcome_label = OutcomeLine(self)
        self.outcome_label.open_requested.connect(self.open_path)
        self.summary_label = QLabel(self)
        self.statusBar().addWidget(self.outcome_label, 1)
        self.statusBar().addPermanentWidget(self.summary_label)

    @property
    def dialog_parent(self) -> QWidget:
        """The window, as the parent of the dialogs its commands show."""
        return self

    @property
    def task(self) -> object | None:
        """The running worker task (None when idle)."""
        return self.runner.task

    # --- language, title and settings ----------------------------------------------------------
    def retranslate(self) -> None:
        """Set every label in the current language (also after switching at run time)."""
        self.retitle()
        self.drop_zone.set_text(tr("drop-here"))
        self.action_bar.retranslate()
        self.files.retranslate()
        self.issues.retranslate()
        self.preview_panel.retranslate()
        self.progress.retranslate()
        self.outcome_label.retranslate()
        self.refresh()

    def retitle(self) -> None:
        year = self.settings.report_year
        text = (tr("title-year", year=year_text(year)) if year
                else tr("title-year-auto", year=year_text(default_report_year())))
        self.setWindowTitle(tr("title", app=tr("app-name"), year=text))

    def set_language(self, lang: Lang) -> None:
        set_lang(lang)
        install_qt_translation(lang)
        self.settings.lang = lang
        self.action_bar.check_lang()
        self.retranslate()

    def _on_lang_ja(self) -> None:
        self.set_language("ja")

    def _on_lang_en(self) -> None:
        self.set_language("en")

    def _apply_settings(self) -> None:
        apply_settings(self)

    def edit_settings(self) -> None:
        edit_settings(self)

    def about(self) -> None:
        dialogs.show_about(self)

    # --- running commands ------------------------------------------------------------------------
    def run(self, command: Command | None) -> None:
        """Start ``command`` on the worker (None: it was refused or the clerk cancelled)."""
        if command is None or self._busy():
            return
        self.outcome_label.clear()  # the last outcome stays until the next task starts
        self.runner.start(command)
        self._update_enabled()

    def run_next(self, command: Command) -> None:
        """Start ``command`` once the task now running has ended (a command's answer is
        taken in before the worker's ``finished`` arrives: starting at once, or on a
        zero timer, could find the runner still busy and be dropped)."""
        if not self.runner.busy:
            self.run(command)
            return

        def start() -> None:
            self.runner.finished.disconnect(start)
            self.run(command)

        self.runner.finished.connect(start)

    def _busy(self) -> bool:
        if self.runner.busy:
            self.statusBar().showMessage(tr("busy"), 5000)
            return True
        return False

    def _on_finished(self) -> None:
        self._update_enabled()
        self.refresh()
        self.task_finished.emit()

    def show_outcome(self, text: str, path: Path | None = None) -> None:
        """What the last task did; stays visible until the next task starts. ``path``:
        the file or folder it wrote (kept readable, its folder offered to open)."""
        self.outcome_label.set_outcome(text, path)

    def offer_folder(self, message: str, written: Path) -> None:
        """Say what was written (a file, or a folder of files) and offer to open the
        folder it went to."""
        self.show_outcome(message.splitlines()[0], written)
        if dialogs.ask(self, f"{message}\n\n{tr('open-folder-question')}"):
            folder = self.outcome_label.folder()
            self.open_path(folder if folder is not None else written)

    def open_path(self, path: Path) -> None:
        """Open a folder in Explorer or a workbook in Excel (the system's program)."""
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            dialogs.show_error(self, tr("open-failed", path=str(path)))

    def _update_enabled(self) -> None:
        idle = not self.runner.busy
        self.action_bar.update_enabled(idle=idle, has_inputs=bool(self.session.inputs),
                                    has_submissions=bool(self.session.submissions))
        self.drop_zone.setAcceptDrops(idle)

    # --- actions ---------------------------------------------------------------------------------
    def choose_files(self) -> None:
        start = str(self.settings.input_dir or Path.home())
        names, _filter = QFileDialog.getOpenFileNames(self, tr("choose-files"), start,
                                                      tr("xlsx-filter"))
        if names:
            self.add_paths([Path(n) for n in names])

    def choose_folder(self) -> None:
        start = str(self.settings.input_dir or Path.home())
        name = QFileDialog.getExistingDirectory(self, tr("choose-folder"), start)
        if name:
            self.add_paths([Path(name)])

    def add_paths(self, paths: Sequence[Path]) -> None:
        """Check the named files and folders; each file appears as soon as it is read."""
        if self._busy():
            return
        new = self.session.add_inputs(list(paths))
        if not new:
            return
        first = new[0]
        self.settings.input_dir = first if first.is_dir() else first.parent
        # a file filter chosen for one file would hide every new file's issues
        self.issues.set_file_filter(None)
        self.run(CheckCommand(self, new))

    def recheck(self) -> None:
        """Read again the files saved since they were read (and new files in the folders)."""
        if self._busy() or not self.session.inputs:
            return
        changed = {p.resolve() for p in self.session.changed_files()}
        unchanged = frozenset(p.resolve() for p in self.session.files()) - changed
        if not changed:
            unchanged = frozenset()  # nothing saved: read everything again, as asked
        self.session.discovery_issues.clear()
        self.run(CheckCommand(self, self.session.inputs, unchanged,
                              everything_again=not changed))

    def clear(self) -> None:
        """一覧をクリア: forget the loaded files (nothing on disk changes)."""
        if self._busy():
            return
        self.session.clear()
        self.refresh()
        self.show_outcome(tr("cleared"))

    def choose_merge_output(self) -> None:
        if self._busy():
            return
        if not self.session.inputs:
            dialogs.show_info(self, tr("merge-no-input"))
            return
        out = MergeCommand.ask_output(self)
        if out is not None:
            self.start_merge(out)

    def start_merge(self, out: Path) -> None:
        """Write the consolidated workbook to ``out`` on the worker thread."""
        if not self._busy():
            self.run(MergeCommand.prepare(self, out))

    def choose_publish(self) -> None:
        """公表用ページを作成: ask for the workbook and the folder, write, open the folder."""
        chosen = None if self._busy() else ask_publish(self)
        if chosen is not None:
            self.start_publish(*chosen)

    def start_publish(self, source: Path, outdir: Path) -> None:
        self.run(PublishCommand(self, source, outdir))

    def open_output_folder(self) -> None:
        folder = self.last_output.parent if self.last_output else self.settings.output_dir
        if folder is None or not folder.is_dir():
            dialogs.show_info(self, tr("no-output"))
            return
        self.open_path(folder)

    def choose_return_folder(self) -> None:
        """Ask where to write the return copies (差し戻しファイル), then write them."""
        if not self._busy():
            outdir = ask_return_folder(self)
            if outdir is not None:
                self.start_return_copies(outdir)

    def start_return_copies(self, outdir: Path) -> None:
        """Write a return copy of each loaded file with errors or warnings into ``outdir``."""
        if not self._busy():
            self.run(ReturnCopiesCommand.prepare(self, outdir))

    def choose_next_year(self) -> None:
        """Ask for a consolidated workbook and a folder, then write next year's workbooks."""
        if not self._busy():
            chosen = ask_next_year(self)
            if chosen is not None:
                self.start_next_year(*chosen)

    def start_next_year(self, source: Path, outdir: Path) -> None:
        if not self._busy():
            self.run(NextYearCommand.prepare(self, source, outdir))

    def choose_template(self) -> None:
        """空の様式を保存: the blank official workbook for the departments."""
        if not self._busy():
            path = ask_template_path(self)
            if path is not None:
                self.start_template(path)

    def start_template(self, path: Path) -> None:
        self.run(SaveFileCommand.template(self, path))

    def choose_roster_template(self) -> None:
        """提出予定名簿のひな形: a blank roster (.xlsx or .csv) for the clerk to fill in."""
        if not self._busy():
            path = ask_roster_template_path(self)
            if path is not None:
                self.start_roster_template(path)

    def start_roster_template(self, path: Path) -> None:
        self.run(SaveFileCommand.roster_template(self, path))

    # --- showing results -------------------------------------------------------------------------
    def results_arrived(self, *, first: bool) -> None:
        """A streamed result was taken in: the first shows at once, the rest in batches."""
        if first:
            self.refresh()
        elif not self._refresh_timer.isActive():
            self._refresh_timer.start()

    def _refresh_streaming(self) -> None:
        """A refresh while results stream in: the columns keep the widths fitted to the
        first results (fitting them to thousands of rows each time froze the window)."""
        self.refresh(fit_columns=False)

    def refresh(self, fit_columns: bool = True) -> None:
        self._refresh_timer.stop()
        issues = self.session.issues()
        self.files.show_submissions(self.session.submission_list(),
                                    self.session.issues_by_file(issues),
                                    fit_columns=fit_columns)
        self.issues.show_issues(issues, self.session.files())
        if fit_columns:
            self.issues.fit_columns()
        self._follow_session()
        self.preview_panel.set_previous(self.session.previous)
        self.summary_label.setText(tr("summary", **self.session.counts()))
        self._update_enabled()

    def _follow_session(self) -> None:
        """The preview shows what the session holds now: the file as read again after
        再チェック (the same project; its cell stays marked while the issue the clerk is on
        is still listed), nothing once the file has left the list (一覧をクリア)."""
        shown = self.preview_panel.submission()
        if shown is None:
            return
        current = self.session.submission_for(shown.path)
        if current is shown:
            return
        if current is None:
            self.preview_panel.show_submission(None)
            return
        sheet = self.preview_panel.sheet()
        kept = sheet if any(p.sheet == sheet for p in current.projects) else None
        self.preview_panel.show_submission(current, kept)
        issue = self.issues.current_issue()
        if (issue is not None and kept is not None and issue.where.sheet == kept
                and issue.where.file.resolve() == current.path.resolve()):
            self.preview.highlight(issue.where.cell, issue)

    def _on_submission_chosen(self, sub: Submission | None) -> None:
        self.preview_panel.show_submission(sub)
        if sub is not None:
            self.issues.set_file_filter(sub.path)

    def show_issue(self, issue: Issue) -> None:
        """Preview the project the issue is about and mark its cell."""
        sub = self.session.submission_for(issue.where.file)
        self.preview_panel.show_submission(sub, issue.where.sheet)
        if self.preview.project() is not None:
            self.preview.highlight(issue.where.cell, issue)

    def open_issue_source(self, issue: Issue) -> None:
        """Open the issue's workbook in the system's spreadsheet program; QDesktopServices
        cannot ask Excel for a cell, so the status bar says where to look."""
        where = issue.where
        self.statusBar().showMessage(
            tr("opening", file=where.file.name, sheet=where.sheet, cell=where.cell)
            if where.sheet and where.cell else tr("opening-file", file=where.file.name), 15000)
        self.open_path(where.file)

    def _first_split(self) -> None:
        """Divide the window between the tables the first time it opens: the issue table
        gets ISSUE_ROWS rows, unless the preview would then show fewer year rows than it
        must (its minimum height: a 1024×600 screen); the clerk may move it from there."""
        view = self.issues.view
        chrome = self.issues.height() - view.viewport().height()
        wanted = chrome + ISSUE_ROWS * view.verticalHeader().defaultSectionSize()
        total = sum(self.main_splitter.sizes())
        room = total - self.top_splitter.minimumSizeHint().height()
        issues = max(min(wanted, room), 0)
        self.main_splitter.setSizes([total - issues, issues])

    # --- Reimplemented Qt methods --------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._split_pending:  # the children have their sizes now
            self._split_pending = False
            self._first_split()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.runner.wait()
        self.settings.save_splitters(self.top_splitter, self.main_splitter)
        # remember the size only when it fits this screen (a laptop after a big monitor)
        if self.isMaximized() or fits(self.geometry(), available_geometry(self)):
            self.settings.geometry = bytes(self.saveGeometry().data())
        self.settings.sync()
        super().closeEvent(event)
