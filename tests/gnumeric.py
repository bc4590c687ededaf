"""Gnumeric's ``ssconvert`` as the second spreadsheet program that reads what we write.

Gnumeric parses every reference of the package itself (LibreOffice repairs some quietly):
an expression it cannot read becomes ``error("…")`` in its own file format and a line
"Invalid expression" on stderr. Its native format (gzip-compressed XML) shows what it
kept: names, print titles, chart series. ``--recalc`` makes it evaluate every formula
(it otherwise keeps the cached values, as LibreOffice does).
"""

from __future__ import annotations

import gzip
import os
import shutil
import subprocess
from pathlib import Path
from xml.etree import ElementTree

import pytest

from tests.required import require

GNM = "{http://www.gnumeric.org/v10.dtd}"
#: What ssconvert 1.12 says about an Excel table (it has none): not a fault of the file.
#: And print titles of both rows and columns (集計一覧: its header row and key columns), which
#: Excel writes as ``'S'!$A:$F,'S'!$1:$1`` and Gnumeric cannot take ("Multiple expressions
#: are not supported"): it prints 集計一覧 without them, everything else is read.
KNOWN_NOISE = (
    "Unexpected element 'tableParts' in state : \n\tworksheet",
    "At A1: ''集計一覧'!$A:$F,'集計一覧'!$1:$1' Multiple expressions are not supported in "
    "this context",
)


def ssconvert_or_skip() -> str:
    """The ssconvert executable; a skip without it, but a failure under CI=true."""
    exe = shutil.which("ssconvert")
    require(exe is not None, "Gnumeric (ssconvert)")
    return exe


def ssconvert(book: Path, out: Path, *, recalc: bool = False) -> str:
    """Convert ``book`` to ``out`` (the format follows the suffix); return what ssconvert
    said on stderr, without the known noise. Fails when nothing was written."""
    exe = ssconvert_or_skip()
    env = {**os.environ, "HOME": str(out.parent)}  # no user settings of the machine
    done = subprocess.run([exe, *(["--recalc"] if recalc else []), str(book), str(out)],
                          env=env, capture_output=True, text=True, timeout=300)
    if done.returncode != 0 or not out.exists():
        pytest.fail(f"ssconvert failed on {book.name}: {done.stderr}")
    said = done.stderr
    for noise in KNOWN_NOISE:
        said = said.replace(noise, "")
    return said.strip()


def read_gnumeric(path: Path) -> ElementTree.Element:
    """The root of a ``.gnumeric`` file."""
    with gzip.open(path) as fh:
        return ElementTree.parse(fh).getroot()
