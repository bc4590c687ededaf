"""Expand the files and folders a user names into the workbooks to read.

Excel's lock files (``~$…``) are skipped silently; an .xls or .ods found in a folder is
reported (save it as .xlsx), never skipped silently (spec §3).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Final

from kpi_workbook.domain.issues import Issue, Location

WORKBOOK_SUFFIXES: Final = (".xlsx", ".xlsm")
LEGACY_SUFFIXES: Final = (".xls", ".ods", ".xlsb")


def is_lock_file(path: Path) -> bool:
    return path.name.startswith("~$")


def find_workbooks(paths: Iterable[Path]) -> tuple[list[Path], list[Issue]]:
    """Workbooks to read, in a stable order, and issues for what cannot be read.

    A file named directly is always returned (the reader says what is wrong with it);
    inside folders only .xlsx/.xlsm files are returned and legacy spreadsheets reported.
    """
    found: list[Path] = []
    issues: list[Issue] = []
    seen: set[Path] = set()

    def add(path: Path) -> None:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            found.append(path)

    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*"), key=lambda p: str(p.relative_to(path))):
                if not child.is_file() or is_lock_file(child):
                    continue
                suffix = child.suffix.lower()
                if suffix in WORKBOOK_SUFFIXES:
                    add(child)
                elif suffix in LEGACY_SUFFIXES:
                    issues.append(Issue("file-legacy-format", Location(child), {"ext": suffix}))
        elif not path.exists():
            issues.append(Issue("file-not-found", Location(path)))
        elif not is_lock_file(path):
            add(path)
    return found, issues
