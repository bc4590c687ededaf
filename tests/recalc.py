"""Recalculate xlsx files with LibreOffice, forced, so that formulas are really evaluated.

LibreOffice trusts the values cached in an xlsx by default (OOXMLRecalcMode = 1, "never"),
and we cache values on purpose, so without a private profile that sets the mode to 0
("always") a wrong formula would go unnoticed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

import pytest

from tests.required import require

_PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
<prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""

EXCEL_ERRORS = ("#DIV/0!", "#VALUE!", "#NAME?", "#REF!", "#N/A", "#NUM!", "#NULL!")


def soffice_or_skip() -> str:
    """The soffice executable; a skip without it, but a failure under CI=true."""
    exe = shutil.which("soffice")
    require(exe is not None, "LibreOffice (soffice)")
    return exe


def convert(books: Sequence[Path], outdir: Path, *, to: str = "xlsx") -> list[Path]:
    """Convert ``books`` in one soffice run (recalculating them); return the outputs in order.

    Each input is copied to an ASCII name first (the output name derives from the input's),
    and the profile is private to this run so parallel runs do not collide.
    """
    exe = soffice_or_skip()
    outdir.mkdir(parents=True, exist_ok=True)
    target = {"xlsx": "xlsx:Calc MS Excel 2007 XML", "pdf": "pdf"}[to]
    with tempfile.TemporaryDirectory(prefix="kpi-recalc-") as tmp:
        tmp_path = Path(tmp)
        profile = tmp_path / "profile"
        (profile / "user").mkdir(parents=True)
        (profile / "user" / "registrymodifications.xcu").write_text(_PROFILE, encoding="utf-8")
        inputs = []
        for i, book in enumerate(books):
            copy = tmp_path / f"book{i}.xlsx"
            shutil.copyfile(book, copy)
            inputs.append(copy)
        env = {**os.environ, "HOME": str(profile)}
        subprocess.run(
            [exe, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
             "--nolockcheck", "--convert-to", target, "--outdir", str(outdir),
             *map(str, inputs)],
            check=True, env=env, capture_output=True, timeout=300,
        )
    outputs = [outdir / f"book{i}.{to}" for i in range(len(books))]
    # soffice exits 0 even when it could not load a file: the output must exist.
    missing = [str(p) for p in outputs if not p.exists()]
    if missing:
        pytest.fail(f"LibreOffice produced no output for {missing}")
    return outputs


def error_cells(path: Path) -> list[tuple[str, str, object]]:
    """Every (sheet, cell, value) of a recalculated workbook that holds an Excel error."""
    import openpyxl

    found = []
    wb = openpyxl.load_workbook(path, data_only=True)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "e" or (isinstance(cell.value, str)
                                             and cell.value in EXCEL_ERRORS):
                    found.append((ws.title, cell.coordinate, cell.value))
    return found
