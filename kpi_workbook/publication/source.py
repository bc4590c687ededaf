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

from kpi_workbook.consolidated.columns import data as D
from kpi_workbook.consolidated.columns import evaluation as EV
from kpi_workbook.consolidated.columns import issues as IS
from kpi_workbook.consolidated.columns import summary as S
from kpi_workbook.consolidated.opening import (
    EXCEL_ERRORS,
    ConsolidatedBook,
    Record,
    damage,
    open_consolidated,
)
from kpi_workbook.domain import choices as C
from kpi_workbook.domain.attainment import Judgement, judge, progress
from kpi_workbook.domain.errors import KpiWorkbookError, os_reason
from kpi_workbook.domain.evaluation import Evaluation, cell_text
from kpi_workbook.domain.fiscal_year import parse_fiscal_year
from kpi_workbook.domain.issues import Issue, Location, Severity, cell_name, sort_issues
from kpi_workbook.domain.labels import project_key
from kpi_workbook.domain.messages import severity_label
from kpi_workbook.domain.model import Direction, Period, Scope
from kpi_workbook.domain.no_value import NO_VALUE, is_dash

#: The columns of 集計一覧 that are formulas: recomputed here (評価 only from its cache,
#: its thresholds are the merge's settings, not in the workbook's data). 進捗率 is
#: recomputed too where the workbook has it (older ones do not: it is not required).
RECOMPUTED: Final = (S.H_RATE, S.H_VERDICT, S.H_REASON)
#: The record's cells that hold a choice of a list (a wording of a choice is the choice).
_RECORD_CHOICES: Final = ((EV.H_RATING, C.RATING), (EV.H_FINAL_POLICY, C.POLICY))
#: How 検証結果 names an error, in either language of the merge.
_ERROR_LABELS: Final = frozenset(severity_label(Severity.ERROR, lang) for lang in ("ja", "en"))

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
    cause: str = ""
    """要因分析 as the department submitted it ('' in a workbook written before it)."""
    improvement: str = ""
    """改善方策 as submitted."""
    policy_reason: str = ""
    """今後の方針の理由 as submitted."""
    effect: str = ""
    policy: str = ""


@dataclass(slots=True)
class Publication:
    """Everything the page and the CSV show, in output order."""

    path: Path
    report_year: int | None
    projects: list[PubProject]
    summary_header: list[str]
    """kpi.csv's header: 集計一覧's as found (its columns, in their order, NO first) with
    :func:`open_data_table`'s columns."""
    summary_rows: list[list[Cell]]
    """The 集計一覧 data rows, with 達成率, 判定 and 判定根拠 recomputed, and the columns
    of :func:`open_data_table`."""
    findings: list[Issue] = field(default_factory=list)
    """What the page will show that the clerk should know before it goes out (issue 24):
    the errors 検証結果 lists, values that are not numbers, projects without a readable
    実施区分, evaluations outside the list. The page is written all the same (spec §5.2)."""


def read_publication(path: Path, lang: str = "ja") -> Publication:
    """Read and validate a consolidated workbook (see the module docstring).

    Raises:
        KpiWorkbookError: ``publish-*`` with the file, sheet and cell.
    """
    path = Path(path)
    with open_consolidated(
            path, (S.SHEET_NAME, D.PROJECTS_SHEET, D.ACTIVITIES_SHEET),
            unopenable=lambda exc: _error("publish-unreadable", path,
                                          reason=_open_failure(exc, lang)),
            sheet_missing=lambda sheet: _error("publish-sheet-missing", path, sheet),
    ) as book:
        report_year = book.report_year
        reader = _Reader(path, lang)
        projects = reader.projects(_Sheet(book, D.PROJECTS_SHEET, path))
        reader.activities(_Sheet(book, D.ACTIVITIES_SHEET, path), projects)
        header, rows, row_projects = reader.summary(_Sheet(book, S.SHEET_NAME, path),
                                                    projects)
        if book.has(EV.SHEET_NAME):
            reader.evaluations(_Sheet(book, EV.SHEET_NAME, path), projects)
        if book.has(IS.SHEET_NAME):
            reader.listed_errors(_Sheet(book, IS.SHEET_NAME, path))
    ordered = list(projects.values())
    for project in ordered:
        project.kpis.sort(key=lambda k: k.index)
        project.years = _year_rows(project)
    header, rows = open_data_table(header, rows, row_projects)
    return Publication(path, report_year, ordered, header, rows, sort_issues(reader.findings))


#: kpi.csv's columns beyond 集計一覧's (issue 20): the 和暦 of 年度 beside it, and the
#: canonical 事業効果, 今後の方針 (the final decision where the record has one) and
#: 外部有識者の評価 (the levels the State counts; the typed wording is on the page).
H_YEAR_JAPANESE: Final = "年度（和暦）"
CANONICAL_HEADERS: Final = ("事業効果", "今後の方針", "外部有識者の評価")


def open_data_table(header: list[str], rows: list[list[Cell]],
                    row_projects: Sequence[PubProject]) -> tuple[list[str], list[list[Cell]]]:
    """kpi.csv's header and rows from 集計一覧's: NO first (the open-data key, the same
    every year), 年度（和暦） after 年度, the canonical record columns last."""
    from kpi_workbook.domain.fiscal_year import format_fiscal_year

    names = [h.strip() for h in header]  # a heading a clerk retyped with a space
    no = names.index(S.H_NO) if S.H_NO in names else None
    year = names.index(S.H_YEAR)
    order = ([no] if no is not None else []) + [i for i in range(len(header)) if i != no]
    new_header: list[str] = []
    for i in order:
        new_header.append(header[i])
        if i == year:
            new_header.append(H_YEAR_JAPANESE)
    new_header += CANONICAL_HEADERS
    table: list[list[Cell]] = []
    for cells, project in zip(rows, row_projects, strict=True):
        out: list[Cell] = []
        for i in order:
            out.append(cells[i])
            if i == year:
                fy = cells[i]
                out.append(format_fiscal_year(int(fy)) if isinstance(fy, float) else None)
        ev = project.evaluation
        out += [C.EFFECT.canonical(project.effect),
                C.POLICY.canonical(ev.final_policy or project.policy),
                C.RATING.canonical(ev.rating)]
        table.append(out)
    return new_header, table


def _open_failure(exc: Exception, lang: str) -> str:
    """Why the file would not open, in words (never the exception's text)."""
    reason = os_reason(exc) if isinstance(exc, OSError) else damage(exc)
    if reason is not None:
        return reason.en if lang == "en" else reason.ja
    return _NOT_XLSX["en" if lang == "en" else "ja"]


def _error(code: str, path: Path, sheet: str | None = None, cell: str | None = None,
           **params: object) -> KpiWorkbookError:
    return KpiWorkbookError(Issue(code, Location(path, sheet, cell), params))


class _Sheet:
    """One flat sheet: its header row by name, and its data rows with their numbers."""

    def __init__(self, book: ConsolidatedBook, name: str, path: Path) -> None:
        self.name, self.path = name, path
        self._flat = book.sheet(name)
        self.header = self._flat.header
        self.col = self._flat.columns
        """heading → 1-based column."""

    def require(self, *headers: str) -> None:
        for h in headers:
            if h not in self.col:
                last = cell_name(1, max(len(self.header), 1))
                raise _error("publish-column-missing", self.path, self.name, f"A1:{last}",
                             column=h)

    def rows(self, only: Sequence[str] | None = None) -> Iterator[tuple[int, Record]]:
        """(1-based row number, record) of every row that holds anything (under the
        headings ``only``, when given: the others are not read)."""
        for record in self._flat.records(only):
            yield record.row, record

    def cell(self, n: int, header: str) -> str:
        return cell_name(n, self.col[header])


class _Reader:
    def __init__(self, path: Path, lang: str) -> None:
        self.path = path
        self.lang = "en" if lang == "en" else "ja"
        self._keys: dict[tuple[int | None, str], str] = {}
        self.findings: list[Issue] = []

    def found(self, code: str, sheet: _Sheet, n: int, header: str,
              **params: object) -> None:
        self.findings.append(Issue(code, Location(self.path, sheet.name,
                                                  sheet.cell(n, header)), params))

    def invalid(self, sheet: _Sheet, n: int, header: str, raw: object,
                expected: Mapping[str, str]) -> KpiWorkbookError:
        return _error("publish-cell-invalid", self.path, sheet.name, sheet.cell(n, header),
                      column=header, raw=_show_raw(raw), expected=expected[self.lang])

    def check_errors(self, sheet: _Sheet, n: int, row: Record) -> None:
        # An Excel error value (#REF! after a deleted column, …) anywhere in a used column
        # (the row's values looked at once: this runs for every row of 集計一覧).
        found = {col for col, value in row.by_column.items()
                 if type(value) is str and "#" in value and value.strip() in EXCEL_ERRORS}
        if found:
            for header, col in sheet.col.items():
                if col in found:
                    raise self.invalid(sheet, n, header, row.get(header), _EXPECT_VALUE)

    def integer(self, sheet: _Sheet, n: int, row: Record, header: str,
                expected: Mapping[str, str] = _EXPECT_INTEGER) -> int | None:
        value = row.get(header)
        if type(value) is int:
            return value
        if value is None or value == "":
            return None
        if (isinstance(value, (int, float)) and not isinstance(value, bool)
                and math.isfinite(value) and float(value).is_integer()):
            return int(value)
        raise self.invalid(sheet, n, header, value, expected)

    def text(self, sheet: _Sheet, n: int, row: Record, header: str, *,
             entry: bool = False) -> str:
        """The cell's text; ``entry``: an input cell of 外部評価, whose formula counts by its
        saved result or is refused (``Record.entry``)."""
        value = row.entry(header) if entry else row.get(header)
        if type(value) is str:
            return value.strip()
        if value is None:
            return ""
        if isinstance(value, (dt.date, dt.time, dt.timedelta, bool)):
            raise self.invalid(sheet, n, header, value, _EXPECT_TEXT)
        if isinstance(value, float) and value.is_integer():
            return str(int(value))  # a name a clerk retyped as a number
        return str(value).strip()

    def record_text(self, sheet: _Sheet, n: int, row: Record, header: str) -> str:
        """A typed cell of the record (``Record.entry``): text, or a 記入日 Excel made a
        date (as shown)."""
        value = row.entry(header)
        if isinstance(value, (dt.date, dt.datetime)):
            return cell_text(value)
        return self.text(sheet, n, row, header, entry=True)

    def value(self, sheet: _Sheet, n: int, row: Record, header: str) -> Cell:
        """A 目標値/実績値: a number, ``-`` for every no-value mark a department typed
        (spec §5.2), or other text as typed (a finding: it is published as text)."""
        value = row.get(header)
        if type(value) is str:
            if is_dash(value):
                return NO_VALUE
            return value or None
        if value is None:
            return None
        if isinstance(value, (bool, dt.date, dt.time, dt.timedelta)):
            raise self.invalid(sheet, n, header, value, _EXPECT_VALUE)
        if isinstance(value, (int, float)):
            if not math.isfinite(value):
                raise self.invalid(sheet, n, header, value, _EXPECT_VALUE)
            return float(value)
        return str(value)

    def year(self, sheet: _Sheet, n: int, row: Record,
             header: str) -> int | str | None:
        value = row.get(header)
        if value is None or value == "":
            return None
        if isinstance(value, str):  # a label the reader could not read, kept as typed
            return parse_fiscal_year(value) or value.strip()
        year = self.integer(sheet, n, row, header, _EXPECT_YEAR)
        if year is None or not 1900 <= year <= 2200:
            raise self.invalid(sheet, n, header, value, _EXPECT_YEAR)
        return year

    def project_of(self, sheet: _Sheet, n: int, row: Record,
                   projects: Mapping[str, PubProject]) -> PubProject:
        number = self.integer(sheet, n, row, S.H_NUMBER)
        name = self.text(sheet, n, row, S.H_NAME)
        key = self._keys.get((number, name))
        if key is None:  # normalised once per project, not once per row of 集計一覧
            key = self._keys[(number, name)] = project_key(number, name)
        project = projects.get(key)
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
            if not scope_text:
                self.found("publish-scope-unknown", sheet, n, D.H_SCOPE, project=name)
            project = PubProject(number, name, Scope(scope_text) if scope_text else None,
                                 self.text(sheet, n, row, D.H_DEPARTMENT), period,
                                 self.text(sheet, n, row, D.H_PURPOSE))
            project.effect = self.text(sheet, n, row, D.H_EFFECT)
            project.policy = self.text(sheet, n, row, D.H_POLICY)
            project.cause = self.text(sheet, n, row, D.H_CAUSE)
            project.improvement = self.text(sheet, n, row, D.H_IMPROVEMENT)
            project.policy_reason = self.text(sheet, n, row, D.H_POLICY_REASON)
            projects[k] = project
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
            list[str], list[list[Cell]], list[PubProject]]:
        sheet.require(S.H_NUMBER, S.H_NAME, S.H_KPI_INDEX, S.H_KPI, S.H_UNIT, S.H_DIRECTION,
                      S.H_YEAR, S.H_TARGET, S.H_ACTUAL, *RECOMPUTED)
        out: list[list[Cell]] = []
        of_row: list[PubProject] = []
        header = sheet.header[:max(sheet.col.values())]
        for n, row in sheet.rows():
            self.check_errors(sheet, n, row)
            project = self.project_of(sheet, n, row, projects)
            index = self.integer(sheet, n, row, S.H_KPI_INDEX)
            if index is None or index < 1:
                raise self.invalid(sheet, n, S.H_KPI_INDEX, row.get(S.H_KPI_INDEX),
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
            for header_name, cell in ((S.H_TARGET, target), (S.H_ACTUAL, actual)):
                if isinstance(cell, str) and cell != NO_VALUE:
                    self.found("publish-value-not-number", sheet, n, header_name,
                               project=project.name, kpi=name, column=header_name, raw=cell)
            kpi = next((k for k in project.kpis if k.index == index), None)
            if kpi is None:
                kpi = PubKpi(index, name, self.text(sheet, n, row, S.H_UNIT), direction)
                project.kpis.append(kpi)
            kpi.values.setdefault(year, (target, actual))
            # columns of workbooks written since issue 19; absent from older ones
            baseline = self.optional_value(sheet, n, row, S.H_BASELINE)
            due = _due(row.get(S.H_DUE))
            if due is not None:
                kpi.dues.setdefault(year, due)
            kind = self.text(sheet, n, row, S.H_KIND) if S.H_KIND in sheet.col else ""
            out.append(self.csv_row(row, header, target, actual, direction, baseline, kind,
                                    due))
            of_row.append(project)
        return header, out, of_row

    def optional_value(self, sheet: _Sheet, n: int, row: Record, header: str) -> Cell:
        return self.value(sheet, n, row, header) if header in sheet.col else None

    def csv_row(self, row: Record, header: list[str], target: Cell,
                actual: Cell, direction: Direction, baseline: Cell = None,
                kind: str = "", due: Cell = None) -> list[Cell]:
        """One row of kpi.csv: the sheet's cells, 達成率/判定/判定根拠 (and 進捗率, in a
        workbook that has it) recomputed; 目標値/実績値 as read (every dash as ``-``)."""
        t, a = _as_number(target), _as_number(actual)
        j = judge(t, a, direction, due=due)
        computed: dict[str, Cell] = {S.H_RATE: j.rate, S.H_VERDICT: j.verdict,
                                     S.H_REASON: j.reason,
                                     S.H_PROGRESS: progress(t, a, _as_number(baseline), kind),
                                     S.H_TARGET: target, S.H_ACTUAL: actual}
        values = row.by_column
        cells: list[Cell] = []
        for col, h in enumerate(header, start=1):
            if h in computed:
                cells.append(computed[h])
                continue
            value = values.get(col)
            cls = type(value)
            if cls is str or cls is float or value is None:  # most cells: as they are
                cells.append(value)  # type: ignore[arg-type]
            elif isinstance(value, (dt.date, dt.time)):
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
        sheet.require(EV.H_NUMBER, EV.H_NAME, *EV.REQUIRED_INPUT_HEADERS)
        seen: set[int] = set()
        for n, row in sheet.rows():
            if self.text(sheet, n, row, EV.H_DEPARTMENT) == EV.ORPHAN_MARK:
                continue  # kept for a re-merge: its project is not in this report
            self.check_errors(sheet, n, row)
            project = self.project_of(sheet, n, row, projects)
            if id(project) in seen:
                continue
            seen.add(id(project))
            project.evaluation = Evaluation.from_headers(
                {h: self.record_text(sheet, n, row, h) for h in EV.INPUT_HEADERS
                 if h in sheet.col})
            for header, choices in _RECORD_CHOICES:
                typed = project.evaluation.text(header)
                if typed and header in sheet.col and choices.canonical(typed) is None:
                    self.found("publish-choice-not-in-list", sheet, n, header,
                               project=project.name, column=header, raw=typed,
                               choices="、".join(choices.choices))

    def listed_errors(self, sheet: _Sheet) -> None:
        """The errors 検証結果 lists (the merge's own record of its input), as one finding."""
        if IS.H_SEVERITY not in sheet.col:
            return
        errors = sum(1 for _n, row in sheet.rows(only=(IS.H_SEVERITY,))
                     if str(row.get(IS.H_SEVERITY) or "").strip() in _ERROR_LABELS)
        if errors:
            self.findings.append(Issue("publish-errors-listed",
                                       Location(self.path, sheet.name), {"count": errors}))


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
