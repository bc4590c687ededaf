"""Labels compare after NFKC and without white space (spec §1)."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from kpi_workbook.domain import labels as L
from kpi_workbook.reading.profiles.loading import default_profile

#: The official layout's labels, as the reader finds them (its profile: official.toml).
canonical_label = default_profile().layout_labels


def test_label_variants() -> None:
    assert canonical_label("事 業 名") == L.PROJECT_NAME
    assert canonical_label("事業名 ") == L.PROJECT_NAME
    assert canonical_label("事業名：") == L.PROJECT_NAME
    assert canonical_label("重要業績評価指標（ＫＰＩ）") == L.KPI_HEADER
    assert canonical_label("KPI") == L.KPI_HEADER
    assert canonical_label("事業名称を書く") is None
    assert canonical_label(12) is None


ALL = [L.PROJECT_NUMBER, L.PROJECT_NAME, L.SCOPE, L.PERIOD, L.DEPARTMENT, L.PURPOSE,
       L.TABLE_START, L.TARGET, L.ACTUAL, L.UNIT, L.DIRECTION]


@given(st.sampled_from(ALL), st.lists(st.sampled_from([" ", "\u3000", "\t"]), max_size=4),
       st.data())
def test_spaces_and_full_width_never_change_a_label(label: str, spaces: list[str],
                                                    data: st.DataObject) -> None:
    chars = list(label)
    for space in spaces:
        chars.insert(data.draw(st.integers(0, len(chars))), space)
    wide = "".join(chars).translate({i: i + 0xFEE0 for i in range(0x21, 0x7F)})
    assert canonical_label("".join(chars)) == label
    assert canonical_label(wide) == label
    assert unicodedata.normalize("NFKC", wide).replace(" ", "") != ""
