"""README and the docs point only at files a clone has, and their Windows commands work
in Windows PowerShell 5.1 (no ``&&``) and name real files."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_links_and_images_are_files_of_the_clone(doc: Path) -> None:
    text = _text(doc)
    targets = re.findall(r"\]\(([^)\s]+)\)", text)
    for target in targets:
        if target.startswith(("http://", "https://", "#")):
            continue
        path = (doc.parent / target.split("#")[0]).resolve()
        assert path.is_relative_to(ROOT), (doc.name, target)
        assert path.exists(), (doc.name, target)
    assert "shared/" not in text  # the layout is docs/kpi-layout.md, in the project
    assert "pip install \"kpi-workbook[gui]\"" not in text  # no index has that


def _powershell_blocks() -> list[tuple[Path, str]]:
    return [(doc, block) for doc in DOCS
            for block in re.findall(r"```powershell\n(.*?)```", _text(doc), re.S)]


def test_windows_commands_are_powershell_5_1_and_name_real_files() -> None:
    blocks = _powershell_blocks()
    assert len(blocks) >= 3
    for doc, block in blocks:
        for line in block.strip().splitlines():
            assert "&&" not in line, (doc.name, line)  # PowerShell 5.1 has no &&
            assert not line.startswith(("export ", "source ")), (doc.name, line)
            for word in line.split():
                if word.startswith(("packaging\\", "examples\\", "templates\\")):
                    assert (ROOT / word.replace("\\", "/")).exists(), (doc.name, word)


def test_readme_windows_python_commands_run(tmp_path: Path) -> None:
    """The python.org route: the kpi-workbook lines of README's block, as typed."""
    readme = _text(ROOT / "README.md")
    section = readme.split("### On Windows", 1)[1].split("\n## ", 1)[0]
    lines = [line.strip() for block in re.findall(r"```powershell\n(.*?)```", section, re.S)
             for line in block.splitlines() if line.strip().startswith("kpi-workbook ")]
    assert lines
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    for line in lines:
        args = line.replace("\\", "/").split()[1:]
        proc = subprocess.run([sys.executable, "-m", "kpi_workbook", *args], cwd=tmp_path,
                              capture_output=True, text=True, encoding="utf-8", check=False)
        assert proc.returncode == 0, (line, proc.stdout[-2000:], proc.stderr[-2000:])
    assert (tmp_path / "out" / "集計ブック_令和4年度.xlsx").is_file()


def test_screenshots_are_taken_on_the_screens_the_guide_names() -> None:
    """main-window.png on a 1366×768 screen, the other on 1024×600 (docs/make_screenshots.py)."""
    images = ROOT / "docs" / "images"
    width, height = _png_size(images / "main-window.png")
    assert 1024 < width <= 1366
    assert 600 < height <= 768
    for name in ("main-window-1024x600.png", "main-window-1024x600-busy.png"):
        width, height = _png_size(images / name)
        assert width <= 1024
        assert height <= 600


def _png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")
