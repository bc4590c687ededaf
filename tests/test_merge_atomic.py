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


def test_atomic_write_creates_a_missing_folder(tmp_path):
    with atomic_write(tmp_path / "no" / "such" / "out.xlsx") as tmp:
        tmp.write_bytes(b"new")
    assert (tmp_path / "no" / "such" / "out.xlsx").read_bytes() == b"new"


def test_atomic_write_uncreatable_folder_is_named_in_japanese(tmp_path):
    blocker = tmp_path / "no"
    blocker.write_bytes(b"")
    with pytest.raises(OutputError) as info, atomic_write(blocker / "out.xlsx"):
        pass
    assert info.value.issue.code == "output-folder-uncreatable"
    message = info.value.issue.message("ja")
    assert str(blocker) in message
    assert "out.xlsx" in message
    assert "{" not in info.value.issue.message("en")
    assert list(tmp_path.iterdir()) == [blocker]


def test_atomic_write_os_errors_never_show_english_os_text(tmp_path, monkeypatch):
    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.tempfile, "mkstemp", full)
    with pytest.raises(OutputError) as info, atomic_write(tmp_path / "out.xlsx"):
        pass
    assert info.value.issue.code == "output-disk-full"
    assert "No space" not in info.value.issue.message("ja")


def test_atomic_write_keeps_permissions_of_old_file(tmp_path):
    out = tmp_path / "out.xlsx"
    out.write_bytes(b"old")
    os.chmod(out, 0o640)
    with atomic_write(out) as tmp:
        Path(tmp).write_bytes(b"new")
    assert out.stat().st_mode & 0o777 == 0o640
