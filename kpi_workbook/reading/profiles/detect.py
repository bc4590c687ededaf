"""``--profile auto``: which of the profiles a workbook is written in, by its labels.

A profile declares the labels that identify its form (``detect``); a sheet that has all of
them is in that form. When several profiles fit (a form that copies another's labels), the
one that finds more of its own labels on the sheet wins: the most specific description.
"""

from __future__ import annotations

from collections.abc import Sequence

from kpi_workbook.reading.grid import Grid
from kpi_workbook.reading.profiles import Profile, strip_numbering

_LONGEST_LABEL = 60  # a cell longer than this is text, not a label


def sheet_texts(grid: Grid) -> set[str]:
    """Every short text of a sheet, as typed and without a numbering (「①交付対象事業の
    名称」 is also 「交付対象事業の名称」)."""
    texts: set[str] = set()
    for _, _, cell in grid.iter_cells():
        if isinstance(cell.value, str) and len(cell.value) <= _LONGEST_LABEL:
            texts.add(cell.value)
            texts.add(strip_numbering(cell.value))
    return texts


def score(profile: Profile, texts: set[str]) -> int | None:
    """How many of the profile's labels the sheet has; None when one of the labels that
    identify the form is missing."""
    for wanted in profile.detect_labels:
        if not any(wanted(t) is not None for t in texts):
            return None
    labels = profile.every_label
    return sum(1 for t in texts if labels(t) is not None)


def detect_profile(sheets: Sequence[Grid], profiles: Sequence[Profile]) -> Profile | None:
    """The profile whose form the sheets are in, or None when no profile fits any sheet."""
    best: tuple[int, int] | None = None
    chosen: Profile | None = None
    for grid in sheets:
        texts = sheet_texts(grid)
        for order, profile in enumerate(profiles):
            found = score(profile, texts)
            if found is None:
                continue
            rank = (found, -order)  # equal scores: the earlier profile (the default first)
            if best is None or rank > best:
                best, chosen = rank, profile
    return chosen
