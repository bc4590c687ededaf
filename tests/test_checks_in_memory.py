"""The per-file checks on submissions built in memory: no workbook is written or read.

The reader only reads (``reading/``); what was read is checked by ``checks/``, and the use
cases run both (``kpi_workbook.usecases.read_submission``, ``check``).
"""

from __future__ import annotations

from pathlib import Path

from kpi_workbook.checks.roster import check_roster
from kpi_workbook.checks.submission import check_submission
from kpi_workbook.domain.issues import Location
from kpi_workbook.domain.model import (
    Kpi,
    Observation,
    Project,
    Scope,
    Submission,
    Value,
    ValueStatus,
    YearRow,
)
from kpi_workbook.domain.roster import Roster, RosterEntry

FILE = Path("建設課.xlsx")


def value(number: float | None, cell: str) -> Value:
    status = ValueStatus.MISSING if number is None else ValueStatus.NUMBER
    return Value(number, status, number, Location(FILE, "事業", cell))


def project(targets: list[float | None], actuals: list[float | None], *,
            purpose: str = "観光客の回遊を促す") -> Project:
    p = Project(6, "道路案内標識多言語化事業", Scope.CITY, None, "建設課",
                Location(FILE, "事業"), purpose=purpose, kpis=[Kpi(1, "設置数", "基")])
    for i, (t, a) in enumerate(zip(targets, actuals, strict=True)):
        row = 20 + i
        where = Location(FILE, "事業", f"A{row}")
        p.years.append(YearRow(2021 + i, i + 1, f"{i + 1}年目", "", where,
                               [Observation(value(t, f"C{row}"), value(a, f"D{row}"))]))
    return p


def codes(sub: Submission, year: int) -> list[tuple[str, str | None]]:
    return [(i.code, i.where.cell) for i in check_submission(sub, report_year=year)]


def test_an_ended_year_without_actual_is_reported_a_coming_one_is_not():
    sub = Submission(FILE, [project([10, 20, 30], [9, None, None])])
    assert codes(sub, 2022) == [("actual-missing", "D21")]


def test_a_missing_target_and_purpose_are_reported():
    sub = Submission(FILE, [project([10, None], [9, 12], purpose=" ")])
    assert sorted(codes(sub, 2022)) == [("purpose-missing", None), ("target-missing", "C21")]


def test_an_actual_a_hundred_times_its_target_is_suspicious():
    sub = Submission(FILE, [project([10, 20], [9, 2000])])
    (issue,) = check_submission(sub, report_year=2022)
    assert (issue.code, issue.where.cell, issue.params["ratio"]) == (
        "magnitude-suspicious", "D21", "100")


def test_roster_check_on_models():
    listed = Path("名簿.csv")
    roster = Roster(listed, [
        RosterEntry("建設課", 6, "道路案内標識多言語化事業", Location(listed, None, "A2")),
        RosterEntry("企画課", None, "", Location(listed, None, "A3"))])
    checked = check_roster(roster, [Submission(FILE, [project([1], [1])])])
    assert [i.code for i in checked.issues] == ["roster-department-missing"]
    assert [m.department for m in checked.missing] == ["企画課"]
