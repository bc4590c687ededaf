"""Write the output all at once or not at all (spec §3: a failure leaves any previous OUT).

The new file is written to a temporary file in the target folder (same file system, so the
final ``os.replace`` is atomic) and only then renamed over OUT. On Windows, replacing a
file that Excel holds open raises PermissionError: that becomes an :class:`OutputError`
with a message a clerk understands, and the old file stays as it was. The folder is
created when it does not exist (``folders.py``).
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

from kpi_workbook.domain.errors import OutputError
from kpi_workbook.domain.issues import Issue, Location
from kpi_workbook.output.folders import ensure_folder_of, os_reason_code

TEMP_SUFFIX = ".tmp"  # not .xlsx: a leftover is never picked up as a submission


@contextlib.contextmanager
def atomic_write(path: Path) -> Iterator[Path]:
    """Yield a temporary path to write; on success it replaces ``path`` atomically.

    On any exception inside the block the temporary file is removed and ``path`` is left
    untouched; the exception propagates (OSErrors of our own making become OutputError).
    """
    path = Path(path)
    folder = ensure_folder_of(path)
    try:
        fd, name = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=TEMP_SUFFIX, dir=folder)
    except OSError as exc:
        raise _output_error(path, exc) from exc
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        _copy_mode(path, tmp)
        try:
            os.replace(tmp, path)
        except OSError as exc:
            raise _output_error(path, exc) from exc
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def _output_error(path: Path, exc: OSError) -> OutputError:
    if isinstance(exc, PermissionError) and path.exists():
        # Excel on Windows locks the files it has open: the usual reason by far.
        return OutputError(Issue("output-locked", Location(path)))
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return OutputError(Issue("output-no-permission", Location(path),
                                 {"folder": str(path.parent)}))
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return OutputError(Issue("output-disk-full", Location(path)))
    # the OS's own text is English whatever the clerk reads: give its short name only
    return OutputError(Issue("output-unwritable", Location(path),
                             {"reason": os_reason_code(exc)}))


def _copy_mode(path: Path, tmp: Path) -> None:
    # mkstemp creates 0600; keep the old file's permissions, or the usual 0644 for a new one.
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except OSError:
        mode = 0o644
    with contextlib.suppress(OSError):
        os.chmod(tmp, mode)
