"""The real entry point in a fresh process: a crash at exit only shows in the exit status."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import kpi_workbook

ROOT = Path(__file__).resolve().parents[2]


def _run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path),
               HOME=str(tmp_path))
    code = "import sys, gui.app; sys.exit(gui.app.main(sys.argv[1:]))"
    return subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120, check=False)


def test_entry_point_opens_checks_and_closes_cleanly(tmp_path: Path, examples: Path) -> None:
    """--smoke opens the window, checks the examples on the worker, closes: exit status 0."""
    proc = _run(tmp_path, "--smoke", str(examples))
    assert proc.returncode == 0, proc.stderr


def test_entry_point_without_files_and_version(tmp_path: Path) -> None:
    assert _run(tmp_path, "--smoke").returncode == 0
    proc = _run(tmp_path, "--version")
    assert proc.returncode == 0
    assert proc.stdout.strip() == kpi_workbook.__version__
