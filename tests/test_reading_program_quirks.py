"""Issue 23 and issue 22's carriage returns: packages as Excel for Mac, Excel 16 saving
Strict Open XML and in-house exporters write them, read through ``check`` and ``merge``.

Every fixture starts as the reader tests' clerk workbook (tests/test_reading_real_files.py:
written with openpyxl, its text moved into the shared-string table as Excel keeps it),
whose package XML is then edited to hold what the named program writes. D15 is the
3年目 actual of 販売額, due for the report year 2022; B13 the 初年度 事業内容.
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from kpi_workbook.cli import main
from kpi_workbook.reading.grid import load
from kpi_workbook.reading.serials import (
    elapsed_text,
    excel_date_text,
    iso_duration_days,
    iso_to_serial,
)
from tests.test_grid import NS, write_package
from tests.test_reading_real_files import (
    SHEET,
    STRINGS,
    clerk_book,
    edit_part,
    replace_cell,
)

X15 = "http://schemas.microsoft.com/office/spreadsheetml/2010/11/main"
# Excel's styles for the cells below: 1 a date (yyyy/m/d, built-in 14), 2 an elapsed time
# ([h]:mm, custom 164), 3 a time of day (h:mm, built-in 20).
DATE, ELAPSED, TIME = 1, 2, 3
_XFS = ('<numFmts count="1"><numFmt numFmtId="164" formatCode="[h]:mm"/></numFmts>',
        '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
        '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
        '<xf numFmtId="20" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
        "</cellXfs>")


def with_time_styles(path: Path) -> Path:
    """The workbook's styles with the date, [h]:mm and h:mm formats a clerk applies."""
    def edit(xml: str) -> str:
        xml = xml.replace('<numFmts count="0"/>', _XFS[0])
        return re.sub(r"<cellXfs.*?</cellXfs>", _XFS[1], xml, flags=re.S)
    return edit_part(path, "xl/styles.xml", edit)


def as_mac_excel_1904(path: Path) -> Path:
    """workbook.xml as Excel for Mac 2016 saves a workbook with 「1904 年から計算」 ticked:
    date1904 on the main workbookPr, then Excel 2013's x15:workbookPr (no date1904) in
    extLst, the element that reset the flag when every descendant was read."""
    def edit(xml: str) -> str:
        xml = xml.replace("<workbookPr/>",
                          '<workbookPr date1904="1" defaultThemeVersion="166925"/>')
        return xml.replace("</workbook>", (
            '<extLst><ext uri="{140A7094-0E35-4892-8432-C4D2E57EDEB5}" '
            f'xmlns:x15="{X15}"><x15:workbookPr chartTrackingRefBase="1"/></ext>'
            '<ext uri="{B58B0392-4F1F-4190-BB64-5DF3571DCE5F}" xmlns:xcalcf="http://schemas.'
            'microsoft.com/office/spreadsheetml/2018/calcfeatures"><xcalcf:calcFeatures>'
            '<xcalcf:feature name="microsoft.com:RD"/></xcalcf:calcFeatures></ext>'
            "</extLst></workbook>"))
    return edit_part(path, "xl/workbook.xml", edit)


_STRICT = [
    ("http://schemas.openxmlformats.org/spreadsheetml/2006/main",
     "http://purl.oclc.org/ooxml/spreadsheetml/main"),
    ("http://schemas.openxmlformats.org/officeDocument/2006/relationships",
     "http://purl.oclc.org/ooxml/officeDocument/relationships"),
]


def as_strict_ooxml(path: Path) -> Path:
    """The package as Excel 16 saves 「Strict Open XML スプレッドシート」: the ISO/IEC 29500
    Strict namespaces in every part and relationship type, conformance="strict"."""
    with zipfile.ZipFile(path) as zf:
        parts = {info.filename: zf.read(info.filename).decode("utf-8")
                 for info in zf.infolist()}
    for name, xml in parts.items():
        for transitional, strict in _STRICT:
            xml = xml.replace(transitional, strict)
        if name == "xl/workbook.xml":
            xml = xml.replace("<workbook ", '<workbook conformance="strict" ', 1)
        parts[name] = xml
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, xml in parts.items():
            zf.writestr(name, xml.encode("utf-8"))
    return path


def set_cell(path: Path, ref: str, cell_xml: str) -> Path:
    return edit_part(path, SHEET, lambda xml: replace_cell(xml, ref, cell_xml))


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[dict]]:
    """The command line's exit status and its JSON issues."""
    status = main([*argv, "--format", "json", "--year", "2022"])
    return status, json.loads(capsys.readouterr().out)["issues"]


def at(issues: list[dict]) -> list[tuple[str, str | None, str | None]]:
    return [(i["code"], i["sheet"], i["cell"]) for i in issues if i["code"] != "file-ok"]


def check_and_merge(capsys: pytest.CaptureFixture[str], src: Path, tmp_path: Path,
                    ) -> tuple[tuple[int, list[dict]], tuple[int, list[dict]], Path]:
    """``check`` and ``merge`` of one submission; both must find the same issues."""
    out = tmp_path / "集計.xlsx"
    checked = run(capsys, "check", str(src))
    merged = run(capsys, "merge", str(src), "-o", str(out))
    assert at(checked[1]) == at(merged[1])
    assert out.exists()
    return checked, merged, out


def cell_unreadable_free(issues: list[dict]) -> None:
    assert not [i for i in issues if i["code"].endswith("-unreadable")], issues


# --- the 1904 date system past extLst ------------------------------------------------------

def test_a_mac_excel_1904_workbook_shows_its_dates_in_the_1904_system(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """SheetJS's 1904/1904.xlsx, Sheet1!B1: serial 1 in a date format is 1904-01-02 in
    Excel; read with the flag reset by extLst it said 1900/01/01. A date typed as an actual
    is an error naming the date Excel shows."""
    src = as_mac_excel_1904(with_time_styles(clerk_book(tmp_path / "課.xlsx")))
    set_cell(src, "D15", f'<c r="D15" s="{DATE}"><v>43921</v></c>')
    book = load(src)
    assert book.date1904
    assert book.sheets[0].get(15, 4).date_text() == "2024/04/01"  # 2020/03/31 in 1900
    (status, checked), (merged_status, _), out = check_and_merge(capsys, src, tmp_path)
    assert (status, merged_status) == (1, 1)
    assert at(checked) == [("value-date", "事業1", "D15")]
    assert "（2024/04/01）" in checked[0]["message"]
    issue_sheet = openpyxl.load_workbook(out)["検証結果"]
    assert any("（2024/04/01）" in str(c) for row in issue_sheet.iter_rows(values_only=True)
               for c in row)

    sheetjs = write_package(tmp_path / "1904.xlsx", '<row r="1"><c r="B1" s="1"><v>1</v></c></row>',
                            styles=f'<styleSheet {NS}><cellXfs><xf numFmtId="0"/>'
                                   '<xf numFmtId="14"/></cellXfs></styleSheet>')
    edit_part(sheetjs, "xl/workbook.xml", lambda xml: xml.replace(
        "<sheets>", '<workbookPr date1904="1"/><sheets>').replace(
        "</workbook>", f'<extLst><ext uri="{{140A7094-0E35-4892-8432-C4D2E57EDEB5}}" '
                       f'xmlns:x15="{X15}"><x15:workbookPr chartTrackingRefBase="1"/>'
                       "</ext></extLst></workbook>"))
    assert load(sheetjs).sheets[0].get(1, 2).date_text() == "1904/01/02"


def test_only_the_main_workbook_properties_set_the_date_system(tmp_path: Path) -> None:
    """The other way round too: an extension's date1904="1" does not make a 1900 workbook
    count from 1904."""
    src = clerk_book(tmp_path / "課.xlsx")
    edit_part(src, "xl/workbook.xml", lambda xml: xml.replace("</workbook>", (
        f'<extLst><ext uri="{{x}}" xmlns:x15="{X15}"><x15:workbookPr date1904="1"/></ext>'
        "</extLst></workbook>")))
    assert not load(src).date1904


# --- Strict Open XML: durations and times of day -------------------------------------------

def test_strict_durations_are_the_elapsed_time_excel_shows(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """ExcelDataReader's strict/Test_git_issue_283_TimeSpan.xlsx: Excel 16 saving Strict
    writes a [h]:mm cell as an ISO 8601 duration; each was an error-level cell-unreadable.
    1416 hours are 59 days; typed as an actual it is what any time is there: an error
    naming the time as Excel shows it, 1416:00. Outside the value cells it is no issue."""
    src = with_time_styles(clerk_book(tmp_path / "課.xlsx"))
    set_cell(src, "D15", f'<c r="D15" s="{ELAPSED}" t="d"><v>PT1416H0M0.000S</v></c>')
    edit_part(src, SHEET, lambda xml: xml.replace(
        "</row></sheetData>",
        f'<c r="H15" s="{ELAPSED}" t="d"><v>PT36H30M0.000S</v></c></row></sheetData>'))
    as_strict_ooxml(src)
    with zipfile.ZipFile(src) as zf:  # the package really is Strict
        assert b"purl.oclc.org/ooxml/spreadsheetml/main" in zf.read(SHEET)
    grid = load(src).sheets[0]
    assert (grid.value(15, 4), grid.get(15, 4).date_text()) == (59, "1416:00")
    assert (grid.value(15, 8), grid.get(15, 8).date_text()) == (36.5 / 24, "36:30")
    (status, checked), (_, merged), _out = check_and_merge(capsys, src, tmp_path)
    assert status == 1
    cell_unreadable_free(checked)
    assert at(checked) == [("value-date", "事業1", "D15")]
    assert "（1416:00）" in checked[0]["message"]
    assert at(merged) == at(checked)


def test_strict_times_of_day_are_rounded_as_excel_shows_them(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Excel writes a time's ISO text truncated to the millisecond: 14:02 is stored as
    14:01:59.999, which Excel reads back and shows as 14:02:00. Read without its fraction
    of a second it was 14:01."""
    src = with_time_styles(clerk_book(tmp_path / "課.xlsx"))
    set_cell(src, "D15", f'<c r="D15" s="{TIME}" t="d"><v>14:01:59.999</v></c>')
    as_strict_ooxml(src)
    cell = load(src).sheets[0].get(15, 4)
    assert round(cell.value * 86400) == 14 * 3600 + 2 * 60  # 14:02:00, not 14:01:59
    assert cell.date_text() == "14:02"
    (status, checked), _merged, _out = check_and_merge(capsys, src, tmp_path)
    assert status == 1
    assert at(checked) == [("value-date", "事業1", "D15")]
    assert "（14:02）" in checked[0]["message"]


@pytest.mark.parametrize(("iso", "shown"), [
    ("14:01:59.999", "14:02"),                  # Excel's truncated time of day
    ("1899-12-31T14:01:59.999", "14:02"),       # the same on Excel's day 0
    ("1899-12-31T23:59:59.9995", "1900/01/01"),  # rounds past midnight into day 1
    ("12:00:00.5", "12:00"),                    # half a second up: 12:00:01, shown h:mm
    ("2021-04-01T13:29:59.9999999", "2021/04/01 13:30"),  # .NET's seven digits
    ("2021-04-01 13:30", "2021/04/01 13:30"),
    ("1900-02-29", "1900/02/29"),               # the day only Excel's 1900 system has
])
def test_iso_times_keep_their_fraction_of_a_second(iso: str, shown: str) -> None:
    serial = iso_to_serial(iso)
    assert serial is not None
    assert excel_date_text(serial) == shown


@pytest.mark.parametrize(("iso", "days"), [
    ("PT1416H0M0.000S", 59), ("PT36H30M0.000S", 36.5 / 24), ("P2DT12H", 2.5), ("P1W", 7),
    ("PT0.5S", 0.5 / 86400), ("-PT1H", -1 / 24), ("PT0S", 0),
    ("P1Y", None), ("P2M", None), ("PT", None), ("P", None), ("1416:00", None),
])
def test_iso_durations_are_days_as_excel_holds_them(iso: str, days: float | None) -> None:
    """Years and months have no fixed number of days: no duration Excel writes."""
    got = iso_duration_days(iso)
    assert got == (None if days is None else pytest.approx(days, abs=1e-9))


@pytest.mark.parametrize(("days", "fmt", "shown"), [
    (59, "[h]:mm", "1416:00"), (36.5 / 24, "[h]:mm", "36:30"),
    (1 / 24 + 30 / 86400, "[h]:mm:ss", "1:00:30"), (-1 / 24, "[h]:mm", "-1:00"),
    (0, "[hh]:mm", "0:00"), (59, "[mm]:ss", "84960:00"), (1.5 / 1440, "[s]", "90"),
    (59, "General", "1416:00"),  # a Strict duration in a cell without its format
])
def test_elapsed_times_show_as_excel_shows_them(days: float, fmt: str, shown: str) -> None:
    assert elapsed_text(days, fmt) == shown


def test_a_transitional_elapsed_cell_shows_its_hours_too(tmp_path: Path) -> None:
    """The same [h]:mm cell saved as an ordinary workbook holds the serial 59: it is
    1416:00 in Excel, not 1900/02/28."""
    styles = (f'<styleSheet {NS}><numFmts><numFmt numFmtId="164" formatCode="[h]:mm"/>'
              '<numFmt numFmtId="165" formatCode="[mm]:ss"/></numFmts><cellXfs>'
              '<xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="46"/><xf numFmtId="165"/>'
              "</cellXfs></styleSheet>")
    sheet = ('<row r="1"><c r="A1" s="1"><v>59</v></c><c r="B1" s="2"><v>1.5</v></c>'
             '<c r="C1" s="3"><v>0.0625</v></c></row>')
    grid = load(write_package(tmp_path / "t.xlsx", sheet, styles=styles)).sheets[0]
    assert [grid.get(1, c).date_text() for c in (1, 2, 3)] == ["1416:00", "36:00", "90:00"]


# --- an empty <v/> in a string cell -----------------------------------------------------

def test_an_empty_string_value_is_an_empty_cell(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An in-house exporter writes every cell of the layout as a shared string, the blank
    ones with an empty <v/>; openpyxl and calamine read those as blank. Where an actual is
    due (D15) that is the usual warning; elsewhere (B13's 事業内容, a cell beside the
    table) nothing. Neither is a damaged cell."""
    src = clerk_book(tmp_path / "課.xlsx")
    set_cell(src, "D15", '<c r="D15" t="s"><v/></c>')
    set_cell(src, "B13", '<c r="B13" t="s"><v></v></c>')
    edit_part(src, SHEET, lambda xml: xml.replace(
        "</row></sheetData>", '<c r="H15" t="s"><v/></c><c r="I15" t="b"><v/></c>'
                              '<c r="J15" t="d"><v/></c></row></sheetData>'))
    grid = load(src).sheets[0]
    assert [grid.get(15, c) for c in (4, 8, 9, 10)] == [None] * 4
    (status, checked), (merged_status, _), out = check_and_merge(capsys, src, tmp_path)
    assert (status, merged_status) == (0, 0)
    assert at(checked) == [("actual-missing", "事業1", "D15")]
    assert checked[0]["severity"] == "warning"
    contents = openpyxl.load_workbook(out)["事業内容"]
    assert "・構築" in [c for row in contents.iter_rows(values_only=True) for c in row]


# --- carriage returns (issue 22) ------------------------------------------------------------

def _texts(path: Path, sheets: list[str] | None = None) -> dict[str, list[str]]:
    wb = openpyxl.load_workbook(path)
    return {ws.title: [c for row in ws.iter_rows(values_only=True) for c in row
                       if isinstance(c, str)]
            for ws in wb.worksheets if sheets is None or ws.title in sheets}


def test_carriage_returns_reach_no_reader_of_the_consolidated_workbook(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The field case: text pasted into Excel from Windows programs keeps CR LF, which
    Excel saves as _x000D_ before the LF; openpyxl and pandas (which decode no _xHHHH_
    escape) read the consolidated workbook's 事業内容 and project sheets as
    「…あり方の検討_x000D_\\n次の行」. Read as Excel's own in-cell line break (LF), the
    consolidated workbook holds no CR and so no _x000D_ escape, in 事業内容, 事業目的 or a
    KPI name. A literal _x000D_ typed as text (saved _x005F_x000D_) stays that text: Excel
    and our reader show it, openpyxl its stored form _x005F_x000D_."""
    src = clerk_book(tmp_path / "課.xlsx")
    edit_part(src, STRINGS, lambda xml: xml
              .replace("・検討", "・あり方の検討_x000D_\n次の行")
              .replace("ガラスの文化を活用する。", "ガラスの文化を_x000D_\n活用する。")
              .replace("<t>販売額</t>", "<t>販売額_x000D_\n（ガラス製品）</t>")
              .replace("・販売", "・販売_x000D_旧Mac の改行")
              .replace("・構築", "・構築（コード _x005F_x000D_ のまま）"))
    out = tmp_path / "集計.xlsx"
    status, issues = run(capsys, "merge", str(src), "-o", str(out))
    assert status == 0, issues
    with zipfile.ZipFile(out) as zf:
        xml = "".join(zf.read(n).decode("utf-8") for n in zf.namelist() if n.endswith(".xml"))
    assert re.findall(r"(?<!_x005F)_x000D_", xml) == []
    assert "&#13;" not in xml
    assert "\r" not in xml

    texts = _texts(out)
    project_sheets = [name for name in texts if name.endswith("ブランド化推進事業")]
    assert project_sheets, list(texts)
    for name, values in texts.items():
        assert not [t for t in values if "\r" in t], name
        assert not [t for t in values if "_x000D_" in t and "コード" not in t], name
    for name in ["事業内容", project_sheets[0]]:
        assert "・あり方の検討\n次の行" in texts[name]
        assert "・販売\n旧Mac の改行" in texts[name]
    assert any("販売額\n（ガラス製品）" in t for t in texts[project_sheets[0]])
    assert "ガラスの文化を\n活用する。" in texts["事業データ"]
    ours = {cell.value for grid in load(out).sheets for cell in grid.cells.values()}
    assert "・構築（コード _x000D_ のまま）" in ours  # as Excel shows the literal

    pd = pytest.importorskip("pandas")
    for name in ["事業内容", *project_sheets]:
        frame = pd.read_excel(out, sheet_name=name, header=None, dtype=str)
        cells = [c for c in frame.to_numpy().ravel() if isinstance(c, str)]
        assert not [c for c in cells if "\r" in c], name
        assert not [c for c in cells if "_x000D_" in c and "コード" not in c], name
        assert any("あり方の検討\n次の行" in c for c in cells), name
