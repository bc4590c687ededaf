"""What an issue is made of: how serious it is, where it is, and phrases said in both
languages. Apart from ``issues.py`` so that the message catalogue can use them while an
issue renders its message from the catalogue (no import cycle)."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from pathlib import Path


class Severity(str, enum.Enum):
    """How much a person must care; the order is the order of the report."""

    ERROR = "error"  # the value or file cannot be trusted; exit status 1
    WARNING = "warning"  # read, but a person should look
    INFO = "info"  # a normalisation a person should know about

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}

_CELL_RE = re.compile(r"^([A-Z]+)(\d+)$")


def split_cell(cell: str | None) -> tuple[int, int]:
    """Return (row, column) of an A1 address, (0, 0) for None, so issues sort by position."""
    if not cell:
        return (0, 0)
    m = _CELL_RE.match(cell)
    if not m:
        return (0, 0)
    col = 0
    for ch in m.group(1):
        col = col * 26 + ord(ch) - 64
    return (int(m.group(2)), col)


def cell_name(row: int, col: int) -> str:
    """A1 address of a 1-based (row, column)."""
    letters = ""
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{row}"


@dataclass(frozen=True, slots=True)
class Location:
    """Where an issue or a value is: file, and when it applies, sheet and cell."""

    file: Path
    sheet: str | None = None
    cell: str | None = None

    def sort_key(self) -> tuple[str, str, int, int]:
        row, col = split_cell(self.cell)
        return (str(self.file), self.sheet or "", row, col)

    def describe(self) -> str:
        """``file!sheet!C15`` style reference for 出典 columns and messages."""
        parts = [self.file.name]
        if self.sheet:
            parts.append(self.sheet)
        if self.cell:
            parts.append(self.cell)
        return "!".join(parts)


@dataclass(frozen=True, slots=True)
class Phrase:
    """A parameter said in both languages (a reason, a hint), chosen when rendered.

    Messages are read by clerks: a reason is a sentence of ours, never an exception's text
    (that goes to :attr:`Issue.detail`).
    """

    ja: str
    en: str

    def __str__(self) -> str:
        return self.ja
