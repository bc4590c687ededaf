"""The .xlsx container (a zip archive) written from parts that are already deflated.

Why not ``zipfile``: xlsxwriter hands ``zipfile`` each part as text, which it deflates
again at level 6. The parts here were deflated once already, as they were written
(``book._DeflatingPart``, to keep memory bounded), so ``zipfile`` would inflate and deflate
every byte a second time: measured at 2,000 submissions (about 300 MB of XML, 46,000
parts), some 7 s of a one-minute merge. ``zipfile`` cannot take data already compressed,
so the archive is written here, from the format's specification (PKWARE APPNOTE 4.3): a
local header and the data of each part, then the central directory, then the end record.

What is written is what ``zipfile`` writes for xlsxwriter: deflated parts, Excel's
timestamp of 1 January 1980, UTF-8 flag only for non-ASCII names, and the ZIP64 end
records only when there are more than 65,535 parts (about 2,800 submissions); a part or an
archive past 4 GB, which needs ZIP64 in every header, is refused rather than written
wrongly. ``tests/test_writer_zip.py`` reads archives back with ``zipfile`` (CRC checked)
and LibreOffice opens every merged workbook in the recalculation tests.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Final

from kpi_workbook.domain.errors import PackageTooLarge

DEFLATED: Final = 8
VERSION: Final = 20  # 2.0: deflate
VERSION_ZIP64: Final = 45
DOS_DATE_1980: Final = (0 << 9) | (1 << 5) | 1  # 1980-01-01, as xlsxwriter stamps parts
DOS_TIME_0: Final = 0
UTF8_NAME: Final = 0x800
MAX_ENTRIES: Final = 0xFFFF
MAX_OFFSET: Final = 0xFFFFFFFF

_LOCAL: Final = struct.Struct("<4s5H3L2H")
_CENTRAL: Final = struct.Struct("<4s6H3L5H2L")
_END: Final = struct.Struct("<4s4H2LH")
_END64: Final = struct.Struct("<4sQ2H2L4Q")
_END64_LOCATOR: Final = struct.Struct("<4sLQL")


@dataclass(frozen=True, slots=True)
class DeflatedPart:
    """One part of the package: its name, its raw deflate stream, and the CRC-32 and
    size of the uncompressed bytes."""

    name: str
    data: bytes
    crc: int
    size: int


    @classmethod
    def of(cls, name: str, data: bytes) -> DeflatedPart:
        """A part from its whole content at once."""
        deflate = deflater()
        return cls(name, deflate.compress(data) + deflate.flush(), zlib.crc32(data),
                   len(data))


def deflater() -> Any:
    """A raw deflate stream (no zlib header: what a zip archive stores), at level 1: fast,
    and XML shrinks to about a tenth anyway."""
    return zlib.compressobj(1, zlib.DEFLATED, -zlib.MAX_WBITS)


def write_zip(target: str | Path | BinaryIO, parts: Iterable[DeflatedPart]) -> None:
    """Write ``parts`` as a zip archive to ``target`` (a path or a binary file)."""
    if isinstance(target, (str, Path)):
        with open(target, "wb") as fh:
            _write(fh, parts)
    else:
        _write(target, parts)


def _write(fh: BinaryIO, parts: Iterable[DeflatedPart]) -> None:
    central: list[bytes] = []
    offset = 0
    for part in parts:
        name = part.name.encode("utf-8")
        flags = 0 if part.name.isascii() else UTF8_NAME
        if max(offset, len(part.data), part.size) >= MAX_OFFSET:  # 0xFFFFFFFF: ZIP64's mark
            raise PackageTooLarge(f"{part.name}: the workbook would be larger than 4 GB")
        header = _LOCAL.pack(b"PK\x03\x04", VERSION, flags, DEFLATED, DOS_TIME_0,
                             DOS_DATE_1980, part.crc, len(part.data), part.size, len(name), 0)
        fh.write(header)
        fh.write(name)
        fh.write(part.data)
        central.append(_CENTRAL.pack(
            b"PK\x01\x02", VERSION, VERSION, flags, DEFLATED, DOS_TIME_0, DOS_DATE_1980,
            part.crc, len(part.data), part.size, len(name), 0, 0, 0, 0, 0, offset) + name)
        offset += len(header) + len(name) + len(part.data)
    directory = b"".join(central)
    fh.write(directory)
    count, size = len(central), len(directory)
    if offset + size >= MAX_OFFSET:
        raise PackageTooLarge("the workbook would be larger than 4 GB")
    if count > MAX_ENTRIES:  # as zipfile does: the ZIP64 end records, then the usual one
        fh.write(_END64.pack(b"PK\x06\x06", _END64.size - 12, VERSION_ZIP64, VERSION_ZIP64,
                             0, 0, count, count, size, offset))
        fh.write(_END64_LOCATOR.pack(b"PK\x06\x07", 0, offset + size, 1))
    shown = min(count, MAX_ENTRIES)
    fh.write(_END.pack(b"PK\x05\x06", 0, 0, shown, shown, size, offset, 0))
