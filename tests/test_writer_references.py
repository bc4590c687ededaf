"""Every sheet name in a reference we write is quoted (issue 14, point 3).

xlsxwriter quotes a sheet name only when it thinks it must, and it took a leading circled
number for part of a word: ``①小野田ガラスのブランド化推進事業!$6:$8`` in print titles and
chart ranges, which Gnumeric rejects (and so drops the print titles and the chart series).
Checked two ways: every reference in the package's XML, and Gnumeric reading it.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from kpi_workbook.domain.issues import Issue
from tests.gnumeric import GNM, read_gnumeric, ssconvert
from tests.test_writer import seed_submissions, write

# A sheet reference: a quoted name (inner quotes doubled) or a bare one, then "!".
_REFERENCE = re.compile(r"('(?:[^']|'')*'|[^'!,=(:\s&<>\"]+)!")


def _references(path: Path) -> dict[str, list[str]]:
    """Every sheet name written before a "!" in a formula, defined name, chart range or
    hyperlink location, by part."""
    found: dict[str, list[str]] = {}
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            xml = zf.read(name).decode("utf-8")
            texts: list[str] = []
            if name == "xl/workbook.xml":
                texts = re.findall(r"<definedName [^>]*>([^<]*)</definedName>", xml)
            elif name.startswith("xl/charts/"):
                texts = re.findall(r"<c:f>([^<]*)</c:f>", xml)
            elif name.startswith("xl/worksheets/sheet"):
                texts = (re.findall(r"<f>([^<]*)</f>", xml)
                         + re.findall(r'<hyperlink [^>]*location="([^"]*)"', xml))
            refs = [m.group(1) for t in texts for m in _REFERENCE.finditer(
                t.replace("&amp;", "&").replace("&quot;", '"'))]
            if refs:
                found[name] = refs
    return found


def _book(tmp_path: Path) -> Path:
    subs = seed_submissions(tmp_path)  # ①②③, and an apostrophe
    for project in (p for s in subs for p in s.projects):  # tables that need print titles
        for y in project.years:
            y.activities = "事業内容の説明が長く続きます。" * 40
    project = subs[0].projects[0]
    project.name = "Bob's ガラス"
    year = project.years[0]  # an issue on a year row: 検証結果 links to the project sheet
    return write(tmp_path, subs, [Issue("html-stripped", year.where, {"cell": "A11"})])


def test_every_sheet_reference_is_quoted(tmp_path):
    refs = _references(_book(tmp_path))
    kinds = {name.split("/")[1] for name in refs}
    assert {"workbook.xml", "charts", "worksheets"} <= kinds  # names, series, links
    bare = {name: [r for r in found if not r.startswith("'")] for name, found in refs.items()}
    assert {name: found for name, found in bare.items() if found} == {}
    workbook = refs["xl/workbook.xml"]
    assert "'①Bob’s ガラス'" in workbook  # print titles (no ' in a sheet name: layout.py)
    assert "'②PPPを活用した交流・にぎわい創出事業'" in workbook


def test_gnumeric_keeps_print_titles_and_chart_series(tmp_path):
    """Gnumeric reads every reference: no "Invalid expression", each project sheet keeps
    its print titles, and every chart series its categories and values."""
    book = _book(tmp_path)
    native = tmp_path / "merged.gnumeric"
    said = ssconvert(book, native)
    assert "Invalid expression" not in said
    assert said == ""
    root = read_gnumeric(native)
    titles, vectors = {}, []
    for sheet in root.iter(f"{GNM}Sheet"):
        sheet_name = sheet.findtext(f"{GNM}Name")
        for name in sheet.iter(f"{GNM}Name"):
            if name.findtext(f"{GNM}name") == "Print_Titles":
                titles[sheet_name] = name.findtext(f"{GNM}value")
        vectors += [d.text or "" for d in sheet.iter("dimension")
                    if d.get("type") == "GnmGODataVector"]
    projects = [n for n in titles if n[0] in "①②③"]
    assert len(projects) == 3
    assert all("error(" not in titles[n] and n in titles[n] for n in projects), titles
    assert len(vectors) == 2 * 2 * 9  # 9 charts × 2 series × (categories, values)
    assert [v for v in vectors if v.startswith("error(")] == []
