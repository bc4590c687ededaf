"""Text from a submission never becomes a formula, a link or a DDE command in our output."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import openpyxl

from kpi_workbook.cli import main
from tests.test_reader import TABLE

HOSTILE = [
    "=HYPERLINK(\"http://evil.invalid\",\"click\")",
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(1,2)",
    "=1/0",
    "<r>a<b</r>",  # xlsxwriter's own rich-text shape: written unescaped, it broke the sheet
    "{=SUM(1,2)}",  # an array formula to write(); merged cells go through it
]


def hostile_book(path: Path) -> Path:
    """A submission whose texts look like formulas, stored as text (as Excel stores '=…)."""
    header = [["事業番号", 7], ["事業名", HOSTILE[0]], ["実施区分", "単市"],
              ["事業期間", "令和2年度～令和4年度"], ["担当課", HOSTILE[3]],
              ["事業目的", HOSTILE[6]], ["評価・課題", HOSTILE[7]]]
    table = [*TABLE[:1], [None, None, HOSTILE[2], None, "来客数"], *TABLE[2:5],
             ["初年度", HOSTILE[1], "-", "-", 12672, 8016],
             ["2年目", HOSTILE[4], 10_000_000, 134_280, 13672, 13482],
             ["3年目", HOSTILE[5], 15_000_000, 10_462_414, 15672, 12682]]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "事業"
    for r, row in enumerate([*header, [], *table], start=1):
        for c, value in enumerate(row, start=1):
            if value is not None:
                cell = ws.cell(r, c, value)
                cell.data_type = "s"  if isinstance(value, str) else cell.data_type
    wb.save(path)
    return path


def test_formula_looking_text_stays_text_in_the_consolidated_workbook(tmp_path: Path) -> None:
    src = hostile_book(tmp_path / "危険.xlsx")
    out = tmp_path / "集計.xlsx"
    assert main(["merge", str(src), "-o", str(out), "--year", "2022"]) == 0
    wb = openpyxl.load_workbook(out)
    found: dict[str, int] = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.strip() in HOSTILE:
                    assert cell.data_type == "s", (ws.title, cell.coordinate, cell.value)
                    found[cell.value] = found.get(cell.value, 0) + 1
                if cell.hyperlink is not None:
                    assert cell.hyperlink.target is None or not cell.hyperlink.target.startswith(
                        ("http", "file", "mailto")), cell.hyperlink.target
    assert set(found) == set(HOSTILE)  # every text arrived, as text
    with zipfile.ZipFile(out) as zf:
        names = zf.namelist()
        assert not any("externalLink" in n for n in names)
        for name in names:
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                xml = zf.read(name).decode("utf-8")
                assert "cmd|" not in xml.split("<sheetData", 1)[0]
                for formula in xml.split("<f>")[1:]:
                    assert "cmd|" not in formula.split("</f>")[0]
                    assert "evil.invalid" not in formula.split("</f>")[0]


def test_formula_looking_text_is_plain_text_in_json(tmp_path: Path, capsys) -> None:
    src = hostile_book(tmp_path / "危険.xlsx")
    main(["check", "--format", "json", "--year", "2022", str(src)])
    doc = json.loads(capsys.readouterr().out)
    assert isinstance(doc["issues"], list)  # valid JSON whatever the texts


def test_formula_looking_text_stays_text_when_published(tmp_path: Path) -> None:
    """The same texts through publish: escaped on the page, never a formula in kpi.csv."""
    import csv
    import html

    src = hostile_book(tmp_path / "危険.xlsx")
    out = tmp_path / "集計.xlsx"
    assert main(["merge", str(src), "-o", str(out), "--year", "2022"]) == 0
    assert main(["publish", str(out), "-o", str(tmp_path / "web")]) == 0
    page = (tmp_path / "web" / "index.html").read_text(encoding="utf-8")
    assert html.escape(HOSTILE[0]) in page  # the project's name, in its heading
    assert html.escape(HOSTILE[6]) in page  # its purpose
    assert HOSTILE[6] not in page  # <r>a<b</r>: never markup
    with (tmp_path / "web" / "kpi.csv").open(encoding="utf-8-sig", newline="") as f:
        cells = [c for row in csv.reader(f) for c in row]
    starts = ("=", "+", "-", "@")
    assert all(c == "-" or not c.startswith(starts) for c in cells)
    assert "'" + HOSTILE[0] in cells  # 事業名
    assert "'" + HOSTILE[3] in cells  # 担当課
