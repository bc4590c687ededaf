"""Broken and odd files: one clear issue each, no traceback, the other files still read."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from kpi_workbook.reading.discover import find_workbooks
from kpi_workbook.usecases.check import iter_submissions
from tests.hostile.conftest import EXAMPLES, run_cli

GOOD = EXAMPLES / "企画課.xlsx"


def truncated(path: Path) -> None:
    path.write_bytes(GOOD.read_bytes()[: GOOD.stat().st_size // 2])


def not_zip(path: Path) -> None:
    path.write_bytes(b"<html>This is not a workbook</html>")


def legacy_xls(path: Path) -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    path.write_bytes(ole + b"\0" * 512 + "Workbook".encode("utf-16-le"))


def encrypted(path: Path) -> None:
    streams = "EncryptionInfo".encode("utf-16-le") + "EncryptedPackage".encode("utf-16-le")
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512 + streams)


def empty(path: Path) -> None:
    path.write_bytes(b"")


def no_project_sheet(path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active["A1"] = "メモ"
    wb.save(path)


def zip_without_workbook(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("hello.txt", "hi")


@pytest.mark.parametrize(("name", "make", "code"), [
    ("途中まで.xlsx", truncated, "file-unreadable"),
    ("ウェブページ.xlsx", not_zip, "file-unreadable"),
    ("古い形式.xls", legacy_xls, "file-legacy-format"),
    ("拡張子だけxlsx.xlsx", legacy_xls, "file-legacy-format"),
    ("パスワード付き.xlsx", encrypted, "file-encrypted"),
    ("空 の ファイル.xlsx", empty, "file-empty"),
    ("メモ.xlsx", no_project_sheet, "no-project-sheet"),
    ("中身なし.xlsx", zip_without_workbook, "file-unreadable"),
])
def test_broken_file_gives_one_error_and_others_are_still_read(tmp_path: Path, name: str,
                                                                make, code: str) -> None:
    make(tmp_path / name)
    shutil.copy(GOOD, tmp_path / "企画課.xlsx")
    run = run_cli("check", "--format", "json", tmp_path, timeout=60)
    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stderr
    assert run.seconds < 30
    errors = [(Path(i["file"]).name, i["code"]) for i in run.json["issues"]
              if i["severity"] == "error"]
    assert errors == [(name, code)]
    assert run.json["summary"]["projects"] == 1  # the good file next to it was read


def test_xlsm_is_read_without_running_macros(tmp_path: Path) -> None:
    shutil.copy(GOOD, tmp_path / "マクロ付き.xlsm")
    run = run_cli("check", "--format", "json", tmp_path / "マクロ付き.xlsm")
    assert run.returncode == 0
    assert "file-macros-ignored" in run.codes


def test_file_vanishing_between_listing_and_reading(tmp_path: Path) -> None:
    shutil.copy(GOOD, tmp_path / "消える.xlsx")
    files, _ = find_workbooks([tmp_path])
    (tmp_path / "消える.xlsx").unlink()
    (sub,) = iter_submissions(files)
    assert [i.code for i in sub.issues] == ["file-not-found"]


def test_file_locked_by_another_program(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = shutil.copy(GOOD, tmp_path / "使用中.xlsx")
    real_open = Path.open

    def locked(self: Path, *args, **kwargs):
        if self.name == "使用中.xlsx":
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", locked)
    monkeypatch.setattr(Path, "read_bytes", lambda self: locked(self).read())
    (sub,) = iter_submissions([Path(path)])
    assert [i.code for i in sub.issues] == ["file-unreadable"]
    # The clerk reads what to do; the operating system's own words are the detail.
    assert "使用中" in sub.issues[0].message()
    assert "another program" in sub.issues[0].message("en")
    assert "Permission denied" not in sub.issues[0].message("en")
    assert "Permission denied" in (sub.issues[0].detail or "")
