"""公表用ページを作成: the city's web page and the open-data CSV from a consolidated workbook
(``kpi-workbook publish``), then the folder is opened to upload them."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from PySide6.QtWidgets import QFileDialog

from gui import dialogs
from gui.commands.base import Command
from gui.strings import current_lang, issue_text, tr
from kpi_workbook import usecases as api
from kpi_workbook.domain.issues import Issue

if TYPE_CHECKING:
    from gui.commands.base import Window


#: Findings listed in the question before 「ほか N 件」 (the dialog must fit the screen).
SHOWN_FINDINGS: Final = 8


@dataclass(frozen=True, slots=True)
class NeedsConfirmation:
    """The worker's answer when the page would show something the clerk should know
    first (``PublishPreview.findings``): nothing was written yet."""

    findings: list[Issue]


class _Stop(Exception):
    def __init__(self, findings: Sequence[Issue]) -> None:
        super().__init__()
        self.findings = list(findings)


def publish_after_findings(*, options: api.PublishOptions, confirmed: bool,
                           progress: api.ProgressFn | None = None,
                           cancel: threading.Event | None = None,
                           ) -> api.PublishResult | NeedsConfirmation:
    """``api.publish`` on the worker, stopping before anything is written when there are
    findings the clerk has not yet seen (one read when there are none)."""

    def gate(findings: Sequence[Issue]) -> None:
        if findings and not confirmed:
            raise _Stop(findings)

    try:
        return api.publish(options, progress=progress, cancel=cancel, before_writing=gate)
    except _Stop as stop:
        return NeedsConfirmation(stop.findings)


class PublishCommand(Command):
    """Write index.html and kpi.csv of ``source`` into ``outdir``; when the page would
    show errors, values that are not numbers, projects without a readable 実施区分 or
    evaluations outside the list, the clerk is told and asked first."""

    progress_key = "progress-publish"

    def __init__(self, window: Window, source: Path, outdir: Path, *,
                 confirmed: bool = False) -> None:
        super().__init__(window)
        self.source = source
        self.outdir = outdir
        self.confirmed = confirmed

    def call(self) -> tuple[Callable[..., Any], dict[str, object]]:
        settings = self.window.settings
        settings.publish_dir = self.outdir
        options = api.PublishOptions(self.source, self.outdir,
                                     with_attainment=settings.publish_attainment,
                                     lang=current_lang(), settings=settings.settings_file)
        return publish_after_findings, {"options": options, "confirmed": self.confirmed}

    def succeeded(self, result: object) -> None:
        if isinstance(result, NeedsConfirmation):
            self.ask_to_go_on(result.findings)
        elif isinstance(result, api.PublishResult):
            self.window.show_outcome(tr("publish-done", projects=result.projects,
                                        path=str(result.page)), result.page)
            self.window.open_path(self.outdir)


    def ask_to_go_on(self, findings: Sequence[Issue]) -> None:
        window = self.window
        lang = current_lang()
        bullet = "- " if lang == "en" else "・"
        lines = [f"{bullet}{issue_text(issue)}" for issue in findings[:SHOWN_FINDINGS]]
        if len(findings) > SHOWN_FINDINGS:
            lines.append(tr("publish-findings-more", count=len(findings) - SHOWN_FINDINGS))
        question = tr("publish-findings-ask", count=len(findings), items="\n".join(lines))
        if dialogs.ask(window.dialog_parent, question):
            again = PublishCommand(window, self.source, self.outdir, confirmed=True)
            window.run_next(again)
        else:
            window.show_outcome(tr("publish-not-written"))


def ask_publish(window: Window) -> tuple[Path, Path] | None:
    """The consolidated workbook to publish (the one just written, by default) and the
    folder for the page."""
    settings = window.settings
    start = window.last_output or settings.output_dir or Path.home()
    source, _filter = QFileDialog.getOpenFileName(window.dialog_parent, tr("publish-source-title"),
                                                  str(start), tr("xlsx-filter"))
    if not source:
        return None
    folder = settings.publish_dir or Path(source).parent
    outdir = QFileDialog.getExistingDirectory(window.dialog_parent, tr("publish-out-title"),
                                              str(folder))
    return (Path(source), Path(outdir)) if outdir else None
