"""The consolidated workbook read back for publication, strictly, with every cell placed.

``previous.py`` reads a 集計ブック leniently (last year's figures for a comparison). The
page the city publishes needs more: every value in its place or a refusal. A workbook
that is not ours, or that has been edited so that it can no longer be read (a sheet
renamed, a column heading changed, a date typed over a year), raises
:class:`~kpi_workbook.domain.errors.KpiWorkbookError` with the sheet and the cell, and nothing is
written (spec §5.2). What is read: 事業データ (the header block of each project), 事業内容
(the activities by year), 集計一覧 (the KPIs and their values, and the rows of kpi.csv)
and 外部評価 (when present), all by their header names, as ``writer/`` declares them. A
split workbook (``consolidated/parts.py``) keeps these sheets whole in its main file, so it
reads as any other; given one of its parts, publish names the main file instead.

達成率 and 判定 are recomputed from the row's 目標値/実績値/目標の方向 (``attainment.py``,
the statement of spec §2 the formulas were written from) rather than taken from the cached
results: a workbook saved by a program that does not recalculate (openpyxl, a script)
keeps the formulas but drops their results, and the page must still be right.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from openpyxl.utils import get_column_letter

from kpi_workbook.consolidated.columns import data as D
from kpi_workbook.consolidated.columns import evaluation as EV
from kpi_workbook.consolidated.columns import summary as S
from kpi_workbook.domain.attainment import Judgement, judge, progress
from kpi_workbook.domain.errors import KpiWorkbookError, os_reason
from kpi_workbook.domain.evaluation import Evaluation
from kpi_workbook.domain.fiscal_year import parse_fiscal_year
from kpi_workbook.domain.issues import Issue, Location
from kpi_workbook.domain.labels import project_key
from kpi_workbook.domain.model import Direction, Period, Scope

_EXCEL_ERRORS: Final = frozenset({"#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!",
                                  "#VALUE!", "#GETTING_DATA", "#SPILL!", "#CALC!"})
#: The columns of 集計一覧 that are formulas: recomputed here (評価 only from its cache,
#: its thresholds are the merge's settings, not in the workbook's data). 進捗率 is
#: recomputed too where the workbook has it (older ones do not: it is not required).
RECOMPUTED: Final = (S.H_RATE, S.H_VERDICT, S.H_REASON)

_NOT_XLSX: Final = {"ja": "Excel ブック（.xlsx）でないか、壊れています",
                    "en": "not an Excel workbook (.xlsx), or damaged"}
_EXPECT_INTEGER: Final = {"ja": "整数", "en": "a whole number"}
_EXPECT_YEAR: Final = {"ja": "年度（例: 2022）", "en": "a fiscal year, e.g. 2022"}
_EXPECT_SCOPE: Final = {"ja": "単市 または 広域", "en": "単市 or 広域"}
_EXPECT_VALUE: Final = {"ja": "数値、「-」または文字", "en": "a number, '-' or text"}
_EXPECT_TEXT: Final = {"ja": "文字", "en": "text"}
_EXPECT_DIRECTION: Final = {"ja": "増加 または 減少", "en": "増加 or 減少"}


Cell = float | str | None
"""A value as the workbook holds it: a number, text (a dash, an unreadable entry), or
empty."""


@dataclass(slots=True)
class PubKpi:
    index: int
    name: str
    unit: str
    direction: Direction
    values: dict[int | str, tuple[Cell, Cell]] = field(default_factory=dict)
    """year key (the fiscal year, or the label as typed when it could not be read) →
    (目標値, 実績値)."""
    dues: dict[int | str, Cell] = field(default_factory=dict)
    """year key → the row's 公表予定 (only rows that have one): its actual is 未公表."""

    def judgement(self, year: int | str) -> Judgement | None:
        """達成率 and 判定 of one year (None when the KPI has no row for it)."""
        if year not in self.values:
            return None
        target, actual = self.values[year]
        return judge(_as_number(target), _as_number(actual), self.direction,
                     due=self.dues.get(year))


@dataclass(slots=True)
class PubYear:
    key: int | str
    """The fiscal year, or the label as typed when it could not be read as one."""
    label: str
    """As the page writes it: ``初年度``, ``2年目``, … counted from the period's start."""
    activities: str = ""


@dataclass(slots=True)
class PubProject:
    number: int | None
    name: str
    scope: Scope | None
    department: str
    period: Period | None
    purpose: str
    kpis: list[PubKpi] = field(default_factory=list)
    years: list[PubYear] = field(default_factory=list)
    evaluation: Evaluation = field(default_factory=Evaluation)


@dataclass(slots=True)
class Publication:
    """Everything the page and the CSV show, in output order."""

    path: Path
    report_year: int | None
    projects: list[PubProject]
    summary_header: list[str]
    """The 集計一覧 header row as found (kpi.csv keeps its columns and their order)."""
    summary_rows: list[list[Cell]]
    """The 集計一覧 data rows, with 達成率, 判定 and 判定根拠 recomputed."""


def read_publication(path: Path, lang: str = "ja") -> Publication:
    """Read and validate a consolidated workbook (see the module docstring).

    Raises:
        KpiWorkbookError: ``publish-*`` with the file, sheet and cell.
    """
    from kpi_workbook.consolidated.opening import open_consolidated

    path = Path(path)
    with open_consolidated(
            path, (S.SHEET_NAME, D.PROJECTS_SHEET, D.ACTIVITIES_SHEET),
            unopenable=lambda exc: _error("publish-unreadable", path,
                                          reason=_open_failure(exc, lang)),
            sheet_missing=lambda sheet: _error("publish-sheet-missing", path, sheet),
    ) as book:
        wb, report_year = book.workbook, book.report_year
        reader = _Reader(path, lang)
        projects = reader.projects(_Sheet(wb, D.PROJECTS_SHEET, path))
        reader.activities(_Sheet(wb, D.ACTIVITIES_SHEET, path), projects)
        header, rows = reader.summary(_Sheet(wb, S.SHEET_NAME, path), projects)
        if book.has(EV.SHEET_NAME):
            reader.evaluations(_Sheet(wb, EV.SHEET_NAME, path), projects)
    ordered = list(projects.values())
    for project in ordered:
        project.kpis.sort(key=lambda k: k.index)
        project.years = _year_rows(project)
    return Publication(path, report_year, ordered, header, rows)


def _open_failure(exc: Exception, lang: str) -> str:
    """Why the file would not open, in words (never the exception's text)."""
    if isinstance(exc, OSError):
        reason = os_reason(exc)
        return reason.en if lang == "en" else reason.ja
    return _NOT_XLSX["en" if lang == "en" else "ja"]


def _error(code: str, path: Path, sheet: str | None = None, cell: str | None = None,
           **params: object) -> KpiWorkbookError:
    return KpiWorkbookError(Issue(code, Location(path, sheet, cell), params))


class _Sheet:
    """One flat sheet: its header row by name, and its data rows with their numbers."""

    def __init__(self, wb: object, name: str, path: Path) -> None:
        self.name, self.path = name, path
        self._rows = wb[name].iter_rows(values_only=True)  # type: ignore[index]
        header = next(self._rows, None) or ()
        self.header = [str(h) if h is not None else "" for h in header]
        self.col = {h: i for i, h in enumerate(self.header) if h}

    def require(self, *headers: str) -> None:
        for h in headers:
            if h not in self.col:
                last = get_column_letter(max(len(self.header), 1))
                raise _error("publish-column-missing", self.path, self.name, f"A1:{last}1",
                             column=h)

    def rows(self) -> Iterator[tuple[int, tuple[object, ...]]]:
        """(1-based row number, values) of every row that holds anything."""
        for n, row in enumerate(self._rows, start=2):
            if any(v is not None and v != "" for v in row):
                yield n, row

    def get(self, row: tuple[object, ...], header: str) -> object:
        i = self.col.get(header)
        return row[i] if i is not None and i < len(row) else None

    def cell(self, n: int, header: str) -> str:
        return f"{get_column_letter(self.col[header] + 1)}{n}"


class _Reader:
    def __init__(self, path: Path, lang: str) -> None:
        self.path = path
        self.lang = "en" if lang == "en" else "ja"

    def invalid(self, sheet: _Sheet, n: int, header: str, raw: object,
                expected: Mapping[str, str]) -> KpiWorkbookError:
        return _error("publish-cell-invalid", self.path, sheet.name, sheet.cell(n, header),
                      column=header, raw=_show_raw(raw), expected=expected[self.lang])

    def check_errors(self, sheet: _Sheet, n: int, row: tuple[object, ...]) -> None:
        # An Excel error value (#REF! after a deleted column, …) anywhere in a used column.
        for header in sheet.col:
            value = sheet.get(row, header)
            if isinstance(value, str) and value.strip() in _EXCEL_ERRORS:
                raise self.invalid(sheet, n, header, value, _EXPECT_VALUE)

    def integer(self, sheet: _Sheet, n: int, row: tuple[object, ...], header: str,
                expected: Mapping[str, str] = _EXPECT_INTEGER) -> int | None:
        value = sheet.get(row, header)
        if value is None or value == "":
            return None
        if (isinstance(value, (int, float)) and not isinstance(value, bool)
                and math.isfinite(value) and float(value).is_integer()):
            return int(value)
        raise self.invalid(sheet, n, header, value, expected)

    def text(self, sheet: _Sheet, n: int, row: tuple[object, ...], header: str) -> str:
        value = sheet.get(row, header)
        if value is None:
            return ""
        if isinstance(value, (dt.date, dt.time, dt.timedelta, bool)):
            raise self.invalid(sheet, n, header, value, _EXPECT_TEXT)
        if isinstance(value, float) and value.is_integer():
            return str(int(value))  # a name a clerk retyped as a number
        return str(value).strip()

    def value(self, sheet: _Sheet, n: int, row: tuple[object, ...], header: str) -> Cell:
        value = sheet.get(row, header)
        if value is None or value == "":
            return None
        if isinstance(value, (bool, dt.date, dt.time, dt.timedelta)):
            raise self.invalid(sheet, n, header, value, _EXPECT_VALUE)
        if isinstance(value, (int, float)):
            if not math.isfinite(value):
                raise self.invalid(sheet, n, header, value, _EXPECT_VALUE)
            return float(value)
        return str(value)

    def year(self, sheet: _Sheet, n: int, row: tuple[object, ...],
             header: str) -> int | str | None:
        value = sheet.get(row, header)
        if value is None or value == "":
            return None
        if isinstance(value, str):  # a label the reader could not read, kept as typed
            return parse_fiscal_year(value) or value.strip()
        year = self.integer(sheet, n, row, header, _EXPECT_YEAR)
        if year is None or not 1900 <= year <= 2200:
            raise self.invalid(sheet, n, header, value, _EXPECT_YEAR)
        return year

    def project_of(self, sheet: _Sheet, n: int, row: tuple[object, ...],
                   projects: Mapping[str, PubProject]) -> PubProject:
        number = self.integer(sheet, n, row, S.H_NUMBER)
        name = self.text(sheet, n, row, S.H_NAME)
        project = projects.get(project_key(number, name))
        if project is None:
            raise _error("publish-project-unknown", self.path, sheet.name,
                         sheet.cell(n, S.H_NAME), project=name or f"#{number}",
                         projects_sheet=D.PROJECTS_SHEET)
        return project

    # --- the sheets -----------------------------------------------------------------------

    def projects(self, sheet: _Sheet) -> dict[str, PubProject]:
        sheet.require(D.H_NUMBER, D.H_NAME, D.H_SCOPE, D.H_DEPARTMENT, D.H_START, D.H_END,
                      D.H_PURPOSE)
        projects: dict[str, PubProject] = {}
        for n, row in sheet.rows():
            self.check_errors(sheet, n, row)
            number = self.integer(sheet, n, row, D.H_NUMBER)
            name = self.text(sheet, n, row, D.H_NAME)
            scope_text = self.text(sheet, n, row, D.H_SCOPE)
            if scope_text and scope_text not in (Scope.CITY.value, Scope.REGIONAL.value):
                raise self.invalid(sheet, n, D.H_SCOPE, scope_text, _EXPECT_SCOPE)
            start = self.integer(sheet, n, row, D.H_START, _EXPECT_YEAR)
            end = self.integer(sheet, n, row, D.H_END, _EXPECT_YEAR)
            if not name and number is None:
                continue
            k = project_key(number, name)
            if k in projects:
                continue  # the same project submitted twice: the first counts (previous.py)
            period = Period(start, end) if start is not None and end is not None else None
            projects[k] = PubProject(number, name, Scope(scope_text) if scope_text else None,
                                     self.text(sheet, n, row, D.H_DEPARTMENT), period,
                                     self.text(sheet, n, row, D.H_PURPOSE))
        return projects

    def activities(self, sheet: _Sheet, projects: Mapping[str, PubProject]) -> None:
        sheet.require(D.H_NUMBER, D.H_NAME, D.H_YEAR, D.H_ACTIVITIES)
        seen: set[tuple[int, int | str]] = set()
        for n, row in sheet.rows():
            self.check_errors(sheet, n, row)
            project = self.project_of(sheet, n, row, projects)
            year = self.year(sheet, n, row, D.H_YEAR)
            if year is None:
                raise self.invalid(sheet, n, D.H_YEAR, None, _EXPECT_YEAR)
            if (id(project), year) in seen:
                continue
            seen.add((id(project), year))
            label = self.text(sheet, n, row, D.H_YEAR_LABEL) if D.H_YEAR_LABEL in sheet.col \
                else ""
            project.years.append(PubYear(year, label,
                                         self.text(sheet, n, row, D.H_ACTIVITIES)))

    def summary(self, sheet: _Sheet, projects: Mapping[str, PubProject]) -> tuple[
            list[str], list[list[Cell]]]:
        sheet.require(S.H_NUMBER, S.H_NAME, S.H_KPI_INDEX, S.H_KPI, S.H_UNIT, S.H_DIRECTION,
                      S.H_YEAR, S.H_TARGET, S.H_ACTUAL, *RECOMPUTED)
        out: list[list[Cell]] = []
        width = max(sheet.col.values()) + 1
        header = sheet.header[:width]
        for n, row in sheet.rows():
            self.check_errors(sheet, n, row)
            project = self.project_of(sheet, n, row, projects)
            index = self.integer(sheet, n, row, S.H_KPI_INDEX)
            if index is None or index < 1:
                raise self.invalid(sheet, n, S.H_KPI_INDEX, sheet.get(row, S.H_KPI_INDEX),
                                   _EXPECT_INTEGER)
            name = self.text(sheet, n, row, S.H_KPI)
            direction_text = self.text(sheet, n, row, S.H_DIRECTION)
            if direction_text not in ("", *(d.value for d in Direction)):
                raise self.invalid(sheet, n, S.H_DIRECTION, direction_text, _EXPECT_DIRECTION)
            direction = Direction(direction_text) if direction_text else Direction.INCREASE
            year = self.year(sheet, n, row, S.H_YEAR)
            if year is None:
                raise self.invalid(sheet, n, S.H_YEAR, None, _EXPECT_YEAR)
            target = self.value(sheet, n, row, S.H_TARGET)
            actual = self.value(sheet, n, row, S.H_ACTUAL)
            kpi = next((k for k in project.kpis if k.index == index), None)
            if kpi is None:
                kpi = PubKpi(index, name, self.text(sheet, n, row, S.H_UNIT), direction)
                project.kpis.append(kpi)
            kpi.values.setdefault(year, (target, actual))
            # columns of workbooks written since issue 19; absent from older ones
            baseline = self.optional_value(sheet, n, row, S.H_BASELINE)
            due = _due(sheet.get(row, S.H_DUE))
            if due is not None:
                kpi.dues.setdefault(year, due)
            kind = self.text(sheet, n, row, S.H_KIND) if S.H_KIND in sheet.col else ""
            out.append(self.csv_row(row, header, target, actual, direction, baseline, kind,
                                    due))
        return header, out

    def optional_value(self, sheet: _Sheet, n: int, row: tuple[object, ...],
                       header: str) -> Cell:
        return self.value(sheet, n, row, header) if header in sheet.col else None

    def csv_row(self, row: tuple[object, ...], header: list[str], target: Cell,
                actual: Cell, direction: Direction, baseline: Cell = None,
                kind: str = "", due: Cell = None) -> list[Cell]:
        """One row of kpi.csv: the sheet's cells, 達成率/判定/判定根拠 (and 進捗率, in a
        workbook that has it) recomputed."""
        t, a = _as_number(target), _as_number(actual)
        j = judge(t, a, direction, due=due)
        computed: dict[str, Cell] = {S.H_RATE: j.rate, S.H_VERDICT: j.verdict,
                                     S.H_REASON: j.reason,
                                     S.H_PROGRESS: progress(t, a, _as_number(baseline), kind)}
        cells: list[Cell] = []
        for i, h in enumerate(header):
            if h in computed:
                cells.append(computed[h])
                continue
            value = row[i] if i < len(row) else None
            if isinstance(value, (dt.date, dt.time)):
                # a column a clerk added (確認日 …): its date as ISO text, never lost
                cells.append(value.isoformat())
            elif isinstance(value, dt.timedelta):
                cells.append(str(value))
            elif isinstance(value, bool):
                cells.append(str(value).upper())
            elif isinstance(value, (int, float)):
                cells.append(float(value))
            else:
                cells.append(None if value is None else str(value))
        return cells

    def evaluations(self, sheet: _Sheet, projects: Mapping[str, PubProject]) -> None:
        sheet.require(EV.H_NUMBER, EV.H_NAME, *EV.INPUT_HEADERS)
        seen: set[int] = set()
        for n, row in sheet.rows():
            self.check_errors(sheet, n, row)
            project = self.project_of(sheet, n, row, projects)
            if id(project) in seen:
                continue
            seen.add(id(project))
            project.evaluation = Evaluation(self.text(sheet, n, row, EV.H_RATING),
                                            self.text(sheet, n, row, EV.H_EXPERTS),
                                            self.text(sheet, n, row, EV.H_COUNCIL))


def _due(value: object) -> Cell:
    """A 公表予定 cell as the rule sees it: anything in it makes the row's missing actual
    未公表, as in the formula (a date typed over our text too)."""
    if value is None or value == "":
        return None
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return value if isinstance(value, (float, str)) else str(value)


def _as_number(value: Cell) -> float | None:
    return value if isinstance(value, float) else None


def _show_raw(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _year_rows(project: PubProject) -> list[PubYear]:
    """One row per year of the period, then any other year the sheets name, in order;
    labelled 初年度, 2年目, … from the period's start (spec §5.2)."""
    from kpi_workbook.domain.fiscal_year import year_label

    by_key: dict[int | str, PubYear] = {y.key: y for y in project.years}
    keys: list[int | str] = list(project.period.years) if project.period else []
    extra = {y.key for y in project.years} | {y for k in project.kpis for y in k.values}
    keys += sorted(k for k in extra if isinstance(k, int) and k not in keys)
    keys += sorted(k for k in extra if isinstance(k, str))
    start = project.period.start if project.period else None
    if start is None:
        numbers = [k for k in keys if isinstance(k, int)]
        start = min(numbers) if numbers else None
    rows: list[PubYear] = []
    for k in keys:
        found = by_key.get(k)
        if isinstance(k, int) and start is not None and k >= start:
            label = year_label(k - start + 1)
        else:
            label = found.label if found and found.label else str(k)
        rows.append(PubYear(k, label, found.activities if found else ""))
    return rows


def ordered(projects: Sequence[PubProject]) -> list[PubProject]:
    """単市 first, then 広域, then projects whose scope is unknown, each by 事業番号 (the
    order of the workbook's own sheets)."""
    rank = {Scope.CITY: 0, Scope.REGIONAL: 1}
    return sorted(projects, key=lambda p: (rank.get(p.scope, 2) if p.scope else 2,
                                           p.number if p.number is not None else 10**9))
