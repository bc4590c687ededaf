"""A workbook as plain grids of cells, read straight from the xlsx package.

Why not openpyxl here: the spec needs, for every cell, both the formula and the value
Excel cached for it (a formula without a cached value is an error, never a silent blank).
openpyxl gives one or the other per load, and its default load resolves merged cells
slowly; reading the sheet XML once with a hardened parser (defusedxml) gives values,
formulas, cached errors, number formats and merged ranges in one pass, without running
anything in the file. This is the only module that opens a submission.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Final
from xml.etree import ElementTree as FastET

from defusedxml import ElementTree as SafeET

from kpi_workbook.domain.errors import InputFileError
from kpi_workbook.domain.issues import Issue, Location
from kpi_workbook.reading.return_copy_marker import unchanged_return_copy

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
_EPOCH: Final = dt.datetime(1899, 12, 30)

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

    @property
    def is_percent(self) -> bool:
        return "%" in self.number_format.replace('"%"', "")

    @property
    def is_empty(self) -> bool:
        if self.formula is not None or self.error is not None:
            return False
        return self.value is None or (isinstance(self.value, str) and not self.value.strip())

    def as_date(self) -> dt.datetime | None:
        """The date an Excel serial number stands for, when the cell is date-formatted."""
        if self.is_date and isinstance(self.value, (int, float)):
            return _EPOCH + dt.timedelta(days=float(self.value))
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
    return_copy_of: str | None = None
    """The file this is an unchanged return copy of (``return_copy_marker``): not read."""


def load(path: Path) -> WorkbookGrid:
    """Read every worksheet of an .xlsx/.xlsm file into grids.

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
    except (PermissionError, IsADirectoryError, OSError) as exc:
        raise InputFileError(
            Issue("file-unreadable", where, {"reason": exc.strerror or type(exc).__name__})
        ) from None


def _ole_issue(data: bytes, where: Location, suffix: str) -> Issue:
    # An encrypted xlsx is an OLE container holding an EncryptionInfo stream; any other
    # OLE file is an old binary workbook (.xls) whatever its name says.
    if _ENCRYPTION_STREAM in data:
        return Issue("file-encrypted", where)
    return Issue("file-legacy-format", where, {"ext": ".xls"})


def _read_package(fh: IO[bytes], path: Path) -> WorkbookGrid:
    where = Location(path)
    try:
        zf = zipfile.ZipFile(fh)
    except (zipfile.BadZipFile, ValueError) as exc:
        raise InputFileError(
            Issue("file-unreadable", where, {"reason": _reason(exc, "zip")})
        ) from None
    with zf:
        _check_sizes(zf, where)
        try:
            return _read_workbook(zf, path)
        except InputFileError:
            raise
        except (KeyError, zipfile.BadZipFile, SafeET.ParseError, EOFError, ValueError,
                OSError, IndexError) as exc:
            raise InputFileError(
                Issue("file-unreadable", where, {"reason": _reason(exc, "xml")})
            ) from None
        except Exception as exc:  # defusedxml's refusals and anything unforeseen
            raise InputFileError(
                Issue("file-unreadable", where, {"reason": type(exc).__name__})
            ) from None


def _reason(exc: Exception, kind: str) -> str:
    if kind == "zip":
        return "ZIP 形式ではないか、壊れています / not a valid zip package"
    return f"{type(exc).__name__}: {exc}"[:200]


def _check_sizes(zf: zipfile.ZipFile, where: Location) -> None:
    total = 0
    for info in zf.infolist():
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > _RATIO_MIN_SIZE and ratio > MAX_RATIO:
            raise InputFileError(Issue("file-too-large", where, {
                "reason": f"{info.filename}: 圧縮率 {ratio:.0f} 倍 / compression ratio"}))
    if total > MAX_UNCOMPRESSED:
        raise InputFileError(Issue("file-too-large", where, {
            "reason": f"展開後 {total // (1024 * 1024)} MB / uncompressed"}))


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


def _iterparse(zf: zipfile.ZipFile, part: str) -> Iterator[tuple[str, FastET.Element]]:
    """``end`` events of a part, parsed as :func:`_fromstring` says (large parts stream)."""
    if zf.getinfo(part).file_size <= _FAST_PARSE_MAX:
        data = zf.read(part)
        if _has_no_dtd(data):
            return FastET.iterparse(io.BytesIO(data), events=("end",))
        return SafeET.iterparse(io.BytesIO(data), events=("end",))
    return _stream(zf, part)


def _stream(zf: zipfile.ZipFile, part: str) -> Iterator[tuple[str, FastET.Element]]:
    with zf.open(part) as fh:
        yield from SafeET.iterparse(fh, events=("end",))


def _attr(elem: object, name: str) -> str | None:
    # Attributes in the relationships namespace (r:id) are matched by local name.
    for key, value in elem.attrib.items():  # type: ignore[attr-defined]
        if _local(key) == name:
            return str(value)
    return None


def _read_workbook(zf: zipfile.ZipFile, path: Path) -> WorkbookGrid:
    names = set(zf.namelist())
    copy_of = unchanged_return_copy(zf, names)
    if copy_of is not None:
        return WorkbookGrid(path, return_copy_of=copy_of)
    wb_part = _main_part(zf, names)
    rels = _read_rels(zf, wb_part)
    root = _fromstring(zf.read(wb_part))
    shared = _read_shared_strings(zf, rels, wb_part)
    formats = _read_styles(zf, rels, wb_part)
    book = WorkbookGrid(path)
    for elem in root.iter():
        tag = _local(elem.tag)
        if tag == "definedName":
            book.defined_names[elem.get("name", "")] = elem.text or ""
        elif tag == "sheet":
            target = rels.get(_attr(elem, "id") or "")
            if target is None or target not in names:
                continue  # a chart sheet or a dangling entry: nothing to read
            grid = Grid(name=elem.get("name", ""), hidden=elem.get("state", "visible") != "visible")
            _read_sheet(_sheet_elements(zf, target), grid, shared, formats)
            book.sheets.append(grid)
    book.external_links = _external_links(zf, names)
    return book


def _external_links(zf: zipfile.ZipFile, names: set[str]) -> list[str]:
    links: list[str] = []
    for part in sorted(n for n in names if n.startswith("xl/externalLinks/")
                       and n.endswith(".xml")):
        folder, name = posixpath.split(part)
        rels_name = posixpath.join(folder, "_rels", name + ".rels")
        targets = []
        if rels_name in names:
            targets = [elem.get("Target", "") for elem in
                       _fromstring(zf.read(rels_name)).iter()
                       if _local(elem.tag) == "Relationship"]
        links.extend(targets or [name])
    return links


def _main_part(zf: zipfile.ZipFile, names: set[str]) -> str:
    # The workbook part is named by the package's root relationships, usually xl/workbook.xml.
    if "_rels/.rels" in names:
        for elem in _fromstring(zf.read("_rels/.rels")).iter():
            if _local(elem.tag) == "Relationship" and elem.get("Type", "").endswith(
                "/officeDocument"
            ):
                return elem.get("Target", "").lstrip("/")
    return "xl/workbook.xml"


def _read_rels(zf: zipfile.ZipFile, part: str) -> dict[str, str]:
    folder, name = posixpath.split(part)
    rels_name = posixpath.join(folder, "_rels", name + ".rels")
    try:
        data = zf.read(rels_name)
    except KeyError:
        return {}
    out: dict[str, str] = {}
    for elem in _fromstring(data).iter():
        if _local(elem.tag) != "Relationship" or elem.get("TargetMode") == "External":
            continue
        target = elem.get("Target", "")
        resolved = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
            posixpath.join(folder, target))
        out[elem.get("Id", "")] = resolved
        out["type:" + elem.get("Type", "").rsplit("/", 1)[-1]] = resolved
    return out


def _read_shared_strings(zf: zipfile.ZipFile, rels: dict[str, str], wb_part: str) -> list[str]:
    part = rels.get("type:sharedStrings")
    if part is None or part not in zf.namelist():
        return []
    strings: list[str] = []
    for _event, elem in _iterparse(zf, part):
        if _local(elem.tag) == "si":
            strings.append(_string_item(elem))
            elem.clear()
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
    return "".join(parts)


@dataclass(frozen=True, slots=True)
class _Format:
    code: str
    is_date: bool


_GENERAL: Final = _Format("General", False)


def _read_styles(zf: zipfile.ZipFile, rels: dict[str, str], wb_part: str) -> list[_Format]:
    part = rels.get("type:styles")
    if part is None or part not in zf.namelist():
        return []
    root = _fromstring(zf.read(part))
    custom: dict[int, str] = {}
    xfs: list[_Format] = []
    for elem in root:
        tag = _local(elem.tag)
        if tag == "numFmts":
            for fmt in elem:
                custom[int(fmt.get("numFmtId", "0"))] = fmt.get("formatCode", "General")
        elif tag == "cellXfs":
            for xf in elem:
                fmt_id = int(xf.get("numFmtId", "0"))
                code = custom.get(fmt_id) or BUILTIN_FORMATS.get(fmt_id, "General")
                is_date = (fmt_id in _BUILTIN_DATE_IDS if fmt_id not in custom
                           else is_date_format(code))
                xfs.append(_Format(code, is_date))
    return xfs


def _sheet_elements(zf: zipfile.ZipFile, part: str) -> Iterator[FastET.Element]:
    """The rows, merged ranges and hyperlinks of a worksheet part, in document order.

    A part of normal size is parsed whole and only these elements are visited (the C
    parser walks the rest); a huge one is streamed and every element passes by.
    """
    if zf.getinfo(part).file_size > _FAST_PARSE_MAX:
        for _event, elem in _stream(zf, part):
            yield elem
        return
    root = _fromstring(zf.read(part))
    ns = root.tag[:root.tag.index("}") + 1] if root.tag.startswith("{") else ""
    yield from root.iter(ns + "row")
    yield from root.iter(ns + "mergeCell")
    yield from root.iter(ns + "hyperlink")


def _read_sheet(elements: Iterator[FastET.Element], grid: Grid, shared: list[str],
                formats: list[_Format]) -> None:
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
            # Cells without an r attribute count from their row's start.
            row_no = int(elem.get("r") or row_no + 1)
            col_no = 0
            for child in elem:
                if child.tag != c_tag:
                    if _local(child.tag) != "c":
                        continue
                    c_tag = child.tag
                ref = child.get("r")
                if ref:
                    hit = _REF_CACHE.get(ref)
                    if hit is not None and hit[0] is not None:
                        row_no, col_no = hit
                    else:
                        row_no, col_no = _split_ref(ref, row_no)
                else:  # some writers omit r: the cell follows the previous one
                    col_no += 1
                if row_no > MAX_ROWS or col_no > MAX_COLS:
                    grid.truncated = True
                elif len(child) or child.get("t") == "inlineStr":
                    cell = _read_cell(child, shared, formats)
                    if cell is not None:
                        cells[(row_no, col_no)] = cell
                else:  # no value, formula or error: a blank, kept only for its format
                    style = int(child.get("s", "0"))
                    blank = blanks[style] if style < len(blanks) else None
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


def _split_ref(ref: str, current_row: int) -> tuple[int, int]:
    if ref in _REF_CACHE:
        row, col = _REF_CACHE[ref]
        return (current_row if row is None else row), col
    col = 0
    i = 0
    while i < len(ref) and ref[i].isalpha():
        col = col * 26 + ord(ref[i].upper()) - 64
        i += 1
    row = int(ref[i:]) if i < len(ref) else None
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
    return (min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2))


def _read_cell(elem: object, shared: list[str], formats: list[_Format]) -> Cell | None:
    kind = elem.get("t", "n")  # type: ignore[attr-defined]
    style = int(elem.get("s", "0"))  # type: ignore[attr-defined]
    fmt = formats[style] if style < len(formats) else _GENERAL
    if not len(elem) and kind != "inlineStr":  # type: ignore[arg-type]
        # A styled blank (most cells of a template): no value, formula or error.
        return None if fmt.code == "General" else Cell(None, fmt.code, None, None, fmt.is_date)
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
    value: str | int | float | bool | None = None
    error: str | None = None
    if kind == "inlineStr":
        value = inline if inline is not None else raw
    elif raw is None:
        value = None
    elif kind == "s":
        value = shared[int(raw)]
    elif kind in ("str", "d"):
        value = raw
    elif kind == "b":
        value = raw.strip() in ("1", "true")
    elif kind == "e":
        error = raw
    else:
        value = _number(raw)
    if value is None and formula is None and error is None and fmt.code == "General":
        return None
    return Cell(value, fmt.code, formula, error, fmt.is_date)


def _number(text: str) -> int | float | None:
    text = text.strip()
    if not text:
        return None
    number = float(text)
    return int(number) if number.is_integer() and abs(number) < 2**53 else number
