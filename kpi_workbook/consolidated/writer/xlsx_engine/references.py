"""Sheet names in references, always quoted.

Excel and LibreOffice accept ``'name'!A1`` for every sheet name, but xlsxwriter's
``quote_sheetname`` leaves a name unquoted when it looks like a plain word, and it counts
a circled number (``①``, Unicode "other number") as part of a word: print titles and
chart ranges came out as ``①小野田ガラスのブランド化推進事業!$6:$8``, which Gnumeric
rejects ("Invalid expression"), dropping the print titles and every chart series of that
sheet. Quoting every name costs two characters and leaves no program in doubt
(issue 14).
"""

from __future__ import annotations


def quote_sheet(name: str) -> str:
    """A sheet name as it appears in a reference: quoted, inner quotes doubled."""
    return "'" + name.replace("'", "''") + "'"

