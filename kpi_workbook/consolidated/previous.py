"""Read a consolidated workbook (集計ブック) we wrote earlier, and compare it with this year's.

A department that silently revises a past figure is the commonest error a council asks
about, so merge ``--previous LAST.xlsx`` lists every target or actual that changed for the
years both reports cover, every KPI renamed or re-unitised, and every project that
disappeared. The same reader feeds ``template --from`` (next year's pre-filled workbooks).

What is read: the flat sheets only, never the print layout: 集計一覧 (KPIs by 指標番号 with
their unit, direction, value kind, baseline and yearly values), the hidden 事業データ (the
header block of every project, also those without KPIs) and 事業内容 (each year's
activities), 外部評価 (what the planning division typed after the council; absent from
workbooks written before it existed), all by their header names so added columns do not
matter, and the 対象年度 document property (``writer/summary.py``, ``writer/data.py``,
``writer/evaluation.py``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from kpi_workbook.consolidated.columns import HIGHEST_NO_PROPERTY
from kpi_workbook.consolidated.columns import data as D
from kpi_workbook.consolidated.columns import evaluation as EV
from kpi_workbook.consolidated.columns import summary as S
from kpi_workbook.consolidated.opening import ConsolidatedBook, Record, damage, open_consolidated
from kpi_workbook.domain.errors import KpiWorkbookError
from kpi_workbook.domain.evaluation import FIELDS, Evaluation, cell_text
from kpi_workbook.domain.fiscal_year import parse_fiscal_year
from kpi_workbook.domain.issues import Issue, Location, Phrase
from kpi_workbook.domain.labels import project_key
from kpi_workbook.domain.model import (
    Direction,
    Period,
    ValueKind,
)

SUMMARY_SHEET: Final = S.SHEET_NAME
PROJECTS_SHEET: Final = D.PROJECTS_SHEET
ACTIVITIES_SHEET: Final = D.ACTIVITIES_SHEET
DASH: Final = "-"


@dataclass(frozen=True, slots=True)
class PastValue:
    """A 目標値/実績値/基準値 cell of 集計一覧: a number, a dash, other text, or empty."""

    number: float | None = None
    text: str | None = None

    @property
    def is_missing(self) -> bool:
        return self.number is None and not self.text

    @property
    def is_dash(self) -> bool:
        return self.number is None and self.text == DASH

    def show(self) -> str:
        if self.number is not None:
            return number_text(self.number)
        return self.text or ""


@dataclass(slots=True)
class PastKpi:
    name: str
    unit: str
    direction: Direction = Direction.INCREASE
    values: dict[int, tuple[PastValue, PastValue]] = field(default_factory=dict)
    """fiscal year → (target, actual)."""
    index: int | None = None
    """指標番号: the KPI's position in its table (KPI1, KPI2, …)."""
    kind: ValueKind = ValueKind.SINGLE_YEAR
    baseline: PastValue = field(default_factory=PastValue)
    final_target: PastValue = field(default_factory=PastValue)
    """最終目標値 (empty in workbooks written before the column existed)."""
    number: int | None = None
    """The open-data NO (empty in workbooks written before the column existed)."""
    statuses: dict[int, str] = field(default_factory=dict)
    """fiscal year → 速報 or 確定 of its actual, where the workbook says (since issue 19)."""


@dataclass(slots=True)
class PastProject:
    """One project as the consolidated workbook shows it."""

    number: int | None
    name: str
    scope: str = ""
    department: str = ""
    period: Period | None = None
    purpose: str = ""
    kpis: list[PastKpi] = field(default_factory=list)
    """In table order (by 指標番号)."""
    activities: dict[int, str] = field(default_factory=dict)
    """fiscal year → 事業内容."""
    cost: float | None = None
    grant: float | None = None
    effect: str = ""
    policy: str = ""
    assessment: str = ""
    cause: str = ""
    improvement: str = ""
    policy_reason: str = ""
    grant_kind: str = ""
    actual_cost: float | None = None
    evaluation: Evaluation = field(default_factory=Evaluation)
    """外部評価: what the experts and the council said (empty when nothing was typed)."""

    @property
    def key(self) -> str:
        return project_key(self.number, self.name)

    @property
    def years(self) -> list[int]:
        if self.period is not None:
            return self.period.years
        found = {y for k in self.kpis for y in k.values} | set(self.activities)
        return sorted(found)


@dataclass(slots=True)
class Consolidated:
    path: Path
    report_year: int | None
    projects: list[PastProject] = field(default_factory=list)
    highest_no: int = 0
    """The highest open-data NO ever given (document property; 0 in older workbooks)."""


def read_consolidated(path: Path) -> Consolidated:
    """Read a 集計ブック written by this tool.

    Raises:
        KpiWorkbookError: ``previous-unreadable`` when the file cannot be opened or lacks
            the 集計一覧, 事業データ or 事業内容 sheet or one of their expected headers;
            ``consolidated-part-given`` for a part of a split workbook (``parts.py``:
            a split workbook keeps its flat sheets whole, so it reads as any other);
            ``consolidated-formula-uncached`` for a 外部評価 entry that is a formula
            without a saved result (its text would be lost).
    """
    path = Path(path)

    def unopenable(exc: Exception) -> KpiWorkbookError:
        return _unreadable(path, damage(exc) or Phrase(
            "Excel ブック（.xlsx）として開けません",
            "it cannot be opened as an Excel workbook (.xlsx)"),
            f"{type(exc).__name__}: {exc}"[:300])

    def sheet_missing(sheet: str) -> KpiWorkbookError:
        return _unreadable(path, Phrase(f"「{sheet}」シートがありません",
                                        f"it has no '{sheet}' sheet"))

    with open_consolidated(path, (SUMMARY_SHEET, PROJECTS_SHEET, ACTIVITIES_SHEET),
                           unopenable=unopenable, sheet_missing=sheet_missing) as book:
        report_year = book.report_year
        highest = book.rows.properties.get(HIGHEST_NO_PROPERTY)
        projects: dict[str, PastProject] = {}
        _read_projects(_records(book, PROJECTS_SHEET, (D.H_NUMBER, D.H_NAME), path),
                       projects)
        _read_activities(_records(book, ACTIVITIES_SHEET, (D.H_NUMBER, D.H_NAME, D.H_YEAR,
                                                           D.H_ACTIVITIES), path), projects)
        _read_summary(_records(book, SUMMARY_SHEET, (
            S.H_NUMBER, S.H_NAME, S.H_KPI_INDEX, S.H_KPI, S.H_YEAR, S.H_TARGET, S.H_ACTUAL),
            path), projects)
        if book.has(EV.SHEET_NAME):
            _read_evaluations(_records(book, EV.SHEET_NAME, (EV.H_NUMBER, EV.H_NAME),
                                       path), projects)
    for project in projects.values():
        project.kpis.sort(key=lambda k: k.index if k.index is not None else 10**9)
    return Consolidated(path, report_year, list(projects.values()),
                        highest if type(highest) is int else 0)


def _unreadable(path: Path, reason: Phrase, detail: str | None = None) -> KpiWorkbookError:
    # The reason in words; what openpyxl raised is the issue's detail, never the message.
    return KpiWorkbookError(Issue("previous-unreadable", Location(path), {"reason": reason},
                                  detail=detail))


def _records(book: ConsolidatedBook, sheet: str, needed: Sequence[str],
             path: Path) -> Iterator[Record]:
    """The rows of a flat sheet as header → value, each with its cells' addresses
    (checked for ``needed`` headers first)."""
    flat = book.sheet(sheet)
    missing = [h for h in needed if h not in flat.columns]
    if missing:
        names = "、".join(missing)
        raise _unreadable(path, Phrase(f"「{sheet}」シートに列「{names}」がありません",
                                       f"its '{sheet}' sheet has no column '{names}'"))
    return flat.records()


def _project(projects: dict[str, PastProject], rec: Mapping[str, object],
             number_header: str, name_header: str) -> PastProject | None:
    name = _text(rec.get(name_header))
    if not name:
        return None
    number = whole_number(rec.get(number_header))
    return projects.setdefault(project_key(number, name), PastProject(number, name))


def _read_projects(records: Iterable[Mapping[str, object]],
                   projects: dict[str, PastProject]) -> None:
    for rec in records:
        key = project_key(whole_number(rec.get(D.H_NUMBER)), _text(rec.get(D.H_NAME)))
        if key in projects:
            continue  # the same project twice (a duplicate submission): the first counts
        project = _project(projects, rec, D.H_NUMBER, D.H_NAME)
        if project is None:
            continue
        start, end = whole_number(rec.get(D.H_START)), whole_number(rec.get(D.H_END))
        project.period = Period(start, end) if start is not None and end is not None else None
        project.scope = _text(rec.get(D.H_SCOPE))
        project.department = _text(rec.get(D.H_DEPARTMENT))
        project.purpose = _text(rec.get(D.H_PURPOSE))
        project.cost = _number(rec.get(D.H_COST))
        project.grant = _number(rec.get(D.H_GRANT))
        project.effect = _text(rec.get(D.H_EFFECT))
        project.policy = _text(rec.get(D.H_POLICY))
        project.assessment = _text(rec.get(D.H_ASSESSMENT))
        project.cause = _text(rec.get(D.H_CAUSE))
        project.improvement = _text(rec.get(D.H_IMPROVEMENT))
        project.policy_reason = _text(rec.get(D.H_POLICY_REASON))
        project.grant_kind = _text(rec.get(D.H_GRANT_KIND))
        project.actual_cost = _number(rec.get(D.H_ACTUAL_COST))


def _read_activities(records: Iterable[Mapping[str, object]],
                     projects: dict[str, PastProject]) -> None:
    for rec in records:
        project = _project(projects, rec, D.H_NUMBER, D.H_NAME)
        fiscal_year = _year(rec.get(D.H_YEAR))
        if project is not None and fiscal_year is not None:
            project.activities.setdefault(fiscal_year, _text(rec.get(D.H_ACTIVITIES)))


def _read_evaluations(records: Iterable[Record], projects: dict[str, PastProject]) -> None:
    # Only for projects the other sheets name: a row a clerk added by hand has no project.
    seen: set[str] = set()
    for rec in records:
        key = project_key(whole_number(rec.get(EV.H_NUMBER)), _text(rec.get(EV.H_NAME)))
        if key in seen or key not in projects:
            continue
        seen.add(key)
        # entry(): a formula's saved result, or an error naming the cell (never a blank)
        projects[key].evaluation = Evaluation.from_headers(
            {f.header: cell_text(rec.entry(f.header)) for f in FIELDS})


def _read_summary(records: Iterable[Mapping[str, object]],
                  projects: dict[str, PastProject]) -> None:
    for rec in records:
        project = _project(projects, rec, S.H_NUMBER, S.H_NAME)
        kpi_name = _text(rec.get(S.H_KPI))
        if project is None or not kpi_name:
            continue
        project.scope = project.scope or _text(rec.get(S.H_SCOPE))
        project.department = project.department or _text(rec.get(S.H_DEPARTMENT))
        index = whole_number(rec.get(S.H_KPI_INDEX))
        kpi = next((k for k in project.kpis if k.index == index and k.name == kpi_name), None)
        if kpi is None:
            direction, kind = _text(rec.get(S.H_DIRECTION)), _text(rec.get(S.H_KIND))
            kpi = PastKpi(kpi_name, _text(rec.get(S.H_UNIT)),
                          Direction(direction) if direction in ("増加", "減少")
                          else Direction.INCREASE, index=index,
                          kind=ValueKind(kind) if kind in {k.value for k in ValueKind}
                          else ValueKind.SINGLE_YEAR,
                          baseline=_past_value(rec.get(S.H_BASELINE)),
                          final_target=_past_value(rec.get(S.H_FINAL_TARGET)),
                          number=whole_number(rec.get(S.H_NO)))
            project.kpis.append(kpi)
        fiscal_year = _year(rec.get(S.H_YEAR))
        if fiscal_year is None:
            continue
        # setdefault: a project submitted twice keeps its first values, as in 事業データ
        kpi.values.setdefault(fiscal_year, (_past_value(rec.get(S.H_TARGET)),
                                            _past_value(rec.get(S.H_ACTUAL))))
        status = _text(rec.get(S.H_FIGURE_STATUS))
        if status:
            kpi.statuses.setdefault(fiscal_year, status)


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def whole_number(value: object) -> int | None:
    """A cell's value as a whole number (事業番号, 指標番号, a year), or None: a bool, text,
    a fraction or an infinity is none."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)) and math.isfinite(value) and float(value).is_integer():
        return int(value)
    return None


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value) if math.isfinite(value) else None


def _year(value: object) -> int | None:
    # A number as written; a label the reader could not turn into a year stays text.
    year = whole_number(value)
    return year if year is not None else parse_fiscal_year(value)


def _past_value(value: object) -> PastValue:
    if isinstance(value, bool) or value is None or value == "":
        return PastValue()
    if isinstance(value, (int, float)) and math.isfinite(value):
        return PastValue(float(value))
    return PastValue(text=str(value))


def number_text(number: float) -> str:
    if float(number).is_integer():
        return f"{int(number):,}"
    return f"{number:,.6g}"
