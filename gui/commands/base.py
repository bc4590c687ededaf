"""The shape of a command and the one runner that runs them, one at a time."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QObject, QThreadPool, Signal
from PySide6.QtWidgets import QWidget

from gui import dialogs
from gui.session import Session
from gui.settings import Settings
from gui.strings import tr
from gui.widgets.kpi_preview import KpiPreview
from gui.widgets.progress_panel import ProgressPanel
from gui.workers import ApiTask
from kpi_workbook.domain.messages import Lang


class Window(Protocol):
    """What a command may use of the window (gui/main_window.py): its state, the outcome
    line, the preview, and a parent for dialogs. Commands know nothing of the panels."""

    settings: Settings
    session: Session
    last_output: Path | None
    preview: KpiPreview

    @property
    def dialog_parent(self) -> QWidget: ...

    def show_outcome(self, text: str) -> None: ...

    def offer_folder(self, message: str, folder: Path) -> None: ...

    def open_path(self, path: Path) -> None: ...

    def results_arrived(self, *, first: bool) -> None: ...

    def run(self, command: Command | None) -> None: ...

    def run_next(self, command: Command) -> None: ...

    def refresh(self, fit_columns: bool = True) -> None: ...

    def retitle(self) -> None: ...

    def set_language(self, lang: Lang) -> None: ...


class Command:
    """One task: ``call()`` names the function the worker runs and its arguments (plain
    values only: the worker must not touch the window); the other methods run on the GUI
    thread with what came back."""

    progress_key = "progress-check"
    """The label of the progress line (``{done}``, ``{total}``, ``{name}``)."""

    def __init__(self, window: Window) -> None:
        self.window = window

    def call(self) -> tuple[Callable[..., Any], dict[str, object]]:
        raise NotImplementedError

    def on_item(self, item: object) -> None:
        """One streamed result (a file read while the others are still being read)."""

    def succeeded(self, result: object) -> None:
        """The call returned ``result``."""

    def failed(self, message: str) -> None:
        self.window.show_outcome(message.splitlines()[0])
        dialogs.show_error(self.window.dialog_parent, message)

    def cancelled(self) -> None:
        self.window.show_outcome(tr("cancelled"))


class CommandRunner(QObject):
    """Runs one command at a time on the thread pool, with the progress panel's bar and
    中止; ``finished`` after its result has been taken in."""

    finished = Signal()

    def __init__(self, pool: QThreadPool, progress: ProgressPanel,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = pool
        self.progress = progress
        self.task: ApiTask | None = None
        self.command: Command | None = None
        progress.cancel_requested.connect(self.cancel)

    @property
    def busy(self) -> bool:
        return self.task is not None

    def start(self, command: Command) -> None:
        fn, kwargs = command.call()
        task = ApiTask(fn, parent=self, **kwargs)
        task.signals.progress.connect(self._on_progress)
        task.signals.item.connect(self._on_item)
        task.signals.succeeded.connect(self._on_succeeded)
        task.signals.failed.connect(self._on_failed)
        task.signals.cancelled.connect(self._on_cancelled)
        task.signals.finished.connect(self._on_finished)
        self.task, self.command = task, command
        self.progress.begin()
        task.start(self.pool)

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.progress.cancel_button.setEnabled(False)

    def wait(self) -> None:
        """Ask the running task to stop between files, and wait for it (at close: it must
        not outlive its signals)."""
        if self.task is not None:
            self.task.cancel()
        self.pool.waitForDone()

    def _on_progress(self, done: int, total: int, name: str) -> None:
        if self.command is not None:
            text = tr(self.command.progress_key, done=done, total=total, name=name)
            self.progress.update_progress(done, total, text)

    def _on_item(self, item: object) -> None:
        if self.command is not None:
            self.command.on_item(item)

    def _on_succeeded(self, result: object) -> None:
        if self.command is not None:
            self.command.succeeded(result)

    def _on_failed(self, message: str) -> None:
        if self.command is not None:
            self.command.failed(message)

    def _on_cancelled(self) -> None:
        if self.command is not None:
            self.command.cancelled()

    def _on_finished(self) -> None:
        if self.task is not None:
            self.task.release()
        self.task = None
        self.command = None
        self.progress.end()
        self.finished.emit()
