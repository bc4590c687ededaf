"""ApiTask: results stream in, cancel stops between items, any exception becomes a message."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

from PySide6.QtCore import QThreadPool

from gui.workers import ApiTask
from kpi_workbook.domain.issues import Issue, Location
from kpi_workbook.usecases.check import Cancelled, KpiWorkbookError, Progress


def _stream(*, progress: object, cancel: threading.Event, n: int) -> Iterator[int]:
    for i in range(n):
        if cancel.is_set():
            raise Cancelled()
        progress(Progress(i + 1, n, Path(f"{i}.xlsx")))  # type: ignore[operator]
        yield i


def test_task_streams_items_then_succeeds(qtbot: object) -> None:
    task = ApiTask(_stream, n=3)
    items: list[object] = []
    task.signals.item.connect(items.append)
    with qtbot.waitSignal(task.signals.succeeded, timeout=5000) as blocker:  # type: ignore[attr-defined]
        task.start()
    QThreadPool.globalInstance().waitForDone()
    assert blocker.args == [[0, 1, 2]]
    qtbot.waitUntil(lambda: len(items) == 3)  # type: ignore[attr-defined]


def _wait_for_cancel(*, progress: object, cancel: threading.Event) -> None:
    # a long run that only ends when cancelled (a bounded wait keeps a broken test finite)
    if cancel.wait(10):
        raise Cancelled()


def test_task_cancel_emits_cancelled_then_finished(qtbot: object) -> None:
    task = ApiTask(_wait_for_cancel)
    order: list[str] = []
    task.signals.cancelled.connect(lambda: order.append("cancelled"))
    task.signals.finished.connect(lambda: order.append("finished"))
    with qtbot.waitSignal(task.signals.finished, timeout=5000):  # type: ignore[attr-defined]
        task.start()
        task.cancel()
    assert order == ["cancelled", "finished"]


def _boom(*, progress: object, cancel: threading.Event) -> None:
    raise ZeroDivisionError("bug")


def _stop(*, progress: object, cancel: threading.Event) -> None:
    raise KpiWorkbookError(Issue("file-not-found", Location(Path("o"))))


def test_task_failure_is_a_message_not_a_crash(qtbot: object) -> None:
    task = ApiTask(_boom)
    with qtbot.waitSignal(task.signals.failed, timeout=5000) as blocker:  # type: ignore[attr-defined]
        task.start()
    assert "ZeroDivisionError" not in blocker.args[0]  # Python is for the log, not the clerk
    assert "処理を中止しました" in blocker.args[0]
    task = ApiTask(_stop)
    with qtbot.waitSignal(task.signals.failed, timeout=5000) as blocker:  # type: ignore[attr-defined]
        task.start()
    assert blocker.args == [Issue("file-not-found", Location(Path("o")))
                            .message("ja")]
    QThreadPool.globalInstance().waitForDone()
