"""The domain model: what a department submits, as plain data.

Glossary (the Japanese terms appear here once; code uses the English names):

- 提出ブック → :class:`Submission`; 担当課 → ``department``
- 事業 → :class:`Project`; 事業番号 → ``number``; 事業名 → ``name``
- 実施区分 → ``scope``: 単市 → ``Scope.CITY``, 広域 → ``Scope.REGIONAL``
- 事業期間 → ``period`` (fiscal years, :class:`Period`); 年度 → ``fiscal_year``
- 事業目的 → ``purpose``; 事業費 → ``cost``; 交付金額 → ``grant``; 事業効果 → ``effect``;
  今後の方針 → ``policy``; 評価・課題 → ``assessment``
- 重要業績評価指標(KPI) → :class:`Kpi`; 単位 → ``unit``; 目標の方向 → ``direction``;
  基準値 → ``baseline``; 値の種類 → ``kind``; 最終目標値 → ``final_target``;
  公表予定 → ``due``; 速報・確定 → ``figure_status`` (速報 → ``PRELIMINARY``, 確定 → ``FINAL``)
- 事業概要 / 事業内容 → ``activities`` of a :class:`YearRow`
- 目標値 / 実績値 → ``target`` / ``actual`` (:class:`Value`)
- 達成率 → attainment; 判定 → judgement (see ``attainment.py``)

A fiscal year (年度) is the western year in which it starts: 令和2年度 = 2020 (April 2020
to March 2021).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from pathlib import Path

from kpi_workbook.domain.due_date import DueDate
from kpi_workbook.domain.fiscal_year import Period as Period
from kpi_workbook.domain.issues import Issue, Location


class Scope(str, enum.Enum):
    """実施区分: run by the city alone, or jointly with the prefecture."""

    CITY = "単市"
    REGIONAL = "広域"


class Direction(str, enum.Enum):
    """目標の方向: whether a higher or a lower actual is better."""

    INCREASE = "増加"
    DECREASE = "減少"


class ValueKind(str, enum.Enum):
    """値の種類: what a yearly figure means (docs/kpi-layout.md §2.2).

    The rules that follow from it live in ``value_kinds.py`` (累計 never falls; the
    increments add up to the final target; an increment typed as a level) and
    ``attainment.progress`` (an increment's 進捗率 is a / t).
    """

    SINGLE_YEAR = "単年度"
    """The year's own figure (visitors in that year)."""
    CUMULATIVE = "累計"
    """A running total since the project began: it never falls."""
    INCREMENT = "増加分"
    """The year's increase: 初年度 over the 基準値, each later year over the year before;
    基準値 + their sum is the final target."""
    LEVEL = "水準"
    """A level such as a rate: never summed."""


class FigureStatus(str, enum.Enum):
    """速報・確定: a preliminary or a final figure."""

    PRELIMINARY = "速報"
    FINAL = "確定"


class ValueStatus(str, enum.Enum):
    """How a 目標値/実績値 cell was read."""

    NUMBER = "number"  # a number, possibly normalised from text
    NOT_APPLICABLE = "not_applicable"  # a deliberate dash: 「-」
    MISSING = "missing"  # an empty cell
    INVALID = "invalid"  # could not be read; an error issue says why


@dataclass(frozen=True, slots=True)
class Value:
    """One 目標値 or 実績値 as read: the number, and the cell exactly as typed."""

    number: float | None
    status: ValueStatus
    raw: object
    """What the cell held (text as typed, a number, or None); kept so nothing is lost."""
    where: Location
    suffix: str | None = None
    """The unit written after the number (``人`` in ``12,672人``), if any."""

    @property
    def is_number(self) -> bool:
        return self.status is ValueStatus.NUMBER

    @property
    def raw_text(self) -> str:
        """The raw cell content as a string, for reports ('' for an empty cell)."""
        if self.raw is None:
            return ""
        if isinstance(self.raw, float) and self.raw.is_integer():
            return str(int(self.raw))
        return str(self.raw)


@dataclass(slots=True)
class Kpi:
    """One KPI column pair (目標値, 実績値) with its attributes."""

    index: int
    """1-based position in the table (KPI1, KPI2, …)."""
    name: str
    unit: str | None
    direction: Direction = Direction.INCREASE
    kind: ValueKind = ValueKind.SINGLE_YEAR
    baseline: Value | None = None
    final_target: Value | None = None
    """最終目標値: the level aimed at by the end of the period (optional)."""
    due: DueDate | None = None
    """公表予定: when the latest ended year's actual, not yet published, will be."""
    figure_status: FigureStatus | None = None
    """速報・確定: what the latest actual is (``figure_status.figure_statuses``)."""
    where: Location | None = None
    """The cell holding the KPI name."""


@dataclass(frozen=True, slots=True)
class Observation:
    """The target and actual of one KPI in one year."""

    target: Value
    actual: Value


@dataclass(slots=True)
class YearRow:
    """One row of the table: a fiscal year, its 事業内容 and one observation per KPI."""

    fiscal_year: int | None
    """None when the label could not be read (an error issue says so)."""
    ordinal: int
    """1 for 初年度, 2 for 2年目, … counted from the period's start."""
    label: str
    """The year label as typed (``初年度``, ``令和3年度``)."""
    activities: str
    where: Location
    observations: list[Observation] = field(default_factory=list)


@dataclass(slots=True)
class Project:
    """One project sheet (事業シート)."""

    number: int | None
    name: str
    scope: Scope | None
    period: Period | None
    department: str
    where: Location
    """The project's sheet (cell None)."""
    purpose: str = ""
    cost: float | None = None
    grant: float | None = None
    effect: str | None = None
    effect_where: Location | None = None
    """The cell 事業効果 was read from (the info when it differs from the proposal)."""
    policy: str | None = None
    assessment: str | None = None
    cause: str | None = None
    """要因分析: why the KPIs came out as they did (the 2025 grant's record)."""
    improvement: str | None = None
    """改善方策: what the department will change."""
    policy_reason: str | None = None
    """今後の方針の理由."""
    grant_kind: str | None = None
    """交付金の種類 (国への報告)."""
    actual_cost: float | None = None
    """実績額 in 円 (国への報告)."""
    kpis: list[Kpi] = field(default_factory=list)
    years: list[YearRow] = field(default_factory=list)
    older_layout: bool = False
    """True when the sheet has no 単位/目標の方向 rows (the seed's layout)."""

    @property
    def sheet(self) -> str:
        return self.where.sheet or ""

    def observation(self, kpi: Kpi, year: YearRow) -> Observation:
        return year.observations[kpi.index - 1]


@dataclass(slots=True)
class Submission:
    """One department's workbook, what was read from it and every issue found."""

    path: Path
    projects: list[Project] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    sha256: str = ""
    modified: float | None = None
    """The file's modification time (POSIX seconds), for 提出状況."""
    template_version: str | None = None
    profile: str = "official"
    """The name of the layout profile the workbook was read with (``--profile``)."""
    form_header: dict[str, str] = field(default_factory=dict)
    """What a form says of who reports, above its table (the national form's
    ``prefecture`` 都道府県名, ``municipality`` 市町村名, ``municipality_code`` 団体コード as
    typed); empty for the official layout, whose 国への報告 header is the settings'."""
    form_fields: frozenset[str] | None = None
    """The project fields its form has (``purpose``, ``effect``…); None: every field of
    the official layout. A check on an optional field the form has no place for (a
    national form has no 事業目的) says nothing."""

    @property
    def department(self) -> str:
        """The department named by the projects ('' when none could be read)."""
        names = [p.department for p in self.projects if p.department]
        return names[0] if names else ""
