"""Make the user guide's screenshots on the screens clerks have: the main window as it opens
on a 1366×768 laptop (Japanese and English) and on a 1024×600 one, the same with a roster
naming a department that has not submitted, the settings dialog, and the preview of a
project whose KPIs show 進捗率, 未公表, 速報 and the 事業効果(案) (docs/kpi-layout.md §2).

Run from the repository root: ``python docs/make_screenshots.py``. Each screen size runs in
a fresh process on Qt's offscreen platform with a screen of that size, so the window sizes
itself as it does on the real laptop. Settings go to a temporary INI file (the clerk's own
are never touched); a Japanese font must be installed (fonts-noto-cjk or IPA Gothic).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "images"
SCREENS = {"1366x768": (1366, 768), "1024x600": (1024, 600)}


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for name, (width, height) in SCREENS.items():
            screen = Path(tmp) / f"{name}.json"
            screen.write_text(json.dumps({"screens": [{
                "name": name, "x": 0, "y": 0, "width": width, "height": height,
                "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}), encoding="utf-8")
            env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={screen}")
            subprocess.run([sys.executable, __file__, "--shoot", name, tmp], env=env,
                           check=True, cwd=ROOT)


def shoot(name: str, tmp: Path) -> None:
    """In the process started for screen ``name``: take its pictures."""
    sys.path.insert(0, str(ROOT))
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from gui.main_window import MainWindow
    from gui.settings import Settings
    from gui.settings_dialog import SettingsDialog
    from kpi_workbook.domain.issues import Severity

    app = QApplication.instance() or QApplication([])

    def window_with(settings: Settings, paths: list[Path] | None = None) -> MainWindow:
        window = MainWindow(settings)
        window.show()
        done: list[int] = []

        def finished() -> None:
            done.append(1)

        window.task_finished.connect(finished)
        window.add_paths(paths or [ROOT / "examples" / "submissions",
                                   ROOT / "examples" / "faulty"])
        while not done:
            app.processEvents()
        return window

    def select(window: MainWindow, code: str) -> None:
        proxy = window.issues.proxy
        for row in range(proxy.rowCount()):
            if proxy.issue(proxy.index(row, 0)).code == code:
                window.issues.view.setCurrentIndex(proxy.index(row, 0))
                break
        app.processEvents()

    settings = Settings(QSettings(str(tmp / f"{name}.ini"), QSettings.Format.IniFormat))
    settings.report_year = 2023
    window = window_with(settings)
    window.issues.set_severity_filter(frozenset({Severity.ERROR, Severity.WARNING}))
    select(window, "value-not-number")
    suffix = "" if name == "1366x768" else f"-{name}"
    window.grab().save(str(OUT / f"main-window{suffix}.png"))
    if name != "1366x768":
        busy_shot(app, window, tmp, OUT / f"main-window{suffix}-busy.png")
        window.close()
        return
    window.set_language("en")
    app.processEvents()
    window.grab().save(str(OUT / "main-window-en.png"))
    window.set_language("ja")
    window.close()

    roster = tmp / "提出予定の名簿.csv"
    departments = ("企画課", "商工労働課", "市民活動推進課", "観光振興課", "建設課", "環境保全課")
    roster.write_text("担当課,事業番号,事業名\r\n" + "".join(f"{d},,\r\n" for d in departments),
                      encoding="utf-8-sig")
    settings.roster = roster
    window = window_with(settings)
    window.issues.set_severity_filter(frozenset({Severity.ERROR}))
    select(window, "roster-department-missing")
    window.grab().save(str(OUT / "main-window-roster.png"))
    dialog = SettingsDialog(settings, window)
    # the paths as a clerk's would look, not the temporary folder's
    dialog.roster.set_path(Path(r"C:\KPI\令和5年度\提出予定の名簿.csv"))
    dialog.previous.set_path(Path(r"C:\KPI\令和4年度\集計ブック_令和4年度.xlsx"))
    dialog.show()
    app.processEvents()
    dialog.grab().save(str(OUT / "settings.png"))
    dialog.close()
    window.close()

    settings.roster = None
    settings.report_year = 2022
    window = window_with(settings, [semantics_example(tmp)])
    window.files.view.selectRow(0)
    window.issues.set_severity_filter(frozenset(Severity))  # the infos say 未公表, 事業効果
    app.processEvents()
    table = window.preview.table
    table.horizontalScrollBar().setValue(table.columnViewportPosition(6))  # 転入者数 on
    app.processEvents()
    window.grab().save(str(OUT / "preview-semantics.png"))
    window.close()


def semantics_example(tmp: Path) -> Path:
    """A folder with one project typed into the template: 社会動態数 with its 基準値, an
    actual due in 令和20年5月 (未公表) and a 速報 figure."""
    import openpyxl

    from kpi_workbook.departments.template import (
        DEFAULT_LAYOUT,
        PROJECT_SHEET_TITLE,
        fill_project_sheet,
        write_template,
    )

    folder = tmp / "意味"
    folder.mkdir(exist_ok=True)
    path = folder / "企画課.xlsx"
    write_template(path)
    wb = openpyxl.load_workbook(path)
    fill_project_sheet(wb[PROJECT_SHEET_TITLE], DEFAULT_LAYOUT, {
        "number": 1, "name": "若者定住促進事業", "scope": "単市", "period_start": 2020,
        "period_end": 2022, "department": "企画課", "purpose": "若い世代の定住を促す。",
        "effect": "地方創生に非常に効果的であった",
        "kpis": [{"name": "20～39歳の社会動態数", "unit": "人", "direction": "増加",
                  "baseline": -500, "kind": "単年度"},
                 {"name": "転入者数", "unit": "人", "direction": "増加", "due": "R20.5"},
                 {"name": "宿泊者数", "unit": "人", "direction": "増加", "status": "速報"}],
        "years": [
            {"label": "初年度", "activities": "・移住相談会", "values": [[0, -339], [100, 90],
                                                                     [300, 310]]},
            {"label": "2年目", "activities": "・空き家バンク", "values": [[0, -200], [110, 120],
                                                                      [320, 335]]},
            {"label": "3年目", "activities": "・定住奨励金", "values": [[0, -20], [120, None],
                                                                     [340, 350]]}]})
    wb.save(path)
    return folder


def busy_shot(app: object, window: object, tmp: Path, path: Path) -> None:
    """The window while a folder of 100 workbooks is read: progress bar and 中止 in view."""
    import shutil

    from PySide6.QtWidgets import QApplication

    from gui.main_window import MainWindow

    assert isinstance(window, MainWindow)
    many = tmp / "100件"
    many.mkdir(exist_ok=True)
    first = ROOT / "examples" / "submissions" / "企画課.xlsx"
    for i in range(100):
        shutil.copy(first, many / f"課{i:03d}.xlsx")
    window.add_paths([many])
    while window.runner.busy and window.progress.bar.value() < 10:
        QApplication.processEvents()
    window.grab().save(str(path))
    window.runner.cancel()
    while window.runner.busy:
        QApplication.processEvents()


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--shoot":
        shoot(sys.argv[2], Path(sys.argv[3]))
    else:
        main()
