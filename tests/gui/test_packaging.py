"""The PyInstaller spec builds the one-folder app: the window and the command line, both run.

Slow (about two minutes, 200 MB): runs only with KPI_WORKBOOK_BUILD_APP=1 (CI sets it and
installs packaging/requirements-windows.txt; then a missing PyInstaller is a failure, not a
skip). The pins file is checked always: it is what the Windows build bundles.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from importlib.metadata import version
from pathlib import Path

import openpyxl
import pytest

ROOT = Path(__file__).resolve().parents[2]
PINS = ROOT / "packaging" / "requirements-windows.txt"

build_app = pytest.mark.skipif(os.environ.get("KPI_WORKBOOK_BUILD_APP") != "1",
                               reason="set KPI_WORKBOOK_BUILD_APP=1 to build the app")


def _pins() -> dict[str, str]:
    pins = {}
    for line in PINS.read_text(encoding="utf-8").splitlines():
        match = re.match(r"\s*([A-Za-z0-9_.-]+)==(\S+)", line)
        if match:
            pins[match.group(1).lower().replace("_", "-")] = match.group(2)
    return pins


def test_windows_build_pins_a_pyside6_the_soak_test_passes_on() -> None:
    """The bundled Qt is one exact version, inside what pyproject allows, not 6.12.0."""
    pins = _pins()
    pyside = pins["pyside6-essentials"]
    assert pins["shiboken6"] == pyside
    major, minor, *_ = (int(p) for p in pyside.split("."))
    assert (6, 5) <= (major, minor) < (6, 12)
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"PySide6-Essentials>=6.5,<6.12"' in pyproject


@build_app
def test_spec_builds_window_and_command_line_that_run(tmp_path: Path, examples: Path) -> None:
    import PyInstaller  # noqa: F401  (KPI_WORKBOOK_BUILD_APP=1 promises it is installed)
    # the build bundles what is installed: CI installs exactly the pins
    assert version("PySide6-Essentials") == _pins()["pyside6-essentials"]
    build = subprocess.run(["pyinstaller", "--noconfirm", "--distpath", str(tmp_path / "dist"),
                            "--workpath", str(tmp_path / "work"),
                            str(ROOT / "packaging" / "kpi-workbook.spec")],
                           capture_output=True, text=True, timeout=900, check=False)
    assert build.returncode == 0, build.stderr[-3000:]
    folder = tmp_path / "dist" / "kpi-workbook"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path),
               HOME=str(tmp_path))

    def run(exe: str, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(folder / exe), *args], capture_output=True, text=True,
                              env=env, timeout=180, check=False, cwd=tmp_path)

    version_text = run("kpi-workbook-gui", "--version")
    assert version_text.returncode == 0
    assert version_text.stdout.strip()
    assert run("kpi-workbook-gui", "--smoke", str(examples)).returncode == 0

    # the console program beside it: the same commands as `kpi-workbook`
    assert version_text.stdout.strip() in run("kpi-workbook", "--version").stdout
    checked = run("kpi-workbook", "check", str(examples / "faulty"))
    assert checked.returncode == 1  # errors found, reported in Japanese
    assert "エラー" in checked.stdout
    blank = tmp_path / "out" / "様式.xlsx"
    assert run("kpi-workbook", "template", "-o", str(blank)).returncode == 0
    assert openpyxl.load_workbook(blank).sheetnames
    # 100 files or more are read in spawned worker processes: each starts this
    # executable again (multiprocessing.freeze_support in packaging/launch_cli.py)
    many = tmp_path / "many"
    many.mkdir()
    first = next((examples / "submissions").glob("*.xlsx"))
    for i in range(100):
        shutil.copy(first, many / f"課{i:03d}.xlsx")
    merged = run("kpi-workbook", "merge", str(many), "-o", str(tmp_path / "集計.xlsx"),
                 "--jobs", "2")
    assert (tmp_path / "集計.xlsx").is_file(), merged.stderr[-3000:]
