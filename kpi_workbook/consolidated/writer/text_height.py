"""How tall a row must be for its wrapped text: Excel and LibreOffice do not grow a row
by themselves when a program writes it (its text is cut at the cell's bottom, on screen
and in print), so the writer sets the height from a rough count of lines."""

from __future__ import annotations

from typing import Final

CHARS_PER_LINE: Final = 1.1  # rough CJK characters per unit of column width
MIN_HEIGHT: Final = 15.0  # points: one line of the 10 pt default font
LINE_HEIGHT: Final = 14.0


def text_height(text: str | None, width: float) -> float:
    """Points for ``text`` wrapped in a column ``width`` characters wide (one line: 18)."""
    per_line = max(int(width * CHARS_PER_LINE / 2), 10)  # CJK characters are double width
    parts = text.splitlines() if text else []
    if not text or len(text) <= per_line:  # each line fits: as many lines as there are
        lines = len(parts) or 1
    else:
        lines = sum(max(1, -(-len(part) // per_line)) for part in parts) or 1
    return max(MIN_HEIGHT, LINE_HEIGHT * lines + 4)


def row_height(*cells: tuple[str | None, float]) -> float | None:
    """The height a row of wrapped ``(text, width)`` cells needs (the tallest cell's);
    None for a row without cells, which keeps the default height."""
    height = MIN_HEIGHT
    for text, width in cells:  # a loop, not max() of a generator: once per row written
        cell = text_height(text, width)
        if cell > height:
            height = cell
    return height if height > MIN_HEIGHT else None
