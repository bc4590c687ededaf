"""The main window: widgets, actions and wiring. Every decision is a kpi_workbook call."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QItemSelection,
    QLibraryInfo,
    QModelIndex,
    Qt,
    QThreadPool,
    QTimer,
    QTranslator,
    QUrl,
    Signal,
)
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QPushButton,
    QSplitter,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gui import dialogs
from gui import session as session_module
from gui.qt_issue_model import IssueFilterProxy, IssueTableModel
from gui.qt_submission_model import SubmissionTableModel
from gui.session import DiscoveryIssues, ReturnCopies, RosterLoaded, Session
from gui.settings import Settings
from gui.strings import current_lang, set_lang, tr
from gui.widgets.drop_zone import DropZone
from gui.widgets.kpi_preview import KpiPreview
from gui.widgets.progress_panel import ProgressPanel
from gui.workers import ApiTask
from kpi_workbook.domain.issues import Issue, Severity
from kpi_workbook.domain.messages import Lang
from kpi_workbook.domain.model import Project, Submission

# severity filter choices: (label key, severities shown)
_SEVERITY_FILTERS: tuple[tuple[str, frozenset[Severity]], ...] = (
    ("filter-no-info", frozenset({Severity.ERROR, Severity.WARNING})),
    ("filter-all-severities", frozenset(Severity)),
    ("filter-errors", frozenset({Severity.ERROR})),
)


_qt_translator: QTranslator | None = None


def install_qt_translation(lang: Lang) -> None:
    """Qt's own texts (はい/いいえ, キャンセル in message boxes and dialogs) in ``lang``."""
    global _qt_translator
    app = QCoreApplication.instance()
    if app is None:
        return
    if _qt_translator is not None:
        app.removeTranslator(_qt_translator)
        _qt_translator = None
    if lang == "ja":
        translator = QTranslator(app)
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if translator.load("qtbase_ja", folder):
            app.installTranslator(translator)
            _qt_translator = translator


#: How often streamed results rebuild the lists (ms).
REFRESH_MS = 200

class MainWindow(QMainWindow):
    """Drop workbooks, see what is wrong and where, write the consolidated workbook."""

    task_finished = Signal()
    """Emitted after a worker's result has been taken in (tests and --smoke wait on it)."""

    def __init__(self, settings: Settings | None = None,
                 pool: QThreadPool | None = None) -> None:
        super().__init__()
        self.settings = settings if settings is not None else Settings()
        self.session = Session()
        self.pool = pool if pool is not None else QThreadPool.globalInstance()
        self.task: ApiTask | None = None
        self._task_kind = ""
        self.last_output: Path | None = None
        self._merge_out: Path | None = None
        self._job_dir: Path | None = None
        self._recheck_all = False
        self._current_sub: Submission | None = None
        # Results stream in one file at a time; the lists are rebuilt at most every
        # REFRESH_MS, not once per file (100 files must not freeze the window).
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(REFRESH_MS)
        self._refresh_timer.timeout.connect(self._refresh_streaming)
        set_lang(self.settings.lang)
        install_qt_translation(self.settings.lang)

        self._build_models()
        self._build_widgets()
        self._build_actions()
        self.preview.set_bands(*self.settings.bands)
        self.retranslate()
        self.resize(1280, 820)
        geometry = self.settings.geometry
        if geometry:
            self.restoreGeometry(geometry)
        self._update_enabled()

    # --- construction ----------------------------------------------------------------------
    def _build_models(self) -> None:
        self.submission_model = SubmissionTableModel()
        self.issue_model = IssueTableModel(lang=current_lang())
        self.issue_proxy = IssueFilterProxy()
        self.issue_proxy.setSourceModel(self.issue_model)

    def _build_widgets(self) -> None:
        self.drop_zone = DropZone(self)
        self.drop_zone.paths_dropped.connect(self.add_paths)

        self.add_files_button = QPushButton(self)
        self.add_folder_button = QPushButton(self)
        self.recheck_button = QPushButton(self)
        self.merge_button = QPushButton(self)
        self.open_output_button = QPushButton(self)
        self.return_button = QPushButton(self)
        style = self.style()
        self.add_files_button.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_FileIcon))
        self.add_folder_button.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_DirIcon))
        self.recheck_button.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_BrowserReload))
        self.merge_button.setIcon(
            style.standardIcon(QStyle.StandardPixmap.SP_DialogSaveButton))
        self.open_output_button.setIcon(
            style.standardIcon(QStyle.StandardPixmap.SP_DirOpenIcon))
        self.return_button.setIcon(
            style.standardIcon(QStyle.StandardPixmap.SP_FileDialogDetailedView))
        buttons = QHBoxLayout()
        for button in (self.add_files_button, self.add_folder_button, self.recheck_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.return_button)
        buttons.addWidget(self.merge_button)
        buttons.addWidget(self.open_output_button)
        self.add_files_button.clicked.connect(self.choose_files)
        self.add_folder_button.clicked.connect(self.choose_folder)
        self.recheck_button.clicked.connect(self.recheck)
        self.merge_button.clicked.connect(self.choose_merge_output)
        self.open_output_button.clicked.connect(self.open_output_folder)
        self.return_button.clicked.connect(self.choose_return_folder)

        # submissions
        self.submission_view = QTableView(self)
        self.submission_view.setModel(self.submission_model)
        self._table_defaults(self.submission_view)
        self.submission_view.selectionModel().selectionChanged.connect(
            self._on_submission_selected)
        self.submissions_box = QGroupBox(self)
        box = QVBoxLayout(self.submissions_box)
        box.addWidget(self.submission_view)

        # preview
        self.preview = KpiPreview(self)
        self.project_label = QLabel(self)
        self.project_combo = QComboBox(self)
        self.project_combo.currentIndexChanged.connect(self._on_project_chosen)
        self.preview_box = QGroupBox(self)
        box = QVBoxLayout(self.preview_box)
        row = QHBoxLayout()
        row.addWidget(self.project_label)
        row.addWidget(self.project_combo, 1)
        box.addLayout(row)
        box.addWidget(self.preview, 1)

        # issues
        self.issue_view = QTableView(self)
        self.issue_view.setModel(self.issue_proxy)
        self._table_defaults(self.issue_view)
        header = self.issue_view.horizontalHeader()
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        header.setResizeContentsPrecision(200)  # fit columns to the first rows, not thousands
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # the library's order first
        self.issue_view.setSortingEnabled(True)
        self.issue_view.setWordWrap(True)
        self.issue_view.selectionModel().currentRowChanged.connect(self._on_issue_current)
        self.issue_view.doubleClicked.connect(self._on_issue_double_clicked)
        self.severity_label = QLabel(self)
        self.severity_combo = QComboBox(self)
        self.severity_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.severity_combo.currentIndexChanged.connect(self._on_severity_filter)
        self.file_label = QLabel(self)
        self.file_combo = QComboBox(self)
        self.file_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.file_combo.currentIndexChanged.connect(self._on_file_filter)
        self.issue_count_label = QLabel(self)
        self.issues_box = QGroupBox(self)
        box = QVBoxLayout(self.issues_box)
        filters = QHBoxLayout()
        filters.addWidget(self.severity_label)
        filters.addWidget(self.severity_combo)
        filters.addSpacing(16)
        filters.addWidget(self.file_label)
        filters.addWidget(self.file_combo)
        filters.addStretch(1)
        filters.addWidget(self.issue_count_label)
        box.addLayout(filters)
        box.addWidget(self.issue_view, 1)

        top = QSplitter(Qt.Orientation.Horizontal, self)
        top.addWidget(self.submissions_box)
        top.addWidget(self.preview_box)
        top.setStretchFactor(0, 2)
        top.setStretchFactor(1, 3)
        top.setSizes([520, 760])
        main = QSplitter(Qt.Orientation.Vertical, self)
        main.addWidget(top)
        main.addWidget(self.issues_box)
        main.setStretchFactor(0, 1)
        main.setStretchFactor(1, 1)

        self.progress = ProgressPanel(self)
        self.progress.cancel_requested.connect(self.cancel_task)
        self.summary_label = QLabel(self)

        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.addWidget(self.drop_zone)
        layout.addLayout(buttons)
        layout.addWidget(main, 1)
        layout.addWidget(self.progress)
        self.setCentralWidget(central)
        self.statusBar().addPermanentWidget(self.summary_label)

    @staticmethod
    def _table_defaults(view: QTableView) -> None:
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setAlternatingRowColors(True)
        view.verticalHeader().setVisible(False)
        view.horizontalHeader().setHighlightSections(False)

    def _action(self, shortcut: QKeySequence | QKeySequence.StandardKey | str | None,
                slot: Callable[[], Any]) -> QAction:
        action = QAction(self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        return action

    def _build_actions(self) -> None:
        Key = QKeySequence.StandardKey
        self.add_files_action = self._action(Key.Open, self.choose_files)
        self.add_folder_action = self._action("Ctrl+Shift+O", self.choose_folder)
        self.recheck_action = self._action(Key.Refresh, self.recheck)
        self.merge_action = self._action("Ctrl+M", self.choose_merge_output)
        self.open_output_action = self._action("Ctrl+Shift+E", self.open_output_folder)
        self.return_action = self._action("Ctrl+Shift+R", self.choose_return_folder)
        self.next_year_action = self._action("Ctrl+Shift+N", self.choose_next_year)
        self.roster_template_action = self._action("Ctrl+Shift+T", self.choose_roster_template)
        self.clear_action = self._action(None, self.clear)
        self.quit_action = self._action(Key.Quit, self.close)
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.settings_action = self._action("Ctrl+,", self.edit_settings)
        self.about_action = self._action(Key.HelpContents, self.about)
        self.cancel_action = self._action("Esc", self.cancel_task)
        self.addAction(self.cancel_action)
        self.lang_group = QActionGroup(self)
        self.lang_ja_action = QAction("日本語", self, checkable=True)
        self.lang_en_action = QAction("English", self, checkable=True)
        for action in (self.lang_ja_action, self.lang_en_action):
            self.lang_group.addAction(action)
        self.lang_ja_action.triggered.connect(self._on_lang_ja)
        self.lang_en_action.triggered.connect(self._on_lang_en)
        (self.lang_en_action if current_lang() == "en" else self.lang_ja_action).setChecked(True)

        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        for action in (self.add_files_action, self.add_folder_action, self.recheck_action,
                       None, self.merge_action, self.open_output_action, None,
                       self.return_action, self.next_year_action, None,
                       self.clear_action, None, self.quit_action):
            if action is None:
                self.file_menu.addSeparator()
            else:
                self.file_menu.addAction(action)
        self.tools_menu = bar.addMenu("")
        self.tools_menu.addAction(self.settings_action)
        self.tools_menu.addAction(self.roster_template_action)
        self.lang_menu = self.tools_menu.addMenu("")
        self.lang_menu.addAction(self.lang_ja_action)
        self.lang_menu.addAction(self.lang_en_action)
        self.help_menu = bar.addMenu("")
        self.help_menu.addAction(self.about_action)

    # --- language and title ------------------------------------------------------------------
    def retranslate(self) -> None:
        """Set every label in the current language (also after switching at run time)."""
        self._update_title()
        self.drop_zone.set_text(tr("drop-here"))
        pairs = (
            (self.add_files_button, self.add_files_action, "add-files"),
            (self.add_folder_button, self.add_folder_action, "add-folder"),
            (self.recheck_button, self.recheck_action, "recheck"),
            (self.merge_button, self.merge_action, "merge"),
            (self.open_output_button, self.open_output_action, "open-output"),
            (self.return_button, self.return_action, "return-copies"),
        )
        for button, action, key in pairs:
            text = tr(key)
            button.setText(text)
            action.setText(text)
            shortcut = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            button.setToolTip(f"{text} ({shortcut})" if shortcut else text)
        self.next_year_action.setText(tr("next-year"))
        self.roster_template_action.setText(tr("roster-template"))
        self.clear_action.setText(tr("remove-all"))
        self.quit_action.setText(tr("quit"))
        self.settings_action.setText(tr("settings"))
        self.about_action.setText(tr("about"))
        self.file_menu.setTitle(tr("menu-file"))
        self.tools_menu.setTitle(tr("menu-tools"))
        self.lang_menu.setTitle(tr("menu-language"))
        self.help_menu.setTitle(tr("menu-help"))
        self.submissions_box.setTitle(tr("submissions"))
        self.preview_box.setTitle(tr("preview"))
        self.issues_box.setTitle(tr("issues"))
        self.project_label.setText(tr("project"))
        self.severity_label.setText(tr("filter-severity"))
        self.file_label.setText(tr("filter-file"))
        self.progress.retranslate()
        current = max(self.severity_combo.currentIndex(), 0)
        self.severity_combo.blockSignals(True)
        self.severity_combo.clear()
        for key, _severities in _SEVERITY_FILTERS:
            self.severity_combo.addItem(tr(key))
        self.severity_combo.setCurrentIndex(current)
        self.severity_combo.blockSignals(False)
        self._on_severity_filter(current)
        self.issue_model.set_lang(current_lang())
        self._refresh()
        # the preview's headers are labels too: rebuild it, keeping the highlighted cell
        cell = self.preview.highlighted_source()
        self.preview.show_project(self.preview.project())
        if cell:
            self.preview.highlight(cell)

    def _update_title(self) -> None:
        year = self.settings.report_year
        year_text = tr("title-year", year=year) if year else tr("title-year-auto")
        self.setWindowTitle(tr("title", app=tr("app-name"), year=year_text))

    def set_language(self, lang: Lang) -> None:
        set_lang(lang)
        install_qt_translation(lang)
        self.settings.lang = lang
        (self.lang_en_action if lang == "en" else self.lang_ja_action).setChecked(True)
        self.retranslate()

    def _on_lang_ja(self) -> None:
        self.set_language("ja")

    def _on_lang_en(self) -> None:
        self.set_language("en")

    # --- adding and checking -----------------------------------------------------------------
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
        self._start("check", session_module.stream_check, paths=tuple(new),
                    report_year=self.settings.report_year, roster=self.settings.roster)

    def recheck(self) -> None:
        """Read again the files saved since they were read (and new files in the folders)."""
        if self._busy() or not self.session.inputs:
            return
        changed = {p.resolve() for p in self.session.changed_files()}
        unchanged = frozenset(p.resolve() for p in self.session.files()) - changed
        self._recheck_all = not changed
        if not changed:
            unchanged = frozenset()  # nothing saved: read everything again, as asked
        self.session.discovery_issues.clear()
        self._start("check", session_module.stream_recheck, paths=tuple(self.session.inputs),
                    unchanged=unchanged, report_year=self.settings.report_year,
                    roster=self.settings.roster)

    def clear(self) -> None:
        if self._busy():
            return
        self.session.clear()
        self._refresh()

    def _on_stream_item(self, item: object) -> None:
        if isinstance(item, (Submission, DiscoveryIssues, RosterLoaded)):
            first = not self.session.submissions
            self.session.add(item)
            if first:
                self._refresh()  # the first result shows at once
            elif not self._refresh_timer.isActive():
                self._refresh_timer.start()

    # --- merge ---------------------------------------------------------------------------------
    def choose_merge_output(self) -> None:
        if self._busy():
            return
        if not self.session.inputs:
            dialogs.show_info(self, tr("merge-no-input"))
            return
        folder = self.settings.output_dir or self.settings.input_dir or Path.home()
        year = self.settings.report_year or ""
        default = folder / tr("merge-default-name", year=year).replace("_.", ".")
        name, _filter = QFileDialog.getSaveFileName(self, tr("merge-save-title"), str(default),
                                                    tr("xlsx-filter"))
        if name:
            out = Path(name)
            if out.suffix.lower() != ".xlsx":
                out = out.with_suffix(".xlsx")
            self.start_merge(out)

    def start_merge(self, out: Path) -> None:
        """Write the consolidated workbook to ``out`` on the worker thread."""
        if self._busy():
            return
        self.settings.output_dir = out.parent
        self._merge_out = out
        self._start("merge", session_module.merge_workbooks, paths=tuple(self.session.inputs),
                    out=out, strict=self.settings.strict, report_year=self.settings.report_year,
                    bands=self.settings.bands, lang=current_lang(), roster=self.settings.roster,
                    previous=self.settings.previous)

    def _merge_done(self, result: object) -> None:
        from kpi_workbook.usecases.merge import (
            MergeResult,  # loaded with the first merge, not at start
        )

        if not isinstance(result, MergeResult):
            return
        out = result.out
        errors = result.counts[Severity.ERROR]
        self.session.set_merge_result(result)  # 前回との差異 into the issues view
        if not result.written:
            dialogs.show_info(self, tr("merge-strict-refused"))
            return
        self.last_output = out
        key = "merge-done-errors" if errors else "merge-done"
        self.statusBar().showMessage(tr(key, path=str(out), errors=errors))

    def open_output_folder(self) -> None:
        folder = self.last_output.parent if self.last_output else self.settings.output_dir
        if folder is None or not folder.is_dir():
            dialogs.show_info(self, tr("no-output"))
            return
        self._open_folder(folder)

    def _open_folder(self, folder: Path) -> None:
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
            dialogs.show_error(self, tr("open-failed", path=str(folder)))

    def _offer_folder(self, message: str, folder: Path) -> None:
        """Say what was written and offer to open the folder it went to."""
        self.statusBar().showMessage(message.splitlines()[0], 15000)
        if dialogs.ask(self, f"{message}\n\n{tr('open-folder-question')}"):
            self._open_folder(folder)

    # --- return copies (差し戻しファイル) ------------------------------------------------------
    def choose_return_folder(self) -> None:
        """Ask where to write the return copies, then write them."""
        if self._busy():
            return
        if not self.session.submissions:
            dialogs.show_info(self, tr("merge-no-input"))
            return
        changed = self.session.changed_files()
        if changed:
            # the copy would mark the new contents with the old findings
            dialogs.show_info(self, tr("return-changed",
                                       files="\n".join(p.name for p in changed)))
            return
        if not self.session.returnable():
            dialogs.show_info(self, tr("return-none"))
            return
        start = (self.settings.return_dir or self.settings.output_dir
                 or self.settings.input_dir or Path.home())
        name = QFileDialog.getExistingDirectory(self, tr("return-title"), str(start))
        if name:
            self.start_return_copies(Path(name))

    def start_return_copies(self, outdir: Path) -> None:
        """Write a return copy of each loaded file with errors or warnings into ``outdir``."""
        if self._busy():
            return
        target = outdir.resolve()
        for folder in self.session.inputs:
            if folder.is_dir() and target.is_relative_to(folder.resolve()):
                dialogs.show_info(self, tr("return-inside-input", path=str(outdir)))
                return
        self.settings.return_dir = outdir
        self._job_dir = outdir
        self._start("return", session_module.write_return_copies,
                    submissions=tuple(self.session.returnable()), outdir=outdir,
                    lang=current_lang())

    def _return_done(self, result: object) -> None:
        if not isinstance(result, ReturnCopies):
            return
        message = tr("return-done", count=len(result.written), path=str(result.outdir))
        if result.skipped:
            message += "\n" + tr("return-skipped",
                                  files="、".join(p.name for p in result.skipped))
        if result.written:
            self._offer_folder(message, result.outdir)
        else:
            dialogs.show_info(self, message)

    # --- next year's workbooks and the roster template -----------------------------------------
    def choose_next_year(self) -> None:
        """Ask for a consolidated workbook and a folder, then write next year's workbooks."""
        if self._busy():
            return
        start = self.last_output or self.settings.output_dir or Path.home()
        source, _filter = QFileDialog.getOpenFileName(self, tr("next-year-source-title"),
                                                      str(start), tr("xlsx-filter"))
        if not source:
            return
        folder = self.settings.next_year_dir or Path(source).parent
        outdir = QFileDialog.getExistingDirectory(self, tr("next-year-out-title"), str(folder))
        if outdir:
            self.start_next_year(Path(source), Path(outdir))

    def start_next_year(self, source: Path, outdir: Path) -> None:
        if self._busy():
            return
        existing = outdir.is_dir() and any(p.suffix.lower() in (".xlsx", ".xlsm")
                                           for p in outdir.iterdir())
        if existing and not dialogs.ask(self, tr("next-year-overwrite", path=str(outdir))):
            return
        self.settings.next_year_dir = outdir
        self._job_dir = outdir
        self._start("next-year", session_module.write_next_year, source=source, outdir=outdir)

    def _next_year_done(self, result: object) -> None:
        if not isinstance(result, list) or self._job_dir is None:
            return
        if not result:
            dialogs.show_info(self, tr("next-year-none"))
            return
        self._offer_folder(tr("next-year-done", count=len(result), path=str(self._job_dir)),
                           self._job_dir)

    def choose_roster_template(self) -> None:
        """Save a blank roster (.xlsx or .csv) for the clerk to fill in."""
        if self._busy():
            return
        roster = self.settings.roster
        folder = (roster.parent if roster is not None else None) or self.settings.output_dir \
            or self.settings.input_dir or Path.home()
        name, chosen = QFileDialog.getSaveFileName(
            self, tr("roster-save-title"), str(folder / tr("roster-default-name")),
            tr("roster-save-filter"))
        if not name:
            return
        path = Path(name)
        if path.suffix.lower() not in (".xlsx", ".csv"):
            path = path.with_suffix(".csv" if "csv" in chosen.lower() else ".xlsx")
        self.start_roster_template(path)

    def start_roster_template(self, path: Path) -> None:
        if self._busy():
            return
        self._start("roster-template", session_module.save_roster_template, path=path)

    def _roster_template_done(self, result: object) -> None:
        if isinstance(result, Path):
            self.statusBar().showMessage(str(result), 15000)
            dialogs.show_info(self, tr("roster-template-done", path=str(result)))

    # --- worker ----------------------------------------------------------------------------
    def _busy(self) -> bool:
        if self.task is not None:
            self.statusBar().showMessage(tr("busy"), 5000)
            return True
        return False

    def _start(self, kind: str, fn: Callable[..., Any], **kwargs: object) -> None:
        task = ApiTask(fn, **kwargs)
        task.signals.progress.connect(self._on_progress)
        task.signals.item.connect(self._on_stream_item)
        task.signals.succeeded.connect(self._on_succeeded)
        task.signals.failed.connect(self._on_failed)
        task.signals.cancelled.connect(self._on_cancelled)
        task.signals.finished.connect(self._on_finished)
        self.task = task
        self._task_kind = kind
        self.progress.begin()
        self._update_enabled()
        task.start(self.pool)

    def cancel_task(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.progress.cancel_button.setEnabled(False)

    def _on_progress(self, done: int, total: int, name: str) -> None:
        key = {"merge": "progress-merge", "return": "progress-return"}.get(
            self._task_kind, "progress-check")
        self.progress.update_progress(done, total, tr(key, done=done, total=total, name=name))

    def _on_succeeded(self, result: object) -> None:
        if self._task_kind == "merge":
            self._merge_done(result)
        elif self._task_kind == "return":
            self._return_done(result)
        elif self._task_kind == "next-year":
            self._next_year_done(result)
        elif self._task_kind == "roster-template":
            self._roster_template_done(result)
        elif self._task_kind == "roster":
            if isinstance(result, RosterLoaded):
                self.session.set_roster(result)
        elif self._recheck_all:
            self._recheck_all = False
            self.statusBar().showMessage(tr("nothing-changed"), 8000)
        else:
            self.statusBar().showMessage(tr("check-done"), 5000)

    def _on_failed(self, message: str) -> None:
        dialogs.show_error(self, message)

    def _on_cancelled(self) -> None:
        self.statusBar().showMessage(tr("cancelled"), 8000)

    def _on_finished(self) -> None:
        self.task = None
        self._recheck_all = False
        self.progress.end()
        self._update_enabled()
        self._refresh()
        self.task_finished.emit()

    def _update_enabled(self) -> None:
        idle = self.task is None
        has_inputs = bool(self.session.inputs)
        for widget in (self.add_files_button, self.add_folder_button, self.add_files_action,
                       self.add_folder_action, self.clear_action, self.settings_action,
                       self.next_year_action, self.roster_template_action):
            widget.setEnabled(idle)
        for widget in (self.recheck_button, self.recheck_action, self.merge_button,
                       self.merge_action):
            widget.setEnabled(idle and has_inputs)
        for widget in (self.return_button, self.return_action):
            widget.setEnabled(idle and bool(self.session.submissions))
        self.drop_zone.setAcceptDrops(idle)

    # --- showing results -----------------------------------------------------------------------
    def _refresh_streaming(self) -> None:
        """A refresh while results stream in: the columns keep the widths fitted to the
        first results (fitting them to thousands of rows each time froze the window)."""
        self._refresh(fit_columns=False)

    def _refresh(self, fit_columns: bool = True) -> None:
        self._refresh_timer.stop()
        selected = self._selected_submission()
        issues = self.session.issues()
        self.submission_model.set_submissions(self.session.submission_list(),
                                              self.session.issues_by_file(issues))
        self.issue_model.set_issues(issues)
        self._refresh_file_filter()
        if selected is not None:
            row = self.submission_model.row_of(selected)
            if row >= 0:
                # restoring the selection is not a new choice: keep the preview as it is
                selection = self.submission_view.selectionModel()
                selection.blockSignals(True)
                self.submission_view.selectRow(row)
                selection.blockSignals(False)
        if fit_columns:
            self.submission_view.resizeColumnsToContents()
            for column in range(4):  # the message column stretches; the others fit their text
                self.issue_view.resizeColumnToContents(column)
        self._update_summary()
        self._update_enabled()

    def _update_summary(self) -> None:
        self.summary_label.setText(tr("summary", **self.session.counts()))
        shown, total = self.issue_proxy.rowCount(), self.issue_model.rowCount()
        self.issue_count_label.setText(f"{shown} / {total}")

    def _refresh_file_filter(self) -> None:
        current = self.file_combo.currentData()
        self.file_combo.blockSignals(True)
        self.file_combo.clear()
        self.file_combo.addItem(tr("filter-all-files"), None)
        # also the roster and the previous workbook when issues point at them
        files = list(dict.fromkeys([*self.session.files(),
                                    *(i.where.file for i in self.session.issues())]))
        for path in files:
            self.file_combo.addItem(path.name, str(path))
        index = self.file_combo.findData(current) if current else 0
        self.file_combo.setCurrentIndex(max(index, 0))
        self.file_combo.blockSignals(False)
        self._on_file_filter(self.file_combo.currentIndex())

    def _on_severity_filter(self, index: int) -> None:
        if 0 <= index < len(_SEVERITY_FILTERS):
            self.issue_proxy.set_severities(_SEVERITY_FILTERS[index][1])
            self._update_summary()

    def _on_file_filter(self, index: int) -> None:
        data = self.file_combo.itemData(index) if index >= 0 else None
        self.issue_proxy.set_file(Path(data) if data else None)
        self._update_summary()

    def set_severity_filter(self, severities: frozenset[Severity]) -> None:
        """Choose the severity filter entry showing exactly ``severities``."""
        for i, (_key, shown) in enumerate(_SEVERITY_FILTERS):
            if shown == severities:
                self.severity_combo.setCurrentIndex(i)
                return
        raise ValueError(severities)

    def set_file_filter(self, path: Path | None) -> None:
        index = 0 if path is None else self.file_combo.findData(str(path))
        self.file_combo.setCurrentIndex(max(index, 0))

    def _selected_submission(self) -> Submission | None:
        rows = self.submission_view.selectionModel().selectedRows()
        return self.submission_model.submission(rows[0].row()) if rows else None

    def _on_submission_selected(self, selected: QItemSelection,
                                deselected: QItemSelection) -> None:
        sub = self._selected_submission()
        self._show_projects(sub)
        if sub is not None:
            self.set_file_filter(sub.path)

    def _show_projects(self, sub: Submission | None, sheet: str | None = None) -> None:
        # fill the project chooser; pick the project of ``sheet`` or the first one
        self.project_combo.blockSignals(True)
        self.project_combo.clear()
        projects = sub.projects if sub is not None else []
        for p in projects:
            self.project_combo.addItem(f"{p.number or ''} {p.name}（{p.sheet}）", p.sheet)
        index = self.project_combo.findData(sheet) if sheet is not None else 0
        self.project_combo.setCurrentIndex(index)
        self.project_combo.blockSignals(False)
        self._current_sub = sub
        project = projects[index] if 0 <= index < len(projects) else None
        self.preview.show_project(project)

    def _on_project_chosen(self, index: int) -> None:
        sub = self._current_sub
        project: Project | None = None
        if sub is not None and 0 <= index < len(sub.projects):
            project = sub.projects[index]
        self.preview.show_project(project)

    def _on_issue_current(self, current: QModelIndex, previous: QModelIndex) -> None:
        if current.isValid():
            self.show_issue(self.issue_proxy.issue(current))

    def show_issue(self, issue: Issue) -> None:
        """Preview the project the issue is about and mark its cell."""
        sub = self.session.submission_for(issue.where.file)
        self._show_projects(sub, issue.where.sheet)
        if self.preview.project() is not None:
            self.preview.highlight(issue.where.cell)
        self.statusBar().showMessage(issue.message(current_lang()), 15000)

    def _on_issue_double_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_issue_source(self.issue_proxy.issue(index))

    def open_issue_source(self, issue: Issue) -> None:
        """Open the issue's workbook in the system's spreadsheet program."""
        where = issue.where
        if where.sheet and where.cell:
            text = tr("opening", file=where.file.name, sheet=where.sheet, cell=where.cell)
        else:
            text = tr("opening-file", file=where.file.name)
        self.statusBar().showMessage(text, 15000)
        # QDesktopServices cannot ask Excel for a cell; the status bar says where to look
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(where.file))):
            dialogs.show_error(self, tr("open-failed", path=str(where.file)))

    # --- dialogs -----------------------------------------------------------------------------
    def edit_settings(self) -> None:
        dialog = dialogs.SettingsDialog(self.settings, self)
        try:
            if dialog.exec() != dialogs.QDialog.DialogCode.Accepted:
                return
            old_year = self.settings.report_year
            old_roster, old_previous = self.settings.roster, self.settings.previous
            dialog.save()
        finally:
            dialog.deleteLater()  # not one more child of the window per use
        self.preview.set_bands(*self.settings.bands)
        if self.settings.lang != current_lang():
            self.set_language(self.settings.lang)
        self._update_title()
        roster = self.settings.roster
        if self.settings.previous != old_previous:
            self.session.merge_issues.clear()  # they compared with the other workbook
        if self.settings.report_year != old_year and self.session.inputs:
            # the report year decides which actuals are due: read everything again
            self.session.discovery_issues.clear()
            self._start("check", session_module.stream_recheck,
                        paths=tuple(self.session.inputs), unchanged=frozenset(),
                        report_year=self.settings.report_year, roster=roster)
        elif roster != old_roster:
            if roster is None:
                self.session.set_roster(None)
                self._refresh()
            elif self.session.inputs:
                # 未提出 is shown against the files loaded; with none, at the next check
                self._start("roster", session_module.read_roster_task, path=roster)
        else:
            self._refresh()

    def about(self) -> None:
        dialogs.show_about(self)

    # --- Reimplemented Qt methods --------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        # ask the worker to stop between files, and wait: it must not outlive its signals
        if self.task is not None:
            self.task.cancel()
        self.pool.waitForDone()
        self.settings.geometry = bytes(self.saveGeometry().data())
        self.settings.sync()
        super().closeEvent(event)
