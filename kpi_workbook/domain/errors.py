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

from kpi_workbook.domain.issues import Issue


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


def os_reason_code(exc: OSError) -> str:
    """A short, language-free name for why the OS refused (``ENOSPC``), for messages that
    must not carry the OS's English text."""
    return errno.errorcode.get(exc.errno or 0, type(exc).__name__)
