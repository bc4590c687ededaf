"""The package reader: what Excel stores, read the way the spec needs it."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest

from kpi_workbook.reading.grid import InputFileError, load
from kpi_workbook.usecases import read_submission

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
RNS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


def write_package(path: Path, sheet_xml: str, shared: list[str] | None = None,
                  styles: str = "", defined: str = "", raw_sheet: str | None = None) -> Path:
    """A minimal xlsx as Excel writes it: cached formula values, shared strings, styles."""
    sst = "".join(f"<si>{s}</si>" for s in (shared or []))
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("_rels/.rels", (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'))
        zf.writestr("xl/workbook.xml", (
            f'<workbook {NS} {RNS}><sheets><sheet name="事業" sheetId="1" r:id="rId1"/>'
            f"</sheets>{defined}</workbook>"))
        zf.writestr("xl/_rels/workbook.xml.rels", (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
            '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/styles" Target="styles.xml"/></Relationships>'))
        zf.writestr("xl/sharedStrings.xml", f"<sst {NS}>{sst}</sst>")
        zf.writestr("xl/styles.xml", styles or f"<styleSheet {NS}/>")
        zf.writestr("xl/worksheets/sheet1.xml", raw_sheet or
                    f"<worksheet {NS}><sheetData>{sheet_xml}</sheetData></worksheet>")
    return path


def test_grid_reads_cached_formula_values_and_errors(tmp_path: Path) -> None:
    sheet = ('<row r="1"><c r="A1"><f>B1*2</f><v>24</v></c><c r="B1"><v>12</v></c>'
             '<c r="C1" t="e"><f>B1/0</f><v>#DIV/0!</v></c><c r="D1"><f>B1+1</f></c>'
             '<c r="E1" t="str"><f>"x"</f><v>x</v></c></row>')
    grid = load(write_package(tmp_path / "f.xlsx", sheet)).sheets[0]
    assert (grid.get(1, 1).value, grid.get(1, 1).formula) == (24, "B1*2")
    assert grid.get(1, 3).error == "#DIV/0!"
    assert (grid.get(1, 4).value, grid.get(1, 4).formula) == (None, "B1+1")
    assert grid.get(1, 5).value == "x"


def test_grid_drops_furigana_from_shared_strings(tmp_path: Path) -> None:
    furigana = '<rPh sb="0" eb="2"><t>ショウコウ</t></rPh>'
    shared = [f"<r><t>商工</t></r><r><t>労働課</t></r>{furigana}", "<t>事業名</t>"]
    sheet = '<row r="1"><c r="A1" t="s"><v>1</v></c><c r="B1" t="s"><v>0</v></c></row>'
    grid = load(write_package(tmp_path / "s.xlsx", sheet, shared)).sheets[0]
    assert grid.value(1, 1) == "事業名"
    assert grid.value(1, 2) == "商工労働課"


def test_grid_reads_inline_strings_and_cells_without_reference(tmp_path: Path) -> None:
    sheet = ('<row r="3"><c t="inlineStr"><is><t>単位</t></is></c><c><v>5</v></c></row>')
    grid = load(write_package(tmp_path / "i.xlsx", sheet)).sheets[0]
    assert (grid.value(3, 1), grid.value(3, 2)) == ("単位", 5)


def test_grid_knows_date_and_percent_formats(tmp_path: Path) -> None:
    styles = (f'<styleSheet {NS}><numFmts>'
              '<numFmt numFmtId="164" formatCode="#,##0&quot;円&quot;"/></numFmts>'
              '<cellXfs><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="10"/>'
              '<xf numFmtId="164"/>'
              '<xf numFmtId="31"/></cellXfs></styleSheet>')
    sheet = ('<row r="1"><c r="A1" s="1"><v>44287</v></c><c r="B1" s="2"><v>0.054</v></c>'
             '<c r="C1" s="3"><v>100</v></c><c r="D1" s="4"><v>44287</v></c></row>')
    grid = load(write_package(tmp_path / "d.xlsx", sheet, styles=styles)).sheets[0]
    assert grid.get(1, 1).is_date
    assert grid.get(1, 2).is_percent
    assert not grid.get(1, 3).is_date
    assert not grid.get(1, 3).is_percent
    assert grid.get(1, 4).is_date  # 31: the Japanese era date format


@pytest.mark.parametrize(("content", "name", "code"), [
    (b"", "empty.xlsx", "file-empty"),
    (b"hello, not a zip", "text.xlsx", "file-unreadable"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "old.xlsx", "file-legacy-format"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptionInfo".encode("utf-16-le"), "locked.xlsx",
     "file-encrypted"),
    (b"whatever", "old.xls", "file-legacy-format"),
    (b"PK\x03\x04truncated", "cut.xlsx", "file-unreadable"),
])
def test_unreadable_files_give_one_clear_issue(tmp_path: Path, content: bytes, name: str,
                                               code: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputFileError) as exc:
        load(path)
    assert exc.value.issue.code == code
    sub = read_submission(path)
    assert [i.code for i in sub.issues] == [code]
    assert sub.projects == []


def test_missing_file(tmp_path: Path) -> None:
    sub = read_submission(tmp_path / "nope.xlsx")
    assert [i.code for i in sub.issues] == ["file-not-found"]


def test_xml_entity_expansion_is_refused(tmp_path: Path) -> None:
    bomb = ('<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
            f'<worksheet {NS}><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&b;</t>'
            "</is></c></row></sheetData></worksheet>")
    path = write_package(tmp_path / "bomb.xlsx", "", raw_sheet=bomb)
    sub = read_submission(path)
    # Only the sheet is lost (issue 13), said in words; the refusal itself is the detail.
    (issue,) = sub.issues
    assert (issue.code, issue.where.sheet) == ("sheet-unreadable", "事業")
    assert "安全でない XML" in issue.message()
    assert "Entities" in (issue.detail or "")
    assert "Entities" not in issue.message("en")


def test_xlsm_is_read_with_an_info(tmp_path: Path) -> None:
    from tests.test_reader import HEADER, TABLE, make_book

    path = make_book(tmp_path / "macro.xlsx", {"s": [*HEADER, [], *TABLE]})
    xlsm = path.with_suffix(".xlsm")
    path.rename(xlsm)
    sub = read_submission(xlsm, report_year=2022)
    assert [i.code for i in sub.issues] == ["file-macros-ignored"]
    assert len(sub.projects) == 1


def test_external_links_and_hyperlinks_are_reported_not_followed(tmp_path: Path) -> None:
    from tests.test_reader import HEADER, TABLE, make_book

    path = make_book(tmp_path / "links.xlsx", {"s": [*HEADER, [], *TABLE]})
    wb = openpyxl.load_workbook(path)
    wb["s"]["B2"].hyperlink = "http://example.invalid/x"
    wb.save(path)
    with zipfile.ZipFile(path, "a") as zf:
        zf.writestr("xl/externalLinks/externalLink1.xml", "<externalLink/>")
        zf.writestr("xl/externalLinks/_rels/externalLink1.xml.rels", (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="x/externalLinkPath" Target="file:///C:/他課/実績.xlsx"'
            ' TargetMode="External"/></Relationships>'))
    sub = read_submission(path, report_year=2022)
    found = {i.code: i for i in sub.issues}
    assert set(found) == {"file-external-links", "file-hyperlinks-ignored"}
    assert "file:///C:/他課/実績.xlsx" in found["file-external-links"].message()
    assert found["file-hyperlinks-ignored"].where.sheet == "s"
    assert len(sub.projects) == 1


def test_long_windows_path_is_a_warning(tmp_path: Path) -> None:
    from tests.test_reader import HEADER, TABLE, make_book

    folder = tmp_path
    while len(str(folder)) < 250:
        folder = folder / "長いフォルダ名の担当課提出用"
    folder.mkdir(parents=True)
    sub = read_submission(make_book(folder / "商工労働課 提出.xlsx", {"s": [*HEADER, [], *TABLE]}),
                          report_year=2022)
    assert [i.code for i in sub.issues] == ["file-path-long"]
    assert len(sub.projects) == 1


def test_only_plain_utf8_parts_skip_the_hardened_parser() -> None:
    from kpi_workbook.reading.grid import _has_no_dtd

    assert _has_no_dtd(b'<?xml version="1.0" encoding="UTF-8"?><worksheet/>')
    assert _has_no_dtd(b"<worksheet/>")
    assert not _has_no_dtd(b'<?xml version="1.0" encoding="UTF-7"?><worksheet/>')
    assert not _has_no_dtd(b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x/>')
    assert not _has_no_dtd("<x/>".encode("utf-16"))


def test_hidden_text_under_a_merged_range_is_not_read(tmp_path: Path) -> None:
    sheet = ('<row r="1"><c r="A1" t="inlineStr"><is><t>事業名</t></is></c>'
             '<c r="B1" t="inlineStr"><is><t>見えない</t></is></c>'
             '<c r="C1" t="inlineStr"><is><t>ガラス</t></is></c></row>')
    path = write_package(tmp_path / "m.xlsx", "", raw_sheet=(
        f"<worksheet {NS}><sheetData>{sheet}</sheetData>"
        '<mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells></worksheet>'))
    grid = load(path).sheets[0]
    assert grid.value(1, 1) == "事業名"
    assert grid.get(1, 2) is None  # B1 is under the merge: the value right of 事業名 is C1
    assert grid.value(1, 3) == "ガラス"
