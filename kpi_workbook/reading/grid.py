"""A workbook as plain grids of cells, read straight from the xlsx package.

Why not openpyxl here: the spec needs, for every cell, both the formula and the value
Excel cached for it (a formula without a cached value is an error, never a silent blank).
openpyxl gives one or the other per load, and its default load resolves merged cells
slowly; reading the sheet XML once with a hardened parser (defusedxml) gives values,
formulas, cached errors, number formats and merged ranges in one pass, without running
anything in the file. This is the only module that opens a submission.
"""

from __future__ import annotations

import dataclasses
import functools
import io
import math
import posixpath
import re
import urllib.parse
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Final
from xml.etree import ElementTree as FastET

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET

from kpi_workbook.domain.errors import InputFileError, os_detail, os_reason
from kpi_workbook.domain.issues import Issue, Location, Phrase, cell_name
from kpi_workbook.reading.return_copy_marker import unchanged_return_copy
from kpi_workbook.reading.serials import (
    elapsed_text,
    excel_date_text,
    is_elapsed_format,
    iso_duration_days,
    iso_to_serial,
)

# The layout fits in a few hundred rows; anything beyond these bounds is not read.
MAX_ROWS: Final = 5000
MAX_COLS: Final = 200
# Zip-bomb guards: total uncompressed size and the compression ratio of any large part.
MAX_UNCOMPRESSED: Final = 200 * 1024 * 1024
MAX_RATIO: Final = 200
_RATIO_MIN_SIZE: Final = 5 * 1024 * 1024
# Parts up to this size are read into memory and, when they hold no DTD, parsed with the
# C parser (see _parse); larger ones are streamed through defusedxml.
_FAST_PARSE_MAX: Final = 16 * 1024 * 1024

_OLE_MAGIC: Final = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTION_STREAM: Final = "EncryptionInfo".encode("utf-16-le")
# Japanese-locale built-in date formats that openpyxl's table does not list.
_BUILTIN_DATE_IDS: Final = frozenset([*range(14, 23), *range(27, 37), *range(45, 48),
                                      *range(50, 59)])
# Excel's escape of a character in XML text (ST_Xstring): _x000D_ is a carriage return,
# _x005F_ an underscore (so _x005F_x000D_ is the text "_x000D_").
_XML_ESCAPE_RE: Final = re.compile(r"_x([0-9A-Fa-f]{4})_")
_SURROGATE_RE: Final = re.compile("[\ud800-\udfff]")

# Excel's built-in number formats and openpyxl's date-format test, as in openpyxl 3.1
# (openpyxl.styles.numbers). Copied rather than imported: importing openpyxl (and numpy
# with it) cost about 260 ms of the ~360 ms start-up of `kpi-workbook check`.
BUILTIN_FORMATS: Final[dict[int, str]] = {
    0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00",
    5: '"$"#,##0_);("$"#,##0)', 6: '"$"#,##0_);[Red]("$"#,##0)',
    7: '"$"#,##0.00_);("$"#,##0.00)', 8: '"$"#,##0.00_);[Red]("$"#,##0.00)',
    9: "0%", 10: "0.00%", 11: "0.00E+00", 12: "# ?/?", 13: "# ??/??",
    14: "mm-dd-yy", 15: "d-mmm-yy", 16: "d-mmm", 17: "mmm-yy", 18: "h:mm AM/PM",
    19: "h:mm:ss AM/PM", 20: "h:mm", 21: "h:mm:ss", 22: "m/d/yy h:mm",
    37: "#,##0_);(#,##0)", 38: "#,##0_);[Red](#,##0)", 39: "#,##0.00_);(#,##0.00)",
    40: "#,##0.00_);[Red](#,##0.00)",
    41: '_(* #,##0_);_(* \\(#,##0\\);_(* "-"_);_(@_)',
    42: '_("$"* #,##0_);_("$"* \\(#,##0\\);_("$"* "-"_);_(@_)',
    43: '_(* #,##0.00_);_(* \\(#,##0.00\\);_(* "-"??_);_(@_)',
    44: '_("$"* #,##0.00_)_("$"* \\(#,##0.00\\)_("$"* "-"??_)_(@_)',
    45: "mm:ss", 46: "[h]:mm:ss", 47: "mmss.0", 48: "##0.0E+0", 49: "@",
}
# Quoted literals and [locale]/[colour] groups (but not [h] [mm] [ss]) are not date parts.
_FORMAT_STRIP_RE: Final = re.compile(r'".*?"|\[(?!hh?\]|mm?\]|ss?\])[^\]]*\]')
_DATE_PART_RE: Final = re.compile(r"(?<![_\\])[dmhysDMHYS]")


def is_date_format(fmt: str | None) -> bool:
    """True when a number format shows a date or time (openpyxl's rule)."""
    if fmt is None:
        return False
    fmt = _FORMAT_STRIP_RE.sub("", fmt.split(";")[0])
    return _DATE_PART_RE.search(fmt) is not None


def decode_escapes(text: str) -> str:
    """Text as Excel shows it: ``_xHHHH_`` escapes decoded (``_x000D_`` → carriage return).

    Decoded in one pass from the left, so ``_x005F_x000D_`` is the literal ``_x000D_``; an
    escaped surrogate pair becomes its one character, and a lone surrogate (which no text
    can hold) stays as its escape.
    """
    if "_x" not in text:
        return text
    decoded = _XML_ESCAPE_RE.sub(lambda m: chr(int(m.group(1), 16)), text)
    if _SURROGATE_RE.search(decoded) is None:
        return decoded
    joined = decoded.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")
    return _SURROGATE_RE.sub(lambda m: f"_x{ord(m.group()):04X}_", joined)


def cell_text(text: str) -> str:
    """A cell's text as this tool reads it: escapes decoded, and CR LF or a lone CR made LF.

    A carriage return comes with text pasted from Windows programs (Excel saves it as
    ``_x000D_``; other writers as ``&#13;``); Excel's own line break in a cell (Alt+Enter)
    is LF alone. Read as LF, no output of ours carries a CR, which writers escape as
    ``_x000D_`` and openpyxl and pandas then show as those seven characters. A literal
    ``_x000D_`` typed as text (stored ``_x005F_x000D_``) is no CR and stays that text.
    """
    text = decode_escapes(text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


@dataclass(frozen=True, slots=True)
class Cell:
    """One cell: its value (the cached value for a formula) and what the spec needs."""

    value: str | int | float | bool | None
    number_format: str = "General"
    formula: str | None = None
    """The formula text without '=' (empty for a shared-formula follower), None if none."""
    error: str | None = None
    """An Excel error value such as ``#DIV/0!`` held by the cell."""
    is_date: bool = False
    damaged: bool = False
    """The cell's XML could not be read; the load reported a ``cell-unreadable`` issue."""
    date1904: bool = False
    """A date of a workbook in the 1904 date system (Excel for Mac up to 2008)."""
    duration: bool = False
    """An elapsed time stored as an ISO 8601 duration (Strict OOXML's ``[h]:mm`` cells);
    the value is in days, as Excel holds it."""

    @property
    def is_percent(self) -> bool:
        return "%" in self.number_format.replace('"%"', "")

    @property
    def is_empty(self) -> bool:
        if self.formula is not None or self.error is not None or self.damaged:
            return False
        return self.value is None or (isinstance(self.value, str) and not self.value.strip())

    def date_text(self) -> str | None:
        """The date or time Excel shows for the cell, when it holds one (``2021/04/01``,
        ``13:30``; an elapsed time in a ``[h]:mm`` cell as ``1416:00``)."""
        if self.is_date and isinstance(self.value, (int, float)) and not isinstance(
                self.value, bool):
            if self.duration or is_elapsed_format(self.number_format):
                return elapsed_text(float(self.value), self.number_format)
            return excel_date_text(float(self.value), self.date1904)
        return None


@dataclass(slots=True)
class Grid:
    """One worksheet: non-empty cells by (row, column), 1-based, and merged ranges."""

    name: str
    cells: dict[tuple[int, int], Cell] = field(default_factory=dict)
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    """(min_row, min_col, max_row, max_col) of each merged range."""
    truncated: bool = False
    """True when the sheet went beyond MAX_ROWS × MAX_COLS and the rest was not read."""
    hidden: bool = False
    hyperlinks: list[str] = field(default_factory=list)
    """Cells that carry a hyperlink; reported, never followed."""
    damaged: list[tuple[int, int, Phrase, str]] = field(default_factory=list)
    """(row, column, reason, detail) of each cell whose XML could not be read."""
    bad_formats: list[tuple[int, int]] = field(default_factory=list)
    """Cells whose style attribute is no index (read as General)."""

    def get(self, row: int, col: int) -> Cell | None:
        return self.cells.get((row, col))

    def value(self, row: int, col: int) -> object:
        cell = self.cells.get((row, col))
        return None if cell is None else cell.value

    def drop_merged_followers(self) -> None:
        """Spec §1: a merged range counts as its top-left cell. Excel clears the others, but
        other programs may leave text there that no one sees: it must not be read."""
        for min_row, min_col, max_row, max_col in self.merged:
            for row in range(min_row, min(max_row, MAX_ROWS) + 1):
                for col in range(min_col, min(max_col, MAX_COLS) + 1):
                    if (row, col) != (min_row, min_col):
                        self.cells.pop((row, col), None)

    def iter_cells(self) -> Iterator[tuple[int, int, Cell]]:
        """Non-empty cells in reading order (row by row, left to right)."""
        for (r, c) in sorted(self.cells):
            cell = self.cells[(r, c)]
            if not cell.is_empty:
                yield r, c, cell


@dataclass(slots=True)
class WorkbookGrid:
    """All worksheets of a workbook, in tab order, and its defined names."""

    path: Path
    sheets: list[Grid] = field(default_factory=list)
    defined_names: dict[str, str] = field(default_factory=dict)
    external_links: list[str] = field(default_factory=list)
    """Other workbooks this one links to (their cached values are read; never opened)."""
    date1904: bool = False
    issues: list[Issue] = field(default_factory=list)
    """What could not be read inside the package: a damaged part or cell, each said where
    (the rest of the workbook was read)."""
    unreadable_sheets: list[str] = field(default_factory=list)
    return_copy_of: str | None = None
    """The file this is an unchanged return copy of (``return_copy_marker``): not read."""


def load(path: Path) -> WorkbookGrid:
    """Read every worksheet of an .xlsx/.xlsm file into grids.

    A damaged sheet, table of text or of formats, or cell is left out and said in
    :attr:`WorkbookGrid.issues`; everything else is read.

    Raises:
        InputFileError: the file is missing, empty, not a workbook, encrypted, a legacy
            format or too large; the error carries the issue to report.
    """
    where = Location(path)
    suffix = path.suffix.lower()
    if suffix in (".xls", ".ods", ".xlsb"):
        raise InputFileError(Issue("file-legacy-format", where, {"ext": suffix}))
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
            if not head:
                raise InputFileError(Issue("file-empty", where))
            if head == _OLE_MAGIC:
                fh.seek(0)
                raise InputFileError(_ole_issue(fh.read(), where, suffix))
            fh.seek(0)
            return _read_package(fh, path)
    except FileNotFoundError:
        raise InputFileError(Issue("file-not-found", where)) from None
    except OSError as exc:
        raise InputFileError(Issue("file-unreadable", where, {"reason": os_reason(exc)},
                                   detail=os_detail(exc))) from None


def _detail(exc: BaseException, part: str | None = None) -> str:
    # For whoever supports the tool: the exception as Python says it, kept out of messages.
    text = f"{type(exc).__name__}: {exc}"
    return (f"{part}: {text}" if part else text)[:300]


def _ole_issue(data: bytes, where: Location, suffix: str) -> Issue:
    # An encrypted xlsx is an OLE container holding an EncryptionInfo stream; any other
    # OLE file is an old binary workbook (.xls) whatever its name says.
    if _ENCRYPTION_STREAM in data:
        return Issue("file-encrypted", where)
    return Issue("file-legacy-format", where, {"ext": ".xls"})


_NOT_ZIP: Final = Phrase(
    "ZIP 形式ではないか、ファイルが途中で切れています。コピーやダウンロードが途中で止まって"
    "いないか確認してください",
    "it is not a zip package, or the file is cut short; check that copying or downloading "
    "it finished")
_NO_WORKBOOK: Final = Phrase("ブックの本体（workbook.xml）がありません",
                             "the workbook part (workbook.xml) is missing")


def _part_reason(exc: BaseException) -> Phrase:
    """Why a part of the package could not be read, in words."""
    if isinstance(exc, DefusedXmlException):
        return Phrase("安全でない XML の宣言（DTD・実体参照）を含むため開きませんでした",
                      "it holds unsafe XML declarations (DTD, entities), which were not opened")
    if isinstance(exc, SafeET.ParseError):
        return Phrase("XML の形が正しくありません", "its XML is malformed")
    if isinstance(exc, (zipfile.BadZipFile, zlib.error, EOFError)):
        return Phrase("圧縮されたデータが壊れています", "its compressed data is damaged")
    if isinstance(exc, NotImplementedError):
        return Phrase("対応していない圧縮方式で保存されています",
                      "it is compressed with an unsupported method")
    if isinstance(exc, KeyError):
        return Phrase("ブックの中にありません", "it is missing from the package")
    return Phrase("内容を読み取れません", "its content cannot be read")


def _read_package(fh: IO[bytes], path: Path) -> WorkbookGrid:
    where = Location(path)
    try:
        zf = zipfile.ZipFile(fh)
    except (zipfile.BadZipFile, ValueError, EOFError) as exc:
        raise InputFileError(
            Issue("file-unreadable", where, {"reason": _NOT_ZIP}, detail=_detail(exc))
        ) from None
    with zf:
        _check_sizes(zf, where)
        package = _Package(zf)
        try:
            return _read_workbook(package, path)
        except InputFileError:
            raise
        except KeyError as exc:
            raise InputFileError(Issue("file-unreadable", where, {"reason": _NO_WORKBOOK},
                                       detail=_detail(exc))) from None
        except Exception as exc:  # the workbook part or its relationships: nothing to go on
            reason = _part_reason(exc)
            raise InputFileError(Issue(
                "file-unreadable", where,
                {"reason": Phrase(f"ブックの本体が壊れています: {reason.ja}",
                                  f"the workbook part is damaged: {reason.en}")},
                detail=_detail(exc))) from None


def _check_sizes(zf: zipfile.ZipFile, where: Location) -> None:
    total = 0
    for info in zf.infolist():
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > _RATIO_MIN_SIZE and ratio > MAX_RATIO:
            raise InputFileError(Issue("file-too-large", where, {
                "reason": Phrase(f"{info.filename} の圧縮率が {ratio:.0f} 倍",
                                 f"{info.filename} is compressed {ratio:.0f} times")}))
    if total > MAX_UNCOMPRESSED:
        size = total // (1024 * 1024)
        raise InputFileError(Issue("file-too-large", where, {
            "reason": Phrase(f"展開すると {size} MB", f"{size} MB uncompressed")}))


def part_key(name: str) -> str:
    """A part name as Office compares them: ``\\`` read as ``/``, letter case ignored."""
    return name.replace("\\", "/").lstrip("/").lower()


class _Package:
    """The parts of a zip package, found as Office finds them.

    Part names are case-insensitive in OPC, and some Windows tools write ``xl\\workbook.xml``
    (Office opens both): every look-up goes through :func:`part_key`, and a name
    percent-encoded in a relationship (``sheet%201.xml``) is tried decoded too.
    """

    def __init__(self, zf: zipfile.ZipFile) -> None:
        self.zf = zf
        self.infos: dict[str, zipfile.ZipInfo] = {}
        for info in zf.infolist():
            self.infos.setdefault(part_key(info.filename), info)

    def find(self, name: str) -> zipfile.ZipInfo | None:
        info = self.infos.get(part_key(name))
        if info is None and "%" in name:
            info = self.infos.get(part_key(urllib.parse.unquote(name)))
        return info

    def __contains__(self, name: str) -> bool:
        return self.find(name) is not None

    def info(self, name: str) -> zipfile.ZipInfo:
        info = self.find(name)
        if info is None:
            raise KeyError(name)
        return info

    def read(self, name: str) -> bytes:
        return self.zf.read(self.info(name))

    def __iter__(self) -> Iterator[str]:
        """Every part, as :func:`part_key` names it."""
        return iter(self.infos)


@functools.lru_cache(maxsize=256)
def _local(tag: str) -> str:
    # Cached: a sheet has a handful of distinct tags and hundreds of thousands of elements.
    return tag.rsplit("}", 1)[-1]


_DECLARED_ENCODING_RE = re.compile(rb"""<\?xml[^>]*?encoding\s*=\s*["']([^"']*)["']""")


def _has_no_dtd(data: bytes) -> bool:
    # Entity tricks (billion laughs, external entities) need a DTD, and a DTD must be
    # spelled `<!DOCTYPE` in any ASCII-compatible encoding; UTF-16/32 text (a NUL byte
    # early on) or a leading BOM/space other than UTF-8's goes the defusedxml way.
    # A declared encoding other than UTF-8 (UTF-7, say) could spell the DTD otherwise.
    head = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    declared = _DECLARED_ENCODING_RE.match(head)
    if declared is not None and declared.group(1).lower() not in (b"utf-8", b"utf8"):
        return False
    return head[:1] == b"<" and b"\x00" not in head[:4] and b"<!DOCTYPE" not in data


def _fromstring(data: bytes) -> FastET.Element:
    """Parse a whole part: with the C parser when it holds no DTD, else with defusedxml.

    defusedxml's parser is pure Python (about 3x slower than parsing itself); without a
    DTD there is nothing for it to refuse, so the result and the errors are the same.
    """
    if _has_no_dtd(data):
        return FastET.fromstring(data)
    return SafeET.fromstring(data)


def _iterparse(pkg: _Package, part: str) -> Iterator[tuple[str, FastET.Element]]:
    """``end`` events of a part, parsed as :func:`_fromstring` says (large parts stream)."""
    if pkg.info(part).file_size <= _FAST_PARSE_MAX:
        data = pkg.read(part)
        if _has_no_dtd(data):
            return FastET.iterparse(io.BytesIO(data), events=("end",))
        return SafeET.iterparse(io.BytesIO(data), events=("end",))
    return _stream(pkg, part)


def _stream(pkg: _Package, part: str) -> Iterator[tuple[str, FastET.Element]]:
    with pkg.zf.open(pkg.info(part)) as fh:
        yield from SafeET.iterparse(fh, events=("end",))


def _attr(elem: object, name: str) -> str | None:
    # Attributes in the relationships namespace (r:id) are matched by local name.
    for key, value in elem.attrib.items():  # type: ignore[attr-defined]
        if _local(key) == name:
            return str(value)
    return None


def _read_workbook(pkg: _Package, path: Path) -> WorkbookGrid:
    copy_of = unchanged_return_copy(pkg.zf, set(pkg.zf.namelist()))
    if copy_of is not None:
        return WorkbookGrid(path, return_copy_of=copy_of)
    wb_part = _main_part(pkg)
    rels = _read_rels(pkg, wb_part)
    root = _fromstring(pkg.read(wb_part))
    book = WorkbookGrid(path)
    # Only the workbook's own workbookPr holds the date system: Excel 2013 and later also
    # write x15:workbookPr (chartTrackingRefBase) inside extLst, which has no date1904.
    properties = next((e for e in root if _local(e.tag) == "workbookPr"), None)
    if properties is not None:
        book.date1904 = properties.get("date1904", "").strip().lower() in ("1", "true")
    sheets: list[tuple[str, bool, str | None]] = []
    for elem in root.iter():
        tag = _local(elem.tag)
        if tag == "definedName":
            book.defined_names[elem.get("name", "")] = elem.text or ""
        elif tag == "sheet":
            sheets.append((decode_escapes(elem.get("name", "")),
                           elem.get("state", "visible") != "visible",
                           rels.get(_attr(elem, "id") or "")))
    shared = _read_shared_strings(pkg, rels, book)
    formats = _read_styles(pkg, rels, book)
    for name, hidden, target in sheets:
        where = Location(path, name)
        if target is None or target not in pkg:
            if target is not None:  # named but absent (a chart sheet has its part)
                book.unreadable_sheets.append(name)
                book.issues.append(Issue("sheet-unreadable", where, {
                    "reason": Phrase("シートの本体がブックの中にありません",
                                     "its part is missing from the package")},
                    detail=f"{target}: missing"))
            continue
        grid = Grid(name=name, hidden=hidden)
        try:
            _read_sheet(_sheet_elements(pkg, target), grid, shared, formats, book.date1904)
        except Exception as exc:  # this sheet only: the others are still read
            book.unreadable_sheets.append(name)
            book.issues.append(Issue("sheet-unreadable", where,
                                     {"reason": _part_reason(exc)},
                                     detail=_detail(exc, target)))
            continue
        book.issues.extend(_cell_issues(grid, where))
        book.sheets.append(grid)
    book.external_links = _external_links(pkg)
    return book


def _cell_issues(grid: Grid, where: Location) -> list[Issue]:
    issues = [Issue("cell-unreadable", dataclasses.replace(where, cell=cell_name(r, c)),
                    {"reason": reason}, detail=detail)
              for r, c, reason, detail in grid.damaged]
    if grid.bad_formats:  # one warning per sheet: a writer may do it to every cell
        names = [cell_name(*rc) for rc in sorted(grid.bad_formats)]
        issues.append(Issue("cell-format-unreadable", dataclasses.replace(where, cell=names[0]),
                            {"count": len(names),
                             "cells": "、".join(names[:5]) + ("…" if len(names) > 5 else "")},
                            detail="s attribute is no style index: " + ", ".join(names[:20])))
    return issues


def _external_links(pkg: _Package) -> list[str]:
    links: list[str] = []
    for part in sorted(n for n in pkg if n.startswith("xl/externallinks/")
                       and n.endswith(".xml")):
        folder, name = posixpath.split(part)
        rels_name = posixpath.join(folder, "_rels", name + ".rels")
        targets = []
        if rels_name in pkg:
            try:
                targets = [elem.get("Target", "") for elem in
                           _fromstring(pkg.read(rels_name)).iter()
                           if _local(elem.tag) == "Relationship"]
            except Exception:  # the link is still reported, by its part
                targets = []
        links.extend(targets or [posixpath.basename(pkg.info(part).filename)])
    return links


def _main_part(pkg: _Package) -> str:
    # The workbook part is named by the package's root relationships, usually xl/workbook.xml.
    if "_rels/.rels" in pkg:
        try:
            root = _fromstring(pkg.read("_rels/.rels"))
        except Exception:  # damaged root relationships: the usual name
            return "xl/workbook.xml"
        for elem in root.iter():
            if _local(elem.tag) == "Relationship" and elem.get("Type", "").endswith(
                "/officeDocument"
            ):
                target = elem.get("Target", "").replace("\\", "/").lstrip("/")
                if target in pkg:
                    return target
    return "xl/workbook.xml"  # absent too: a KeyError, reported as no workbook part


def _read_rels(pkg: _Package, part: str) -> dict[str, str]:
    folder, name = posixpath.split(part)
    rels_name = posixpath.join(folder, "_rels", name + ".rels")
    if rels_name not in pkg:
        return {}
    out: dict[str, str] = {}
    for elem in _fromstring(pkg.read(rels_name)).iter():
        if _local(elem.tag) != "Relationship" or elem.get("TargetMode") == "External":
            continue
        target = elem.get("Target", "").replace("\\", "/")
        resolved = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
            posixpath.join(folder, target))
        out[elem.get("Id", "")] = resolved
        out["type:" + elem.get("Type", "").rsplit("/", 1)[-1]] = resolved
    return out


def _read_shared_strings(pkg: _Package, rels: dict[str, str], book: WorkbookGrid,
                         ) -> list[str]:
    """The shared strings; a damaged table keeps the strings before the damage (a cell
    pointing past them is then reported as that cell's problem)."""
    part = rels.get("type:sharedStrings")
    if part is None or part not in pkg:
        return []
    strings: list[str] = []
    try:
        for _event, elem in _iterparse(pkg, part):
            if _local(elem.tag) == "si":
                strings.append(_string_item(elem))
                elem.clear()
    except Exception as exc:  # one part: said, and the rest is read
        book.issues.append(Issue("strings-unreadable", Location(book.path), {
            "part": part, "reason": _part_reason(exc)}, detail=_detail(exc, part)))
    return strings


def _string_item(elem: object) -> str:
    # Rich text is runs of <r><t>; <rPh> holds furigana, which is not part of the value.
    parts: list[str] = []
    for child in elem:  # type: ignore[attr-defined]
        tag = _local(child.tag)
        if tag == "t":
            parts.append(child.text or "")
        elif tag == "r":
            parts.extend(t.text or "" for t in child if _local(t.tag) == "t")
    return cell_text("".join(parts))


@dataclass(frozen=True, slots=True)
class _Format:
    code: str
    is_date: bool


_GENERAL: Final = _Format("General", False)


def _read_styles(pkg: _Package, rels: dict[str, str], book: WorkbookGrid) -> list[_Format]:
    part = rels.get("type:styles")
    if part is None or part not in pkg:
        return []
    try:
        return _parse_styles(_fromstring(pkg.read(part)))
    except Exception as exc:  # one part: said, and the cells read unformatted
        book.issues.append(Issue("styles-unreadable", Location(book.path), {
            "part": part, "reason": _part_reason(exc)}, detail=_detail(exc, part)))
        return []


def _parse_styles(root: FastET.Element) -> list[_Format]:
    custom: dict[int, str] = {}
    xfs: list[_Format] = []
    for elem in root:
        tag = _local(elem.tag)
        if tag == "numFmts":
            for fmt in elem:
                fmt_id = _int_or_none(fmt.get("numFmtId"))
                if fmt_id is not None:
                    custom[fmt_id] = fmt.get("formatCode", "General")
        elif tag == "cellXfs":
            for xf in elem:
                fmt_id = _int_or_none(xf.get("numFmtId")) or 0
                code = custom.get(fmt_id) or BUILTIN_FORMATS.get(fmt_id, "General")
                is_date = (fmt_id in _BUILTIN_DATE_IDS if fmt_id not in custom
                           else is_date_format(code))
                xfs.append(_Format(code, is_date))
    return xfs


def _int_or_none(text: str | None) -> int | None:
    try:
        return int(text) if text is not None else None
    except ValueError:
        return None


def _sheet_elements(pkg: _Package, part: str) -> Iterator[FastET.Element]:
    """The rows, merged ranges and hyperlinks of a worksheet part, in document order.

    A part of normal size is parsed whole and only these elements are visited (the C
    parser walks the rest); a huge one is streamed and every element passes by.
    """
    if pkg.info(part).file_size > _FAST_PARSE_MAX:
        for _event, elem in _stream(pkg, part):
            yield elem
        return
    root = _fromstring(pkg.read(part))
    ns = root.tag[:root.tag.index("}") + 1] if root.tag.startswith("{") else ""
    yield from root.iter(ns + "row")
    yield from root.iter(ns + "mergeCell")
    yield from root.iter(ns + "hyperlink")


def _read_sheet(elements: Iterator[FastET.Element], grid: Grid, shared: list[str],
                formats: list[_Format], date1904: bool = False) -> None:
    # Cells are read row by row (one Python step per row, not per element); a streamed
    # row is then cleared, so memory stays bounded by one row.
    # Most cells of a template are styled blanks: one shared Cell (or None) per style.
    blanks = [None if f.code == "General" else Cell(None, f.code, None, None, f.is_date)
              for f in formats]
    cells = grid.cells
    c_tag = ""
    row_no = 0
    for elem in elements:
        tag = _local(elem.tag)
        if tag == "row":
            # Cells without an r attribute (or with one that is no address) count from
            # their row's start.
            row_no = _row_number(elem.get("r"), row_no)
            col_no = 0
            for child in elem:
                if child.tag != c_tag:
                    if _local(child.tag) != "c":
                        continue
                    c_tag = child.tag
                ref = child.get("r")
                hit = _REF_CACHE.get(ref) if ref else None
                if hit is not None and hit[0] is not None:
                    row_no, col_no = hit[0], hit[1]
                elif ref:
                    row_no, col_no = _split_ref(ref, row_no, col_no)
                else:  # some writers omit r: the cell follows the previous one
                    col_no += 1
                if row_no > MAX_ROWS or col_no > MAX_COLS:
                    grid.truncated = True
                    continue
                s_attr = child.get("s")
                if s_attr is None:
                    style = 0
                else:
                    try:
                        style = int(s_attr)
                    except ValueError:
                        style = -1
                    if style < 0:  # s="" or no number: read as General, and say so
                        grid.bad_formats.append((row_no, col_no))
                        style = 0
                if len(child) or child.get("t") == "inlineStr":
                    try:
                        cell = _read_cell(child, style, shared, formats, date1904)
                    except _DamagedCell as damage:
                        grid.damaged.append((row_no, col_no, damage.reason, damage.detail))
                        cell = _DAMAGED
                    if cell is not None:
                        cells[(row_no, col_no)] = cell
                elif style < len(blanks):  # no value, formula or error: kept for its format
                    blank = blanks[style]
                    if blank is not None:
                        cells[(row_no, col_no)] = blank
            elem.clear()
        elif tag == "hyperlink":
            grid.hyperlinks.append(elem.get("ref", ""))
        elif tag == "mergeCell":
            rng = _split_range(elem.get("ref", ""))
            if rng is not None:
                grid.merged.append(rng)
    grid.drop_merged_followers()


def _row_number(text: str | None, previous: int) -> int:
    if text is None:
        return previous + 1
    try:
        number = int(text)
    except ValueError:
        return previous + 1
    return number if number >= 1 else previous + 1


def _split_ref(ref: str, current_row: int, current_col: int = 0) -> tuple[int, int]:
    """(row, column) of a cell address; a row-less address (``B``) is in the current row,
    and what is no address at all (``1A``, ``A0``) counts as the cell after the previous."""
    cached = _REF_CACHE.get(ref)
    if cached is not None:
        row, col = cached
        return (current_row if row is None else row), col
    col = 0
    i = 0
    while i < len(ref) and "A" <= ref[i].upper() <= "Z":
        col = col * 26 + ord(ref[i].upper()) - 64
        i += 1
    digits = ref[i:]
    if col == 0 or (digits and not (digits.isascii() and digits.isdigit())) or (
            digits and int(digits) < 1):
        return current_row, current_col + 1
    row = int(digits) if digits else None
    if len(_REF_CACHE) < _REF_CACHE_SIZE:
        _REF_CACHE[ref] = (row, col)
    return (current_row if row is None else row), col


# The same few hundred addresses (A1…H30) recur in every sheet of every file.
_REF_CACHE: dict[str, tuple[int | None, int]] = {}
_REF_CACHE_SIZE: Final = 65536


def _split_range(ref: str) -> tuple[int, int, int, int] | None:
    if ":" not in ref:
        return None
    a, b = ref.split(":", 1)
    r1, c1 = _split_ref(a, 0)
    r2, c2 = _split_ref(b, 0)
    if not (r1 and c1 and r2 and c2):
        return None  # not a range of cells (a whole column, or no address)
    return (min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2))


class _DamagedCell(Exception):
    """A cell whose XML cannot be read; the load says so at that cell."""

    def __init__(self, reason: Phrase, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


_DAMAGED: Final = Cell(None, damaged=True)
_NO_STRING: Final = Phrase("ブック内の文字の一覧に、このセルの文字がありません",
                           "its text is not in the workbook's table of text")
_BAD_NUMBER: Final = Phrase("数値の形になっていません", "its number is malformed")
_BAD_DATE: Final = Phrase("日付の形になっていません", "its date is malformed")
_BAD_BOOLEAN: Final = Phrase("TRUE/FALSE の値の形になっていません",
                             "its TRUE/FALSE value is malformed")


def _read_cell(elem: object, style: int, shared: list[str], formats: list[_Format],
               date1904: bool = False) -> Cell | None:
    """One cell with a value, formula or error.

    Raises:
        _DamagedCell: what the cell holds cannot be read (a shared string that is not in
            the table, a number or date that is not one).
    """
    kind = elem.get("t", "n")  # type: ignore[attr-defined]
    fmt = formats[style] if style < len(formats) else _GENERAL
    if not len(elem) and kind != "inlineStr":  # type: ignore[arg-type]
        # A styled blank (most cells of a template): no value, formula or error.
        return None if fmt.code == "General" else Cell(None, fmt.code, None, None, fmt.is_date)
    value, formula, error, is_date, duration = _cell_content(elem, kind, fmt.is_date, shared,
                                                             date1904)
    if value is None and formula is None and error is None and fmt.code == "General":
        return None
    return Cell(value, fmt.code, formula, error, is_date, False,
                date1904 and is_date and not duration, duration)


CellContent = tuple[str | int | float | bool | None, str | None, str | None, bool, bool]
"""(value, formula, error, is_date, duration) as :class:`Cell` holds them."""


def _cell_content(elem: object, kind: str, is_date: bool, shared: list[str],
                  date1904: bool) -> CellContent:
    """What a cell that is no blank holds: the one reading of a cell's XML, for
    :func:`_read_cell` and for ``sheet_rows.py`` (our workbook's rows, read without a
    :class:`Cell` each). ``is_date``: whether its number format shows a date.

    Raises:
        _DamagedCell: what the cell holds cannot be read.
    """
    formula: str | None = None
    raw: str | None = None
    inline: str | None = None
    for child in elem:  # type: ignore[attr-defined]
        tag = _local(child.tag)
        if tag == "f":
            formula = child.text or ""
        elif tag == "v":
            raw = child.text if child.text is not None else ""
        elif tag == "is":
            inline = _string_item(child)
    if raw is not None and (not raw or raw.isspace()) and kind not in ("str", "inlineStr"):
        # An empty <v/> (some libraries write one for a blank text cell): no value, as
        # openpyxl and calamine read it. A formula's empty text result (t="str") is "".
        raw = None
    value: str | int | float | bool | None = None
    error: str | None = None
    duration = False
    if kind == "inlineStr":
        value = inline if inline is not None else (
            cell_text(raw) if raw is not None else None)
    elif raw is None:
        value = None
    elif kind == "s":
        try:
            index = int(raw)
        except ValueError:
            index = -1
        if not 0 <= index < len(shared):
            raise _DamagedCell(_NO_STRING, f"shared string index {raw!r} of {len(shared)}")
        value = shared[index]
    elif kind == "str":
        value = cell_text(raw)
    elif kind == "d":
        # Strict OOXML: a date or time as ISO 8601 text, an elapsed time as a duration
        serial = iso_to_serial(raw, date1904)
        if serial is None:
            serial = iso_duration_days(raw)
            duration = serial is not None
        if serial is None:
            raise _DamagedCell(_BAD_DATE, f"t=\"d\" value {raw[:40]!r}")
        value, is_date = _tidy_number(serial), True
    elif kind == "b":
        flag = raw.strip().lower()
        if flag not in ("0", "1", "true", "false"):
            raise _DamagedCell(_BAD_BOOLEAN, f"t=\"b\" value {raw[:40]!r}")
        value = flag in ("1", "true")
    elif kind == "e":
        error = raw
    else:
        try:
            value = _number(raw)
        except ValueError:
            if kind != "n" or formula is not None:
                value = cell_text(raw)  # text under an unknown type, or a formula's
            else:
                raise _DamagedCell(_BAD_NUMBER, f"number {raw[:40]!r}") from None
    return value, formula, error, is_date, duration


def _number(text: str) -> int | float | None:
    text = text.strip()
    if not text:
        return None
    return _tidy_number(float(text))


def _tidy_number(number: float) -> int | float:
    if math.isnan(number) or math.isinf(number):
        raise ValueError("not a finite number")
    return int(number) if number.is_integer() and abs(number) < 2**53 else number
