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

from kpi_workbook.domain.errors import OutputError, os_detail, os_reason
from kpi_workbook.domain.issues import Issue, Location
from kpi_workbook.output.folders import ensure_folder_of

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


class PartFiles:
    """Temporary files for the workbooks that go beside OUT (a split consolidated
    workbook's parts): :meth:`path` gives one per file name."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.temporary: dict[str, Path] = {}

    def path(self, name: str) -> Path:
        """A temporary file in OUT's folder that becomes ``name`` on success."""
        target = self.folder / name
        try:
            fd, tmp = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=TEMP_SUFFIX,
                                       dir=self.folder)
        except OSError as exc:
            raise _output_error(target, exc) from exc
        os.close(fd)
        self.temporary[name] = Path(tmp)
        return Path(tmp)


@contextlib.contextmanager
def atomic_parts(folder: Path) -> Iterator[PartFiles]:
    """Like :func:`atomic_write`, for any number of files in ``folder``: each is written
    to a temporary file, and all are renamed into place when the block succeeds (with
    OUT's ``atomic_write`` nested inside, after OUT is: a locked OUT leaves every part
    as it was); on an exception none is, and every temporary file is removed."""
    files = PartFiles(Path(folder) if str(folder) else Path("."))
    try:
        yield files
        for name, tmp in files.temporary.items():
            target = files.folder / name
            _copy_mode(target, tmp)
            try:
                os.replace(tmp, target)
            except OSError as exc:
                raise _output_error(target, exc) from exc
    finally:
        for tmp in files.temporary.values():
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
    # the OS's own text is English whatever the clerk reads: words, the OS's in detail
    return OutputError(Issue("output-unwritable", Location(path),
                             {"reason": os_reason(exc)}, detail=os_detail(exc)))


def _copy_mode(path: Path, tmp: Path) -> None:
    # mkstemp creates 0600; keep the old file's permissions, or the usual 0644 for a new one.
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except OSError:
        mode = 0o644
    with contextlib.suppress(OSError):
        os.chmod(tmp, mode)
