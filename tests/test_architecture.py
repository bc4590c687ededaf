"""The core stays free of Qt, and ``check`` starts without loading what it does not need."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def loaded_modules(code: str) -> set[str]:
    proc = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport sys\nprint('\\n'.join(sys.modules))"],
        capture_output=True, text=True, check=True, cwd=ROOT)
    return set(proc.stdout.split())


def test_core_never_imports_qt() -> None:
    modules = loaded_modules(
        "import kpi_workbook, kpi_workbook.usecases.check, kpi_workbook.cli,"
        " kpi_workbook.reading.reader")
    assert not any(m.startswith(("PySide6", "shiboken6")) for m in modules)


def test_no_qt_import_in_core_sources() -> None:
    offenders = [p.name for p in (ROOT / "kpi_workbook").rglob("*.py")
                 if "PySide6" in p.read_text(encoding="utf-8")]
    assert offenders == []


def test_check_does_not_load_pandas_or_the_writer() -> None:
    modules = loaded_modules("from kpi_workbook.usecases.check import check")
    assert "pandas" not in modules
    assert "xlsxwriter" not in modules


def test_window_module_starts_without_the_heavy_libraries() -> None:
    """The window appears before openpyxl, xlsxwriter, pandas or numpy load (issue 7)."""
    import os

    proc = subprocess.run(
        [sys.executable, "-c", "import sys, gui.main_window\n"
         "print(' '.join(m for m in ('openpyxl', 'xlsxwriter', 'pandas', 'numpy')"
         " if m in sys.modules))"],
        capture_output=True, text=True, check=True, cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert proc.stdout.strip() == ""


def test_the_library_api_imports_no_heavy_library() -> None:
    """``import kpi_workbook`` gives the whole use-case API; openpyxl and xlsxwriter load
    only when a use case that writes runs (the window and check start without them)."""
    modules = loaded_modules("import kpi_workbook\nassert kpi_workbook.merge")
    assert not {"openpyxl", "xlsxwriter", "pandas", "numpy"} & modules


def test_merge_remerge_publish_and_previous_read_without_openpyxl(tmp_path: Path) -> None:
    """openpyxl (about 0.2 s to import) is for writing the departments' workbooks; merging
    (onto an existing OUT too, whose 外部評価 is read back), publishing and reading a
    previous workbook use our own package reader (issue 22)."""
    out = tmp_path / "集計.xlsx"
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from kpi_workbook.usecases import MergeOptions, PublishOptions, merge, publish\n"
        "from kpi_workbook.consolidated.previous import read_consolidated\n"
        f"out = Path({str(out)!r})\n"
        "for _ in range(2):  # the second merge reads the record typed into the first OUT\n"
        f"    merge([Path({str(ROOT / 'examples' / 'submissions')!r})], out,\n"
        "          options=MergeOptions(report_year=2022))\n"
        f"publish(PublishOptions(out, Path({str(tmp_path / 'web')!r})))\n"
        "assert read_consolidated(out).projects\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'openpyxl'))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, cwd=ROOT)
    assert proc.stdout.strip() == "[]"
    assert (tmp_path / "web" / "index.html").is_file()
