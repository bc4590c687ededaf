"""Every exception of kpi_workbook, in one tree.

``KpiWorkbookError`` is the root of the errors a user sees: each carries the
:class:`~kpi_workbook.domain.issues.Issue` to show (code, file, sheet, cell), so a front end
prints a message from the catalogue, never an exception's text. ``Cancelled`` is not an
error (the user asked to stop) and stands beside it.

    KpiWorkbookError          a run cannot go on (bad roster, previous workbook, settings…)
    ├── InputFileError        one file cannot be read as a workbook at all (reported per file)
    └── OutputError           an output could not be written (locked, read-only, disk full…)
    Cancelled                 the user pressed cancel; nothing was written
    PackageTooLarge           the consolidated package would pass the zip format's 4 GB limits
"""

from __future__ import annotations

import errno

from kpi_workbook.domain.issues import Issue, Phrase


class KpiWorkbookError(Exception):
    """An error that stops a whole run; carries the issue to show."""

    def __init__(self, issue: Issue) -> None:
        super().__init__(issue.code)
        self.issue = issue


class InputFileError(KpiWorkbookError):
    """The file cannot be read as a workbook at all; carries the issue to report."""


class OutputError(KpiWorkbookError):
    """The output could not be written (locked, read-only folder, disk full…)."""


class Cancelled(Exception):
    """The user pressed cancel; nothing was written."""


class PackageTooLarge(ValueError):
    """The package would need ZIP64 headers for its parts (over 4 GB)."""


def os_reason(exc: OSError) -> Phrase:
    """Why the system refused a file, in words a clerk reads (Japanese or English by the
    message's language): the one way every layer turns an OSError into a message. The
    OS's own text and the errno name are for :func:`os_detail`, never the message."""
    if isinstance(exc, FileNotFoundError):
        return Phrase("ファイルが見つかりません", "the file does not exist")
    if isinstance(exc, IsADirectoryError):
        return Phrase("ファイルではなくフォルダです", "it is a folder, not a file")
    if isinstance(exc, NotADirectoryError):
        return Phrase("途中のフォルダ名が、フォルダではなくファイルです",
                      "a folder on the way is a file")
    if isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EPERM):
        return Phrase("開く権限がないか、ほかのプログラムが使用中です",
                      "no permission to open it, or another program is using it")
    if exc.errno == errno.EROFS:
        return Phrase("書き込みできない場所です", "the place is read-only")
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return Phrase("ディスクの空きが足りません", "the disk is full")
    if exc.errno == errno.ENAMETOOLONG:
        return Phrase("ファイル名（場所を含む）が長すぎます", "the file name or path is too long")
    return Phrase("ディスクやネットワークとの読み書きに失敗しました",
                  "reading or writing it on the disk or network failed")


def os_detail(exc: OSError) -> str:
    """The OS's account of the failure (errno name and text), for ``Issue.detail``."""
    code = errno.errorcode.get(exc.errno or 0)
    name = type(exc).__name__ + (f" {code}" if code else "")
    return f"{name}: {exc}"[:300]
