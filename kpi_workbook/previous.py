"""Read a consolidated workbook (集計ブック) we wrote earlier, and compare it with this year's.

A department that silently revises a past figure is the commonest error a council asks
about, so merge ``--previous LAST.xlsx`` lists every target or actual that changed for the
years both reports cover, every KPI renamed or re-unitised, and every project that
disappeared. The same reader feeds ``template --from`` (next year's pre-filled workbooks).

What is read: the flat 集計一覧 table (by its header names, so added columns do not
matter), the 対象年度 document property, and from each project sheet the title (number,
name, period), 担当課/実施区分, 事業目的 and the 事業内容 of each year (a project without
KPIs has no 集計一覧 rows). Baselines, value kinds, 事業費 and the like are not in the
consolidated workbook yet.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

import openpyxl

from kpi_workbook.api import KpiWorkbookError
from kpi_workbook.fiscal_year import format_fiscal_year, parse_fiscal_year, parse_period
from kpi_workbook.issues import Issue, Location
from kpi_workbook.labels import PURPOSE, normalize_text
from kpi_workbook.model import Direction, Period, Project, Submission, Value, ValueStatus
from kpi_workbook.writer import summary as S

SUMMARY_SHEET: Final = S.SHEET_NAME
OTHER_SHEETS: Final = frozenset({"検証結果", "提出状況", "前回との差異"})
FISCAL_YEAR_PROPERTY: Final = "対象年度"
_CIRCLED: Final = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_TITLE_RE = re.compile(r"^\s*(?:([①-⑳])|No\.(\d+))?\s*(.*?)\s*(?:\(([^()]*～[^()]*)\))?\s*$")
_YEAR_IN_LABEL_RE = re.compile(r"（(.+?)）")
_INFO_RE = re.compile(r"担当課：(?P<department>[^\u3000]*)(?:\u3000実施区分：(?P<scope>.*))?")
DASH: Final = "-"


@dataclass(frozen=True, slots=True)
class PastValue:
    """A 目標値/実績値 cell of 集計一覧: a number, a dash, other text, or empty."""

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
            return _number_text(self.number)
        return self.text or ""


@dataclass(slots=True)
class PastKpi:
    name: str
    unit: str
    direction: Direction = Direction.INCREASE
    values: dict[int, tuple[PastValue, PastValue]] = field(default_factory=dict)
    """fiscal year → (target, actual)."""


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
    activities: dict[int, str] = field(default_factory=dict)
    """fiscal year → 事業内容, from the project sheet."""

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


def project_key(number: int | None, name: str) -> str:
    """Projects are matched by name (numbers get reassigned), normalised as labels are."""
    return normalize_text(name) or f"#{number}"


def read_consolidated(path: Path) -> Consolidated:
    """Read a 集計ブック written by this tool.

    Raises:
        KpiWorkbookError: ``previous-unreadable`` when the file cannot be opened or has no
            集計一覧 table with the expected headers.
    """
    path = Path(path)
    try:
        wb = openpyxl.load_workbook(path, data_only=True, read_only=False)
    except Exception as exc:  # openpyxl raises many types for a broken file
        raise _unreadable(path, f"{type(exc).__name__}: {exc}") from exc
    if SUMMARY_SHEET not in wb.sheetnames:
        raise _unreadable(path, f"no sheet {SUMMARY_SHEET}")
    report_year = None
    for prop in getattr(wb.custom_doc_props, "props", []):
        if prop.name == FISCAL_YEAR_PROPERTY and isinstance(prop.value, int):
            report_year = prop.value
    result = Consolidated(path, report_year)
    projects: dict[str, PastProject] = {}
    for name in wb.sheetnames:
        if name in OTHER_SHEETS or name == SUMMARY_SHEET:
            continue
        project = _read_project_sheet(wb[name])
        if project is not None:
            projects.setdefault(project.key, project)
    _read_summary(wb[SUMMARY_SHEET], projects, path)
    result.projects = list(projects.values())
    return result


def _unreadable(path: Path, reason: str) -> KpiWorkbookError:
    return KpiWorkbookError(Issue("previous-unreadable", Location(path), {"reason": reason}))


def _read_summary(ws: object, projects: dict[str, PastProject], path: Path) -> None:
    rows = ws.iter_rows(values_only=True)  # type: ignore[attr-defined]
    header = next(rows, None) or ()
    col = {str(h): i for i, h in enumerate(header) if h is not None}
    needed = (S.H_NUMBER, S.H_NAME, S.H_KPI, S.H_YEAR, S.H_TARGET, S.H_ACTUAL)
    missing = [h for h in needed if h not in col]
    if missing:
        raise _unreadable(path, f"{SUMMARY_SHEET}: no column {'、'.join(missing)}")

    def get(row: Sequence[object], header: str) -> object:
        i = col.get(header)
        return row[i] if i is not None and i < len(row) else None

    for row in rows:
        name = _text(get(row, S.H_NAME))
        kpi_name = _text(get(row, S.H_KPI))
        if not name or not kpi_name:
            continue
        number = _int(get(row, S.H_NUMBER))
        key = project_key(number, name)
        project = projects.setdefault(key, PastProject(number, name))
        project.scope = project.scope or _text(get(row, S.H_SCOPE))
        project.department = project.department or _text(get(row, S.H_DEPARTMENT))
        kpi = next((k for k in project.kpis if k.name == kpi_name), None)
        if kpi is None:
            direction = _text(get(row, S.H_DIRECTION))
            kpi = PastKpi(kpi_name, _text(get(row, S.H_UNIT)),
                          Direction(direction) if direction in ("増加", "減少")
                          else Direction.INCREASE)
            project.kpis.append(kpi)
        year = get(row, S.H_YEAR)
        fiscal_year = year if isinstance(year, int) else parse_fiscal_year(year)
        if fiscal_year is None:
            continue
        kpi.values[fiscal_year] = (_past_value(get(row, S.H_TARGET)),
                                   _past_value(get(row, S.H_ACTUAL)))


def _read_project_sheet(ws: object) -> PastProject | None:
    """The council layout of ``writer/project.py``: title, info line, 事業目的, table."""
    cells = [list(r) for r in ws.iter_rows(max_col=2, values_only=True)]  # type: ignore[attr-defined]
    if not cells or not isinstance(cells[0][0], str):
        return None
    m = _TITLE_RE.match(cells[0][0])
    if not m or not m.group(3):
        return None
    circled, digits, name, period_text = m.groups()
    number = _CIRCLED.index(circled) + 1 if circled else (int(digits) if digits else None)
    project = PastProject(number, name, period=parse_period(period_text) if period_text
                          else None)
    info = _INFO_RE.search(_text(cells[1][0])) if len(cells) > 1 else None
    if info:
        project.department = info.group("department") or ""
        project.scope = info.group("scope") or ""
    in_table = False
    for i, row in enumerate(cells):
        first, second = (_text(row[0]), _text(row[1]) if len(row) > 1 else "")
        if first == PURPOSE and i + 1 < len(cells):
            project.purpose = _text(cells[i + 1][0])
        elif first == "年度" and second == "事業内容":
            in_table = True
        elif in_table:
            if not first:
                break
            label = _YEAR_IN_LABEL_RE.search(first)
            fiscal_year = parse_fiscal_year(label.group(1) if label else first)
            if fiscal_year is not None:
                project.activities[fiscal_year] = second
    return project


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def _int(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)) and float(value).is_integer():
        return int(value)
    return None


def _past_value(value: object) -> PastValue:
    if isinstance(value, bool) or value is None or value == "":
        return PastValue()
    if isinstance(value, (int, float)) and math.isfinite(value):
        return PastValue(float(value))
    return PastValue(text=str(value))


def _number_text(number: float) -> str:
    if float(number).is_integer():
        return f"{int(number):,}"
    return f"{number:,.6g}"


# --- comparison ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Difference:
    """One change against the previous workbook, with both values as shown."""

    kind: str
    """The issue code: previous-value-changed, previous-kpi-renamed, …"""
    project: str
    department: str
    kpi: str
    year: int | None
    field: str
    """目標値, 実績値, 指標名, 単位 or 事業."""
    old: str
    new: str
    where: Location

    def issue(self) -> Issue:
        return Issue(self.kind, self.where, {
            "project": self.project, "kpi": self.kpi, "field": self.field, "old": self.old,
            "new": self.new, "year": format_fiscal_year(self.year) if self.year else "",
            "department": self.department, "previous": self.where.file.name
            if self.kind == "previous-project-missing" else ""})


def compare(previous: Consolidated, submissions: Iterable[Submission]) -> list[Difference]:
    """Every difference between ``previous`` and this year's submissions (see module doc)."""
    current: dict[str, Project] = {}
    for sub in submissions:
        for p in sub.projects:
            current.setdefault(project_key(p.number, p.name), p)
    out: list[Difference] = []
    for past in previous.projects:
        project = current.get(past.key)
        if project is None:
            out.append(Difference("previous-project-missing", past.name, past.department, "",
                                  None, "事業", past.name, "",
                                  Location(previous.path, SUMMARY_SHEET)))
            continue
        out.extend(_compare_project(past, project))
    return out


def _compare_project(past: PastProject, project: Project) -> Iterator[Difference]:
    def diff(kind: str, kpi: str, year: int | None, fld: str, old: str, new: str,
             where: Location) -> Difference:
        return Difference(kind, project.name, project.department, kpi, year, fld, old, new,
                          where)

    # KPIs are matched by position: a renamed KPI keeps its column pair.
    for index, pk in enumerate(past.kpis, start=1):
        kpi = next((k for k in project.kpis if k.index == index), None)
        if kpi is None:
            yield diff("previous-kpi-missing", pk.name, None, "指標名", pk.name, "",
                       project.where)
            continue
        where = kpi.where or project.where
        if normalize_text(kpi.name) != normalize_text(pk.name):
            yield diff("previous-kpi-renamed", pk.name, None, "指標名", pk.name, kpi.name,
                       where)
        if pk.unit and (kpi.unit or "") != pk.unit:
            yield diff("previous-unit-changed", kpi.name, None, "単位", pk.unit,
                       kpi.unit or "", where)
        for year in project.years:
            if year.fiscal_year is None or year.fiscal_year not in pk.values:
                continue
            if index - 1 >= len(year.observations):
                continue
            obs = year.observations[index - 1]
            old_t, old_a = pk.values[year.fiscal_year]
            for fld, old, new in (("目標値", old_t, obs.target), ("実績値", old_a, obs.actual)):
                if _changed(old, new):
                    yield diff("previous-value-changed", kpi.name, year.fiscal_year, fld,
                               old.show() or "（空欄）", _show(new) or "（空欄）", new.where)


def _changed(old: PastValue, new: Value) -> bool:
    # An actual filled in since (empty → number) is progress, not a revision.
    if old.is_missing:
        return False
    if new.status is ValueStatus.NUMBER and new.number is not None:
        return old.number is None or not math.isclose(old.number, new.number,
                                                      rel_tol=1e-9, abs_tol=1e-12)
    if new.status is ValueStatus.NOT_APPLICABLE:
        return not old.is_dash
    if new.status is ValueStatus.MISSING:
        return True
    return old.number is not None or (old.text or "") != new.raw_text


def _show(value: Value) -> str:
    if value.status is ValueStatus.NUMBER and value.number is not None:
        return _number_text(value.number)
    return value.raw_text
