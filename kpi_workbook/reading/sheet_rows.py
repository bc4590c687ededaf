"""The rows of chosen sheets of a large workbook, streamed: how our own 集計ブック is read.

Why not :func:`grid.load`: it reads every sheet of a submission into grids bounded by a
submission's layout (5,000 rows). The consolidated workbook of 2,000 submissions holds
54,000 rows in 集計一覧 and 200 MB of sheet XML, and its readers (publish, merge
``--previous``, template ``--from``) need a few flat sheets row by row, never the print
sheets. Why not openpyxl: it took 30 s for that workbook, and with cached values it hides
which cells are formulas (a formula without a saved result read as an empty cell).

What is grid's here, so that a cell means the same in a submission and in our workbook:
the package look-ups and guards, the shared strings, the number formats and the reading of
a cell's XML (``_cell_content``: cached values, formulas, errors, dates, text with its
escapes and line ends). What differs: only the sheets asked for are parsed, streamed, with
no bound on rows (memory holds a chunk of rows, not the sheet); a value comes as the
readers take it (:class:`Row`), not as a Cell; a damaged cell or part is an error
(:class:`RowsError`), since a reader of our workbook refuses what it cannot read rather
than reading around it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final
from xml.etree import ElementTree as FastET

from defusedxml import ElementTree as SafeET

from kpi_workbook.domain.issues import Phrase, cell_name
from kpi_workbook.reading.grid import (
    _GENERAL,
    _NOT_ZIP,
    _OLE_MAGIC,
    _RATIO_MIN_SIZE,
    MAX_RATIO,
    WorkbookGrid,
    _attr,
    _cell_content,
    _DamagedCell,
    _detail,
    _Format,
    _fromstring,
    _has_no_dtd,
    _local,
    _main_part,
    _Package,
    _part_reason,
    _read_rels,
    _read_shared_strings,
    _read_styles,
    _row_number,
    _split_ref,
    decode_escapes,
)

#: The sheet XML read from one workbook at most: five times the 2,000-submission book's
#: flat sheets (a guard against a package that inflates without end, as grid's is).
MAX_READ: Final = 1024 * 1024 * 1024
_CHUNK: Final = 1024 * 1024
# The prolog every spreadsheet program writes: an optional BOM and XML declaration, then
# the root element. Anything else (a comment, a DTD) sends the part to defusedxml.
_SIMPLE_PROLOG: Final = re.compile(rb"(?:\xef\xbb\xbf)?(?:<\?xml[^<>]*\?>)?\s*<[A-Za-z_]")
_EPOCH_1900: Final = dt.datetime(1899, 12, 30)
_EPOCH_1904: Final = dt.datetime(1904, 1, 1)
# A duration format ([h]:mm:ss): openpyxl's test, so a value reads as it did through it.
_DURATION_RE: Final = re.compile(r"\[hh?\](:mm(:ss(\.0*)?)?)?|\[mm?\](:ss(\.0*)?)?|\[ss?\](\.0*)?",
                                 re.IGNORECASE)
_INT_TYPES: Final = frozenset({"i1", "i2", "i4", "i8", "int", "ui1", "ui2", "ui4", "ui8",
                               "uint"})
_REAL_TYPES: Final = frozenset({"r4", "r8", "decimal"})

_NOT_A_WORKBOOK: Final = Phrase("Excel ブック（.xlsx）ではありません",
                                "it is not an Excel workbook (.xlsx)")
_NO_WORKBOOK: Final = Phrase("ブックの本体（workbook.xml）が読めません",
                             "the workbook part (workbook.xml) cannot be read")
_TOO_LARGE: Final = Phrase("展開すると大きすぎます", "it is too large uncompressed")
_NO_SHEET_PART: Final = Phrase("シートの本体がブックの中にありません",
                               "its part is missing from the package")


class RowsError(Exception):
    """The workbook, one of its parts or one cell could not be read.

    ``reason`` says why in words for the message; ``detail`` is the technical text;
    ``sheet`` and ``cell`` say where, when it is one place.
    """

    def __init__(self, reason: Phrase, detail: str = "", sheet: str | None = None,
                 cell: str | None = None) -> None:
        super().__init__(detail or reason.en)
        self.reason, self.detail, self.sheet, self.cell = reason, detail, sheet, cell


@dataclass(slots=True)
class Row:
    """One row of a sheet, its values as openpyxl gave them with cached values: a number,
    text, True/False, an error as its text (``#N/A``), a date, time or duration for a
    number shown as one (as ``openpyxl.utils.datetime.from_excel`` makes them)."""

    number: int
    """1-based."""
    values: dict[int, object]
    """1-based column → value; a cell holding nothing is left out."""
    formulas: dict[int, str] | None = None
    """1-based column → formula (without '=') of each cell holding one, whose value is the
    result saved with it: none for a formula whose result was never saved (what openpyxl
    writes for ``=…``), which is therefore not a blank either."""


class SheetRows(Iterator[Row]):
    """The rows of one sheet, each read as it is reached (:meth:`WorkbookRows.rows`).

    ``columns``, when set, limits what is read of the rows still to come to those 1-based
    columns: a reader that looks at one column of a sheet of 60,000 rows (publish counting
    検証結果's errors) does not decode the others.
    """

    def __init__(self, read: Callable[[SheetRows], Iterator[Row]]) -> None:
        self.columns: frozenset[int] | None = None
        self._rows = read(self)

    def __next__(self) -> Row:
        return next(self._rows)


@dataclass(slots=True)
class WorkbookRows:
    """An open workbook whose sheets are read on request (valid inside :func:`open_rows`)."""

    path: Path
    sheet_names: list[str] = field(default_factory=list)
    """Every worksheet, in tab order."""
    date1904: bool = False
    properties: dict[str, object] = field(default_factory=dict)
    """The custom document properties (File > Properties > Custom): name → value."""
    _pkg: _Package | None = None
    _parts: dict[str, str] = field(default_factory=dict)
    _shared: list[str] = field(default_factory=list)
    _formats: list[_Format] = field(default_factory=list)
    _read: int = 0
    _style_formats: dict[str | None, _Format] = field(default_factory=dict)

    def rows(self, sheet: str) -> SheetRows:
        """The rows of ``sheet`` in order, each read as it is reached.

        Raises:
            KeyError: the workbook has no such worksheet.
            RowsError: here, the sheet's part is missing or too large; while the rows are
                read, its XML or one of its cells cannot be read.
        """
        if sheet not in self.sheet_names:
            raise KeyError(sheet)
        part = self._parts.get(sheet)
        if part is None or self._pkg is None:
            raise RowsError(_NO_SHEET_PART, "missing", sheet)
        info = self._pkg.info(part)
        self._read += info.file_size
        if self._read > MAX_READ or (info.file_size > _RATIO_MIN_SIZE and info.file_size
                                     / max(info.compress_size, 1) > MAX_RATIO):
            raise RowsError(_TOO_LARGE, f"{part}: {info.file_size} bytes", sheet)
        zf = self._pkg.zf
        return SheetRows(lambda rows: self._stream(zf, info, sheet, rows))

    def _stream(self, zf: zipfile.ZipFile, info: zipfile.ZipInfo, sheet: str,
                rows: SheetRows) -> Iterator[Row]:
        part = info.filename
        try:
            yield from self._read_rows(_row_elements(zf, info), sheet, rows)
        except RowsError:
            raise
        except Exception as exc:  # the sheet's XML or its compressed data
            raise RowsError(_part_reason(exc), _detail(exc, part), sheet) from None

    def _read_rows(self, elements: Iterator[FastET.Element], sheet: str, rows: SheetRows,
                   ) -> Iterator[Row]:
        # grid's _read_sheet for a flat sheet: a blank is passed over (no cell per style),
        # a column comes from the address less the row's number (a cache of a few
        # letters; grid's of whole addresses is full after 65,536), and each cell is read
        # by grid's own _cell_content into the value the readers take, without a Cell.
        shared, date1904 = self._shared, self.date1904
        c_tag = ""
        row_no = 0
        for elem in elements:
            wanted = rows.columns
            row_no = _row_number(elem.get("r"), row_no)
            digits = str(row_no)
            cut = -len(digits)
            values: dict[int, object] = {}
            formulas: dict[int, str] | None = None
            col_no = 0
            for child in elem:
                if child.tag != c_tag:
                    if _local(child.tag) != "c":
                        continue
                    c_tag = child.tag
                ref = child.get("r")
                if ref is None:
                    col_no += 1  # some writers omit r: the cell follows the previous one
                else:
                    col = _COLUMNS.get(ref[:cut]) if ref.endswith(digits) else None
                    col_no = col if col is not None else _column(ref, row_no, col_no)
                if wanted is not None and col_no not in wanted:
                    continue  # a column the reader does not look at: not read
                kind = child.get("t", "n")
                if not len(child) and kind != "inlineStr":
                    continue  # a blank, styled or not: nothing to read
                fmt = self._format(child.get("s"))
                try:
                    value, formula, error, is_date, duration = _cell_content(
                        child, kind, fmt.is_date, shared, date1904)
                except _DamagedCell as damage:
                    raise RowsError(damage.reason, damage.detail, sheet,
                                    cell_name(row_no, col_no)) from None
                if error is not None:
                    values[col_no] = error  # as its text: #N/A
                elif is_date and (type(value) is int or type(value) is float):
                    values[col_no] = _date_value(value, fmt.code, date1904 and not duration,
                                                 duration)
                elif value is not None:
                    values[col_no] = value
                if formula is not None:
                    if formulas is None:
                        formulas = {}
                    formulas[col_no] = formula
            elem.clear()
            if values or formulas:
                yield Row(row_no, values, formulas)

    def _format(self, style: str | None) -> _Format:
        fmt = self._style_formats.get(style)
        if fmt is None:
            try:
                index = int(style or 0)
            except ValueError:
                index = 0  # no style index: read as General, as grid does
            fmt = self._formats[index] if 0 <= index < len(self._formats) else _GENERAL
            self._style_formats[style] = fmt
        return fmt


# Column letters → number, filled as addresses are met (at most Excel's 16,384 columns).
_COLUMNS: dict[str, int] = {}


def _column(ref: str, row_no: int, col_no: int) -> int:
    """The column of ``ref`` as grid reads it (``_split_ref``), cached by its letters when
    it is a plain address in this row."""
    _row, col = _split_ref(ref, row_no, col_no)
    letters = ref.rstrip("0123456789")
    if ref == f"{letters}{row_no}" and letters.isascii() and letters.isalpha() and (
            letters.isupper()):
        _COLUMNS[letters] = col
    return col


def _row_elements(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> Iterator[FastET.Element]:
    """The ``row`` elements of a worksheet part, each complete, streamed.

    The part is fed to a parser building the tree in C, and each row is taken out of
    ``sheetData`` once the next one has begun, so the tree never holds more than the rows
    of one chunk, and no Python step is taken per element (an event loop over the 2.4
    million elements of 集計一覧 cost a third of parsing it). The C parser reads a part whose
    prolog is the XML declaration alone: a DTD can stand only before the root element, and
    inside it expat refuses one, so there is nothing for defusedxml to refuse; any other
    part goes through defusedxml's parser (slower, as safe) into the same tree.
    """
    with zf.open(info) as fh:
        data = fh.read(_CHUNK)
        simple = _SIMPLE_PROLOG.match(data)
        builder = FastET.TreeBuilder()
        parser: FastET.XMLParser = (
            FastET.XMLParser(target=builder)
            if simple is not None and _has_no_dtd(simple.group())
            else SafeET.DefusedXMLParser(target=builder))
        rows: FastET.Element | None = None
        while data:
            parser.feed(data)
            if rows is None:
                # the C builder's close() gives the root while the parse goes on
                rows = _sheet_data(builder.close())
            if rows is not None and len(rows) > 1:
                done = rows[:-1]  # the last row may still be growing
                del rows[:-1]
                yield from done
            data = fh.read(_CHUNK)
        parser.close()
        if rows is not None:
            yield from list(rows)


def _sheet_data(root: FastET.Element | None) -> FastET.Element | None:
    if root is None:
        return None
    return next((child for child in root if _local(child.tag) == "sheetData"), None)


@contextlib.contextmanager
def open_rows(path: Path) -> Iterator[WorkbookRows]:
    """Open ``path`` to read sheets from it with :meth:`WorkbookRows.rows`.

    Raises:
        OSError: the file cannot be opened (missing, locked, no permission), as the OS said.
        RowsError: it is no xlsx package, or its workbook part, shared strings or styles
            cannot be read.
    """
    path = Path(path)
    with path.open("rb") as fh:
        head = fh.read(8)
        if not head or head == _OLE_MAGIC:  # empty, or an old binary or encrypted file
            raise RowsError(_NOT_A_WORKBOOK, "empty file" if not head else "OLE container")
        fh.seek(0)
        try:
            zf = zipfile.ZipFile(fh)
        except (zipfile.BadZipFile, ValueError, EOFError) as exc:
            raise RowsError(_NOT_ZIP, _detail(exc)) from None
        with zf:
            yield _open_package(_Package(zf), path)


def _open_package(pkg: _Package, path: Path) -> WorkbookRows:
    found = WorkbookRows(path, _pkg=pkg)
    scratch = WorkbookGrid(path)  # what grid's readers of strings and styles report
    try:
        wb_part = _main_part(pkg)
        rels = _read_rels(pkg, wb_part)
        root = _fromstring(pkg.read(wb_part))
        # The workbook's own children only: an x15:workbookPr inside extLst is not the
        # date system (issue 23), and only <sheets> lists sheets.
        for elem in root:
            tag = _local(elem.tag)
            if tag == "workbookPr":
                found.date1904 = elem.get("date1904", "").strip().lower() in ("1", "true")
            elif tag == "sheets":
                for sheet in elem:
                    if _local(sheet.tag) != "sheet":
                        continue
                    name = decode_escapes(sheet.get("name", ""))
                    target = rels.get(_attr(sheet, "id") or "")
                    found.sheet_names.append(name)
                    if target is not None and target in pkg:
                        found._parts.setdefault(name, target)
        found._shared = _read_shared_strings(pkg, rels, scratch)
        found._formats = list(_read_styles(pkg, rels, scratch))
        found.properties = _custom_properties(pkg)
    except Exception as exc:  # the workbook part or its relationships: nothing to go on
        raise RowsError(_NO_WORKBOOK, _detail(exc)) from None
    if scratch.issues:  # a damaged table of text or of formats: cells would read wrong
        issue = scratch.issues[0]
        reason = issue.params.get("reason")
        raise RowsError(reason if isinstance(reason, Phrase) else _NO_WORKBOOK,
                        issue.detail or "")
    return found


def _custom_properties(pkg: _Package) -> dict[str, object]:
    part = _read_rels(pkg, "").get("type:custom-properties")
    if part is None or part not in pkg:
        return {}
    found: dict[str, object] = {}
    for prop in _fromstring(pkg.read(part)):
        if _local(prop.tag) != "property" or not len(prop):
            continue
        kind, text = _local(prop[0].tag), (prop[0].text or "").strip()
        value: object = text
        try:
            if kind in _INT_TYPES:
                value = int(text)
            elif kind in _REAL_TYPES:
                value = float(text)
            elif kind == "bool":
                value = text.lower() in ("1", "true")
        except ValueError:
            value = text
        found.setdefault(prop.get("name", ""), value)
    return found


def _date_value(serial: float, number_format: str, date1904: bool,
                duration: bool = False) -> object:
    """A number shown as a date, time or duration, as openpyxl's ``from_excel`` makes it
    (so that a date a clerk added reads as before); ``#VALUE!`` past any date, as there.
    ``duration``: a Strict OOXML elapsed time, days whatever the format says."""
    try:
        return _from_excel(serial, number_format, date1904, duration)
    except (OverflowError, ValueError):
        return "#VALUE!"


def _from_excel(serial: float, number_format: str, date1904: bool, duration: bool,
                ) -> dt.datetime | dt.time | dt.timedelta:
    if duration or _DURATION_RE.search(number_format.split(";")[0]):
        delta = dt.timedelta(days=serial)
        if delta.microseconds:
            delta = dt.timedelta(seconds=delta.total_seconds() // 1,
                                 microseconds=round(delta.microseconds, -3))
        return delta
    day, fraction = divmod(serial, 1)
    diff = dt.timedelta(milliseconds=round(fraction * 86400 * 1000))
    if 0 <= serial < 1 and diff.days == 0:
        minutes, seconds = divmod(diff.seconds, 60)
        hours, minutes = divmod(minutes, 60)
        return dt.time(hours, minutes, seconds, diff.microseconds)
    epoch = _EPOCH_1904 if date1904 else _EPOCH_1900
    if 0 < serial < 60 and not date1904:
        day += 1  # Excel's 1900-02-29, which never was
    return epoch + dt.timedelta(days=day) + diff
