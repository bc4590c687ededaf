"""Where the window proposes to write: never among the submissions it reads.

A consolidated workbook saved in the submissions folder is read again by the next check
of that folder (as ``consolidated-skipped``), sits among the departments' files on the
share, and is the first thing a clerk deletes by mistake when tidying them.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path


def input_folders(inputs: Sequence[Path]) -> list[Path]:
    """The folders being read: each folder named, and the folder of each file named."""
    folders = []
    for given in inputs:
        path = Path(given).resolve()
        folders.append(path if path.is_dir() else path.parent)
    return folders


def outside_inputs(folder: Path, inputs: Sequence[Path]) -> Path:
    """``folder``, or the nearest folder above it that is no folder being read and lies
    in none (so a folder of submissions proposes the folder that holds it).

    Args:
        folder: where the window would start (the last output folder, or the folder the
            submissions were added from).
        inputs: the files and folders named as input.
    """
    read = input_folders(inputs)
    candidate = Path(folder).resolve()
    while any(candidate == f or candidate.is_relative_to(f) for f in read):
        if candidate.parent == candidate:  # the root itself is read: nowhere is outside
            break
        candidate = candidate.parent
    return candidate
