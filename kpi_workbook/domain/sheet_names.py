"""Names of sheets: Excel's rules for them, and the circled numbers projects go by.

Both the consolidated workbook's project sheets and next year's pre-filled workbooks name a
sheet ``①道路案内標識…`` and keep names unique and valid.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

MAX_SHEET_NAME: Final = 31  # Excel's limit
_FORBIDDEN_RE = re.compile(r"[\[\]:*?/\\]")
_CIRCLED: Final = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def circled(number: int | None) -> str:
    """``①`` for 1 … ``⑳`` for 20 (as the seed numbers projects), ``No.21`` beyond, '' for None."""
    if number is None:
        return ""
    if 1 <= number <= len(_CIRCLED):
        return _CIRCLED[number - 1]
    return f"No.{number}"


class SheetNames:
    """Unique, valid sheet names (Excel compares them case-insensitively)."""

    def __init__(self, reserved: Iterable[str] = ()) -> None:
        self._used = {n.casefold() for n in reserved}

    def claim(self, wanted: str) -> str:
        """``wanted`` made valid and unique. An apostrophe becomes ’: Excel's way to write
        it in a reference (``'Bob''s'!A1``) is one that Gnumeric 1.12 cannot read, and
        with it the print titles and chart series of that sheet."""
        base = _FORBIDDEN_RE.sub("_", wanted).replace("'", "’") or "Sheet"
        base = base[:MAX_SHEET_NAME]
        name, n = base, 1
        while name.casefold() in self._used:
            n += 1
            suffix = f"({n})"
            name = base[:MAX_SHEET_NAME - len(suffix)] + suffix
        self._used.add(name.casefold())
        return name
