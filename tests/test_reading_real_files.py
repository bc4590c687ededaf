"""Issue 13, points 1-5: packages as real programs write them, read cell by cell.

Every fixture is built here: a clerk's workbook written with openpyxl (as in
tests/test_reader.py), then its package XML edited by hand to hold what Excel, Strict OOXML
writers or Windows tools put there. What is imitated is said at each test.
"""

from __future__ import annotations

import html
import json
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

import pytest

from kpi_workbook.cli import main
from kpi_workbook.domain.model import ValueStatus
from kpi_workbook.reading.grid import decode_escapes, load
from kpi_workbook.reading.reader import read_file
from kpi_workbook.reading.serials import excel_date_text, iso_to_serial
from kpi_workbook.usecases import read_submission
from tests.test_grid import NS, write_package
from tests.test_reader import HEADER, TABLE, make_book

SHEET = "xl/worksheets/sheet1.xml"
STRINGS = "xl/sharedStrings.xml"
# What a Python exception looks like when it leaks into a message.
PYTHON_TEXT = re.compile(
    r"[A-Z][A-Za-z]+(Error|Exception|Forbidden)\b|Errno|Traceback|invalid literal|"
    r"line \d+, column \d+|not well-formed \(invalid token\)|no element found|"
    r"File is not a zip")


def clerk_book(path: Path, sheets: int = 1) -> Path:
    """The reader tests' project (販売額 円, 来客数 人; D15 is the 3年目 actual of 販売額),
    with its text in the shared-string table as Excel saves it (openpyxl writes inline
    strings)."""
    rows = [*HEADER, [], *TABLE]
    return as_excel_saves_text(make_book(path, {f"事業{i + 1}": rows for i in range(sheets)}))


_INLINE_RE = re.compile(r'<c r="(\w+)"([^>]*?) t="inlineStr"([^>]*)><is><t[^>]*>(.*?)</t></is></c>',
                        re.S)


def as_excel_saves_text(path: Path) -> Path:
    """Every inline string moved into xl/sharedStrings.xml, referenced by index."""
    with zipfile.ZipFile(path) as zf:
        parts = {info.filename: zf.read(info.filename).decode("utf-8") for info in zf.infolist()}
    table: dict[str, int] = {}

    def shared(m: re.Match[str]) -> str:
        # openpyxl writes character references when lxml is installed; Excel writes UTF-8
        text = xml_escape(html.unescape(m.group(4)))
        index = table.setdefault(text, len(table))
        return f'<c r="{m.group(1)}"{m.group(2)} t="s"{m.group(3)}><v>{index}</v></c>'

    for name in [n for n in parts if n.startswith("xl/worksheets/")]:
        parts[name] = _INLINE_RE.sub(shared, parts[name])
    items = "".join(f"<si><t>{text}</t></si>" for text in table)
    parts[STRINGS] = (f'<sst {NS} count="{len(table)}" uniqueCount="{len(table)}">'
                      f"{items}</sst>")
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        "</Relationships>",
        '<Relationship Id="rIdSst" Type="http://schemas.openxmlformats.org/officeDocument/'
        '2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        "</Types>", '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in parts.items():
            zf.writestr(name, text.encode("utf-8"))
    return path


def edit_part(path: Path, part: str, edit: Callable[[str], str]) -> Path:
    """Rewrite one part of the package in place (the fixture is ours, made in tmp_path)."""
    with zipfile.ZipFile(path) as zf:
        parts = {info.filename: zf.read(info.filename) for info in zf.infolist()}
    parts[part] = edit(parts[part].decode("utf-8")).encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return path


def replace_cell(xml: str, ref: str, new_cell: str) -> str:
    """The sheet XML with cell ``ref`` replaced by ``new_cell`` (exactly one must match)."""
    pattern = re.compile(rf'<c r="{ref}"[^>]*?(/>|>.*?</c>)', re.S)
    assert len(pattern.findall(xml)) == 1, ref
    return pattern.sub(new_cell, xml)


def no_python_text(sub_issues) -> None:
    for issue in sub_issues:
        for lang in ("ja", "en"):
            assert not PYTHON_TEXT.search(issue.message(lang)), issue.message(lang)


# --- 1. _xHHHH_ escapes ------------------------------------------------------------------

def test_excel_escapes_are_decoded_in_every_kind_of_text(tmp_path: Path) -> None:
    """Excel writes a carriage return in cell text as _x000D_ (XML would turn a raw CR into
    LF) and a literal "_x" as _x005F_x; shared strings, rich text runs, inline strings and
    formula string results all carry them. A carriage return, so written or as the
    character reference &#13; (in-house exporters), is read as Excel's line break, LF
    (issue 22): CR LF is one LF, a lone CR (old Mac text) is LF too."""
    shared = ["<t>あり方の検討_x000D_</t>",
              "<r><t>一行目_x000D_</t></r><r><t>\n二行目</t></r>",
              "<t>_x005F_x000D_ はそのまま</t>",
              "<t>小文字_x000d_も</t>",
              "<t>_xD842__xDFB7_野家</t>",
              "<t>壊れた_xD842_だけ</t>"]
    sheet = ("".join(f'<row r="{i + 1}"><c r="A{i + 1}" t="s"><v>{i}</v></c></row>'
                     for i in range(len(shared)))
             + '<row r="7"><c r="A7" t="inlineStr"><is><t>タブ_x0009_区切り</t></is></c>'
               '<c r="B7" t="str"><f>A1&amp;""</f><v>数式_x000D_の結果</v></c>'
               '<c r="C7" t="inlineStr"><is><t>参照&#13;&#10;改行&#13;旧Mac</t></is></c></row>')
    grid = load(write_package(tmp_path / "esc.xlsx", sheet, shared)).sheets[0]
    assert [grid.value(r, 1) for r in range(1, 8)] == [
        "あり方の検討\n", "一行目\n二行目", "_x000D_ はそのまま", "小文字\nも",
        "\U00020bb7野家", "壊れた_xD842_だけ", "タブ\t区切り"]
    assert grid.value(7, 2) == "数式\nの結果"
    assert grid.value(7, 3) == "参照\n改行\n旧Mac"
    assert decode_escapes("あり方の検討_x000D_") == "あり方の検討\r"  # the escape itself


def test_decode_escapes_is_one_pass_from_the_left() -> None:
    assert decode_escapes("_x005F_x005F_") == "_x005F_"
    assert decode_escapes("no escapes_x") == "no escapes_x"
    assert decode_escapes("_x00410_") == "_x00410_"  # five digits: not an escape
    assert decode_escapes("_x0041__x0042_") == "AB"


# A carriage return through merge, read back by openpyxl and pandas (issue 22):
# tests/test_reading_program_quirks.py.


# --- 2. one damaged cell or part ---------------------------------------------------------

@pytest.mark.parametrize(("broken", "why"), [
    ('<c r="D15" t="s"><v>x</v></c>', "a shared-string index that is no number"),
    ('<c r="D15" t="s"><v>9999</v></c>', "an index past the shared-string table"),
    ('<c r="D15" t="s"><v>-1</v></c>', "a negative index"),
    ('<c r="D15"><v>1.2.3</v></c>', "a number that is none"),
    ('<c r="D15" t="b"><v>2</v></c>', "a boolean that is none"),
    ('<c r="D15" t="d"><v>昨日</v></c>', "a date that is none"),
])
def test_a_damaged_cell_is_an_issue_at_that_cell_and_the_rest_is_read(
        tmp_path: Path, broken: str, why: str) -> None:
    """Libraries that write the XML themselves leave such cells; openpyxl and calamine
    read the rest of the file, and so must we."""
    src = edit_part(clerk_book(tmp_path / "課.xlsx"), SHEET,
                    lambda xml: replace_cell(xml, "D15", broken))
    sub = read_submission(src, report_year=2022)
    assert [(i.code, i.where.sheet, i.where.cell) for i in sub.issues] == [
        ("cell-unreadable", "事業1", "D15")], why
    (issue,) = sub.issues
    assert "D15" in issue.message()
    assert "壊れて" in issue.message()
    assert issue.detail  # the XML's own words, for whoever supports the tool
    no_python_text(sub.issues)
    (project,) = sub.projects
    third = project.years[2].observations
    assert third[0].actual.status is ValueStatus.INVALID  # not a silent blank
    assert (third[0].target.number, third[1].target.number, third[1].actual.number) == (
        15_000_000, 15672, 12682)


def test_an_empty_style_attribute_is_read_as_general_with_one_warning(tmp_path: Path) -> None:
    """s="" (written by some exporters for "no style") is no index."""
    def edit(xml: str) -> str:
        xml = replace_cell(xml, "C15", '<c r="C15" s=""><v>15000000</v></c>')
        return replace_cell(xml, "E15", '<c r="E15" s="x"><v>15672</v></c>')
    src = edit_part(clerk_book(tmp_path / "課.xlsx"), SHEET, edit)
    sub = read_submission(src, report_year=2022)
    assert [(i.code, i.where.cell, i.params.get("count")) for i in sub.issues] == [
        ("cell-format-unreadable", "C15", 2)]
    assert "2 個のセル（C15、E15）" in sub.issues[0].message()
    obs = sub.projects[0].years[2].observations
    assert (obs[0].target.number, obs[1].target.number) == (15_000_000, 15672)


def test_a_damaged_sheet_loses_only_that_sheet(tmp_path: Path) -> None:
    src = clerk_book(tmp_path / "課.xlsx", sheets=2)
    edit_part(src, "xl/worksheets/sheet2.xml", lambda xml: xml[: len(xml) // 2])
    sub = read_submission(src, report_year=2022)
    assert [(i.code, i.where.sheet) for i in sub.issues if i.code != "project-duplicate"] == [
        ("sheet-unreadable", "事業2")]
    message = sub.issues[0].message()
    assert "事業2" in message
    assert "ほかのシートは読みました" in message
    assert len(sub.projects) == 1
    no_python_text(sub.issues)


def test_a_sheet_named_but_missing_from_the_package_is_said(tmp_path: Path) -> None:
    src = clerk_book(tmp_path / "課.xlsx", sheets=2)
    with zipfile.ZipFile(src) as zf:
        parts = {n: zf.read(n) for n in zf.namelist() if n != "xl/worksheets/sheet2.xml"}
    with zipfile.ZipFile(src, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    sub = read_submission(src, report_year=2022)
    assert [(i.code, i.where.sheet) for i in sub.issues] == [("sheet-unreadable", "事業2")]
    assert len(sub.projects) == 1


def test_a_damaged_table_of_text_keeps_the_strings_before_the_damage(tmp_path: Path) -> None:
    """A shared-string part cut short after its last complete item (a copy that stopped)."""
    src = edit_part(clerk_book(tmp_path / "課.xlsx"), STRINGS,
                    lambda xml: xml.replace("</sst>", "<si><t>途中で切れ"))
    sub = read_submission(src, report_year=2022)
    assert [i.code for i in sub.issues] == ["strings-unreadable"]
    assert sub.issues[0].params["part"] == "xl/sharedStrings.xml"
    assert sub.projects[0].name == "小野田ガラスのブランド化推進事業"
    no_python_text(sub.issues)


def test_a_damaged_table_of_formats_reads_the_cells_unformatted(tmp_path: Path) -> None:
    src = edit_part(clerk_book(tmp_path / "課.xlsx"), "xl/styles.xml", lambda xml: "<styleSheet")
    sub = read_submission(src, report_year=2022)
    assert [i.code for i in sub.issues] == ["styles-unreadable"]
    assert sub.projects[0].years[2].observations[0].actual.number == 10_462_414


def test_a_reader_failure_is_said_in_words_with_the_detail_apart(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = clerk_book(tmp_path / "課.xlsx")

    def broken(*args: object, **kwargs: object) -> None:
        raise ValueError("invalid literal for int() with base 10: ''")

    monkeypatch.setattr("kpi_workbook.reading.reader.read_workbook", broken)
    (issue,) = read_file(src).issues
    assert issue.code == "file-unreadable"
    assert "不具合" in issue.message()
    assert "ValueError" in (issue.detail or "")
    no_python_text([issue])


# --- 3. part names as Windows tools write them -------------------------------------------

@pytest.mark.parametrize(("rename", "who"), [
    (lambda n: n.replace("/", "\\"), "backslash separators, as some Windows zip tools write"),
    (lambda n: n.replace("workbook.xml", "WorkBook.xml").replace("sheet1", "Sheet1"),
     "another letter case than the relationships name"),
    (lambda n: n.upper() if n.startswith("xl/") else n, "upper-case part names"),
])
def test_part_names_with_backslashes_or_another_case_are_found(
        tmp_path: Path, rename: Callable[[str], str], who: str) -> None:
    src = clerk_book(tmp_path / "課.xlsx")
    with zipfile.ZipFile(src) as zf:
        parts = {info.filename: zf.read(info.filename) for info in zf.infolist()}
    odd = tmp_path / "変な名前.xlsx"
    with zipfile.ZipFile(odd, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(zipfile.ZipInfo(rename(name)), data)
    with zipfile.ZipFile(odd) as zf:  # the names really are stored that way
        assert set(zf.namelist()) == {rename(n) for n in parts} != set(parts)
    sub = read_submission(odd, report_year=2022)
    assert sub.issues == [], who
    assert sub.projects[0].years[2].observations[0].actual.number == 10_462_414


# --- 4. dates as Excel reads them ----------------------------------------------------------

def test_an_iso_date_cell_is_a_date(tmp_path: Path) -> None:
    """Excel saving as Strict Open XML stores a date as ISO text in a t="d" cell; typed as
    an actual it is a value-date error, not value-not-number."""
    src = edit_part(clerk_book(tmp_path / "課.xlsx"), SHEET, lambda xml: replace_cell(
        xml, "D15", '<c r="D15" t="d"><v>2021-04-01T00:00:00</v></c>'))
    sub = read_submission(src, report_year=2022)
    assert [(i.code, i.where.cell, i.params["raw"]) for i in sub.issues] == [
        ("value-date", "D15", "2021/04/01")]


def test_dates_of_a_1904_workbook_are_shown_as_excel_shows_them(tmp_path: Path) -> None:
    """Excel for Mac up to 2008 (and any workbook with 1904 dates ticked) counts from
    1904-01-01: serial 42094 there is 2019/04/01, not 2015/03/31."""
    styles = (f'<styleSheet {NS}><cellXfs><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs>'
              "</styleSheet>")
    sheet = '<row r="1"><c r="A1" s="1"><v>42094</v></c><c r="B1" t="d"><v>2019-04-01</v></c></row>'
    path = write_package(tmp_path / "mac.xlsx", sheet, styles=styles)
    edit_part(path, "xl/workbook.xml", lambda xml: xml.replace(
        "<sheets>", '<workbookPr date1904="1"/><sheets>'))
    book = load(path)
    assert book.date1904
    grid = book.sheets[0]
    assert grid.get(1, 1).date_text() == "2019/04/01"
    assert (grid.value(1, 2), grid.get(1, 2).date_text()) == (42094, "2019/04/01")


@pytest.mark.parametrize(("serial", "shown"), [
    (0, "1900/01/00"), (1, "1900/01/01"), (59, "1900/02/28"), (60, "1900/02/29"),
    (61, "1900/03/01"), (43556, "2019/04/01"), (0.5, "12:00"), (43556.5625, "2019/04/01 13:30"),
    (-1, None), (2958466, None),
])
def test_serials_show_as_excel_shows_them_below_61_too(serial: float, shown: str | None) -> None:
    """Excel's 1900 system has a 29 February 1900 (serial 60): serials below 61 are a day
    later than counting from 1899-12-30 gives."""
    assert excel_date_text(serial) == shown


@pytest.mark.parametrize(("iso", "serial", "date1904"), [
    ("1900-01-01", 1, False), ("1900-02-28", 59, False), ("1900-03-01", 61, False),
    ("2019-04-01T00:00:00", 43556, False), ("2019-04-01", 42094, True), ("12:00:00", 0.5, False),
])
def test_iso_dates_become_the_serial_excel_gives_them(iso: str, serial: float,
                                                      date1904: bool) -> None:
    assert iso_to_serial(iso, date1904) == serial


# --- 5. no Python exception text in any message -------------------------------------------

def _broken_files(tmp_path: Path) -> list[Path]:
    good = clerk_book(tmp_path / "good.xlsx")
    made = []
    for name, data in [("not_zip.xlsx", b"<html>not a workbook</html>"),
                       ("cut.xlsx", good.read_bytes()[:300])]:
        (tmp_path / name).write_bytes(data)
        made.append(tmp_path / name)
    for name, part, edit in [
        ("bad_workbook.xlsx", "xl/workbook.xml", lambda xml: xml[:40]),
        ("bomb.xlsx", SHEET, lambda xml: '<!DOCTYPE x [<!ENTITY a "b">]>' + xml.split("?>", 1)[-1]),
        ("bad_rels.xlsx", "xl/_rels/workbook.xml.rels", lambda xml: "<Relationships"),
        ("bad_cell.xlsx", SHEET,
         lambda xml: replace_cell(xml, "D15", '<c r="D15" t="s"><v>9999</v></c>')),
    ]:
        target = tmp_path / name
        target.write_bytes(good.read_bytes())
        made.append(edit_part(target, part, edit))
    return made


def test_no_message_carries_python_exception_text_and_json_keeps_the_detail(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = _broken_files(tmp_path)
    assert main(["check", "--format", "json", *map(str, files)]) == 1
    issues = json.loads(capsys.readouterr().out)["issues"]
    assert {i["code"] for i in issues} >= {"file-unreadable", "sheet-unreadable",
                                           "cell-unreadable"}
    for issue in issues:
        assert not PYTHON_TEXT.search(issue["message"]), issue["message"]
    assert main(["check", "--format", "json", "--lang", "en", *map(str, files)]) == 1
    english = json.loads(capsys.readouterr().out)["issues"]
    for issue in english:
        assert not PYTHON_TEXT.search(issue["message"]), issue["message"]
    details = [i["detail"] for i in issues if i["detail"]]
    assert any("EntitiesForbidden" in d or "DTDForbidden" in d for d in details)
    assert any("BadZipFile" in d for d in details)


def test_verbose_text_shows_the_detail_under_the_message(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "壊れた.xlsx").write_bytes(b"PK\x03\x04 cut short")
    assert main(["check", str(tmp_path / "壊れた.xlsx")]) == 1
    plain = capsys.readouterr().out
    assert "BadZipFile" not in plain
    assert main(["check", "--verbose", str(tmp_path / "壊れた.xlsx")]) == 1
    verbose = capsys.readouterr().out
    assert re.search(r"\n    詳細: BadZipFile: ", verbose), verbose


@pytest.mark.parametrize(("option", "content"), [
    ("--roster", b"PK\x03\x04 not a roster"),
    ("--previous", b"PK\x03\x04 not a consolidated workbook"),
    ("--settings", b"[grade\n"),
])
def test_run_stopping_errors_say_why_in_words_and_the_detail_with_verbose(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], option: str, content: bytes) -> None:
    """The roster, the previous workbook and the settings file are read by libraries
    (openpyxl, tomllib) whose exceptions are English: they are the detail, not the
    message."""
    bad = tmp_path / ("bad.toml" if option == "--settings" else "bad.xlsx")
    bad.write_bytes(content)
    src = clerk_book(tmp_path / "課.xlsx")
    argv = ["merge", str(src), "-o", str(tmp_path / "集計.xlsx"), option, str(bad)]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "bad." in err
    assert not PYTHON_TEXT.search(err), err
    assert "  詳細: " not in err
    assert main([*argv, "--verbose"]) == 2
    assert "\n  詳細: " in capsys.readouterr().err
    assert main([*argv, "--lang", "en"]) == 2
    assert not PYTHON_TEXT.search(capsys.readouterr().err)
