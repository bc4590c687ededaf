"""Make the user guide's screenshots: the main window with the examples loaded, the same
with a roster naming a department that has not submitted, and the settings dialog.

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

from gui.dialogs import SettingsDialog  # noqa: E402
from gui.main_window import MainWindow  # noqa: E402
from gui.settings import Settings  # noqa: E402
from kpi_workbook.domain.issues import Severity  # noqa: E402


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
        roster_window(app, Path(tmp), out)


def _wait(app: QApplication, window: MainWindow) -> None:
    done: list[int] = []
    window.task_finished.connect(lambda: done.append(1))
    while not done:
        app.processEvents()


def roster_window(app: QApplication, tmp: Path, out: Path) -> None:
    """With a roster: 未提出 (環境保全課) at the top of the issues, and the settings dialog."""
    roster = tmp / "提出予定の名簿.csv"
    departments = ("企画課", "商工労働課", "市民活動推進課", "観光振興課", "建設課", "環境保全課")
    roster.write_text("担当課,事業番号,事業名\r\n" + "".join(f"{d},,\r\n" for d in departments),
                      encoding="utf-8-sig")
    settings = Settings(QSettings(str(tmp / "r.ini"), QSettings.Format.IniFormat))
    settings.report_year = 2023
    settings.roster = roster
    settings.previous = tmp / "集計ブック_2022.xlsx"
    window = MainWindow(settings)
    window.resize(1360, 860)
    window.show()
    window.add_paths([ROOT / "examples" / "submissions", ROOT / "examples" / "faulty"])
    _wait(app, window)
    window.set_severity_filter(frozenset({Severity.ERROR}))
    proxy = window.issue_proxy
    for row in range(proxy.rowCount()):
        if proxy.issue(proxy.index(row, 0)).code == "roster-department-missing":
            window.issue_view.setCurrentIndex(proxy.index(row, 0))
            break
    app.processEvents()
    window.grab().save(str(out / "main-window-roster.png"))
    dialog = SettingsDialog(settings, window)
    # the paths as a clerk's would look, not the temporary folder's
    dialog.roster.set_path(Path(r"C:\KPI\令和5年度\提出予定の名簿.csv"))
    dialog.previous.set_path(Path(r"C:\KPI\令和4年度\集計ブック_2022.xlsx"))
    dialog.show()
    app.processEvents()
    dialog.grab().save(str(out / "settings.png"))
    dialog.close()
    window.close()


if __name__ == "__main__":
    main()
