"""Inputs are never modified: check, merge and annotate leave every byte and mtime alone."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from kpi_workbook.cli import main
from tests.hostile.conftest import ROOT


def fingerprint(folder: Path) -> dict[str, tuple[str, int]]:
    return {str(p.relative_to(folder)): (hashlib.sha256(p.read_bytes()).hexdigest(),
                                         p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_check_merge_and_annotate_never_touch_inputs(tmp_path: Path, capsys) -> None:
    inputs = tmp_path / "提出"
    shutil.copytree(ROOT / "examples" / "submissions", inputs / "good")
    shutil.copytree(ROOT / "examples" / "faulty", inputs / "faulty")
    before = fingerprint(inputs)
    returned = tmp_path / "差し戻し"
    returned.mkdir()
    assert main(["check", str(inputs)]) == 1
    assert main(["check", str(inputs), "--annotate", str(returned)]) == 1
    assert main(["merge", str(inputs), "-o", str(tmp_path / "集計.xlsx")]) == 1
    capsys.readouterr()
    assert fingerprint(inputs) == before
    assert any(returned.iterdir())  # the return copy went to its own folder
