"""Resource limits: zip bombs are refused before parsing; a huge sheet is read in bounded
time and memory, with a warning that only the layout's area was read."""

from __future__ import annotations

import zipfile
from pathlib import Path

from tests.hostile.conftest import EXAMPLES, first_sheet_part, rewrite_part, run_cli

GOOD = EXAMPLES / "企画課.xlsx"


def test_zip_bomb_is_refused_before_parsing(tmp_path: Path) -> None:
    bomb = tmp_path / "爆弾.xlsx"
    part = first_sheet_part(GOOD)
    with zipfile.ZipFile(GOOD) as zin, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename == part:
                with zout.open(part, "w") as fh:  # 64 MB of one repeated byte: ratio ~1000
                    chunk = b" " * (1024 * 1024)
                    for _ in range(64):
                        fh.write(chunk)
            else:
                zout.writestr(info.filename, zin.read(info.filename))
    assert bomb.stat().st_size < 1024 * 1024
    run = run_cli("check", "--format", "json", bomb, timeout=60)
    assert (run.returncode, run.codes) == (1, ["file-too-large"])
    assert run.seconds < 20
    assert run.max_rss_mb < 400


def test_sheet_with_hundreds_of_thousands_of_rows_is_bounded(tmp_path: Path) -> None:
    part = first_sheet_part(GOOD)
    with zipfile.ZipFile(GOOD) as zf:
        xml = zf.read(part).decode("utf-8")
    filler = "".join(
        f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>行{r}</t></is></c>'
        f'<c r="B{r}"><v>{r}</v></c></row>' for r in range(200, 250_200))
    xml = xml.replace("</sheetData>", filler + "</sheetData>", 1)
    huge = rewrite_part(GOOD, tmp_path / "巨大.xlsx", part, xml.encode("utf-8"))
    run = run_cli("check", "--format", "json", huge, timeout=120)
    assert run.returncode == 0, run.stderr
    assert "sheet-too-large" in run.codes
    assert run.json["summary"]["projects"] == 1  # the project above the filler is read
    assert run.seconds < 60
    assert run.max_rss_mb < 600
