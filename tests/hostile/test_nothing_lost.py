"""Nothing is lost: every value of every input reaches the output or the issue list."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

import openpyxl
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kpi_workbook.domain.model import ValueStatus
from kpi_workbook.usecases import read_submission
from kpi_workbook.usecases.merge import MergeOptions, merge
from tests.test_reader import HEADER, TABLE, make_book
from tests.test_reading_program_quirks import (
    DATE,
    ELAPSED,
    TIME,
    as_mac_excel_1904,
    set_cell,
    with_time_styles,
)


@dataclass(frozen=True)
class Raw:
    """A value cell as another program writes it, put into the package XML (issue 23 and
    issue 22's carriage returns; tests/test_reading_program_quirks.py names the programs)."""

    xml: str
    """The cell element, ``{ref}`` for its address."""
    shown: str | None = None
    """The date or time the issue names, as Excel shows it."""
    shown_1904: str | None = None
    """The same in a workbook of the 1904 date system, where it differs."""


RAWS = [
    Raw(f'<c r="{{ref}}" s="{ELAPSED}" t="d"><v>PT1416H0M0.000S</v></c>', "1416:00"),
    Raw(f'<c r="{{ref}}" s="{TIME}" t="d"><v>14:01:59.999</v></c>', "14:02"),
    Raw(f'<c r="{{ref}}" s="{DATE}"><v>43921</v></c>', "2020/03/31", "2024/04/01"),
    Raw(f'<c r="{{ref}}" s="{DATE}" t="d"><v>2020-03-31</v></c>', "2020/03/31"),
    Raw('<c r="{ref}" t="s"><v/></c>'),
    Raw('<c r="{ref}" t="inlineStr"><is><t>集計中&#13;&#10;（3月末）</t></is></c>'),
    Raw('<c r="{ref}" t="inlineStr"><is><t>約100_x000D_\n人</t></is></c>'),
]
RAW = st.sampled_from(RAWS)

TYPED = st.one_of(
    st.none(),
    st.integers(-10**7, 10**9),
    st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False),
    st.integers(0, 10**7).map(lambda n: f"{n:,}人"),
    st.integers(0, 10**7).map(lambda n: f"▲{n:,}"),
    st.integers(0, 10**4).map(lambda n: f"{n}円"),
    st.sampled_from(["-", "－", "―", "集計中", "約100", "#DIV/0!", "12.5%", "見込み", "=1+1",
                     "1.2万人", "12名", "3千人", "100人程度", "2億円"]),  # issue 13's clerk cases
    st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=12),
)


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(st.one_of(TYPED, RAW), min_size=12, max_size=12), st.booleans())
@example(values=[*RAWS, 1, "－", None, "集計中", 12.5], mac_1904=True)  # every raw form, each run
@example(values=[*RAWS, 1, "－", None, "集計中", 12.5], mac_1904=False)
def test_every_value_reaches_the_output_or_the_issue_list(values: list[object],
                                                          mac_1904: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        typed = [0 if isinstance(v, Raw) else v for v in values]  # 0: replaced below
        years = [[label, "x", *typed[i * 4:(i + 1) * 4]]
                 for i, label in enumerate(["初年度", "2年目", "3年目"])]
        src = with_time_styles(make_book(tmp_path / "課.xlsx",
                                         {"s": [*HEADER, [], *TABLE[:5], *years]}))
        raws = {f"{'CDEF'[i % 4]}{13 + i // 4}": v for i, v in enumerate(values)
                if isinstance(v, Raw)}
        for ref, raw in raws.items():
            set_cell(src, ref, raw.xml.format(ref=ref))
        if mac_1904:
            as_mac_excel_1904(src)
        sub = read_submission(src, report_year=2022)
        out = tmp_path / "集計.xlsx"
        result = merge([src], out, options=MergeOptions(report_year=2022))
        assert result.written
        wb = openpyxl.load_workbook(out)
        summary = wb["集計一覧"]
        header = [c.value for c in summary[1]]
        t_col, a_col, src_col = (header.index(h) for h in ("目標値", "実績値", "出典"))
        by_cell: dict[str, object] = {}
        for row in summary.iter_rows(min_row=2, values_only=True):
            if row[src_col] is None:
                continue
            target_cell, actual_cell = str(row[src_col]).rsplit("!", 1)[1].split(",")
            by_cell[target_cell] = row[t_col]
            by_cell[actual_cell] = row[a_col]
        issue_rows = list(wb["検証結果"].iter_rows(min_row=2, values_only=True))
        issue_cells = {(r[3], r[4]) for r in issue_rows}
        assert not [r for r in issue_rows if str(r[1]).endswith("-unreadable")]
        project = sub.projects[0]
        for year in project.years:
            for obs in year.observations:
                for value in (obs.target, obs.actual):
                    cell = value.where.cell
                    shown = by_cell.get(cell)
                    if value.status is ValueStatus.NUMBER:
                        assert shown == value.number or abs(float(shown) - value.number) < 1e-9
                    elif value.status is ValueStatus.MISSING:
                        assert shown in (None, "")
                    else:
                        # a dash or unreadable entry is shown as typed ('' for a formula
                        # without a cached value, which 検証結果 names with its formula)
                        assert (shown or "") == value.raw_text, (cell, shown, value.raw)
                    if value.status is ValueStatus.INVALID:
                        assert ("s", cell) in issue_cells
                    assert "\r" not in value.raw_text
                    raw = raws.get(cell)
                    if raw is not None and raw.shown is not None:
                        shown_as = (raw.shown_1904 if mac_1904 and raw.shown_1904
                                    else raw.shown)
                        assert [r[1] for r in issue_rows if r[4] == cell
                                and f"（{shown_as}）" in str(r[5])] == ["value-date"], cell
                    elif raw is not None and "<v/>" in raw.xml:
                        assert value.status is ValueStatus.MISSING
