"""Where the project sheets of a consolidated workbook are: in it, or in its parts.

Above :data:`MAX_PROJECT_SHEETS` project sheets a
workbook no longer opens in reasonable time (LibreOffice: about 20 s for 250 sheets, 43 s
for 500 on a shared 2-core machine), so merge writes the project sheets to part workbooks
next to OUT, one per 担当課 (or ``--split-by`` key), and OUT keeps every flat sheet whole
(集計一覧, 検証結果, 提出状況, 外部評価, 前回との差異, 事業データ, 事業内容). The shape:

- a part is ``<OUT stem>_事業シート_NN_<key>.xlsx`` in OUT's folder; its first sheet is
  ``事業シート目次`` and its custom document property ``集計ブック`` is OUT's file name;
- OUT's 事業データ has, per project, the columns ``シート`` (the sheet name) and
  ``ファイル`` (the part's file name; empty when the sheet is in OUT itself): declared in
  ``columns/data.py`` with the sheet's other columns.

A reader of the flat sheets reads OUT as always (``opening.py``); :func:`main_of_part`
tells a part from OUT. Nothing here imports xlsxwriter or openpyxl.
"""

from __future__ import annotations

import re
from enum import Enum
from pathlib import Path
from typing import Final

from kpi_workbook.consolidated.properties import custom_property

MAX_PROJECT_SHEETS: Final = 200
"""Project sheets in one workbook; more are written to part workbooks of at most as many
(``consolidated/writer/split.py``: the measurements behind the figure)."""
PART_PROPERTY: Final = "集計ブック"
"""Custom document property of a part: the file name of its consolidated workbook."""
PART_INFIX: Final = "_事業シート_"
_UNSAFE_RE: Final = re.compile(r'[\x00-\x1f<>:"/\\|?*\s]+')
MAX_KEY_CHARS: Final = 40


def part_file_name(main: Path | str, number: int, key: str) -> str:
    """``集計ブック_事業シート_03_観光振興課.xlsx``: the ``number``-th part of ``main``, its
    key made safe for a Windows file name."""
    safe = _UNSAFE_RE.sub("_", key).strip("._ ")[:MAX_KEY_CHARS] or "未設定"
    return f"{Path(main).stem}{PART_INFIX}{number:02d}_{safe}.xlsx"


def part_candidates(main: Path) -> list[Path]:
    """Files next to ``main`` named like its parts (they may be left from an earlier run:
    check them with :func:`main_of_part`)."""
    main = Path(main)
    return sorted(main.parent.glob(f"{glob_escape(main.stem)}{PART_INFIX}*.xlsx"))


def glob_escape(text: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", text)


def main_of_part(path: Path) -> str | None:
    """For a part workbook, the file name of its consolidated workbook; None for any
    other file (a consolidated workbook, a submission, a file that is no package)."""
    return custom_property(path, PART_PROPERTY)


class SplitBy(Enum):
    """What groups the project sheets into part workbooks (``--split-by``)."""

    DEPARTMENT = "department"
    SCOPE = "scope"
