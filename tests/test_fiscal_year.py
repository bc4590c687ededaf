"""和暦・西暦 fiscal years and periods as departments write them (spec §1.1)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kpi_workbook.domain.fiscal_year import (
    default_report_year,
    format_fiscal_year,
    parse_fiscal_year,
    parse_period,
    parse_year_ordinal,
)


@pytest.mark.parametrize(("text", "year"), [
    ("令和2年度", 2020), ("令和元年度", 2019), ("令和２年度", 2020), ("平成31年度", 2019),
    ("平成30年度", 2018), ("R3", 2021), ("r3", 2021), ("Ｒ３", 2021), ("H30", 2018),
    ("R3年度", 2021), ("2021年度", 2021), ("２０２１年度", 2021), ("2021", 2021), (2021, 2021),
])
def test_parse_fiscal_year(text: object, year: int) -> None:
    assert parse_fiscal_year(text) == year


@pytest.mark.parametrize("text", ["", "令和", "平成32年度", "来年度", "R0", None, True, 12])
def test_parse_fiscal_year_rejects(text: object) -> None:
    assert parse_fiscal_year(text) is None


@pytest.mark.parametrize("sep", ["～", "〜", "~", "-", "から", "－"])
def test_parse_period_separators(sep: str) -> None:
    period = parse_period(f"令和2年度{sep}令和4年度")
    assert (period.start, period.end, len(period)) == (2020, 2022, 3)


@pytest.mark.parametrize(("text", "n"), [("初年度", 1), ("１年目", 1), ("2年目", 2),
                                         ("二年目", 2), ("3 年目", 3), ("五年目", 5)])
def test_parse_year_ordinal(text: str, n: int) -> None:
    assert parse_year_ordinal(text) == n


@given(st.integers(1989, 2100))
def test_wareki_round_trip(year: int) -> None:
    assert parse_fiscal_year(format_fiscal_year(year)) == year


def test_default_report_year_is_the_last_ended_fiscal_year() -> None:
    assert default_report_year(dt.date(2026, 11, 29)) == 2025
    assert default_report_year(dt.date(2026, 3, 31)) == 2024
    assert default_report_year(dt.date(2026, 4, 1)) == 2025
