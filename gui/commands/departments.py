"""Files for the departments: return copies, next year's workbooks, the blank template and
the roster template."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QFileDialog

from gui import dialogs
from gui.commands.base import Command
from gui.strings import current_lang, issue_text, tr
from kpi_workbook import usecases as api

if TYPE_CHECKING:
    from gui.commands.base import Window


class ReturnCopiesCommand(Command):
    """差し戻しファイルを作成: a copy of each file with errors or warnings, marked."""

    progress_key = "progress-return"

    def __init__(self, window: Window, outdir: Path) -> None:
        super().__init__(window)
        self.outdir = outdir

    @classmethod
    def prepare(cls, window: Window, outdir: Path) -> ReturnCopiesCommand | None:
        """The command, or None after saying why not (the folder is among the inputs: the
        copies would be read back as submissions)."""
        try:
            api.refuse_input_folder(outdir, window.session.inputs)
        except api.KpiWorkbookError as exc:
            dialogs.show_info(window.dialog_parent, issue_text(exc.issue))
            return None
        return cls(window, outdir)

    def call(self) -> tuple[Callable[..., Any], dict[str, object]]:
        session = self.window.session
        self.window.settings.return_dir = self.outdir
        options = api.ReturnCopyOptions(self.outdir, current_lang(), tuple(session.inputs))
        return api.write_return_copies, {"submissions": tuple(session.submission_list()),
                                         "issues": tuple(session.issues()),
                                         "options": options}

    def succeeded(self, result: object) -> None:
        if not isinstance(result, api.ReturnCopies):
            return
        message = tr("return-done", count=len(result.written), path=str(result.outdir))
        if result.skipped:
            message += "\n" + tr("return-skipped",
                                  files="、".join(p.name for p in result.skipped))
        for note in result.notes:  # a second file of the same name: …_2_差し戻し.xlsx
            message += "\n" + issue_text(note)
        if result.written:
            self.window.offer_folder(message, result.outdir)
        else:
            self.window.show_outcome(message.splitlines()[0])
            dialogs.show_info(self.window.dialog_parent, message)


class NextYearCommand(Command):
    """次年度様式を作成: next year's workbooks pre-filled from a consolidated workbook."""

    def __init__(self, window: Window, source: Path, outdir: Path) -> None:
        super().__init__(window)
        self.source = source
        self.outdir = outdir

    @classmethod
    def prepare(cls, window: Window, source: Path, outdir: Path) -> NextYearCommand | None:
        """The command; the use case refuses a folder holding a file of the same name
        (``next-year-exists``: it may be a submission), shown as any failure is."""
        return cls(window, source, outdir)

    def call(self) -> tuple[Callable[..., Any], dict[str, object]]:
        self.window.settings.next_year_dir = self.outdir
        return api.write_next_year, {"options": api.NextYearOptions(self.source, self.outdir)}

    def succeeded(self, result: object) -> None:
        if not isinstance(result, api.Written):
            return
        if not result.paths:
            # the use case says why nothing was written (nothing left to report)
            message = "\n".join(issue_text(i) for i in result.issues) \
                or tr("next-year-none")
            self.window.show_outcome(message.splitlines()[0])
            dialogs.show_info(self.window.dialog_parent, message)
            return
        self.window.offer_folder(tr("next-year-done", count=len(result.paths),
                                    path=str(self.outdir)), self.outdir)


class SaveFileCommand(Command):
    """Save one file the departments fill in: the blank template or the roster template."""

    def __init__(self, window: Window, fn: Callable[..., api.Written], options: object,
                 done_key: str) -> None:
        super().__init__(window)
        self._fn = fn
        self._options = options
        self._done_key = done_key

    @classmethod
    def template(cls, window: Window, path: Path) -> SaveFileCommand:
        """空の様式を保存: the official blank layout (``kpi-workbook template``)."""
        return cls(window, api.write_template, api.TemplateOptions(path), "template-done")

    @classmethod
    def roster_template(cls, window: Window, path: Path) -> SaveFileCommand:
        """提出予定名簿のひな形 (``kpi-workbook template --roster``), .xlsx or .csv."""
        return cls(window, api.write_roster_template, api.RosterTemplateOptions(path),
                   "roster-template-done")

    def call(self) -> tuple[Callable[..., Any], dict[str, object]]:
        return self._fn, {"options": self._options}

    def succeeded(self, result: object) -> None:
        if isinstance(result, api.Written) and result.paths:
            path = result.paths[0]
            self.window.offer_folder(tr(self._done_key, path=str(path)), path)


def ask_return_folder(window: Window) -> Path | None:
    """The folder for the return copies, after checking there is something to return."""
    session, settings = window.session, window.settings
    if not session.submissions:
        dialogs.show_info(window.dialog_parent, tr("merge-no-input"))
        return None
    changed = session.changed_files()
    if changed:
        # the copy would mark the new contents with the old findings
        files = "\n".join(p.name for p in changed)
        dialogs.show_info(window.dialog_parent, tr("return-changed", files=files))
        return None
    if not session.returnable():
        dialogs.show_info(window.dialog_parent, tr("return-none"))
        return None
    start = settings.return_dir or settings.output_dir or settings.input_dir or Path.home()
    name = QFileDialog.getExistingDirectory(window.dialog_parent, tr("return-title"), str(start))
    return Path(name) if name else None


def ask_next_year(window: Window) -> tuple[Path, Path] | None:
    """The consolidated workbook to start from, and the folder for next year's workbooks."""
    settings = window.settings
    start = window.last_output or settings.output_dir or Path.home()
    source, _filter = QFileDialog.getOpenFileName(
        window.dialog_parent, tr("next-year-source-title"), str(start), tr("xlsx-filter"))
    if not source:
        return None
    folder = settings.next_year_dir or Path(source).parent
    outdir = QFileDialog.getExistingDirectory(window.dialog_parent, tr("next-year-out-title"),
                                              str(folder))
    return (Path(source), Path(outdir)) if outdir else None


def _start_folder(window: Window) -> Path:
    settings = window.settings
    roster = settings.roster
    return ((roster.parent if roster is not None else None) or settings.output_dir
            or settings.input_dir or Path.home())


def ask_template_path(window: Window) -> Path | None:
    """Where to save the blank template (.xlsx)."""
    name, _chosen = QFileDialog.getSaveFileName(
        window.dialog_parent, tr("template-save-title"),
        str(_start_folder(window) / tr("template-default-name")), tr("template-filter"))
    if not name:
        return None
    path = Path(name)
    return path if path.suffix.lower() == ".xlsx" else path.with_suffix(".xlsx")


def ask_roster_template_path(window: Window) -> Path | None:
    """Where to save the roster template (.xlsx or .csv, by the filter chosen)."""
    name, chosen = QFileDialog.getSaveFileName(
        window.dialog_parent, tr("roster-save-title"),
        str(_start_folder(window) / tr("roster-default-name")), tr("roster-save-filter"))
    if not name:
        return None
    path = Path(name)
    if path.suffix.lower() not in (".xlsx", ".csv"):
        path = path.with_suffix(".csv" if "csv" in chosen.lower() else ".xlsx")
    return path
