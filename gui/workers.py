"""Run kpi_workbook calls off the GUI thread, with progress, cancel and failure as signals.

One worker class for everything (style guide §2.5): a callable run on the global pool. A
call that returns an iterator streams: each item is emitted as it arrives, so the window
shows each file's result while the others are still being read.

Not a QRunnable: PySide6 keeps a reference to a QRunnable started with autoDelete off
(and autoDelete on frees it twice, as git-cola found), so every task of a day's session
stayed in memory with its arguments (the soak test counted one ApiTask per task). A
callable is released when it has run; the signals belong to a QObject of the GUI thread
(``parent``), so whichever thread drops the last reference, Qt frees them there.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, Signal

from gui.error_log import log_file
from gui.strings import issue_text, tr
from kpi_workbook.usecases import Cancelled, KpiWorkbookError, Progress

log = logging.getLogger(__name__)


class TaskSignals(QObject):
    """Created on the GUI thread, so emits from the pool are queued to GUI-thread slots."""

    progress = Signal(int, int, str)  # done, total, file name
    item = Signal(object)  # one streamed result (a Submission, …)
    succeeded = Signal(object)  # the call's result (for a stream: the list of items)
    failed = Signal(str)  # a message for a dialog, already in the UI language
    cancelled = Signal()
    finished = Signal()  # always last, after exactly one of the three above


class ApiTask:
    """Run one call as ``fn(progress=…, cancel=…, **kwargs)``; never touches widgets."""

    def __init__(self, fn: Callable[..., Any], /, *, parent: QObject | None = None,
                 **kwargs: object) -> None:
        self.signals = TaskSignals(parent)
        self.cancel_event = threading.Event()
        self._fn = fn
        self._kwargs = kwargs

    def start(self, pool: QThreadPool | None = None) -> None:
        (pool or QThreadPool.globalInstance()).start(self.run)

    def release(self) -> None:
        """After ``finished``: free the signals on this (the GUI) thread."""
        if self.signals.parent() is not None:
            self.signals.deleteLater()

    def cancel(self) -> None:
        """Ask the call to stop at its next check (between files)."""
        self.cancel_event.set()

    def run(self) -> None:
        try:
            result = self._fn(progress=self._emit_progress, cancel=self.cancel_event,
                              **self._kwargs)
            if isinstance(result, Iterator):
                result = self._stream(result)
        except Cancelled:
            self.signals.cancelled.emit()
        except KpiWorkbookError as exc:
            self.signals.failed.emit(issue_text(exc.issue))
        except Exception:  # last resort: a dialog, never a crash
            # the details are for whoever fixes it (gui/error_log.py), never for the dialog
            log.exception("worker failed in %s", getattr(self._fn, "__name__", self._fn))
            self.signals.failed.emit(tr("unexpected-error", log=str(log_file())))
        else:
            self.signals.succeeded.emit(result)
        finally:
            self.signals.finished.emit()

    def _stream(self, items: Iterator[object]) -> list[object]:
        collected = []
        for item in items:
            collected.append(item)
            self.signals.item.emit(item)
        return collected

    def _emit_progress(self, progress: Progress) -> None:
        self.signals.progress.emit(progress.done, progress.total, progress.path.name)
