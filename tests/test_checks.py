"""Per-file checks of spec §1.4: what was read, but a person should look at."""

from __future__ import annotations

from pathlib import Path

from kpi_workbook.domain.issues import Severity
from kpi_workbook.usecases import read_submission
from tests.test_reader import HEADER, TABLE, make_book


def issues_of(tmp_path: Path, table: list[list[object]], header=HEADER, year: int = 2022):
    sub = read_submission(make_book(tmp_path / "c.xlsx", {"s": [*header, [], *table]}),
                          report_year=year)
    return [(i.code, i.where.cell, i.severity) for i in sub.issues]


def test_actual_100_times_target_is_suspicious(tmp_path: Path) -> None:
    table = [*TABLE[:7], ["3年目", "x", 15_000_000, 1_500_000_000, 15672, 12682]]
    assert issues_of(tmp_path, table) == [("magnitude-suspicious", "D15", Severity.WARNING)]


def test_actual_a_hundredth_of_target_is_suspicious(tmp_path: Path) -> None:
    table = [*TABLE[:7], ["3年目", "x", 15_000_000, 10_462, 15672, 12682]]
    assert issues_of(tmp_path, table) == [("magnitude-suspicious", "D15", Severity.WARNING)]


def test_year_on_year_jump_of_100_times_is_suspicious(tmp_path: Path) -> None:
    table = [*TABLE[:5], ["初年度", "x", "-", 100, 12672, 8016],
             ["2年目", "x", "-", 10_000, 13672, 13482], ["3年目", "x", "-", 12_000, 15672, 12682]]
    assert issues_of(tmp_path, table) == [("magnitude-suspicious", "D14", Severity.WARNING)]


def test_seed_figures_are_not_suspicious(tmp_path: Path) -> None:
    # 134,280 円 against 10,000,000 円, then 10,462,414 円: large, but under 100×.
    assert issues_of(tmp_path, TABLE) == []


def test_negative_actual_against_zero_target_is_not_a_magnitude(tmp_path: Path) -> None:
    table = [*TABLE[:5], ["初年度", "x", 0, -339, 1, 1], ["2年目", "x", 0, -173, 1, 1],
             ["3年目", "x", 0, -16, 1, 1]]
    assert issues_of(tmp_path, table) == []


def test_missing_target_is_a_warning(tmp_path: Path) -> None:
    table = [*TABLE[:7], ["3年目", "x", None, 10_462_414, 15672, 12682]]
    assert issues_of(tmp_path, table) == [("target-missing", "C15", Severity.WARNING)]


def test_missing_actual_only_for_ended_years(tmp_path: Path) -> None:
    table = [*TABLE[:7], ["3年目", "x", 15_000_000, None, 15672, 12682]]
    assert issues_of(tmp_path, table, year=2021) == []
    assert issues_of(tmp_path, table, year=2022) == [("actual-missing", "D15", Severity.WARNING)]


def test_dash_is_never_missing(tmp_path: Path) -> None:
    table = [*TABLE[:7], ["3年目", "x", "-", "－", 15672, "ー"]]
    assert issues_of(tmp_path, table) == []


def test_empty_purpose_is_a_warning(tmp_path: Path) -> None:
    header = [*HEADER[:5], ["事業目的", None]]
    assert issues_of(tmp_path, TABLE, header=header) == [
        ("purpose-missing", None, Severity.WARNING)]
