"""Spec §1.3, row by row: how a typed 目標値/実績値 cell is read."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kpi_workbook.domain.issues import Location
from kpi_workbook.domain.model import ValueStatus
from kpi_workbook.reading.grid import Cell
from kpi_workbook.reading.values import parse_amount, parse_value, value_suffix

WHERE = Location(Path("dept.xlsx"), "事業", "C10")


def read(value: object, unit: str | None = None, fmt: str = "General", **kw: object):
    cell = None if value is None and not kw else Cell(value, fmt, **kw)  # type: ignore[arg-type]
    result, issues = parse_value(cell, WHERE, unit)
    return result, [i.code for i in issues]


@pytest.mark.parametrize(
    ("typed", "unit", "number", "codes"),
    [
        # a number
        (12672, "人", 12672, []),
        (0, "人", 0, []),
        (-339, "人", -339, []),
        (1.5, None, 1.5, []),
        # numbers with unit suffixes (text copied from last year's report)
        ("10,000,000円", "円", 10_000_000, ["value-text-converted"]),
        ("12,672人", "人", 12672, ["value-text-converted"]),
        ("５個", "個", 5, ["value-text-converted"]),
        ("1事業体", "事業体", 1, ["value-text-converted"]),
        ("1,200千円", "円", 1_200_000, ["value-multiplier"]),
        ("12672", "人", 12672, ["value-text-converted"]),
        # negative forms
        ("▲339", "人", -339, ["value-text-converted"]),
        ("△339", "人", -339, ["value-text-converted"]),
        ("-339人", "人", -339, ["value-text-converted"]),
        ("－339", "人", -339, ["value-text-converted"]),
        ("−339", "人", -339, ["value-text-converted"]),
        ("‐339", "人", -339, ["value-text-converted"]),
        ("–339", "人", -339, ["value-text-converted"]),
        # percentages
        ("10.0%", "%", 0.1, ["value-text-converted"]),
        ("5.4%", "%", 0.054, ["value-text-converted"]),
        ("５．４％", "%", 0.054, ["value-text-converted"]),
        ("10.0%", None, 0.1, ["value-text-converted"]),
    ],
)
def test_parse_value_reads_numbers(typed: object, unit: str | None, number: float,
                                   codes: list[str]) -> None:
    value, issue_codes = read(typed, unit)
    assert value.status is ValueStatus.NUMBER
    assert value.number == pytest.approx(number)
    assert issue_codes == codes
    assert value.raw == typed  # what was typed is kept


def test_parse_value_percent_formatted_cell_is_a_fraction() -> None:
    value, codes = read(0.1, "%", "0.0%")
    assert (value.number, value.suffix, codes) == (0.1, "%", [])


def test_parse_value_percent_formatted_cell_in_a_count_kpi_is_a_unit_mismatch() -> None:
    value, codes = read(0.1, "人", "0.0%")
    assert value.status is ValueStatus.INVALID
    assert codes == ["value-unit-mismatch"]


def test_parse_value_plain_ten_in_percent_kpi_is_percent_points() -> None:
    value, codes = read(10, "%")
    assert value.number == pytest.approx(0.10)
    assert codes == ["value-percent-points"]


@pytest.mark.parametrize("typed", [0.5, 0.054, "0.5"])
def test_parse_value_fraction_in_percent_kpi_is_ambiguous(typed: object) -> None:
    value, codes = read(typed, "%")
    assert value.number == pytest.approx(float(typed))
    assert "value-percent-ambiguous" in codes


@pytest.mark.parametrize("typed", ["-", "－", "―", "ー", "—", "−", "‐", " - ", "ｰ"])
def test_parse_value_dash_alone_is_not_applicable(typed: str) -> None:
    value, codes = read(typed, "人")
    assert value.status is ValueStatus.NOT_APPLICABLE
    assert value.number is None
    assert codes == []
    assert value.raw == typed


@pytest.mark.parametrize("typed", [None, "", "   "])
def test_parse_value_empty_is_missing(typed: object) -> None:
    value, codes = read(typed, "人")
    assert value.status is ValueStatus.MISSING
    assert codes == []


@pytest.mark.parametrize("typed", ["集計中", "約100", "100人程度?", "#DIV/0!", "abc", "1/2"])
def test_parse_value_unreadable_text_is_an_error_and_kept(typed: str) -> None:
    value, codes = read(typed)
    assert value.status is ValueStatus.INVALID
    assert codes == ["value-not-number"]
    assert value.raw == typed


def test_parse_value_date_is_an_error() -> None:
    value, codes = read(44287, None, "yyyy/m/d", is_date=True)
    assert value.status is ValueStatus.INVALID
    assert codes == ["value-date"]


def test_parse_value_unit_suffix_must_match_kpi_unit() -> None:
    value, codes = read("12人", "円")
    assert value.status is ValueStatus.INVALID
    assert codes == ["value-unit-mismatch"]


def test_parse_value_formula_uses_cached_value() -> None:
    value, codes = read(200, "人", formula="C9*2")
    assert (value.number, codes) == (200, [])


def test_parse_value_formula_without_cache_is_an_error_not_a_blank() -> None:
    value, codes = read(None, "人", formula="C9*2")
    assert value.status is ValueStatus.INVALID
    assert codes == ["value-formula-no-cache"]


def test_parse_value_formula_with_error_value_is_an_error() -> None:
    value, codes = read(None, "人", formula="C9/0", error="#DIV/0!")
    assert value.status is ValueStatus.INVALID
    assert codes == ["value-formula-error"]
    assert value.raw == "#DIV/0!"


def test_parse_value_literal_error_cell_is_not_a_number() -> None:
    _, codes = read(None, "人", error="#N/A")
    assert codes == ["value-not-number"]


def test_parse_value_boolean_is_not_a_number() -> None:
    _, codes = read(True, "人")
    assert codes == ["value-not-number"]


def test_value_suffix_finds_the_unit_typed_after_the_number() -> None:
    assert value_suffix(Cell("12,672人")) == "人"
    assert value_suffix(Cell("10.0%")) == "%"
    assert value_suffix(Cell(0.1, "0.0%")) == "%"
    assert value_suffix(Cell("1,200千円")) == "円"
    assert value_suffix(Cell(12672)) is None
    assert value_suffix(Cell("-")) is None


def test_parse_amount_reads_thousand_yen() -> None:
    assert parse_amount(Cell("12,345千円"), WHERE)[0] == 12_345_000
    assert parse_amount(Cell(5_000_000), WHERE)[0] == 5_000_000
    assert parse_amount(Cell("未定"), WHERE)[0] is None


UNITS = st.sampled_from(["円", "人", "個", "件", "事業体", None])


def clerk_format(n: int, unit: str | None, style: int) -> str:
    """How a clerk might type n: commas, full-width digits, ▲/△/－ for negatives."""
    digits = f"{abs(n):,}" if style % 2 else str(abs(n))
    if style % 3 == 0:
        digits = digits.translate(str.maketrans("0123456789,", "０１２３４５６７８９，"))
    sign = "" if n >= 0 else ["▲", "△", "－", "-", "−"][style % 5]
    return f"{sign}{digits}{unit or ''}"


@given(st.integers(-10**9, 10**9), UNITS, st.integers(0, 29))
def test_parse_value_round_trips_clerk_formats(n: int, unit: str | None, style: int) -> None:
    value, _ = read(clerk_format(n, unit, style), unit)
    assert value.status is ValueStatus.NUMBER
    assert value.number == n


@given(st.text(max_size=30), UNITS)
def test_parse_value_never_raises_on_any_text(text: str, unit: str | None) -> None:
    value, issues = read(text, unit)
    assert value.status in ValueStatus
    if value.status is ValueStatus.INVALID:
        assert issues  # every unreadable value is named in an issue


def test_parse_value_formula_showing_nothing_is_empty() -> None:
    value, codes = read("", "人", formula='IF(C9="","",C9)')
    assert (value.status, codes) == (ValueStatus.MISSING, [])
