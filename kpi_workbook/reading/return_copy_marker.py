"""How a return copy we wrote is told apart from a submission, wherever it lies.

``departments/return_copy.py`` stamps each copy with a custom document property,
:data:`PROPERTY`, whose value is a digest of every other part of the package as written
(names, CRC-32s and sizes, which the zip directory holds, so checking costs nothing more
than the small ``docProps/custom.xml``) and the name of the file it copies.

- The copy as we wrote it (moved, renamed, put beside the submissions): the digest
  matches, and it is not read as a submission (``return-copy-skipped``): the next check of
  that folder does not count the department twice, and no copy of a copy is made.
- The copy after the department corrected and saved it: Excel and LibreOffice rewrite the
  parts, the digest no longer matches, and it is read as the resubmission it is (its
  指摘事項 sheet is skipped as before). Nothing a department sends back is lost.

The file name (``…_差し戻し.xlsx``) is not the test: a department may rename the file,
and a clerk may name an ordinary file so.
"""

from __future__ import annotations

import hashlib
import zipfile
from typing import Final

from defusedxml import ElementTree as SafeET

PROPERTY: Final = "kpi-workbook-return-copy"
CUSTOM_PART: Final = "docProps/custom.xml"
PLACEHOLDER: Final = "0" * 64
"""What the property holds before the digest is known (as long as the digest)."""
SEPARATOR: Final = "|"


def package_digest(zf: zipfile.ZipFile) -> str:
    """The digest of every part but the custom properties: what any save by another
    program changes."""
    digest = hashlib.sha256()
    for info in sorted(zf.infolist(), key=lambda i: i.filename):
        if info.filename != CUSTOM_PART:
            digest.update(f"{info.filename}:{info.CRC:08x}:{info.file_size}\n".encode())
    return digest.hexdigest()


def marker_value(digest: str, source_name: str) -> str:
    return f"{digest}{SEPARATOR}{source_name}"


def unchanged_return_copy(zf: zipfile.ZipFile, names: set[str]) -> str | None:
    """The name of the file this package is an unchanged return copy of, or None."""
    if CUSTOM_PART not in names:
        return None
    value = _property(zf.read(CUSTOM_PART), PROPERTY)
    if value is None:
        return None
    digest, _, source = value.partition(SEPARATOR)
    return source if digest == package_digest(zf) else None


def _property(xml: bytes, name: str) -> str | None:
    try:
        root = SafeET.fromstring(xml)
    except Exception:  # a broken custom.xml is no marker; the rest is read as usual
        return None
    for prop in root:
        if prop.get("name") == name:
            return "".join(prop.itertext())
    return None
