"""A prefecture's roll-up of its municipalities' KPIs: the rows, the 団体コード that keys
them and the State's statistics (issue 21.4).

The Cabinet Office sums up the 効果検証 of every municipality with three shares: of the
projects, how many met at least one KPI; of the KPIs, how many were met; and how many
reached less than half their target (達成率 < 50 %). A KPI counts by its latest year with
both a target and an actual (the national form reports one year per KPI); a KPI with no
such year is not judged and is in no denominator, nor is a project without a judged KPI.
A KPI whose target is 0 or negative has no 達成率 (spec §2): it counts as met or not, but
never as under half.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Final

from kpi_workbook.domain.attainment import ACHIEVED, NOT_ACHIEVED, Judgement, judge
from kpi_workbook.domain.issue_parts import Phrase
from kpi_workbook.domain.labels import normalize_text, project_key
from kpi_workbook.domain.model import Direction
from kpi_workbook.domain.national_report import check_digit

UNDER: Final = 0.5
"""達成率 below this is 「目標の半分に満たない」."""


@dataclass(frozen=True, slots=True)
class Municipality:
    """Who reported: keyed by the 6-digit 全国地方公共団体コード."""

    code: str
    prefecture: str
    name: str


def municipality_code(typed: str) -> tuple[str | None, Phrase | None]:
    """The 6-digit 全国地方公共団体コード of a code as typed, or what is wrong with it.

    5 digits (the form's 「都道府県・市町村コード(5桁)」) get their check digit; 6 digits must
    end in theirs (JIS X 0401/0402: 11 less the weighted sum, its last digit).
    """
    code = normalize_text(typed)
    if not (code.isascii() and code.isdigit() and len(code) in (5, 6)):
        return None, Phrase("5 桁か 6 桁の数字ではありません",
                            "it is not 5 or 6 digits")
    right = check_digit(code[:5])
    if len(code) == 6 and code[5] != right:
        return None, Phrase(f"6 桁目の検査数字が合いません（{code[:5]} なら {code[:5]}{right}）",
                            f"its check digit is wrong ({code[:5]} gives {code[:5]}{right})")
    return code[:5] + right, None


@dataclass(frozen=True, slots=True)
class RollupRow:
    """One municipality × project × KPI × year."""

    municipality: Municipality
    project_number: int | None
    project_name: str
    kpi_index: int
    kpi_name: str
    unit: str | None
    direction: Direction
    fiscal_year: int | None
    target: float | None
    actual: float | None
    source: str
    """Where it was read: ``file!sheet!cells``."""
    no: int = 0
    """The open-data NO (kept across years with ``--previous``)."""

    @property
    def judgement(self) -> Judgement:
        return judge(self.target, self.actual, self.direction)

    @property
    def project(self) -> str:
        return project_key(self.project_number, self.project_name)

    @property
    def kpi_key(self) -> tuple[str, int]:
        """What keeps a row's NO across years: 団体コード, project, 指標番号."""
        return (f"{self.municipality.code}:{self.project}", self.kpi_index)


@dataclass(slots=True)
class Shares:
    """The State's three statistics, as counts (the shares are computed from them)."""

    projects: int = 0
    """Projects with at least one judged KPI."""
    projects_met: int = 0
    kpis: int = 0
    """KPIs judged (a target and an actual in some year)."""
    kpis_met: int = 0
    kpis_under_half: int = 0

    def add(self, other: Shares) -> None:
        self.projects += other.projects
        self.projects_met += other.projects_met
        self.kpis += other.kpis
        self.kpis_met += other.kpis_met
        self.kpis_under_half += other.kpis_under_half

    @property
    def share_projects_met(self) -> float | None:
        return self.projects_met / self.projects if self.projects else None

    @property
    def share_kpis_met(self) -> float | None:
        return self.kpis_met / self.kpis if self.kpis else None

    @property
    def share_under_half(self) -> float | None:
        return self.kpis_under_half / self.kpis if self.kpis else None


@dataclass(slots=True)
class Statistics:
    """Per municipality (in the order first seen) and in total."""

    by_municipality: dict[str, Shares] = field(default_factory=dict)
    municipalities: dict[str, Municipality] = field(default_factory=dict)
    total: Shares = field(default_factory=Shares)


def latest_judged(rows: Iterable[RollupRow]) -> dict[tuple[str, int], RollupRow]:
    """Each KPI's row of its latest year with a verdict (達成 or 未達成)."""
    out: dict[tuple[str, int], RollupRow] = {}
    for row in rows:
        if row.judgement.verdict not in (ACHIEVED, NOT_ACHIEVED):
            continue
        held = out.get(row.kpi_key)
        if held is None or (row.fiscal_year or 0) >= (held.fiscal_year or 0):
            out[row.kpi_key] = row
    return out


def statistics(rows: Sequence[RollupRow]) -> Statistics:
    """The three shares per municipality and in total."""
    stats = Statistics()
    for row in rows:  # every municipality, judged KPIs or not, in order
        code = row.municipality.code
        stats.municipalities.setdefault(code, row.municipality)
        stats.by_municipality.setdefault(code, Shares())
    met_projects: dict[str, set[str]] = {}
    judged_projects: dict[str, set[str]] = {}
    for row in latest_judged(rows).values():
        code = row.municipality.code
        shares = stats.by_municipality[code]
        judgement = row.judgement
        shares.kpis += 1
        judged_projects.setdefault(code, set()).add(row.project)
        if judgement.verdict == ACHIEVED:
            shares.kpis_met += 1
            met_projects.setdefault(code, set()).add(row.project)
        if judgement.rate is not None and judgement.rate < UNDER:
            shares.kpis_under_half += 1
    for code, shares in stats.by_municipality.items():
        shares.projects = len(judged_projects.get(code, ()))
        shares.projects_met = len(met_projects.get(code, ()))
        stats.total.add(shares)
    return stats
