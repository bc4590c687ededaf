"""zip_package.py: the archive written from deflated parts is a zip every reader takes."""

from __future__ import annotations

import io
import zipfile

import pytest

from kpi_workbook.consolidated.writer.xlsx_engine import zip_package
from kpi_workbook.consolidated.writer.xlsx_engine.zip_package import (
    DeflatedPart,
    PackageTooLarge,
    write_zip,
)


def part(name: str, text: str) -> DeflatedPart:
    return DeflatedPart.of(name, text.encode("utf-8"))


PARTS = {
    "[Content_Types].xml": '<?xml version="1.0"?><Types/>',
    "xl/worksheets/sheet1.xml": "<worksheet>" + "集計一覧 & <c>" * 5000 + "</worksheet>",
    "xl/empty.xml": "",
    "xl/media/画像.xml": "non-ASCII name",
}


def read_back(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert zf.testzip() is None  # every CRC checked
        for info in zf.infolist():
            assert info.compress_type == zipfile.ZIP_DEFLATED
            assert info.date_time == (1980, 1, 1, 0, 0, 0)
        return {name: zf.read(name) for name in zf.namelist()}


def test_zip_parts_read_back_in_order(tmp_path):
    path = tmp_path / "a.xlsx"
    write_zip(path, [part(n, t) for n, t in PARTS.items()])
    got = read_back(path.read_bytes())
    assert list(got) == list(PARTS)
    assert got == {n: t.encode("utf-8") for n, t in PARTS.items()}


def test_zip_more_parts_than_the_classic_directory_holds(monkeypatch):
    """Past 65,535 parts (about 2,800 submissions) the ZIP64 end records are written."""
    monkeypatch.setattr(zip_package, "MAX_ENTRIES", 2)
    out = io.BytesIO()
    write_zip(out, [part(n, t) for n, t in PARTS.items()])
    assert b"PK\x06\x06" in out.getvalue()
    assert list(read_back(out.getvalue())) == list(PARTS)


def test_zip_no_zip64_records_when_not_needed():
    out = io.BytesIO()
    write_zip(out, [part(n, t) for n, t in PARTS.items()])
    assert b"PK\x06\x06" not in out.getvalue()


def test_zip_refuses_what_needs_zip64_headers():
    huge = DeflatedPart("xl/huge.xml", b"", 0, 1 << 32)
    with pytest.raises(PackageTooLarge, match="4 GB"):
        write_zip(io.BytesIO(), [huge])
