"""Output folders: created when missing, and a failure said in the clerk's words.

Every command that writes creates the folder it writes into (``merge -o 2025/集計.xlsx``,
``check --annotate 差し戻し``, ``template --from … -o 次年度``). When the folder cannot be
made, the issue names it and says what to check, instead of an operating system's English
text such as "No such file or directory".
"""

from __future__ import annotations

from pathlib import Path

from kpi_workbook.domain.errors import OutputError
from kpi_workbook.domain.issues import Issue, Location


def ensure_folder_of(path: Path) -> Path:
    """Create the folder ``path`` is to be written into (and its parents) unless it exists.

    Raises:
        OutputError: ``output-folder-uncreatable``, naming the folder and the file: a file
            is in the way, the drive is not there, or creating folders there is not allowed.
    """
    folder = path.parent if str(path.parent) else Path(".")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(Issue("output-folder-uncreatable", Location(path),
                                {"folder": str(folder)})) from exc
    return folder
