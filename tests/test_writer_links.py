"""検証結果 past Excel's 65,530 hyperlinks per sheet (issue 14, point 2).

xlsxwriter refuses a link past the limit and drops the whole cell with it, text and all,
with a warning on stderr: at about 2,600 submissions 6,126 移動先 cells came out empty.
Now the text stays, only the link is left out, and one note says so.
"""

from __future__ import annotations

import re
import warnings
import zipfile

from kpi_workbook.consolidated.writer.cells import LinkBudget
from kpi_workbook.domain.issues import Issue, Location
from tests.test_writer import seed_submissions, write

EXTRA = 25


def _cells(xml: str, column: str) -> dict[int, str]:
    """Row number → text of the inline-string cells of ``column``."""
    return {int(m.group(1)): m.group(2) for m in re.finditer(
        rf'<c r="{column}(\d+)"[^>]*t="inlineStr"><is><t[^>]*>([^<]*)</t>', xml)}


def test_links_past_the_limit_keep_their_text(tmp_path, capfd):
    subs = seed_submissions(tmp_path)
    sheet = subs[0].projects[0].sheet
    count = LinkBudget.LIMIT + EXTRA  # each links to the row that shows its year
    issues = [Issue("html-stripped", Location(subs[0].path, sheet, f"A{11 + n % 3}"),
                    {"cell": f"A{11 + n % 3}"}) for n in range(count)]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # any warning fails the test
        out = write(tmp_path, subs, issues)
    assert capfd.readouterr().err == ""
    with zipfile.ZipFile(out) as zf:
        names = zf.read("xl/workbook.xml").decode()
        index = re.findall(r'<sheet name="([^"]+)"', names).index("検証結果") + 1
        xml = zf.read(f"xl/worksheets/sheet{index}.xml").decode()
    assert xml.count("<hyperlink ") == LinkBudget.LIMIT
    places = _cells(xml, "G")
    assert places.pop(1) == "移動先"
    # the note first, then every issue: none has an empty 移動先
    codes = _cells(xml, "B")
    assert codes[2] == "output-links-limited"
    assert f"{EXTRA} 件" in _cells(xml, "F")[2]
    assert sorted(places) == list(range(3, count + 3))
    assert all(re.fullmatch(r"\S+ \d+行", text) for text in places.values())  # 集計一覧 12行
    linked = {int(m.group(1)) for m in re.finditer(r'<hyperlink ref="G(\d+)"', xml)}
    assert linked == set(range(3, LinkBudget.LIMIT + 3))  # the first ones keep their link


def test_links_within_the_limit_need_no_note(tmp_path):
    subs = seed_submissions(tmp_path)
    issues = [Issue("html-stripped", Location(subs[0].path, subs[0].projects[0].sheet, "A11"),
                    {"cell": "A11"})]
    out = write(tmp_path, subs, issues)
    with zipfile.ZipFile(out) as zf:
        text = "".join(zf.read(n).decode() for n in zf.namelist() if "worksheets/sheet" in n)
    assert "output-links-limited" not in text
