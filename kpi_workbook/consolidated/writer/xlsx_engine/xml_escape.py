"""Text in the package's XML, escaped by xlsxwriter's rules (``XMLwriter``).

The cell writer (``book.py``) and the chart template (``chart.py``) write XML without
xlsxwriter's element helpers, and must give its bytes; one copy of its rules serves both.
Each function first checks whether there is anything to change, since most text has
nothing (a number, a plain label).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Final

from xlsxwriter.xmlwriter import XMLwriter

# What XMLwriter._escape_control_characters changes: an _xHHHH_ escape, a control
# character, or one of the two non-characters.
_CONTROLS_RE: Final = re.compile("_x[0-9a-fA-F]{4}_|[\x00-\x08\x0b-\x1f\ufffe\uffff]")

# unannotated in xlsxwriter 3.3 (a staticmethod): typed as used
_escape_control_characters: Final[Callable[[str], str]] = XMLwriter._escape_control_characters


def escape_data(text: str) -> str:
    """``XMLwriter._escape_data``: only &, < and > (quotes and line breaks stay)."""
    if "&" in text or "<" in text or ">" in text:
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text


def escape_controls(text: str) -> str:
    """``XMLwriter._escape_control_characters``: control characters as ``_xHHHH_``."""
    if _CONTROLS_RE.search(text):
        return _escape_control_characters(text)
    return text


def escape_element(text: str) -> str:
    """Text as ``XMLwriter._xml_data_element`` writes it: both of the above."""
    return escape_controls(escape_data(text))


def escape_attribute(value: str) -> str:
    """An attribute value, as ``XMLwriter._escape_attributes`` writes it."""
    return (value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
            .replace(">", "&gt;").replace("\n", "&#xA;"))
