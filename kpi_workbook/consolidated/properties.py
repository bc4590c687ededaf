"""The custom document properties of a workbook we wrote, read without opening it.

A part of a split consolidated workbook names its main workbook (``parts.py``), and a
国への報告 workbook of its own its fiscal year (``report_form.py``): both are found in
``docProps/custom.xml`` with ``zipfile``, so telling our files apart costs no openpyxl.
"""

from __future__ import annotations

import zipfile
from pathlib import Path


def custom_property(path: Path, name: str) -> str | None:
    """The text of the custom property ``name`` of the package at ``path``; None when it
    has none, or is no package (a missing file, a damaged one, any other file)."""
    try:
        with zipfile.ZipFile(path) as zf:
            if "docProps/custom.xml" not in zf.namelist():
                return None
            xml = zf.read("docProps/custom.xml").decode("utf-8")
    except (OSError, zipfile.BadZipFile, UnicodeDecodeError):
        return None
    from defusedxml import ElementTree

    try:
        root = ElementTree.fromstring(xml)
    except ElementTree.ParseError:
        return None
    for prop in root:
        if prop.get("name") == name:
            return "".join(prop.itertext()).strip() or None
    return None
