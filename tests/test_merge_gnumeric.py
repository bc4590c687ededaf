"""The merged examples recalculated by Gnumeric, the second engine (issue 14, point 5).

``ssconvert --recalc`` evaluates every formula itself. To show that it does (and does not
just keep the values cached in the file), every cached value of 達成率, 判定 and 判定根拠 in
集計一覧 is first replaced by a wrong one; the recalculated workbook must still give the
seed's results, and no cell anywhere an error value.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from kpi_workbook.domain.attainment import GradeScheme, Grading
from kpi_workbook.usecases.merge import merge
from tests.gnumeric import ssconvert
from tests.recalc import error_cells
from tests.test_merge import FAULTY, OPTIONS, SUBMISSIONS, assert_seed_examples

# Gnumeric's xlsx has no default cell style, which openpyxl mentions when it reads one.
pytestmark = pytest.mark.filterwarnings("ignore:Workbook contains no default style")


def _with_wrong_cached_values(book: Path, out: Path) -> Path:
    """``book`` with the cached value of every formula cell of 集計一覧 (sheet1) wrong."""
    with zipfile.ZipFile(book) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in src.namelist():
            data = src.read(name)
            if name == "xl/worksheets/sheet1.xml":
                xml, count = re.subn(r'(<c r="[A-Z]+\d+"[^>]*?)(?: t="\w+")?>(<f>[^<]*</f>)'
                                     r"<v>[^<]*</v></c>",
                                     r'\1 t="str">\2<v>間違い</v></c>', data.decode("utf-8"))
                assert count >= 3 * 27  # 達成率, 判定, 判定根拠 of every row
                data = xml.encode("utf-8")
            dst.writestr(name, data)
    return out


@pytest.mark.parametrize(("inputs", "grading"), [
    ([SUBMISSIONS], Grading()),
    ([SUBMISSIONS, FAULTY], Grading(GradeScheme.LETTERS)),
], ids=["examples", "with-faults-and-grades"])
def test_merge_recalculated_by_gnumeric(tmp_path, inputs, grading):
    book = tmp_path / "merged.xlsx"
    merge(inputs, book, options=OPTIONS.__class__(report_year=2022, grading=grading))
    wrong = _with_wrong_cached_values(book, tmp_path / "wrong.xlsx")
    with pytest.raises(AssertionError):
        assert_seed_examples(wrong)  # the values read now are wrong …
    recalculated = tmp_path / "recalculated.xlsx"
    assert ssconvert(wrong, recalculated, recalc=True) == ""
    assert_seed_examples(recalculated)  # … until Gnumeric computes them
    assert error_cells(recalculated) == []
