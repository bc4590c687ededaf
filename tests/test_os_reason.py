"""One way to say why the system refused a file (``domain.errors.os_reason``): words in
the clerk's language, never the OS's English text nor an errno name (those are detail)."""

from __future__ import annotations

import errno
import re
from pathlib import Path

import pytest

from kpi_workbook.cli import main
from kpi_workbook.domain.errors import OutputError, os_detail, os_reason
from kpi_workbook.output.atomic import atomic_write

_ERRNO_NAME = re.compile(r"\bE[A-Z]{3,}\b")


@pytest.mark.parametrize("exc", [
    FileNotFoundError(errno.ENOENT, "No such file or directory"),
    IsADirectoryError(errno.EISDIR, "Is a directory"),
    NotADirectoryError(errno.ENOTDIR, "Not a directory"),
    PermissionError(errno.EACCES, "Permission denied"),
    OSError(errno.EROFS, "Read-only file system"),
    OSError(errno.ENOSPC, "No space left on device"),
    OSError(errno.ENAMETOOLONG, "File name too long"),
    OSError(errno.EIO, "Input/output error"),
    OSError("no errno at all"),
])
def test_every_os_error_is_said_in_words_in_both_languages(exc: OSError) -> None:
    reason = os_reason(exc)
    assert reason.ja
    assert reason.en
    for text in (reason.ja, reason.en):
        assert not _ERRNO_NAME.search(text)
        assert str(exc.strerror or exc) not in text
    assert str(exc.strerror or exc) in os_detail(exc)  # kept for whoever supports the tool


def test_output_unwritable_names_no_errno(tmp_path: Path) -> None:
    """The 「（EISDIR）」 of before: a folder where the output file should be."""
    target = tmp_path / "out.xlsx"
    target.mkdir()
    (target / "inside").write_text("x")
    with pytest.raises(OutputError) as caught, atomic_write(target) as tmp:
        tmp.write_bytes(b"data")
    issue = caught.value.issue
    for lang in ("ja", "en"):
        message = issue.message(lang)  # type: ignore[arg-type]
        assert "out.xlsx" in message
        assert not _ERRNO_NAME.search(message), message
        assert "directory" not in message.lower()


def test_template_into_a_folder_says_why_in_words(tmp_path: Path, capsys) -> None:
    target = tmp_path / "様式.xlsx"
    target.mkdir()
    (target / "inside").write_text("x")
    assert main(["template", "-o", str(target)]) == 2
    err = capsys.readouterr().err
    assert "様式.xlsx" in err
    assert not _ERRNO_NAME.search(err), err
    assert "directory" not in err.lower()
