"""Open the real window, through its entry point, on a screen of a given size, and report
what a clerk would see (tests/gui/test_screen.py runs it; docs/make_screenshots.py too).

    QT_QPA_PLATFORM=offscreen:configfile=SCREEN.json \\
        python tests/gui/screen_driver.py RESULT.json SHOTS_PREFIX EXAMPLES MANY [MERGE_OUT]

The window opens as ``kpi-workbook-gui EXAMPLES`` would. Once the examples are read, the
driver selects the faulty file's first error (screenshot ``PREFIX-idle.png``), then adds
MANY (a folder of many files) and, while they are read, records where the progress bar
and 中止 are (screenshot ``PREFIX-busy.png``) and presses 中止. With MERGE_OUT it then
writes the consolidated workbook there, opens the ファイル menu over the outcome and
records the outcome line before and after. Everything measured goes to RESULT.json.

The reading of MANY is held after its first file by a gate (:class:`ReadingGate`) until
the driver has looked and pressed 中止: what it sees while "busy" does not depend on how
fast the machine reads 100 files (under load the reading had once finished first).
"""

from __future__ import annotations

import json
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, QRect, QTimer
from PySide6.QtWidgets import QAbstractItemView, QApplication, QMessageBox, QWidget

import gui.app
from gui.main_window import MainWindow
from gui.screen_fit import FRAME
from kpi_workbook import usecases as api
from kpi_workbook.domain.issues import Severity
from kpi_workbook.usecases import Progress

#: How long the gate waits for the driver before it lets the reading go on anyway (s): a
#: driver that never looks must not leave the worker thread waiting for ever.
GATE_TIMEOUT = 60.0


def _rect(r: QRect) -> list[int]:
    return [r.x(), r.y(), r.width(), r.height()]


def _rows_in_view(view: QAbstractItemView, rows: range) -> int:
    """How many of ``rows`` the view shows whole, scrolled to the top."""
    view.scrollToTop()
    QApplication.processEvents()
    height = view.viewport().height()
    model = view.model()
    whole = 0
    for row in rows:
        rect = view.visualRect(model.index(row, 0))
        if rect.isValid() and rect.top() >= 0 and rect.bottom() < height:
            whole += 1
    return whole


def _shown(widget: QWidget, window: MainWindow) -> dict[str, object]:
    """Where ``widget`` is in the window, and whether all of it can be seen."""
    top_left = widget.mapTo(window, QPoint(0, 0))
    rect = QRect(top_left, widget.size())
    return {"visible": widget.isVisible(), "rect": _rect(rect),
            "inside": window.rect().contains(rect),
            "unclipped": widget.visibleRegion().boundingRect().size() == widget.size()}


class ReadingGate:
    """Holds the worker reading ``folder`` after the first file's progress report, until
    :meth:`open`: the window is then busy for as long as the driver needs to look.

    The window's check command calls ``usecases.stream_check`` (looked up when it starts);
    the gate wraps it and passes every other call through unchanged.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.held = threading.Event()
        """Set by the worker once the first file has been reported and it is waiting."""
        self._opened = threading.Event()
        self._stream_check = api.stream_check
        api.stream_check = self.stream_check

    def stream_check(self, paths: Any, *args: Any, progress: Any = None,
                     **kwargs: Any) -> Iterator[object]:
        if self.folder not in [Path(p) for p in paths]:
            return self._stream_check(paths, *args, progress=progress, **kwargs)

        def held(report: Progress) -> None:
            if progress is not None:
                progress(report)  # queued to the window before the worker waits
            if not self._opened.is_set():
                self.held.set()
                self._opened.wait(GATE_TIMEOUT)

        return self._stream_check(paths, *args, progress=held, **kwargs)

    def open(self) -> None:
        self._opened.set()


class Driver:
    def __init__(self, result: Path, prefix: str, many: Path, merge_out: Path | None) -> None:
        self.result = result
        self.prefix = prefix
        self.many = many
        self.merge_out = merge_out
        self.gate = ReadingGate(many)
        self.waited = 0
        self.window: MainWindow | None = None
        self.report: dict[str, object] = {}
        self.stage = "examples"

    def attach(self, window: MainWindow) -> None:
        self.window = window
        window.task_finished.connect(self.after_task)

    def after_task(self) -> None:
        QTimer.singleShot(0, self.next_stage)

    def next_stage(self) -> None:
        window = self.window
        assert window is not None
        if self.stage == "examples":
            self.stage = "many"
            self.look_idle(window)
            window.add_paths([self.many])
            QTimer.singleShot(10, self.look_busy)
        elif self.stage == "many":
            self.report["after_cancel"] = window.outcome_label.text()
            if self.merge_out is None:
                self.finish()
                return
            self.stage = "merge"
            window.start_merge(self.merge_out)
        elif self.stage == "merge":
            self.stage = "done"
            self.look_after_merge(window)

    def look_idle(self, window: MainWindow) -> None:
        screen = window.screen()
        available = screen.availableGeometry()
        self.report.update({
            "screen": _rect(screen.geometry()), "available": _rect(available),
            "dpr": screen.devicePixelRatio(),
            "geometry": _rect(window.geometry()), "frame": _rect(window.frameGeometry()),
            "frame_allowance": [FRAME.width(), FRAME.height()],
            "status_bar": _shown(window.statusBar(), window),
            "issue_table": _shown(window.issues.view, window),
            "preview": _shown(window.preview.table, window),
        })
        model = window.issues.proxy
        window.issues.set_severity_filter(frozenset(Severity))  # 31 rows: more than fit
        self.report["issue_rows_shown"] = _rows_in_view(window.issues.view,
                                                        range(model.rowCount()))
        for row in range(model.rowCount()):
            issue = model.issue(model.index(row, 0))
            if issue.where.cell and issue.where.file.name.startswith("不備あり"):
                window.issues.view.setCurrentIndex(model.index(row, 0))
                break
        QApplication.processEvents()
        table = window.preview.table
        # row 0 holds the KPI names; the faulty project has 4 year rows
        self.report["preview_year_rows"] = table.rowCount() - 1
        self.report["preview_year_rows_shown"] = _rows_in_view(table,
                                                               range(1, table.rowCount()))
        window.issues.view.scrollTo(window.issues.view.currentIndex())
        QApplication.processEvents()
        window.grab().save(f"{self.prefix}-idle.png")

    def look_busy(self) -> None:
        window = self.window
        assert window is not None
        progress = window.progress
        if not window.runner.busy:
            self.report["busy"] = "finished before it could be seen"
            self.gate.open()
            return
        if not self.gate.held.is_set() or progress.bar.maximum() == 0:
            # the first file is still being read (or its report is on its way)
            self.waited += 10
            if self.waited > GATE_TIMEOUT * 1000:
                self.report["busy"] = "the reading never reported its first file"
                self.gate.open()
                return
            QTimer.singleShot(10, self.look_busy)
            return
        self.report["busy"] = {"progress": _shown(progress.bar, window),
                               "cancel": _shown(progress.cancel_button, window),
                               "label": progress.label.text(),
                               "status_bar": _shown(window.statusBar(), window)}
        window.grab().save(f"{self.prefix}-busy.png")
        progress.cancel_button.click()
        self.gate.open()  # the worker reads on, sees 中止 and stops

    def look_after_merge(self, window: MainWindow) -> None:
        before = window.outcome_label.text()
        menu = window.action_bar.file_menu
        menu.popup(window.mapToGlobal(QPoint(10, 10)))
        QApplication.processEvents()
        menu.setActiveAction(window.action_bar.action("merge"))
        QApplication.processEvents()
        self.report["outcome"] = {"before_menu": before,
                                  "with_menu_open": window.outcome_label.text(),
                                  "visible": window.outcome_label.isVisible()}
        window.grab().save(f"{self.prefix}-merged.png")
        menu.close()
        self.finish()

    def finish(self) -> None:
        window = self.window
        assert window is not None
        self.gate.open()
        self.result.write_text(json.dumps(self.report, ensure_ascii=False), encoding="utf-8")
        window.close()


class _Dialogs:
    """Message boxes answered at once (a modal box would stop the driver), and recorded."""

    def __init__(self, report: dict[str, object]) -> None:
        self.shown: list[str] = []
        report["dialogs"] = self.shown
        for name in ("critical", "information", "warning"):
            setattr(QMessageBox, name, staticmethod(self.answer))
        QMessageBox.question = staticmethod(self.no)  # type: ignore[method-assign]

    def answer(self, parent: object, title: str, text: str, *args: object) -> object:
        self.shown.append(text)
        return QMessageBox.StandardButton.Ok

    def no(self, parent: object, title: str, text: str, *args: object) -> object:
        self.shown.append(text)
        return QMessageBox.StandardButton.No


def main(argv: list[str]) -> int:
    result, prefix, examples, many = Path(argv[0]), argv[1], argv[2], Path(argv[3])
    merge_out = Path(argv[4]) if len(argv) > 4 else None
    driver = Driver(result, prefix, many, merge_out)
    _Dialogs(driver.report)
    build = MainWindow.__init__

    def init(window: MainWindow, *args: object, **kwargs: object) -> None:
        build(window, *args, **kwargs)
        driver.attach(window)

    MainWindow.__init__ = init  # type: ignore[method-assign]
    return gui.app.main([examples])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
