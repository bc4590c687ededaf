"""集計ブックを作成: the consolidated workbook, with the options of the settings file."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QFileDialog

from gui import dialogs
from gui.commands.base import Command
from gui.settings import Settings
from gui.strings import current_lang, issue_text, tr
from kpi_workbook import usecases as api
from kpi_workbook.domain.attainment import Bands, GradeScheme
from kpi_workbook.domain.issues import Issue, Severity
from kpi_workbook.usecases.folders import outside_inputs

if TYPE_CHECKING:
    from gui.commands.base import Window


class SettingsFileError(Exception):
    """The settings file named in 設定 cannot be read; the message is for the clerk."""


def merge_options(settings: Settings) -> api.MergeOptions:
    """What ``merge --settings FILE --grade G`` would use, from the window's settings: the
    settings file's bands and grading when a file is named (else the bands of 設定), then
    the 評価 choice of 設定 unless it says "as in the settings file"."""
    overrides: dict[str, Any] = {"report_year": settings.report_year,
                                 "strict": settings.strict, "lang": current_lang(),
                                 "roster": settings.roster, "previous": settings.previous,
                                 "profile": settings.profile_choice()}
    file = settings.settings_file
    if file is not None:
        try:
            options = api.MergeOptions.from_settings(file, **overrides)
        except api.KpiWorkbookError as exc:  # settings-unreadable, the reason in words
            raise SettingsFileError(issue_text(exc.issue)) from exc
    else:
        options = api.MergeOptions(bands=Bands(*settings.bands), **overrides)
    if settings.grade:
        options = replace(options, grading=replace(options.grading,
                                                   scheme=GradeScheme(settings.grade)))
    return options


@dataclass(frozen=True, slots=True)
class RecordUnreadable:
    """The worker's answer when OUT exists but what was typed into its 外部評価 cannot be
    read: nothing was written, and the clerk is asked whether to discard it."""

    issue: Issue


def merge_keeping_record(**kwargs: Any) -> api.MergeResult | RecordUnreadable:
    """``api.merge`` on the worker; an unreadable record of the OUT it would replace comes
    back as a value (the question is the window's), every other failure as raised."""
    try:
        return api.merge(**kwargs)
    except api.KpiWorkbookError as exc:
        if exc.issue.code == "evaluation-record-unreadable":
            return RecordUnreadable(exc.issue)
        raise


class MergeCommand(Command):
    """Write the consolidated workbook of every loaded input to ``out``."""

    progress_key = "progress-merge"

    def __init__(self, window: Window, out: Path, options: api.MergeOptions) -> None:
        super().__init__(window)
        self.out = out
        self.options = options

    @classmethod
    def prepare(cls, window: Window, out: Path) -> MergeCommand | None:
        """The command, or None after telling the clerk why it cannot run (the settings
        file cannot be read; ``out`` is last year's workbook, which is never replaced)."""
        try:
            options = merge_options(window.settings)
            if window.settings.report_separate:  # 国への報告 as a workbook beside OUT
                options = replace(options, report_form=api.report_form_beside(out))
            api.refuse_reference_as_output(out, options)
        except SettingsFileError as exc:
            dialogs.show_error(window.dialog_parent, str(exc))
            return None
        except api.KpiWorkbookError as exc:
            message = issue_text(exc.issue)
            window.show_outcome(message)
            dialogs.show_error(window.dialog_parent, message)
            return None
        return cls(window, out, options)

    @staticmethod
    def ask_output(window: Window) -> Path | None:
        """Where to write it (the save dialog, starting at the last output folder, never
        in a folder of submissions: the folder above it)."""
        settings = window.settings
        folder = outside_inputs(settings.output_dir or settings.input_dir or Path.home(),
                                window.session.inputs)
        # the name carries the report year: next year's default is not last year's record
        default = folder / api.default_output_name(settings.report_year)
        name, _filter = QFileDialog.getSaveFileName(window.dialog_parent, tr("merge-save-title"),
                                                    str(default), tr("xlsx-filter"))
        if not name:
            return None
        out = Path(name)
        return out if out.suffix.lower() == ".xlsx" else out.with_suffix(".xlsx")

    def call(self) -> tuple[Callable[..., Any], dict[str, object]]:
        self.window.settings.output_dir = self.out.parent
        return merge_keeping_record, {"paths": tuple(self.window.session.inputs),
                                      "out": self.out, "options": self.options}

    def succeeded(self, result: object) -> None:
        if isinstance(result, RecordUnreadable):
            self.ask_discard(result.issue)
            return
        if not isinstance(result, api.MergeResult):
            return
        window = self.window
        if not result.written:
            window.show_outcome(tr("merge-strict-refused"))
            dialogs.show_info(window.dialog_parent, tr("merge-strict-refused"))
            return
        window.last_output = result.out
        errors = result.counts[Severity.ERROR]
        key = "merge-done-errors" if errors else "merge-done"
        projects = sum(len(s.projects) for s in result.submissions)
        report = (tr("merge-report-file", name=result.report_form.name) if result.report_form
                  else tr("merge-report-sheet"))  # where 国への報告 went
        outcome = tr(key, path=str(result.out), errors=errors,
                     files=len(result.submissions), projects=projects, report=report)
        if result.carried:
            outcome += " " + tr("merge-carried", cells=result.carried,
                                projects=result.carried_projects)
        if result.orphaned:
            outcome += " " + tr("merge-orphaned", count=result.orphaned)
        window.show_outcome(outcome, result.out)

    def ask_discard(self, issue: Issue) -> None:
        """Say why the record cannot be kept and what discarding it loses; only a yes
        (not the default button) merges again without it. No leaves OUT as it was."""
        window = self.window
        message = issue_text(issue)
        window.show_outcome(message)
        question = f"{message}\n\n{tr('merge-discard-ask', name=self.out.name)}"
        if dialogs.ask(window.dialog_parent, question, default_yes=False):
            again = MergeCommand(window, self.out,
                                 replace(self.options, discard_evaluation=True))
            window.run_next(again)
