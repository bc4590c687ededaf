"""Reading the bundled examples gives exactly the city's published figures (the seed).

The expected numbers are parsed from the seed document itself (shared/seeds), with the same
value rules a clerk's text goes through, so a slip in examples/ or in the reader shows up.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from kpi_workbook.domain.issues import Location, Severity
from kpi_workbook.domain.model import Project, Scope
from kpi_workbook.reading.grid import Cell
from kpi_workbook.reading.reader import strip_html
from kpi_workbook.reading.values import parse_value
from kpi_workbook.usecases.check import CheckOptions, check

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
_TITLE_RE = re.compile(r"^([①-⑳])\s*(.+?)\((令和\d+年度～令和\d+年度)\)$")


def seed_projects() -> dict[str, dict]:
    """The seed's projects: number sign → name, period, purpose, KPI names, year rows."""
    files = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []
    if not files:
        if os.environ.get("CI") == "true":
            pytest.fail(f"the seed is missing: {SEEDS}")
        pytest.skip("shared/seeds is not beside this checkout")
    projects: dict[str, dict] = {}
    current: dict | None = None
    for line in files[0].read_text(encoding="utf-8").splitlines():
        cells = line.split("\t")
        m = _TITLE_RE.match(line.strip())
        if m:
            current = {"name": m.group(2), "period": m.group(3), "purpose": "", "kpis": [],
                       "years": []}
            projects[m.group(1)] = current
        elif current is None or not line.strip():
            continue
        elif cells[0] in ("初年度", "2年目", "3年目"):
            current["years"].append(cells)
        elif cells[0] == "" and len(cells) > 2 and cells[2] and cells[2] != "目標値":
            current["kpis"] = [c for c in cells[2:] if c]
        elif len(cells) == 1 and not current["purpose"] and not line.startswith("●"):
            current["purpose"] = line.strip()
    return projects


def seed_number(text: str, unit: str) -> float | None:
    value, _ = parse_value(Cell(text), Location(Path("seed")), unit)
    return value.number


@pytest.fixture(scope="module")
def read_examples() -> tuple[dict[int, Project], list]:
    result = check([ROOT / "examples" / "submissions"], CheckOptions(report_year=2023))
    return {p.number: p for s in result.submissions for p in s.projects}, result.issues


def test_examples_check_clean(read_examples) -> None:
    _, issues = read_examples
    assert [i for i in issues if i.severity is not Severity.INFO] == []


def test_examples_read_exactly_the_seed(read_examples) -> None:
    projects, _ = read_examples
    seed = seed_projects()
    assert len(seed) == 5
    assert sorted(projects) == [1, 2, 3, 4, 5]
    for sign, expected in seed.items():
        number = ord(sign) - ord("①") + 1
        project = projects[number]
        assert project.name == expected["name"]
        assert project.period.label() == expected["period"]
        assert project.purpose == expected["purpose"]
        assert [k.name for k in project.kpis] == expected["kpis"]
        assert len(project.years) == len(expected["years"]) == 3
        for year, cells in zip(project.years, expected["years"], strict=True):
            assert year.activities == strip_html(cells[1]).strip()
            for kpi in project.kpis:
                obs = project.observation(kpi, year)
                t_text, a_text = cells[2 * kpi.index], cells[2 * kpi.index + 1]
                assert obs.target.number == pytest.approx(seed_number(t_text, kpi.unit)), t_text
                assert obs.actual.number == pytest.approx(seed_number(a_text, kpi.unit)), a_text


def test_examples_worked_figures(read_examples) -> None:
    projects, _ = read_examples
    glass = projects[1]
    year3 = glass.years[2]
    assert glass.observation(glass.kpis[0], year3).actual.number == 10_462_414
    assert glass.observation(glass.kpis[0], year3).target.number == 15_000_000
    town = projects[3]
    assert town.older_layout
    assert town.observation(town.kpis[0], town.years[0]).actual.number == -339
    assert town.observation(town.kpis[1], town.years[0]).actual.number == pytest.approx(0.054)
    assert town.observation(town.kpis[2], town.years[2]).actual.number is None
    assert [projects[n].scope for n in (1, 2, 3, 4, 5)] == [Scope.CITY] * 3 + [Scope.REGIONAL] * 2
    assert projects[4].kpis == []
    assert projects[5].kpis == []


def test_faulty_example_reports_its_faults() -> None:
    result = check([ROOT / "examples" / "faulty"], CheckOptions(report_year=2023))
    errors = {i.code for i in result.issues if i.severity is Severity.ERROR}
    assert {"header-field-missing", "year-rows-mismatch", "value-formula-no-cache",
            "value-unit-mismatch", "value-not-number"} <= errors
    assert "header-field-not-in-list" in {i.code for i in result.issues}
