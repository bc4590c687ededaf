"""Nothing is lost: every value of every input reaches the output or the issue list."""

from __future__ import annotations

import tempfile
from pathlib import Path

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kpi_workbook.domain.model import ValueStatus
from kpi_workbook.usecases import read_submission
from kpi_workbook.usecases.merge import MergeOptions, merge
from tests.test_reader import HEADER, TABLE, make_book

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
@given(st.lists(TYPED, min_size=12, max_size=12))
def test_every_value_reaches_the_output_or_the_issue_list(values: list[object]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        years = [[label, "x", *values[i * 4:(i + 1) * 4]]
                 for i, label in enumerate(["初年度", "2年目", "3年目"])]
        src = make_book(tmp_path / "課.xlsx", {"s": [*HEADER, [], *TABLE[:5], *years]})
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
        issue_cells = {(r[3], r[4]) for r in wb["検証結果"].iter_rows(min_row=2, values_only=True)}
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
