"""How soon the window shows the first file's result after 100 files are dropped.

Issue 7 asks that the first result appears within a second of dropping 100 files (results
stream in as files are read). Runs the real MainWindow offscreen on a synthetic corpus and
reports the time to the first row, to the last row, and the time the GUI thread spent
taking results in (the longest gap between event-loop turns says whether it froze).

Usage::

    python -m benchmarks.gui_first_result            # N = 100
    python -m benchmarks.gui_first_result -n 300
"""

from __future__ import annotations

import argparse
import itertools
import os
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def measure(n: int) -> dict[str, float]:
    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from benchmarks.generate import generate
    from gui.gc_guard import GuiThreadGarbageCollector
    from gui.main_window import MainWindow
    from gui.settings import Settings

    corpus = Path(tempfile.gettempdir()) / "kpi-workbook-bench" / f"gui-{n}"
    files = generate(corpus, n)
    app = QApplication.instance() or QApplication([])
    collector = GuiThreadGarbageCollector(app)
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(QSettings(str(Path(tmp) / "s.ini"), QSettings.Format.IniFormat))
        window = MainWindow(settings)
        window.show()
        marks: dict[str, float] = {}
        ticks: list[float] = []

        def tick() -> None:  # runs on the GUI thread: a late tick is a frozen window
            now = time.perf_counter()
            ticks.append(now)
            if window.session.submissions:
                marks.setdefault("first", now)

        timer = QTimer()
        timer.timeout.connect(tick)
        timer.start(5)
        window.task_finished.connect(lambda: (marks.setdefault("last", time.perf_counter()),
                                              app.quit()))
        start = time.perf_counter()
        window.add_paths([files[0].parent])
        app.exec()
        timer.stop()
        gaps = [b - a for a, b in itertools.pairwise(ticks)] or [0.0]
        window.close()
    collector.stop()
    return {"files": float(len(files)), "first_s": marks["first"] - start,
            "all_s": marks["last"] - start, "longest_freeze_s": max(gaps)}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-n", type=int, default=100)
    args = parser.parse_args(argv)
    result = measure(args.n)
    print(f"files dropped:            {result['files']:.0f}")
    print(f"first result shown after: {result['first_s'] * 1000:.0f} ms")
    print(f"all results shown after:  {result['all_s'] * 1000:.0f} ms")
    print(f"longest GUI-thread gap:   {result['longest_freeze_s'] * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
