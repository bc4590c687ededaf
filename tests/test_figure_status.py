"""公表予定 and 速報・確定 (docs/kpi-layout.md §2.3) on in-memory values: how a date is
read, when it has passed, which year row it applies to; and the checks that follow."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kpi_workbook.checks.submission import check_submission
from kpi_workbook.domain.due_date import DueDate, parse_due_date
from kpi_workbook.domain.figure_status import due_year, figure_statuses
from kpi_workbook.domain.issues import Location
from kpi_workbook.domain.model import (
    FigureStatus,
    Kpi,
    Observation,
    Project,
    Scope,
    Submission,
    Value,
    ValueStatus,
    YearRow,
)

FILE = Path("観光振興課.xlsx")


@pytest.mark.parametrize(("typed", "due"), [
    ("R8.5", DueDate(2026, 5)),
    ("Ｒ８．５", DueDate(2026, 5)),  # full-width, as a clerk's IME types it
    ("令和8年5月", DueDate(2026, 5)),
    ("令和元年10月", DueDate(2019, 10)),
    ("H29.5", DueDate(2017, 5)),  # つくば市's 「H29.5」
    ("2026年5月", DueDate(2026, 5)),
    ("2026年5月20日", DueDate(2026, 5, 20)),
    ("2026/5/20", DueDate(2026, 5, 20)),
    ("2026/05/20", DueDate(2026, 5, 20)),  # a date cell, as the grid shows it
    ("2026-05", DueDate(2026, 5)),
    ("R8年5月頃", DueDate(2026, 5)),
    (dt.date(2026, 5, 20), DueDate(2026, 5, 20)),
    (dt.datetime(2026, 5, 20, 9, 0), DueDate(2026, 5, 20)),
])
def test_parse_due_date(typed, due):
    assert parse_due_date(typed) == due


@pytest.mark.parametrize("typed", ["来年度", "2026年13月", "2026/2/30", "R8", "", None, 46143])
def test_parse_due_date_refuses_what_is_no_month(typed):
    assert parse_due_date(typed) is None


def test_due_date_label_and_when_it_has_passed():
    may = DueDate(2026, 5)
    assert may.label() == "2026年5月"
    assert not may.passed(dt.date(2026, 5, 31))  # a month: until its last day
    assert may.passed(dt.date(2026, 6, 1))
    day = DueDate(2026, 5, 20)
    assert day.label() == "2026年5月20日"
    assert not day.passed(dt.date(2026, 5, 20))
    assert day.passed(dt.date(2026, 5, 21))


def value(number: float | str | None, cell: str) -> Value:
    where = Location(FILE, "統計", cell)
    if number is None:
        return Value(None, ValueStatus.MISSING, None, where)
    if number == "-":
        return Value(None, ValueStatus.NOT_APPLICABLE, "-", where)
    assert isinstance(number, (int, float))
    return Value(float(number), ValueStatus.NUMBER, number, where)


def project(actuals: list[float | str | None], *, due: DueDate | None = None,
            status: FigureStatus | None = None) -> Project:
    kpi = Kpi(1, "観光入込客数", "人", due=due, figure_status=status)
    p = Project(4, "観光統計整備事業", Scope.CITY, None, "観光振興課",
                Location(FILE, "統計"), purpose="観光の実態をつかむ", kpis=[kpi])
    for i, a in enumerate(actuals):
        row = 25 + i
        p.years.append(YearRow(2022 + i, i + 1, f"{i + 1}年目", "",
                               Location(FILE, "統計", f"A{row}"),
                               [Observation(value(1000 + i, f"C{row}"), value(a, f"D{row}"))]))
    return p


def test_due_applies_to_the_latest_ended_year_when_its_actual_is_empty_or_a_dash():
    for last in (None, "-"):
        p = project([1100, 1150, last], due=DueDate(2026, 5))
        assert due_year(p, p.kpis[0], 2024) is p.years[2]
    p = project([1100, None, None], due=DueDate(2026, 5))
    assert due_year(p, p.kpis[0], 2023) is p.years[1]  # 2024 has not ended


def test_due_applies_to_nothing_once_the_figure_is_in_or_without_a_date():
    p = project([1100, 1150, 1200], due=DueDate(2026, 5))
    assert due_year(p, p.kpis[0], 2024) is None
    p = project([1100, 1150, None])
    assert due_year(p, p.kpis[0], 2024) is None


def test_figure_status_latest_as_declared_earlier_final():
    p = project([300, 335, 350], status=FigureStatus.PRELIMINARY)
    assert figure_statuses(p.kpis[0], p.years) == {
        0: FigureStatus.FINAL, 1: FigureStatus.FINAL, 2: FigureStatus.PRELIMINARY}
    p = project([300, 335, None], status=FigureStatus.PRELIMINARY)
    assert figure_statuses(p.kpis[0], p.years) == {0: FigureStatus.FINAL,
                                                   1: FigureStatus.PRELIMINARY}
    assert figure_statuses(project([300, 335]).kpis[0], project([300, 335]).years) == {}


def codes(p: Project, today: dt.date) -> list[tuple[str, str | None]]:
    return [(i.code, i.where.cell) for i in check_submission(Submission(FILE, [p]),
                                                            report_year=2024, today=today)]


def test_check_unpublished_until_the_date_then_overdue():
    p = project([1100, 1150, None], due=DueDate(2026, 5))
    assert codes(p, dt.date(2026, 5, 31)) == [("actual-unpublished", "D27")]
    assert codes(p, dt.date(2026, 6, 1)) == [("actual-unpublished-overdue", "D27")]


def test_check_without_a_date_an_empty_actual_is_missing_as_before():
    assert codes(project([1100, 1150, None]), dt.date(2026, 6, 1)) == [
        ("actual-missing", "D27")]
    # a dash without a date stays a deliberate dash
    assert codes(project([1100, 1150, "-"]), dt.date(2026, 6, 1)) == []


# --- read from a workbook typed into the template --------------------------------------------


def _read(tmp_path: Path, due: object, status: object) -> tuple[Kpi, list[tuple[str, str]]]:
    from kpi_workbook.usecases.check import read_submission
    from tests.conftest import fill_template

    project = {"number": 4, "name": "観光統計整備事業", "scope": "単市", "period_start": 2022,
               "period_end": 2024, "department": "観光振興課", "purpose": "実態をつかむ",
               "kpis": [{"name": "観光入込客数", "unit": "人", "due": due, "status": status}],
               "years": [{"label": "初年度", "values": [[1000, 1100]]},
                         {"label": "2年目", "values": [[1100, 1150]]},
                         {"label": "3年目", "values": [[1200, None]]}]}
    path = tmp_path / "観光振興課.xlsx"
    fill_template(path, project)
    sub = read_submission(path, report_year=2024, today=dt.date(2026, 1, 10))
    return sub.projects[0].kpis[0], [(i.code, i.message()) for i in sub.issues]


def test_read_due_typed_as_a_date_cell_and_status(tmp_path):
    kpi, issues = _read(tmp_path, dt.datetime(2026, 5, 20), "確定")
    assert (kpi.due, kpi.figure_status) == (DueDate(2026, 5, 20), FigureStatus.FINAL)
    assert tuple(c for c, _ in issues if c.startswith("actual")) == ("actual-unpublished", )


def test_read_due_and_status_outside_their_forms_are_warnings(tmp_path):
    kpi, issues = _read(tmp_path, "来年度", "暫定")
    assert (kpi.due, kpi.figure_status) == (None, None)
    codes = dict(issues)
    assert "公表予定「来年度」を年月として読めません" in codes["kpi-due-invalid"]
    assert "速報・確定「暫定」は選択肢にありません（速報・確定）" in codes["kpi-status-invalid"]
    assert "actual-missing" in codes  # no date: an empty actual of an ended year is missing
