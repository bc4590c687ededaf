"""xlsxwriter's Workbook and Worksheet, with the costs removed that grow with the corpus.

Measured on 2,000 submissions (10,000 project sheets, 18,000 charts, 54,000 rows of
集計一覧); each change keeps the content of the workbook (``tests/test_writer_book.py``).

- ``Worksheet._prepare_formula`` runs about thirty regular-expression substitutions on
  every formula to prefix Excel 365 functions with ``_xlfn.``. Our formulas call only
  :data:`kpi_workbook.domain.formulas.ALLOWED_FUNCTIONS` (IF, AND, OR, ISNUMBER, IFERROR), which
  xlsxwriter never rewrites, so for them it only strips the ``=``. At 2,000 workbooks
  (about 220,000 formulas) the substitutions alone took close to a minute. Any formula that
  calls another function (or names one in a way the check cannot see through) still goes
  through xlsxwriter's code.
- ``Workbook._check_sheetname`` compares each new sheet name with every existing one
  (quadratic: tens of seconds at 10,000 project sheets). The same checks are made here, with
  the names already used kept in a set.
- Packaging: by default xlsxwriter writes every part (sheet, chart, drawing, …) to its own
  temporary file, then zips them: about 1 ms per part on an ordinary disk, a minute for
  the 46,000 parts of 2,000 submissions (longer where a virus scanner opens each temporary
  file). ``in_memory`` avoids the files but holds every part's XML (hundreds of MB); here
  each part is deflated (zlib level 1, about a tenth of its size) while it is written, and
  the archive is made of those deflated bytes as they are (``zip_package.py``), instead of
  ``zipfile`` inflating and deflating them again.
- :class:`StreamedWorksheet`: xlsxwriter's ``constant_memory`` for one sheet (a workbook
  option there). Every sheet is written strictly row by row: each row becomes XML when the
  next begins, text is stored inline instead of in the shared-string table, and nothing of
  a finished row stays in memory but its XML: in memory while the sheet is small (a
  project sheet, deflated once finished), in a temporary file past a megabyte (集計一覧).
  A formatted cell becomes XML as it is written; the rest go through xlsxwriter's records.
  ``add_table`` (refused by xlsxwriter in that mode) is allowed before the first row.
- :meth:`KpiWorksheet._write_cell` writes the common cells in one piece, byte for byte
  what xlsxwriter writes (``tests/test_writer_book.py`` compares whole packages, and any
  text through Hypothesis).

One change of content, on purpose: the defined names xlsxwriter makes for a sheet (print
titles, print area, autofilter) name the sheet quoted, always (``references.py``: it left
``①…`` unquoted, which Gnumeric rejects).
"""

from __future__ import annotations

import re
import string
import tempfile
import zlib
from collections.abc import Callable, Iterator
from io import BytesIO, StringIO
from math import isinf, isnan
from typing import Any, Final, Literal, TextIO, cast

import xlsxwriter
from xlsxwriter.exceptions import DuplicateWorksheetName, InvalidWorksheetName
from xlsxwriter.packager import Packager
from xlsxwriter.utility import (
    _preserve_whitespace,
    _utf16_len,
    _utf16_truncate,
    quote_sheetname,
    xl_rowcol_to_cell_fast,
)
from xlsxwriter.worksheet import Worksheet

from kpi_workbook.consolidated.writer.xlsx_engine.references import quote_sheet
from kpi_workbook.consolidated.writer.xlsx_engine.xml_escape import escape_controls, escape_data
from kpi_workbook.consolidated.writer.xlsx_engine.zip_package import (
    DeflatedPart,
    deflater,
    write_zip,
)
from kpi_workbook.domain.formulas import ALLOWED_FUNCTIONS

# xlsxwriter's private functions this module calls, unannotated in xlsxwriter 3.3: typed
# here as they are used (README.md lists every private name this folder depends on).
_prepare_formula: Final[Callable[[Worksheet, str, bool], str]] = Worksheet._prepare_formula
_create_package: Final[Callable[[Packager], list[tuple[Any, str, bool]]]] = (
    Packager._create_package)
_check_sheetname: Final[Callable[[xlsxwriter.Workbook, str | None, bool], str]] = (
    xlsxwriter.Workbook._check_sheetname)

MAX_SHEET_NAME: Final = 31
_INVALID_CHAR_RE: Final = re.compile(r"[\[\]:*?/\\]")
# The characters of a function name, and more: every function xlsxwriter rewrites (SORT,
# FILTER, XLOOKUP, …, and its loose ``\SINGLE\(``) is made of them, so it ends the run of
# such characters before its "(". No allowed name ends with one of them, so a formula in
# which every such run is an allowed name (or empty) holds nothing xlsxwriter would change.
_NAME_CHARS: Final = string.ascii_letters + string.digits + "_."
# The cells KpiWorksheet._write_cell writes itself (the rest go through xlsxwriter).
_FAST_CELLS: Final = frozenset({"Number", "Datetime", "String", "Blank", "Formula"})
_ERROR_CODES: Final = frozenset({"#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!",
                                 "#VALUE!"})


def is_plain_formula(formula: str) -> bool:
    """True if xlsxwriter's formula preparation would only strip the ``=`` of ``formula``:
    it calls only the allowed functions, and is neither an array formula nor pre-expanded."""
    if formula.startswith("{") or formula.endswith("}") or "_xlfn." in formula:
        return False
    for before in formula.split("(")[:-1]:
        name = before[len(before.rstrip(_NAME_CHARS)):]
        if name and name not in ALLOWED_FUNCTIONS:
            return False
    return True


def sheet_name(ws: Worksheet) -> str:
    """The name ``add_worksheet`` gave ``ws`` (xlsxwriter 3.3 annotates the attribute as
    None, its value before the sheet is named)."""
    return cast(str, ws.name)


class KpiWorksheet(Worksheet):
    """A worksheet whose formulas of IF/AND/OR/ISNUMBER/IFERROR skip the 365 rewriting,
    whose common cells are written in one piece, and whose name is quoted in every
    defined name xlsxwriter makes for it."""

    # xlsxwriter's write_string/number/blank/formula pass every call through a decorator
    # that also takes A1 notation ("B3"), and then through a second method: two frames
    # per cell. The sheet writers give row and column numbers, which go straight to the
    # method that writes; A1 notation and keyword arguments (xlsxwriter's private methods
    # name some differently: _write_blank's "blank" is "_") still go through xlsxwriter's.
    # With the other per-cell savings below, merge took 7-10 % less time at 500 and 2,000
    # submissions (about 580,000 and 2.3 million cells; benchmarks/README.md, issue 12).

    def write_string(self, *args: Any, **kwargs: Any) -> Any:
        if not kwargs and args and args[0].__class__ is int:
            return self._write_string(*args)
        return super().write_string(*args, **kwargs)

    def write_number(self, *args: Any, **kwargs: Any) -> Any:
        if not kwargs and args and args[0].__class__ is int:
            return self._write_number(*args)
        return super().write_number(*args, **kwargs)

    def write_blank(self, *args: Any, **kwargs: Any) -> Any:
        if not kwargs and args and args[0].__class__ is int:
            return self._write_blank(*args)
        return super().write_blank(*args, **kwargs)

    def write_formula(self, *args: Any, **kwargs: Any) -> Any:
        if not kwargs and args and args[0].__class__ is int:
            return self._write_formula(*args)
        return super().write_formula(*args, **kwargs)

    def repeat_rows(self, first_row: int, last_row: int | None = None) -> None:
        super().repeat_rows(first_row, last_row)
        self.repeat_row_range = self._quoted(self.repeat_row_range)

    def repeat_columns(self, *args: Any) -> None:
        super().repeat_columns(*args)
        self.repeat_col_range = self._quoted(self.repeat_col_range)

    def _convert_name_area(self, row_num_1: int, col_num_1: int, row_num_2: int,
                           col_num_2: int) -> str:
        """The area of the autofilter and print area names (``Sheet!$A$1:$C$9``)."""
        area: str = super()._convert_name_area(  # type: ignore[no-untyped-call]
            row_num_1, col_num_1, row_num_2, col_num_2)
        return self._quoted(area)

    def _quoted(self, area: str) -> str:
        """``area`` as xlsxwriter made it (``name!$1:$1``), with the name always quoted."""
        name = sheet_name(self)
        prefix = quote_sheetname(name) + "!"
        if not area.startswith(prefix):  # nothing made (no range), or not ours to change
            return area
        return quote_sheet(name) + "!" + area[len(prefix):]

    def _prepare_formula(self, formula: str, expand_future_functions: bool = False) -> str:
        if not self.use_future_functions and is_plain_formula(formula):
            return formula[1:] if formula.startswith("=") else formula
        return _prepare_formula(self, formula, expand_future_functions)

    def _write_cell(self, row: int, col: int, cell: Any) -> None:
        """xlsxwriter's ``_write_cell`` for numbers, dates, text, blanks and formulas, as one
        ``write`` of the same bytes (text always escaped: :func:`_inline_text_xml`);
        booleans, errors, rich text and arrays go through it."""
        # self.fh is typed None by xlsxwriter 3.3; no typing.cast here: a call per cell
        if cell.__class__ is _CellXml:  # written by StreamedWorksheet's direct path
            self.fh.write(cell)  # type: ignore[attr-defined]
            return
        kind = cell.__class__.__name__
        if kind not in _FAST_CELLS:
            super()._write_cell(row, col, cell)
            return
        style = cell.format
        if not style:
            info = self.row_info.get(row)
            if info is not None and info.row_format:
                style = info.row_format
            elif col in self.col_info:
                style = self.col_info[col].column_format
        attr = _cell_attributes(row, col, style)
        if kind == "Number" or kind == "Datetime":
            xml = _number_xml(attr, cell.number)
        elif kind == "Blank":
            xml = f"<c{attr}/>"
        elif kind == "String":
            xml = (_inline_text_xml(attr, cell.string) if self.constant_memory
                   else f'<c{attr} t="s"><v>{cell.string}</v></c>')
        else:
            xml = _formula_xml(attr, cell.formula, cell.value)
        self.fh.write(xml)  # type: ignore[attr-defined]


class _CellXml(str):
    """A cell of a streamed sheet already made XML when it was written (no record)."""

    __slots__ = ()


def _cell_attributes(row: int, col: int, style: Any) -> str:
    if style is None:
        return f' r="{xl_rowcol_to_cell_fast(row, col)}"'
    index = style.xf_index  # set by the first _get_xf_index(), a call per cell before
    if index is None:
        index = style._get_xf_index()
    return f' r="{xl_rowcol_to_cell_fast(row, col)}" s="{index}"'


def _number_xml(attr: str, number: float) -> str:
    return f"<c{attr}><v>{number:.16G}</v></c>"


def _inline_text_xml(attr: str, text: str) -> str:
    """An in-line text cell.

    The one place where the bytes differ from xlsxwriter's on purpose: it takes any text
    that starts with ``<r>`` and ends with ``</r>`` for its own rich text and writes it
    unescaped, so a clerk's ``<r>a<b</r>`` made a sheet Excel refuses. Text is always
    escaped here (rich text, a ``RichString`` record, goes to xlsxwriter). xlsxwriter's
    shared-string table does the same, which is one more reason why every sheet of the
    集計ブック is a :class:`StreamedWorksheet` (in-line text, written here).
    """
    if not _TEXT_NEEDS_WORK.search(text):  # most text: nothing to escape or preserve
        return f'<c{attr} t="inlineStr"><is><t>{text}</t></is></c>'
    text = escape_controls(text)
    space = ' xml:space="preserve"' if _preserve_whitespace(text) else ""
    return f'<c{attr} t="inlineStr"><is><t{space}>{escape_data(text)}</t></is></c>'


# Anything in a text that escape_controls, _preserve_whitespace (xlsxwriter's ^\s and \s$)
# or escape_data would act on, found in one pass; text without any is written as it is.
_TEXT_NEEDS_WORK: Final = re.compile(
    r"^\s|\s$|[&<>\x00-\x08\x0b-\x1f\ufffe\uffff]|_x[0-9a-fA-F]{4}_")


def _formula_xml(attr: str, formula: str, value: Any) -> str:
    if isinstance(value, bool):
        attr += ' t="b"'
        value = int(value)
    elif isinstance(value, str):
        if value in _ERROR_CODES:
            attr += ' t="e"'
        elif value:
            attr += ' t="str"'
        value = escape_data(value)
    return f"<c{attr}><f>{escape_data(formula)}</f><v>{value}</v></c>"


class StreamedWorksheet(KpiWorksheet):
    """A worksheet in xlsxwriter's ``constant_memory`` mode, whatever the workbook's.

    Rows must be written in increasing order (xlsxwriter drops a cell written to an
    earlier row in that mode; here it is an error), ``set_row`` before the next row is
    begun, an Excel table (:meth:`add_table`) only before the first row, and
    :meth:`finish` once the last row is written (optional for a sheet written last).
    """

    def _initialize(self, init_data: dict[str, Any]) -> None:
        # xlsxwriter's constant_memory opens a temporary file per sheet at once and writes
        # each cell to it through a read-write text file, which re-encodes on every call;
        # the rows go to a _RowBuffer instead (memory first, a file only when large).
        super()._initialize({**init_data, "constant_memory": False})
        self.constant_memory = True
        self._rows = _RowBuffer(self.tmpdir)
        self.row_data_fh = self.fh = self._rows  # type: ignore[assignment]  # None in 3.3
        self._finished = False

    def finish(self) -> None:
        """Every row is written: the last one goes out and the rows are kept deflated
        until the package is made. Writing a cell or a row afterwards is an error."""
        self._write_single_row(-1)  # -1: the packager's own final flush finds no row
        self._rows.seal()
        self._finished = True

    def declare_merged(self, first_row: int, first_col: int, last_row: int,
                       last_col: int) -> None:
        """Declare a merged range whose cells the writer writes itself, row by row: the
        top-left cell its value, every other cell blank in the same format.

        xlsxwriter's ``merge_range`` writes every cell of the range at once, so a range
        over several rows leaves no way to write the other cells of its first row after
        it, and it keeps an index entry per merged cell to detect overlaps (国への報告:
        nine ranges of five rows per project). Here only the range is recorded; the
        caller's ranges are disjoint by construction. A range that begins in a row
        already written out is an error, as any late cell is.
        """
        if self._finished or first_row < self.previous_row:
            raise ValueError(f"{self.name}: merged range from row {first_row + 1} declared "
                             f"after row {self.previous_row + 1}")
        if (first_row, first_col) == (last_row, last_col):
            return  # one cell is no range (Excel refuses it)
        self.merge.append([first_row, first_col, last_row, last_col])

    def _check_dimensions(self, row: int, col: int, ignore_row: bool = False,
                          ignore_col: bool = False) -> int:
        """xlsxwriter's check, with a cell or row format for a row already written out
        raised as an error instead of dropped without a word (its -2): a writer that gets
        the order wrong must fail its tests, not lose a value."""
        if self._finished and not (ignore_row or ignore_col):
            raise ValueError(f"{self.name}: row {row + 1} written after the sheet was finished")
        result = super()._check_dimensions(row, col, ignore_row, ignore_col)
        if result == -2:
            raise ValueError(f"{self.name}: row {row + 1} written after row "
                             f"{self.previous_row + 1}; a streamed sheet's rows go in order")
        return result

    # The direct path: a cell with a format becomes its XML as it is written, instead of a
    # record that becomes XML when the row is flushed (same bytes; about a third less time
    # per cell, measured on 集計一覧). Without a format, the row's or column's format may
    # still apply when the row is flushed: such cells, and everything written while the
    # sheet is not streaming (add_table's header), take xlsxwriter's path.

    def _direct(self, row: int, col: int, cell_format: Any) -> bool:
        """True when the cell may be written as XML now (and its place is valid)."""
        if cell_format is None or not self.constant_memory:
            return False
        if (not self._finished and self.previous_row <= row < self.xls_rowmax
                and 0 <= col < self.xls_colmax):
            # xlsxwriter's _check_dimensions for a valid cell of the current or a later
            # row, inline (two calls per cell less): the sheet's used range grows to it.
            # (xlsxwriter 3.3 annotates the four dim_ attributes as None, their first value.)
            if self.dim_rowmin is None or row < self.dim_rowmin:
                self.dim_rowmin = row  # type: ignore[assignment]
            if self.dim_rowmax is None or row > self.dim_rowmax:
                self.dim_rowmax = row  # type: ignore[assignment]
            if self.dim_colmin is None or col < self.dim_colmin:
                self.dim_colmin = col  # type: ignore[assignment]
            if self.dim_colmax is None or col > self.dim_colmax:
                self.dim_colmax = col  # type: ignore[assignment]
            return True
        return not self._check_dimensions(row, col)  # refused, or an error raised

    def _write_single_row(self, current_row_num: int = 0) -> None:
        """xlsxwriter's, with the cells the direct path made XML written in one piece.

        The same bytes in the same order (the cells of a row by column, each once); a
        cell kept as xlsxwriter's record still goes through :meth:`_write_cell`. Before,
        each cell took three calls more when its row went out (``_write_cell`` and two
        ``write``), about 1.7 million at 500 submissions.
        """
        row_num = self.previous_row
        self.previous_row = current_row_num
        cells = self.table.get(row_num)
        if cells:
            info = self.row_info.get(row_num)
            if info is None:
                self._write_row(row_num, None)
            else:
                self._write_row(row_num, None, info)
            out = self.fh
            run: list[str] = []
            # every column of the used range, in order, as xlsxwriter (dims are set: the
            # row has cells; typed None by xlsxwriter 3.3)
            first, last = cast(int, self.dim_colmin), cast(int, self.dim_colmax)
            for col_num in range(first, last + 1):
                cell = cells.get(col_num)
                if cell is None:
                    continue
                if cell.__class__ is _CellXml:
                    run.append(cell)
                    continue
                if run:
                    out.write("".join(run))  # type: ignore[attr-defined]
                    run.clear()
                self._write_cell(row_num, col_num, cell)
            if run:
                out.write("".join(run))  # type: ignore[attr-defined]
            self._xml_end_tag("row")
        elif row_num in self.row_info or row_num in self.comments:
            self._write_empty_row(row_num, None, self.row_info[row_num])
        self.table.clear()

    def _put(self, row: int, col: int, xml: str) -> None:
        if row > self.previous_row:  # a cell of a later row: the current one goes out
            self._write_single_row(row)
        self.table[row][col] = _CellXml(xml)

    def _write_string(self, row: int, col: int, string: str,
                      cell_format: Any = None) -> Literal[0, -1, -2]:
        if not self._direct(row, col, cell_format):
            return super()._write_string(row, col, string, cell_format)
        error: Literal[0, -2] = 0
        if len(string) > self.xls_strmax // 2 and _utf16_len(string) > self.xls_strmax:
            string, error = _utf16_truncate(string, self.xls_strmax), -2
        self._put(row, col, _inline_text_xml(_cell_attributes(row, col, cell_format), string))
        return error

    def _write_number(self, row: int, col: int, number: Any,  # type: ignore[override]
                      cell_format: Any = None) -> int:
        plain = number.__class__ in (float, int) and not (isnan(number) or isinf(number))
        if not plain or not self._direct(row, col, cell_format):
            return super()._write_number(row, col, number, cell_format)
        self._put(row, col, _number_xml(_cell_attributes(row, col, cell_format), number))
        return 0

    def _write_blank(self, row: int, col: int, blank: Any,
                     cell_format: Any = None) -> Literal[0, -1]:
        if not self._direct(row, col, cell_format):
            return super()._write_blank(row, col, blank, cell_format)
        self._put(row, col, f"<c{_cell_attributes(row, col, cell_format)}/>")
        return 0

    def _write_formula(self, row: int, col: int, formula: str, cell_format: Any = None,
                       value: Any = 0) -> Literal[0, -1, -2]:
        # Only formulas of the allowed functions: they are neither dynamic nor array
        # formulas (see is_plain_formula), so the checks xlsxwriter makes first are moot.
        if (not formula or self.use_future_functions or not is_plain_formula(formula)
                or not self._direct(row, col, cell_format)):
            return super()._write_formula(row, col, formula, cell_format, value)
        self._put(row, col, _formula_xml(_cell_attributes(row, col, cell_format),
                                         formula[1:] if formula.startswith("=") else formula,
                                         value))
        return 0

    def _write_optimized_sheet_data(self) -> None:
        """xlsxwriter's, reading the rows from the _RowBuffer."""
        if self.dim_rowmin is None:
            self._xml_empty_tag("sheetData")
            return
        self._xml_start_tag("sheetData")
        out = cast(TextIO, self.fh)
        for piece in self._rows.pieces():
            out.write(piece)
        self._rows.close()
        self._xml_end_tag("sheetData")

    def add_table(  # type: ignore[override]  # numbers only, not xlsxwriter's "A1:D4" too
            self, first_row: int, first_col: int, last_row: int, last_col: int,
            options: dict[str, Any] | None = None) -> int:
        """An Excel table, declared before any row is written.

        xlsxwriter refuses tables in ``constant_memory`` mode because the header cells it
        writes could fall in a row already flushed; before the first row nothing has been.
        The header cells it writes go to the shared-string table; the caller writes the
        header row over them (as inline text) right after. The index of the table's cells
        that xlsxwriter keeps to detect overlapping ranges (one entry per cell: 1.3 million
        at 2,000 submissions) is dropped: nothing else is added to this sheet's ranges.
        """
        if self.previous_row or any(self.table.values()):
            raise ValueError("add_table on a streamed sheet must come before its rows")
        self.constant_memory = False
        try:
            result = super().add_table(first_row, first_col, last_row, last_col, options)
        finally:
            self.constant_memory = True
        self.table_cells.clear()
        return result


class _TextChunks:
    """Text written in many small pieces, handed on (:meth:`_hand_on`) a megabyte at a
    time. Counted in characters, not writes: a streamed sheet's rows reach its part in
    pieces of up to a megabyte (4,096 writes of them held 256 MB)."""

    CHUNK_CHARS: Final = 1 << 20

    def __init__(self) -> None:
        super().__init__()
        self._pending: list[str] = []
        self._pending_chars = 0

    def write(self, text: str) -> int:
        self._pending.append(text)
        self._pending_chars += len(text)
        if self._pending_chars >= self.CHUNK_CHARS:
            self._hand_on(self._take())
        return len(text)

    def _take(self) -> str:
        """The text held, which is no longer held."""
        text = "".join(self._pending)
        self._pending.clear()
        self._pending_chars = 0
        return text

    def _hand_on(self, text: str) -> None:
        raise NotImplementedError


class _RowBuffer(_TextChunks):
    """The rows of a streamed sheet as written: in memory while they are small, then in a
    temporary file (deleted when closed), so that a sheet opens no file until it needs one.
    """

    def __init__(self, tmpdir: str | None) -> None:
        super().__init__()
        self._tmpdir = tmpdir
        self._file: Any = None
        self._sealed: bytes | None = None

    def write(self, text: str) -> int:
        # _TextChunks.write inline (no super() call): once for every row written
        if self._sealed is not None:
            raise ValueError("a row written to a finished sheet")
        self._pending.append(text)
        self._pending_chars += len(text)
        if self._pending_chars >= self.CHUNK_CHARS:
            self._hand_on(self._take())
        return len(text)

    def _hand_on(self, text: str) -> None:
        if self._file is None:
            # Open as long as the buffer: closed (and so deleted) by close(). newline="":
            # text comes back as written ("\r" stays "\r", as in memory).
            self._file = tempfile.TemporaryFile(  # noqa: SIM115
                "w+", encoding="utf-8", newline="", dir=self._tmpdir)
        self._file.write(text)

    def seal(self) -> None:
        """Nothing more will be written: rows still in memory are kept deflated (a project
        sheet's rows are a few kilobytes of XML, twice that as a Python string, and there
        may be 10,000 such sheets waiting for the package)."""
        if self._file is None and self._sealed is None:
            self._sealed = zlib.compress(self._take().encode("utf-8"), 1)

    def pieces(self) -> Iterator[str]:
        """Everything written, in order, in pieces of at most a megabyte or so."""
        if self._sealed is not None:
            yield zlib.decompress(self._sealed).decode("utf-8")
            return
        if self._file is None:
            yield self._take()
            return
        self._hand_on(self._take())
        self._file.seek(0)
        while piece := self._file.read(self.CHUNK_CHARS):
            yield piece

    def close(self) -> None:
        self._take()
        self._sealed = None
        if self._file is not None:
            self._file.close()
            self._file = None


class _DeflatingPart(_TextChunks, StringIO):
    """One part of the package, deflated as xlsxwriter writes it.

    xlsxwriter writes a part through ``fh.write`` (a StringIO in in_memory mode); here the
    text is deflated (:func:`~.zip_package.deflater`, as the archive
    stores it) every megabyte, so neither a whole part nor its copies is ever held: the
    集計一覧 of 2,000 submissions is about 100 MB of XML (twice that as a Python string of
    Japanese text). The CRC-32 and size the archive needs are counted on the way.
    """

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name
        self._deflate: Any = deflater()
        self._chunks: list[bytes] = []
        self._crc = 0
        self._size = 0
        self._sealed: DeflatedPart | None = None

    def _hand_on(self, text: str) -> None:
        data = text.encode("utf-8")
        self._crc = zlib.crc32(data, self._crc)
        self._size += len(data)
        self._chunks.append(self._deflate.compress(data))

    def seal(self) -> DeflatedPart:
        """The part is complete: keep only its deflated bytes."""
        if self._sealed is None:
            self._hand_on(self._take())
            self._chunks.append(self._deflate.flush())
            self._sealed = DeflatedPart(self.name, b"".join(self._chunks), self._crc,
                                        self._size)
            self._chunks.clear()
            self._deflate = None
        return self._sealed

    def getvalue(self) -> str:
        """The part's text (for xlsxwriter code that reads a part back; not used to
        package)."""
        return zlib.decompress(self.seal().data, -zlib.MAX_WBITS).decode("utf-8")


class _DeflatingPackager(Packager):
    """The packager of in_memory mode, holding each finished part deflated and handing
    them to :func:`~.zip_package.write_zip` instead of xlsxwriter."""

    def __init__(self) -> None:
        super().__init__()
        self._current: _DeflatingPart | None = None
        self.parts: list[DeflatedPart] = []

    def _filename(self, xml_filename: str) -> Any:
        self._seal()  # parts are written one after another: the previous one is complete
        part = self._current = _DeflatingPart(xml_filename)
        self.filenames.append((part, xml_filename, False))
        return part

    def _create_package(self) -> list[Any]:
        """Every part, deflated, kept in :attr:`parts`; xlsxwriter is given none to zip."""
        files = _create_package(self)
        self._seal()
        for handle, name, is_binary in files:
            if isinstance(handle, _DeflatingPart):
                self.parts.append(handle.seal())
            else:  # a binary part (an image: none today) that xlsxwriter keeps as bytes
                self.parts.append(DeflatedPart.of(name, handle.getvalue() if is_binary
                                                  else handle.getvalue().encode("utf-8")))
        return []

    def _seal(self) -> None:
        if self._current is not None:
            self._current.seal()
            self._current = None


class KpiWorkbook(xlsxwriter.Workbook):
    """A workbook of :class:`KpiWorksheet` with a linear sheet-name check, packaged in
    memory with each part deflated (``in_memory`` is always on)."""

    worksheet_class = KpiWorksheet

    def __init__(self, filename: str, options: dict[str, object] | None = None) -> None:
        self._used_sheet_names: set[str] = set()
        self._packager: _DeflatingPackager | None = None
        options = {**(options or {}), "in_memory": True}
        default_format = options.get("default_format_properties")
        if isinstance(default_format, dict):
            # A copy: xlsxwriter adds a key to the dict it is given, which made every
            # workbook after the first of a process (same options) differ in styles.xml.
            options["default_format_properties"] = dict(default_format)
        super().__init__(filename, options)

    def add_streamed_worksheet(self, name: str) -> StreamedWorksheet:
        """A sheet written row by row, in constant memory (:class:`StreamedWorksheet`)."""
        ws = self.add_worksheet(name, worksheet_class=StreamedWorksheet)
        assert isinstance(ws, StreamedWorksheet)
        return ws

    def _get_packager(self) -> Packager:
        self._packager = _DeflatingPackager()
        return self._packager

    def _store_workbook(self) -> None:
        """xlsxwriter's preparation and packaging, then the archive written here from the
        deflated parts (zip_package.py); xlsxwriter's own zip gets no part and is dropped."""
        target = self.filename
        self.filename = BytesIO()
        try:
            super()._store_workbook()
        finally:
            self.filename = target
        assert self._packager is not None
        write_zip(target, self._packager.parts)
        self._packager = None

    def _check_sheetname(self, sheetname: str | None, is_chartsheet: bool = False) -> str:
        if not sheetname:  # a default name (Sheet1, Chart1): xlsxwriter's own check
            name = _check_sheetname(self, sheetname, is_chartsheet)
            self._used_sheet_names.add(name.lower())
            return name
        if is_chartsheet:
            self.chartname_count += 1
        else:
            self.sheetname_count += 1
        if len(sheetname.encode("utf-16-le")) // 2 > MAX_SHEET_NAME:
            raise InvalidWorksheetName(
                f"Excel worksheet name '{sheetname}' must be <= 31 chars.")
        if _INVALID_CHAR_RE.search(sheetname):
            raise InvalidWorksheetName(
                f"Invalid Excel character '[]:*?/\\' in sheetname '{sheetname}'.")
        if sheetname.startswith("'") or sheetname.endswith("'"):
            raise InvalidWorksheetName(
                f'Sheet name cannot start or end with an apostrophe "{sheetname}".')
        key = sheetname.lower()
        if key in self._used_sheet_names:
            raise DuplicateWorksheetName(
                f"Sheetname '{sheetname}', with case ignored, is already in use.")
        self._used_sheet_names.add(key)
        return sheetname
