"""Make the user guide's screenshots: the main window with the examples loaded.

Run from the repository root: ``QT_QPA_PLATFORM=offscreen python docs/make_screenshots.py``.
Settings go to a temporary INI file, so the clerk's own settings are never touched.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gui.main_window import MainWindow  # noqa: E402
from gui.settings import Settings  # noqa: E402
from kpi_workbook.issues import Severity  # noqa: E402


def main() -> None:
    app = QApplication.instance() or QApplication([])
    out = ROOT / "docs" / "images"
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(QSettings(str(Path(tmp) / "s.ini"), QSettings.Format.IniFormat))
        settings.report_year = 2023
        window = MainWindow(settings)
        window.resize(1360, 860)
        window.show()
        done = []
        window.task_finished.connect(lambda: done.append(1))
        window.add_paths([ROOT / "examples" / "submissions", ROOT / "examples" / "faulty"])
        while not done:
            app.processEvents()
        window.set_severity_filter(frozenset({Severity.ERROR, Severity.WARNING}))
        # select the first issue with a cell, so the preview shows the highlight
        proxy = window.issue_proxy
        for row in range(proxy.rowCount()):
            index = proxy.index(row, 0)
            if proxy.issue(index).where.cell and proxy.issue(index).code == "value-not-number":
                window.issue_view.setCurrentIndex(index)
                break
        app.processEvents()
        window.grab().save(str(out / "main-window.png"))
        window.set_language("en")
        app.processEvents()
        window.grab().save(str(out / "main-window-en.png"))
        window.set_language("ja")
        window.close()


if __name__ == "__main__":
    main()
