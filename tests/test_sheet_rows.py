"""reading/sheet_rows.py: the consolidated workbook's sheets streamed, each cell read as
grid.py reads a submission's, each value as openpyxl gave it with cached values."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import openpyxl
import pytest

from kpi_workbook.consolidated.opening import open_consolidated
from kpi_workbook.domain.errors import KpiWorkbookError
from kpi_workbook.reading.grid import load
from kpi_workbook.reading.sheet_rows import (
    MAX_READ,
    RowsError,
    _date_value,
    open_rows,
)

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "application/vnd.openxmlformats-officedocument."
# cellXfs: 0 General, 1 built-in date (14), 2 custom yyyy/mm/dd, 3 [h]:mm, 4 Japanese
# locale date (57, ggge"年"m"月"d"日"), 5 text (@), 6 h:mm
STYLES = (f'<styleSheet xmlns="{NS}"><numFmts count="2"><numFmt numFmtId="164" '
          'formatCode="yyyy/mm/dd"/><numFmt numFmtId="165" formatCode="[h]:mm"/></numFmts>'
          '<cellXfs count="7"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/>'
          '<xf numFmtId="165"/><xf numFmtId="57"/><xf numFmtId="49"/><xf numFmtId="20"/>'
          '</cellXfs></styleSheet>')
SHARED = ["<t>商工労働課</t>", '<r><t>小野田</t></r><r><t>ガラス</t></r>'
          '<rPh sb="0" eb="3"><t>オノダ</t></rPh>', "<t>改行_x000D_\n次の行</t>"]
# Every kind of cell Excel, LibreOffice, openpyxl and xlsxwriter write into a flat sheet.
CELLS = [
    '<c r="A2"><v>12</v></c>', '<c r="B2"><v>0.054</v></c>', '<c r="C2"><v>1E3</v></c>',
    '<c r="D2" t="n"><v> 7 </v></c>', '<c r="E2" t="s"><v>0</v></c>',
    '<c r="F2" t="s"><v>1</v></c>', '<c r="G2" t="s"><v>2</v></c>',
    '<c r="H2" t="inlineStr"><is><t>-特になし</t></is></c>',
    '<c r="I2" t="inlineStr"><is><r><t>太</t></r><r><rPr><b/></rPr><t>字</t></r></is></c>',
    '<c r="J2" t="inlineStr"><is><t xml:space="preserve"> 前後 </t></is></c>',
    '<c r="K2" t="str"><f>"a"&amp;"b"</f><v>ab</v></c>',
    '<c r="L2" t="str"><f>IF(1,"","x")</f><v></v></c>',
    '<c r="M2"><f>1+1</f><v>2</v></c>', '<c r="N2"><f>1+1</f><v></v></c>',
    '<c r="O2"><f t="shared" si="0"/></c>', '<c r="P2" t="e"><f>1/0</f><v>#DIV/0!</v></c>',
    '<c r="Q2" t="e"><v>#N/A</v></c>', '<c r="R2" t="b"><v>1</v></c>',
    '<c r="S2" t="b"><v>0</v></c>', '<c r="T2" s="1"><v>44652</v></c>',
    '<c r="U2" s="2"><v>44652.5</v></c>', '<c r="V2" s="3"><v>1.25</v></c>',
    '<c r="W2" s="4"><v>44652</v></c>', '<c r="X2" s="6"><v>0.5625</v></c>',
    '<c r="Y2" t="d"><v>2022-04-01T00:00:00</v></c>', '<c r="Z2" s="5"><v>2022</v></c>',
    '<c r="AA2" s="1"/>', '<c r="AB2" t="str"><f>"_x005F_x000D_"</f><v>_x005F_x000D_</v></c>',
    '<c r="AC2" s="1"><v>30</v></c>', '<c r="AD2" s="x"><v>5</v></c>',
]


def write_book(path: Path, sheets: dict[str, str], *, date1904: bool = False,
               shared: list[str] = SHARED, custom: str = "",
               raw: dict[str, bytes] | None = None) -> Path:
    """A package as spreadsheet programs write it; ``sheets``: name → sheetData XML,
    ``raw``: name → the sheet part's whole bytes instead."""
    names = list(sheets)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        sheet_types = "".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{CT}'
            f'spreadsheetml.worksheet+xml"/>' for i in range(1, len(names) + 1))
        zf.writestr("[Content_Types].xml", (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{CT}spreadsheetml.sheet.'
            f'main+xml"/>{sheet_types}<Override PartName="/xl/styles.xml" ContentType="{CT}'
            f'spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" '
            f'ContentType="{CT}spreadsheetml.sharedStrings+xml"/></Types>'))
        custom_rel = (f'<Relationship Id="rId2" Type="{REL}/custom-properties" '
                      'Target="docProps/custom.xml"/>' if custom else "")
        zf.writestr("_rels/.rels", (
            f'<Relationships xmlns="{PKG_REL}"><Relationship Id="rId1" '
            f'Type="{REL}/officeDocument" Target="xl/workbook.xml"/>{custom_rel}'
            "</Relationships>"))
        if custom:
            zf.writestr("docProps/custom.xml", (
                '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
                'custom-properties" xmlns:vt="http://schemas.openxmlformats.org/'
                f'officeDocument/2006/docPropsVTypes">{custom}</Properties>'))
        pr = '<workbookPr date1904="1"/>' if date1904 else ""
        listed = "".join(f'<sheet name="{n}" sheetId="{i}" r:id="rId{i}"/>'
                         for i, n in enumerate(names, start=1))
        zf.writestr("xl/workbook.xml", f'<?xml version="1.0" encoding="UTF-8"?>\n'
                    f'<workbook xmlns="{NS}" xmlns:r="{REL}">{pr}<sheets>{listed}</sheets>'
                    "</workbook>")
        rels = "".join(f'<Relationship Id="rId{i}" Type="{REL}/worksheet" '
                       f'Target="worksheets/sheet{i}.xml"/>'
                       for i in range(1, len(names) + 1))
        zf.writestr("xl/_rels/workbook.xml.rels", (
            f'<Relationships xmlns="{PKG_REL}">{rels}<Relationship Id="rIdS" '
            f'Type="{REL}/sharedStrings" Target="sharedStrings.xml"/><Relationship '
            f'Id="rIdT" Type="{REL}/styles" Target="styles.xml"/></Relationships>'))
        zf.writestr("xl/sharedStrings.xml", f'<sst xmlns="{NS}">'
                    + "".join(f"<si>{s}</si>" for s in shared) + "</sst>")
        zf.writestr("xl/styles.xml", STYLES)
        for i, name in enumerate(names, start=1):
            data = (raw or {}).get(name) or (
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                f'<worksheet xmlns="{NS}"><sheetData>{sheets[name]}</sheetData>'
                "</worksheet>").encode()
            zf.writestr(f"xl/worksheets/sheet{i}.xml", data)
    return path


def rows_of(path: Path, sheet: str) -> dict[int, dict[int, object]]:
    with open_rows(path) as book:
        return {row.number: row.values for row in book.rows(sheet)}


def grid_reading(path: Path, sheet: str) -> dict[int, dict[int, object]]:
    """What grid.load reads, as a value of the kind openpyxl gave (the expectation)."""
    grid = next(g for g in load(path).sheets if g.name == sheet)
    out: dict[int, dict[int, object]] = {}
    for (r, c), cell in grid.cells.items():
        if cell.error is not None:
            value: object = cell.error
        elif cell.is_date and isinstance(cell.value, (int, float)) and not isinstance(
                cell.value, bool):
            value = _date_value(float(cell.value), cell.number_format, cell.date1904)
        else:
            value = cell.value
        if value is not None:
            out.setdefault(r, {})[c] = value
    return out


@pytest.mark.parametrize("date1904", [False, True], ids=["1900", "1904"])
def test_every_kind_of_cell_reads_as_grid_reads_it(tmp_path: Path, date1904: bool) -> None:
    book = write_book(tmp_path / "b.xlsx", {"集計一覧": f'<row r="2">{"".join(CELLS)}</row>'},
                      date1904=date1904)
    assert rows_of(book, "集計一覧") == grid_reading(book, "集計一覧")


def test_values_as_openpyxl_gave_them(tmp_path: Path) -> None:
    """The readers of our workbook were written against openpyxl's cached values; these are
    the same values (a date a clerk added to 集計一覧 reaches kpi.csv as before)."""
    readable = [c for c in CELLS if 's="x"' not in c]  # openpyxl stops at a bad style
    book = write_book(tmp_path / "b.xlsx", {"集計一覧": f'<row r="2">{"".join(readable)}</row>'})
    (row,) = rows_of(book, "集計一覧").values()
    wb = openpyxl.load_workbook(book, read_only=True, data_only=True)
    theirs = {c: v for c, v in enumerate(next(wb["集計一覧"].iter_rows(
        min_row=2, values_only=True)), start=1) if v is not None}
    wb.close()
    assert row[1] == 12
    assert row[5] == "商工労働課"
    assert row[6] == "小野田ガラス"  # runs joined, furigana left out
    assert row[7] == "改行\n次の行"  # _x000D_\n is a line end (openpyxl: the escape kept)
    assert row[12] == ""  # a formula whose result is empty text: a value, not nothing
    assert 14 not in row  # a formula without a saved result: not a value (Row.uncached)
    assert (row[20], row[21], row[22]) == (dt.datetime(2022, 4, 1),
                                           dt.datetime(2022, 4, 1, 12), dt.timedelta(1.25))
    assert row[24] == dt.time(13, 30)
    assert row[25] == dt.datetime(2022, 4, 1)
    assert row[28] == "_x000D_"
    assert row[29] == dt.datetime(1900, 1, 30)
    # where openpyxl read less: _xHHHH_ escapes kept as they are (7, 28: a CR LF typed
    # in Windows reached the page as _x000D_), the Japanese
    # locale's built-in date format 57 not known as a date (23), a formula's empty text
    # result as None (12: every reader takes '' and None alike)
    differ = {7, 12, 23, 28}
    assert {c: v for c, v in row.items() if c not in differ} == {
        c: v for c, v in theirs.items() if c not in differ}


def test_a_formula_without_a_saved_result_is_told_apart_from_a_blank(tmp_path: Path) -> None:
    book = write_book(tmp_path / "b.xlsx", {"s": (
        '<row r="1"><c r="A1"><f>1+1</f><v></v></c><c r="B1" s="5"/><c r="C1"><f>X1</f></c>'
        '<c r="D1" t="str"><f>"a"</f><v>a</v></c></row><row r="2"><c r="A2" s="1"/></row>')})
    with open_rows(book) as rows:
        (row,) = list(rows.rows("s"))  # row 2 holds nothing: not given
    assert (row.number, row.values) == (1, {4: "a"})
    assert row.formulas == {1: "1+1", 3: "X1", 4: '"a"'}


def test_a_record_names_a_formula_with_no_result_to_read(tmp_path: Path) -> None:
    """外部評価's input cells: a formula counts by its saved text; none, an empty one or
    an error value leaves nothing to read, and the cell is named (issue 22)."""
    header = ('<row r="1"><c r="A1" t="inlineStr"><is><t>事業名</t></is></c><c r="B1" '
              't="inlineStr"><is><t> 外部有識者の意見 </t></is></c></row>')
    cells = ['<c r="B{r}" t="str"><f>"a"&amp;"b"</f><v>ab</v></c>', '<c r="B{r}"><f>X1</f></c>',
             '<c r="B{r}"><f>X1</f><v></v></c>', '<c r="B{r}" t="str"><f>""</f><v></v></c>',
             '<c r="B{r}" t="e"><f>特になし</f><v>#NAME?</v></c>',
             '<c r="B{r}" t="inlineStr"><is><t>#NAME?</t></is></c>']
    body = header + "".join(f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>事業{r}</t></is>'
                            f"</c>{cell.format(r=r)}</row>"
                            for r, cell in enumerate(cells, start=2))
    book = write_book(tmp_path / "b.xlsx", {"外部評価": body})

    def refuse(exc: Exception) -> KpiWorkbookError:
        raise AssertionError(exc)

    with open_consolidated(book, ("外部評価",), unopenable=refuse,
                           sheet_missing=refuse) as opened:
        records = list(opened.sheet("外部評価").records())
    found = [(r.cell("外部有識者の意見"), r.unsaved_formula("外部有識者の意見"))
             for r in records]
    assert found == [("B2", None), ("B3", "X1"), ("B4", "X1"), ("B5", '""'),
                     ("B6", "特になし"), ("B7", None)]  # B7: text typed, no formula
    assert records[0].entry("外部有識者の意見") == "ab"
    with pytest.raises(KpiWorkbookError) as caught:
        records[1].entry("外部有識者の意見")
    issue = caught.value.issue
    assert (issue.code, issue.where.sheet, issue.where.cell) == (
        "consolidated-formula-uncached", "外部評価", "B3")
    assert "数式「=X1」" in issue.message()


def test_rows_beyond_a_submissions_bound_and_without_addresses(tmp_path: Path) -> None:
    """54,000 rows for 2,000 submissions: no bound but Excel's (grid stops at 5,000);
    cells and rows without an r attribute follow the previous one, as in grid."""
    body = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c><c r="C{r}"><v>1</v></c></row>'
                   for r in range(1, 6002))
    body += '<row><c><v>7</v></c><c t="inlineStr"><is><t>x</t></is></c></row>'
    rows = rows_of(write_book(tmp_path / "b.xlsx", {"s": body}), "s")
    assert len(rows) == 6002
    assert rows[6001] == {1: 6001, 3: 1}
    assert rows[6002] == {1: 7, 2: "x"}


def test_only_the_sheets_asked_for_are_read(tmp_path: Path) -> None:
    """A print sheet that would not parse (or would take long) is never opened."""
    book = write_book(tmp_path / "b.xlsx", {"集計一覧": '<row r="1"><c r="A1"><v>1</v></c></row>',
                                          "①事業": ""},
                      raw={"①事業": b"<worksheet><sheetData><row></sheetData>"})
    assert rows_of(book, "集計一覧") == {1: {1: 1}}
    with pytest.raises(RowsError) as caught, open_rows(book) as rows:
        list(rows.rows("①事業"))
    assert caught.value.sheet == "①事業"
    assert caught.value.reason.ja == "XML の形が正しくありません"


def test_a_part_with_a_dtd_goes_through_defusedxml(tmp_path: Path) -> None:
    """The C parser takes only a prolog that is the XML declaration; a DTD (entity tricks)
    is refused, and a comment before the root is read the safe way, to the same rows."""
    bomb = (b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">'
            b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
            b'<worksheet xmlns="' + NS.encode() + b'"><sheetData><row r="1"><c r="A1" '
            b't="inlineStr"><is><t>&b;</t></is></c></row></sheetData></worksheet>')
    commented = (b'<?xml version="1.0"?><!-- written by hand --><worksheet xmlns="'
                 + NS.encode() + b'"><sheetData><row r="1"><c r="A1"><v>3</v></c></row>'
                 b'</sheetData></worksheet>')
    book = write_book(tmp_path / "b.xlsx", {"bomb": "", "note": ""},
                      raw={"bomb": bomb, "note": commented})
    with pytest.raises(RowsError) as caught, open_rows(book) as rows:
        list(rows.rows("bomb"))
    assert "DTD" in caught.value.reason.ja
    assert rows_of(book, "note") == {1: {1: 3}}


@pytest.mark.parametrize(("cell", "reason"), [
    ('<c r="B3" t="s"><v>99</v></c>', "文字の一覧"),
    ('<c r="B3"><v>12,5</v></c>', "数値の形"),
    ('<c r="B3" t="b"><v>yes</v></c>', "TRUE/FALSE"),
    ('<c r="B3" t="d"><v>令和4年</v></c>', "日付の形"),
])
def test_a_damaged_cell_is_an_error_at_its_address(tmp_path: Path, cell: str,
                                                   reason: str) -> None:
    book = write_book(tmp_path / "b.xlsx", {"s": f'<row r="3">{cell}</row>'})
    with pytest.raises(RowsError) as caught, open_rows(book) as rows:
        list(rows.rows("s"))
    assert (caught.value.sheet, caught.value.cell) == ("s", "B3")
    assert reason in caught.value.reason.ja


def test_custom_properties_and_sheet_names(tmp_path: Path) -> None:
    props = ('<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" '
             'name="対象年度"><vt:i4>2022</vt:i4></property><property pid="3" name="作成者">'
             '<vt:lpwstr>企画課</vt:lpwstr></property><property pid="4" name="率">'
             '<vt:r8>0.5</vt:r8></property>')
    book = write_book(tmp_path / "b.xlsx", {"集計一覧": "", "外部評価": ""}, custom=props)
    with open_rows(book) as rows:
        assert rows.properties == {"対象年度": 2022, "作成者": "企画課", "率": 0.5}
        assert rows.sheet_names == ["集計一覧", "外部評価"]
        with pytest.raises(KeyError):
            rows.rows("検証結果")


def test_what_is_no_workbook_is_refused_in_words(tmp_path: Path) -> None:
    html = tmp_path / "page.xlsx"
    html.write_text("<html></html>", encoding="utf-8")
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    for path in (html, empty):
        with pytest.raises(RowsError) as caught, open_rows(path):
            pass
        assert caught.value.reason.ja
    with pytest.raises(FileNotFoundError), open_rows(tmp_path / "missing.xlsx"):
        pass


def test_a_part_that_inflates_past_the_bound_is_not_read(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch,
                                                         ) -> None:
    book = write_book(tmp_path / "b.xlsx", {"s": '<row r="1"><c r="A1"><v>1</v></c></row>'})
    assert MAX_READ >= 1024 ** 3  # five times the 2,000-submission book's flat sheets
    monkeypatch.setattr("kpi_workbook.reading.sheet_rows.MAX_READ", 100)
    with pytest.raises(RowsError) as caught, open_rows(book) as rows:
        list(rows.rows("s"))
    assert caught.value.reason.en == "it is too large uncompressed"


def test_records_of_a_few_headings_read_only_their_columns(tmp_path: Path) -> None:
    """publish counts 検証結果's errors from one column of 60,000 rows: the others are not
    read (a damaged cell there stops nothing), and a row empty under it is passed over."""
    body = ('<row r="1"><c r="A1" t="inlineStr"><is><t>重要度</t></is></c><c r="B1" '
            't="inlineStr"><is><t>内容</t></is></c></row>'
            '<row r="2"><c r="A2" t="inlineStr"><is><t>エラー</t></is></c>'
            '<c r="B2" t="s"><v>99</v></c></row>'
            '<row r="3"><c r="B3" t="inlineStr"><is><t>説明だけ</t></is></c></row>'
            '<row r="4"><c r="A4" t="inlineStr"><is><t>警告</t></is></c></row>')
    book = write_book(tmp_path / "b.xlsx", {"検証結果": body})

    def refuse(exc: Exception) -> KpiWorkbookError:
        raise AssertionError(exc)

    with open_consolidated(book, (), unopenable=refuse, sheet_missing=refuse) as opened:
        sheet = opened.sheet("検証結果")
        assert sheet.header == ["重要度", "内容"]
        found = [(r.row, dict(r)) for r in sheet.records(only=("重要度",))]
    assert found == [(2, {"重要度": "エラー", "内容": None}), (4, {"重要度": "警告", "内容": None})]
