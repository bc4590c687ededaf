"""atomic_write: all or nothing, and a clear error when OUT is locked."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kpi_workbook.output import atomic
from kpi_workbook.output.atomic import OutputError, atomic_write


def test_atomic_write_replaces_on_success(tmp_path):
    out = tmp_path / "out.xlsx"
    out.write_bytes(b"old")
    with atomic_write(out) as tmp:
        assert tmp.parent == tmp_path
        assert tmp.suffix == ".tmp"
        tmp.write_bytes(b"new")
    assert out.read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.xlsx"]


def test_atomic_write_failure_leaves_old_file_and_no_temp(tmp_path):
    out = tmp_path / "out.xlsx"
    out.write_bytes(b"old")

    def write_half_then_fail() -> None:
        with atomic_write(out) as tmp:
            tmp.write_bytes(b"half")
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        write_half_then_fail()
    assert out.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.xlsx"]


def test_atomic_write_locked_output_is_a_clear_error(tmp_path, monkeypatch):
    out = tmp_path / "out.xlsx"
    out.write_bytes(b"old")

    def locked(src, dst):  # what Windows does while Excel has the file open
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(atomic.os, "replace", locked)
    with pytest.raises(OutputError) as info, atomic_write(out) as tmp:
        tmp.write_bytes(b"new")
    assert info.value.issue.code == "output-locked"
    assert "閉じて" in info.value.issue.message("ja")
    assert "close it" in info.value.issue.message("en")
    assert out.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.xlsx"]


def test_atomic_write_missing_folder_is_unwritable(tmp_path):
    with pytest.raises(OutputError) as info, atomic_write(tmp_path / "no" / "out.xlsx"):
        pass
    assert info.value.issue.code == "output-unwritable"
    assert "{reason}" not in info.value.issue.message("en")


def test_atomic_write_keeps_permissions_of_old_file(tmp_path):
    out = tmp_path / "out.xlsx"
    out.write_bytes(b"old")
    os.chmod(out, 0o640)
    with atomic_write(out) as tmp:
        Path(tmp).write_bytes(b"new")
    assert out.stat().st_mode & 0o777 == 0o640
