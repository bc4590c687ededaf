"""Drive the real window, started by its entry point, through a clerk's long session.

Run as a script (tests/gui/test_soak.py starts it in a subprocess, so that a Python abort
such as ``Fatal Python error: none_dealloc`` shows as the exit status, not as a dead test
runner)::

    python tests/gui/soak_driver.py RESULT.json FOLDER [CYCLES]

``gui.app.main`` opens the window and checks FOLDER as ``kpi-workbook-gui FOLDER`` would;
this driver then repeats, CYCLES times: select every issue row (the preview follows),
scroll both tables to the end and back, repaint them (each repaint asks ``data()`` of every
visible cell and role, from C++), switch the filters, clear the list (一覧をクリア), add the
folder again and re-check it. It counts the models' ``data()`` calls and records
``sys.getrefcount(None)`` after the first check and at the end, then closes the window.
The test decides what is a failure; the driver only reports.
"""

from __future__ import annotations

import gc
import json
import sys
from pathlib import Path

from PySide6.QtCore import QTimer

import gui.app
from gui.main_window import MainWindow
from gui.qt_issue_model import IssueTableModel
from gui.qt_submission_model import SubmissionTableModel
from gui.workers import ApiTask

_calls = {"data": 0}


def _counting(cls: type) -> None:
    """Count every call of ``cls.data`` (from C++ or Python): the test needs tens of
    thousands, not a few hundred, to be sure the soak exercised what leaks."""
    original = cls.data

    def data(self: object, *args: object) -> object:
        _calls["data"] += 1
        return original(self, *args)

    cls.data = data  # type: ignore[attr-defined]


def _none_refs() -> int:
    """References to None once garbage is gone (the window collects only on a timer)."""
    gc.collect()
    return sys.getrefcount(None)


class Driver:
    """Steps through the cycles from the event loop, one step per timer shot, so that the
    window paints, streams and runs its worker as it does for a clerk."""

    def __init__(self, result: Path, folder: Path, cycles: int) -> None:
        self.result = result
        self.folder = folder
        self.cycles = cycles
        self.cycle = 0
        self.window: MainWindow | None = None
        self.none_at_start = 0
        self.recheck_next = False
        self.rechecks = 0

    def attach(self, window: MainWindow) -> None:
        """Called when the entry point has built its window."""
        self.window = window
        window.task_finished.connect(self.after_task)

    # --- one cycle ---------------------------------------------------------------------------
    def after_task(self) -> None:
        window = self.window
        assert window is not None
        if window.task is not None:
            return
        if self.recheck_next:
            self.recheck_next = False
            self.rechecks += 1
            QTimer.singleShot(0, window.recheck)
        else:
            QTimer.singleShot(0, self.browse)

    def browse(self) -> None:
        window = self.window
        assert window is not None
        if self.cycle == 0:
            self.none_at_start = _none_refs()
        if not window.session.submissions:
            self.finish("nothing was read")
            return
        for view in (window.issues.view, window.files.view):
            model = view.model()
            bar = view.verticalScrollBar()
            for row in range(model.rowCount()):
                view.setCurrentIndex(model.index(row, 0))  # the preview follows
                view.viewport().repaint()
                bar.setValue(bar.maximum() if row % 2 else bar.minimum())
            view.scrollToBottom()
            view.viewport().repaint()
            view.scrollToTop()
        for i in range(window.issues.severity_combo.count()):
            window.issues.severity_combo.setCurrentIndex(i)
            window.issues.view.viewport().repaint()
        window.issues.severity_combo.setCurrentIndex(0)
        window.preview.table.viewport().repaint()
        self.cycle += 1
        if self.cycle >= self.cycles:
            self.finish("")
            return
        # 一覧をクリア, then the folder again; every other cycle a 再チェック on top
        window.clear()
        window.files.view.viewport().repaint()
        window.issues.view.viewport().repaint()
        self.recheck_next = self.cycle % 2 == 0
        window.add_paths([self.folder])

    def finish(self, problem: str) -> None:
        window = self.window
        assert window is not None
        tasks_alive = sum(isinstance(o, ApiTask) for o in gc.get_objects())
        report = {"tasks_alive": tasks_alive, "cycles": self.cycle, "data_calls": _calls["data"],
                  "none_at_start": self.none_at_start, "none_at_end": _none_refs(),
                  "problem": problem, "rechecks": self.rechecks}
        self.result.write_text(json.dumps(report), encoding="utf-8")
        window.close()


def main(argv: list[str]) -> int:
    result, folder = Path(argv[0]), Path(argv[1])
    cycles = int(argv[2]) if len(argv) > 2 else 12
    _counting(IssueTableModel)
    _counting(SubmissionTableModel)
    driver = Driver(result, folder, cycles)
    build = MainWindow.__init__

    def init(window: MainWindow, *args: object, **kwargs: object) -> None:
        build(window, *args, **kwargs)
        driver.attach(window)

    MainWindow.__init__ = init  # type: ignore[method-assign]
    return gui.app.main([str(folder)])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
