"""Python's garbage collection on the GUI thread only.

Automatic collection runs on whichever thread happens to allocate; when a worker thread
(reading workbooks) triggers it, it may free Qt objects that belong to the GUI thread,
and Qt crashes (seen in tests: SIGSEGV "Garbage-collecting" inside the reader on a pool
thread). pyqtgraph's GarbageCollector solves this the same way: switch automatic
collection off and collect from a timer on the GUI thread instead.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer


class GuiThreadGarbageCollector(QObject):
    """While alive, garbage is collected only on the GUI thread, every ``interval_ms``."""

    def __init__(self, parent: QObject | None = None, interval_ms: int = 1000) -> None:
        super().__init__(parent)
        self._thresholds = gc.get_threshold()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.collect)
        self._timer.start(interval_ms)

    def collect(self) -> None:
        """Collect the generations whose thresholds were passed, as gc itself would."""
        counts = gc.get_count()
        for generation in (2, 1, 0):
            if counts[generation] > self._thresholds[generation]:
                gc.collect(generation)
                return

    def stop(self) -> None:
        """Back to Python's own automatic collection (at exit, in tests)."""
        self._timer.stop()
        gc.collect()
        gc.enable()
