"""GUI tests run offscreen; settings go to a temporary INI file, never the user's."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before anything imports Qt

import gc
import shutil
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"


@pytest.fixture(autouse=True)
def collect_garbage_on_the_gui_thread(qapp: object) -> Iterator[None]:
    """As the app does (gui/gc_guard.py): no automatic collection that a worker thread could
    trigger while it frees Qt objects of the GUI thread; collect here, after each test."""
    from gui.gc_guard import GuiThreadGarbageCollector

    collector = GuiThreadGarbageCollector()
    yield
    collector.stop()


@pytest.fixture
def examples(tmp_path: Path) -> Path:
    """A copy of examples/submissions and examples/faulty (re-checks may touch the files)."""
    target = tmp_path / "提出"
    for name in ("submissions", "faulty"):
        if not (EXAMPLES / name).is_dir():
            pytest.skip(f"examples/{name} not generated yet")
        shutil.copytree(EXAMPLES / name, target / name)
    return target


def write_older_layout(path: Path, *, actual: object = "-339人", sheet: str = "③協創",
                       department: str = "市民活動推進課") -> Path:
    """A submission in the seed's older layout (no unit/direction rows); C11..H13 values."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    rows: list[list[object]] = [
        ["事業番号", "③"], ["事 業 名", "多世代・異分野地域交流による協創のまちづくり事業"],
        ["実施区分", "単市で実施事業"], ["事業期間", "令和2年度～令和4年度"],
        ["担当課", department], ["事業目的", "「協創によるまちづくり」"], [],
        ["事業概要", None, "重要業績評価指標（ＫＰＩ）"],
        [None, None, "20～39歳の社会動態数", None, "市内就職率", None, "住みたい割合"],
        ["年度", "事業内容", "目標値", "実績値", "目標値", "実績値", "目標値", "実績値"],
        ["初年度", "・セミナー", "0人", actual, "10.0%", "5.4%", "80.0%", "79.0%"],
        ["2年目", "・セミナー", "0人", "▲173人", "10.0%", "9.1%", "80.0%", "77.0%"],
        ["3年目", "・交流会", "0人", "－16人", "10.0%", "5.2%", "80.0%", "-"],
    ]
    for row in rows:
        ws.append(row)
    for rng in ("A8:B8", "C8:H8", "C9:D9", "E9:F9", "G9:H9"):
        ws.merge_cells(rng)
    wb.save(path)
    return path


@pytest.fixture
def many_files(tmp_path: Path) -> Path:
    """A folder of 40 small submissions: long enough to cancel in the middle."""
    folder = tmp_path / "many"
    folder.mkdir()
    first = write_older_layout(folder / "課00.xlsx")
    for i in range(1, 40):
        shutil.copy(first, folder / f"課{i:02d}.xlsx")
    return folder


@pytest.fixture
def older_workbook() -> object:
    """``write_older_layout`` for tests (a fixture: tests/gui is not a package)."""
    return write_older_layout


@pytest.fixture
def settings(tmp_path: Path) -> object:
    from PySide6.QtCore import QSettings

    from gui.settings import Settings

    return Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def window(qtbot: object, settings: object) -> Iterator[object]:
    from gui.main_window import MainWindow
    from gui.strings import set_lang

    win = MainWindow(settings)  # type: ignore[arg-type]
    qtbot.addWidget(win)  # type: ignore[attr-defined]
    win.show()
    yield win
    win.close()
    set_lang("ja")
    # free this test's Qt objects here, on the GUI thread: a garbage collection that a
    # later test's worker thread happens to trigger must not find them (seen: SIGSEGV
    # "Garbage-collecting" on the worker in grid._read_styles)
    gc.collect()
