"""公表用ページを作成: the city's web page and the open-data CSV from a consolidated workbook
(``kpi-workbook publish``), then the folder is opened to upload them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QFileDialog

from gui.commands.base import Command
from gui.strings import current_lang, tr
from kpi_workbook import usecases as api

if TYPE_CHECKING:
    from gui.commands.base import Window


class PublishCommand(Command):
    """Write index.html and kpi.csv of ``source`` into ``outdir``."""

    progress_key = "progress-publish"

    def __init__(self, window: Window, source: Path, outdir: Path) -> None:
        super().__init__(window)
        self.source = source
        self.outdir = outdir

    def call(self) -> tuple[Callable[..., Any], dict[str, object]]:
        settings = self.window.settings
        settings.publish_dir = self.outdir
        options = api.PublishOptions(self.source, self.outdir,
                                     with_attainment=settings.publish_attainment,
                                     lang=current_lang())
        return api.publish, {"options": options}

    def succeeded(self, result: object) -> None:
        if isinstance(result, api.PublishResult):
            self.window.show_outcome(tr("publish-done", projects=result.projects,
                                        path=str(result.page)), result.page)
            self.window.open_path(self.outdir)


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
