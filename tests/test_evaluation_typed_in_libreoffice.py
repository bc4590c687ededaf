"""外部評価 as a clerk types into it, in a real spreadsheet program.

The input cells carry the text format (@), so a typed 「=…」 stays text: checked in
LibreOffice Calc through its typing path (``.uno:EnterString``, what the input line does,
which honours the cell's number format; ``XCell.setFormula`` would bypass it). A
General-format cell of 集計一覧 typed the same way becomes a formula: the control.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path
from xml.sax.saxutils import escape

from kpi_workbook.consolidated.columns import evaluation as EC
from kpi_workbook.usecases.merge import MergeOptions, merge
from tests.recalc import soffice_or_skip

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "submissions"
TYPED = {"G2": "=1+1", "H2": "-特になし"}  # 外部有識者の意見, 議会の意見 of the first project
CONTROL = ("AZ1", "=1+1")  # an empty General cell of 集計一覧

_MACRO = """Sub Main
  Dim args(0) As New com.sun.star.beans.PropertyValue
  args(0).Name = "Hidden"
  args(0).Value = True
  doc = StarDesktop.loadComponentFromURL(ConvertToURL("{book}"), "_blank", 0, args())
  ctrl = doc.getCurrentController()
  disp = createUnoService("com.sun.star.frame.DispatchHelper")
  Dim a(0) As New com.sun.star.beans.PropertyValue
  a(0).Name = "StringName"
  f = FreeFile
  Open "{out}" For Output As #f
{typing}
  Close #f
{store}  doc.close(True)
End Sub
"""
_TYPE_ONE = """  sh = doc.Sheets.getByName("{sheet}")
  ctrl.setActiveSheet(sh)
  c = sh.getCellRangeByName("{cell}")
  ctrl.select(c)
  a(0).Value = "{text}"
  disp.executeDispatch(ctrl.getFrame(), ".uno:EnterString", "", 0, a())
  Print #f, "{cell}" & Chr(9) & c.getType() & Chr(9) & c.getString()
"""


def type_in_calc(book: Path, typing: list[tuple[str, str, str]],
                 tmp: Path, *, save: bool = False) -> dict[str, tuple[int, str]]:
    """Type each (sheet, cell, text) into ``book`` in LibreOffice; the cell's content type
    (com.sun.star.table.CellContentType: 2 TEXT, 3 FORMULA) and shown text after. With
    ``save`` the book is saved in place, in its own format (what 上書き保存 does)."""
    exe = soffice_or_skip()
    profile = tmp / "profile"
    env = {**os.environ, "HOME": str(profile)}
    base = [exe, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
            "--nolockcheck"]
    subprocess.run([*base, "--terminate_after_init"], check=True, env=env,
                   capture_output=True, timeout=120)
    out = tmp / "typed.txt"
    body = "".join(_TYPE_ONE.format(sheet=s, cell=c, text=t.replace('"', '""'))
                   for s, c, t in typing)
    macro = _MACRO.format(book=book, out=out, typing=body,
                          store="  doc.store()\n" if save else "")
    (profile / "user" / "basic" / "Standard" / "Module1.xba").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN"'
        ' "module.dtd">\n<script:module xmlns:script="http://openoffice.org/2000/script"'
        ' script:name="Module1" script:language="StarBasic">'
        f"{escape(macro)}</script:module>\n", encoding="utf-8")
    subprocess.run([*base, "macro:///Standard.Module1.Main"], check=True, env=env,
                   capture_output=True, timeout=180)
    found = {}
    for line in out.read_text(encoding="utf-8").splitlines():
        cell, kind, shown = line.split("\t")
        found[cell] = (int(kind), shown)
    return found


def test_typed_formula_looking_text_stays_text_in_libreoffice(tmp_path: Path) -> None:
    book = tmp_path / "book.xlsx"
    merge([EXAMPLES], book, options=MergeOptions(report_year=2022,
                                                 created=dt.datetime(2023, 5, 1)))
    typing = [(EC.SHEET_NAME, cell, text) for cell, text in TYPED.items()]
    typing.append(("集計一覧", *CONTROL))
    found = type_in_calc(book, typing, tmp_path)
    text, formula = 2, 3
    assert found[CONTROL[0]] == (formula, "2")  # General: typing =1+1 makes a formula
    assert found == {"G2": (text, "=1+1"), "H2": (text, "-特になし"),
                     CONTROL[0]: (formula, "2")}
