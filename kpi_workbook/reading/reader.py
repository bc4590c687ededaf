"""Find the header block and the KPI table of each project sheet by their labels.

Departments insert rows, move blocks and merge cells, so nothing is read from a fixed
address: every label is looked up by its normalised text (spec §1) and every value is the
first non-empty cell to its right. What cannot be read becomes an issue, never a crash.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from kpi_workbook.domain import labels as L
from kpi_workbook.domain.choices import ChoiceList
from kpi_workbook.domain.due_date import DueDate, parse_due_date
from kpi_workbook.domain.errors import InputFileError
from kpi_workbook.domain.fiscal_year import (
    format_fiscal_year,
    is_separator,
    parse_fiscal_year,
    parse_period,
    parse_year_ordinal,
)
from kpi_workbook.domain.issues import Issue, Location, Phrase, cell_name, sort_issues
from kpi_workbook.domain.labels import normalize_text
from kpi_workbook.domain.model import (
    Direction,
    FigureStatus,
    Kpi,
    Observation,
    Period,
    Project,
    Scope,
    Submission,
    Value,
    ValueKind,
    ValueStatus,
    YearRow,
)
from kpi_workbook.domain.value_kinds import figure, levels_typed_as_increments
from kpi_workbook.reading.blank import is_blank_project
from kpi_workbook.reading.fields_form import read_fields_sheet
from kpi_workbook.reading.form_sheet import cell_text as _text
from kpi_workbook.reading.form_sheet import choice_list
from kpi_workbook.reading.grid import MAX_COLS, MAX_ROWS, Cell, Grid, WorkbookGrid, load
from kpi_workbook.reading.header_values import parse_scope as _scope
from kpi_workbook.reading.header_values import project_number as _project_number
from kpi_workbook.reading.profiles import DEFAULT, FIELD_LABELS, Profile
from kpi_workbook.reading.profiles.detect import detect_profile
from kpi_workbook.reading.profiles.loading import default_profile
from kpi_workbook.reading.table_form import read_table_sheet
from kpi_workbook.reading.values import parse_amount, parse_value, value_suffix

#: The header fields whose value is one of a list (spec §1.1), by the list's name.
_CHOICE_LISTS: Final = {L.EFFECT: "effect", L.POLICY: "policy"}

#: The template version this reader knows best (``様式バージョン``).
CURRENT_TEMPLATE_VERSION = "1.1"
MAX_KPIS = 5
WINDOWS_MAX_PATH = 260
# How far below 事業概要 the 目標値/実績値 header row may be (name row + attribute rows).
_HEADER_SEARCH_ROWS = 12
_HTML_TAG_RE = re.compile(r"<\s*/?\s*[a-zA-Z][^<>]*>")
_HTML_BREAK_RE = re.compile(r"<\s*(li|br|p|div|tr)\b[^<>]*>", re.IGNORECASE)
# A row label starting with one of these is a note, however short (「※」, 「注1」).
_NOTE_MARKS = ("※", "*", "注", "備考", "(注")
# What a mistyped year label still has: a digit, a kanji numeral, 初/元, 年, 度 or 目.
_YEAR_LIKE_RE = re.compile(r"[0-9一二三四五六七八九十初元年度目]")


def read_file(path: Path, then: Callable[[Submission], Submission] | None = None,
              profiles: Sequence[Profile] = ()) -> Submission:
    """:func:`read_workbook`, then ``then`` on what was read (the use cases pass their
    checks, so that they run in the worker process too), with a bug of either reported as
    ``file-unreadable`` instead of raised: one file's failure must not lose the others
    (nor stop a worker process)."""
    try:
        if then is None:
            return read_workbook(path, profiles=profiles)
        # ``then`` sorts what it adds to
        return then(read_workbook(path, sort=False, profiles=profiles))
    except Exception as exc:
        return Submission(path, issues=[tool_failed(path, exc)])


def tool_failed(path: Path, exc: Exception) -> Issue:
    """``file-unreadable`` for a failure of this tool itself on ``path`` (the clerk is told
    to send the file in; the exception's text is kept as detail, never shown as message)."""
    return Issue("file-unreadable", Location(path), {"reason": _READER_FAILED},
                 detail=f"{type(exc).__name__}: {exc}"[:300])


_READER_FAILED = Phrase(
    "読み込み中にこのツールの不具合が起きました。このファイルを添えて管理者に連絡してください",
    "the tool itself failed while reading it; send this file to whoever maintains the tool")


def read_workbook(path: Path, *, sort: bool = True, profiles: Sequence[Profile] = (),
                  ) -> Submission:
    """Read one department's workbook: every project sheet, and every issue of reading it
    (layout, values, the file itself). The checks on what was read are not run here
    (``checks/``; the use cases run them: ``kpi_workbook.usecases.read_submission``).

    Never raises for a bad file: an unreadable file gives a submission without projects
    and with the error issue that says why.

    Args:
        path: the .xlsx/.xlsm file; it is only read.
        sort: sort the issues (False: the caller adds its own and sorts once).
        profiles: the form's profile; several: the one whose labels are found
            (``--profile auto``); none: the city's official layout.
    """
    sub = Submission(path)
    length = len(str(path.absolute()))
    if length > WINDOWS_MAX_PATH:
        sub.issues.append(Issue("file-path-long", Location(path), {"length": length}))
    try:
        data = path.read_bytes()
        sub.sha256 = hashlib.sha256(data).hexdigest()
        sub.modified = path.stat().st_mtime
    except OSError:
        pass  # grid.load reports the same problem with the right code
    try:
        book = load(path)
    except InputFileError as exc:
        sub.issues.append(exc.issue)
        return sub
    if book.return_copy_of is not None:  # ours, as we wrote it: the department's is elsewhere
        sub.issues.append(Issue("return-copy-skipped", Location(path),
                                {"source": book.return_copy_of}))
        return sub
    sub.issues.extend(book.issues)
    if path.suffix.lower() == ".xlsm":
        sub.issues.append(Issue("file-macros-ignored", Location(path)))
    if book.external_links:
        sub.issues.append(Issue("file-external-links", Location(path),
                                {"targets": "、".join(book.external_links)}))
    sub.template_version = _template_version(book.defined_names)
    profile = _choose_profile(book, profiles, sub)
    if profile is None:
        sub.profile = ""
        return _finish(sub, sort)
    sub.profile = profile.name
    sheets = book.sheets
    if profile.name != DEFAULT and _is_ours({grid.name for grid in sheets}):
        # ours, not a department's: only what the profile reads in it (the roll-up, a
        # consolidated workbook's 国への報告), else skipped (check, merge)
        sheets = [g for g in sheets if g.name in profile.consolidated_sheets]
        if not sheets:
            sub.issues.append(Issue("consolidated-skipped", Location(path)))
            return _finish(sub, sort)
    for grid in sheets:
        if normalize_text(grid.name) == L.REVIEW_SHEET:
            continue  # a resubmitted return copy: the issue list is ours, not the department's
        issues = _read_sheet(grid, path, profile, sub)
        if grid.hyperlinks:
            issues.append(Issue("file-hyperlinks-ignored", Location(path, grid.name), {
                "count": len(grid.hyperlinks), "cells": "、".join(grid.hyperlinks[:5])}))
        if grid.truncated:
            issues.append(Issue("sheet-too-large", Location(path, grid.name),
                                {"rows": MAX_ROWS, "cols": MAX_COLS}))
        sub.issues.extend(issues)
    blank = any(i.code == "template-blank" for i in sub.issues)
    if not sub.projects and not book.unreadable_sheets and not blank:
        # (a damaged sheet has said why it gave nothing; a blank one is 未記入の様式)
        if _is_ours({grid.name for grid in book.sheets}):
            sub.issues.append(Issue("consolidated-skipped", Location(path)))
        elif profile.name == DEFAULT:
            sub.issues.append(Issue("no-project-sheet", Location(path)))
        else:
            sub.issues.append(Issue("profile-no-sheet", Location(path), {
                "profile": Phrase(profile.display("ja"), profile.display("en")),
                "labels": "」「".join(profile.detect)}))
    version = sub.template_version
    if version is not None and _version_tuple(version) < _version_tuple(
            CURRENT_TEMPLATE_VERSION):
        sub.issues.append(Issue("template-version-old", Location(path),
                                {"found": version, "current": CURRENT_TEMPLATE_VERSION}))
    return _finish(sub, sort)


def _finish(sub: Submission, sort: bool) -> Submission:
    if sort:
        sub.issues = sort_issues(sub.issues)
    return sub


def _is_ours(names: set[str]) -> bool:
    """A consolidated workbook saved next to the submissions is ours, not a department's.
    So is a part of a split one (its project sheets: consolidated/parts.py)."""
    return {L.SUMMARY_SHEET, L.ISSUES_SHEET} <= names or L.PARTS_SHEET in names


def _choose_profile(book: WorkbookGrid, profiles: Sequence[Profile], sub: Submission,
                    ) -> Profile | None:
    """The one profile given, or (``--profile auto``) the one whose labels the workbook has,
    named in an info issue; None (said in an error) when it has none's."""
    if not profiles:
        return default_profile()
    if len(profiles) == 1:
        return profiles[0]
    if _is_ours({grid.name for grid in book.sheets}):
        return default_profile()  # a consolidated workbook (its 国への報告 is in the form)
    found = detect_profile(book.sheets, profiles)
    if found is None:
        sub.issues.append(Issue("profile-not-detected", Location(sub.path), {
            "profiles": Phrase("、".join(p.display("ja") for p in profiles),
                               ", ".join(p.display("en") for p in profiles))}))
        return None
    sub.issues.append(Issue("profile-detected", Location(sub.path), {
        "profile": Phrase(found.display("ja"), found.display("en"))}))
    return found


def _read_sheet(grid: Grid, path: Path, profile: Profile, sub: Submission) -> list[Issue]:
    """The projects of one sheet into ``sub``; returns the issues of reading it."""
    if profile.layout != "rows":
        read = read_fields_sheet if profile.layout == "fields" else read_table_sheet
        found = read(grid, path, profile, first_number=len(sub.projects) + 1)
        sub.projects.extend(found.projects)
        if found.projects:  # what the form has a place for, as found on its sheets
            sub.form_fields = (sub.form_fields or frozenset()) | found.fields
            for key, text in found.header.items():
                sub.form_header.setdefault(key, text)
        return found.issues
    sheet = _SheetReader(grid, path, profile)
    if sheet.is_project_sheet():
        project = sheet.read_project()
        if is_blank_project(project, sheet.issues):
            # the template as it was handed out: one info, not its missing fields
            sheet.issues = [Issue("template-blank", Location(path, grid.name))]
        else:
            sub.projects.append(project)
        if sub.template_version is None:
            sub.template_version = sheet.template_version()
    return sheet.issues


def _template_version(names: dict[str, str]) -> str | None:
    for name, value in names.items():
        if normalize_text(name) == L.TEMPLATE_VERSION:
            return value.lstrip("=").strip().strip('"') or None
    return None


def _version_tuple(text: str) -> tuple[int, ...]:
    return tuple(int(p) for p in re.findall(r"\d+", text)) or (0,)


@dataclass(slots=True)
class _Table:
    """Where the KPI table's parts are, once found."""

    top: int  # the 事業概要 row
    left: int  # the 事業概要 column
    header_row: int | None = None  # the 目標値/実績値 row
    target_cols: list[int] = field(default_factory=list)
    name_row: int | None = None
    attribute_rows: dict[str, int] = field(default_factory=dict)
    first_year_row: int = 0
    year_rows: list[int] = field(default_factory=list)


class _SheetReader:
    """Reads one sheet; collects issues as it goes."""

    def __init__(self, grid: Grid, path: Path, profile: Profile) -> None:
        self.grid = grid
        self.path = path
        self.profile = profile
        # Every label comes from the profile (official.toml for the city's layout).
        self.label = profile.layout_labels
        # The labelled fields in the profile's order (the version stamp is read apart).
        self.header_fields = [FIELD_LABELS[s.key] for s in profile.fields
                              if s.key in FIELD_LABELS and s.key != "template_version"]
        self.required = frozenset(FIELD_LABELS[k] for k in profile.required
                                  if k in FIELD_LABELS)
        self.issues: list[Issue] = []
        self.rows: dict[int, list[tuple[int, Cell]]] = {}
        self.labels: dict[str, list[tuple[int, int]]] = {}
        for row, col, cell in grid.iter_cells():
            self.rows.setdefault(row, []).append((col, cell))
            label = self.label(cell.value)
            if label is not None:
                self.labels.setdefault(label, []).append((row, col))

    # --- helpers ---------------------------------------------------------------------------
    def loc(self, row: int | None = None, col: int | None = None) -> Location:
        cell = cell_name(row, col) if row is not None and col is not None else None
        return Location(self.path, self.grid.name, cell)

    def label_at(self, row: int, col: int) -> str | None:
        cell = self.grid.get(row, col)
        return None if cell is None else self.label(cell.value)

    def cells_right_of(self, row: int, col: int) -> list[tuple[int, Cell]]:
        """Non-empty cells right of (row, col) up to the next label."""
        out: list[tuple[int, Cell]] = []
        for c, cell in self.rows.get(row, []):
            if c <= col:
                continue
            if self.label(cell.value) is not None:
                break
            out.append((c, cell))
        return out

    def is_project_sheet(self) -> bool:
        return L.PROJECT_NAME in self.labels and L.TABLE_START in self.labels

    def template_version(self) -> str | None:
        for row, col in self.labels.get(L.TEMPLATE_VERSION, []):
            right = self.cells_right_of(row, col)
            if right and right[0][1].value is not None:
                return str(right[0][1].value).strip()
        return None

    # --- the project -----------------------------------------------------------------------
    def read_project(self) -> Project:
        table = self.find_table()
        header = self.read_header(table)
        project = Project(
            number=header.number, name=header.text(L.PROJECT_NAME), scope=header.scope,
            period=header.period, department=header.text(L.DEPARTMENT), where=self.loc(),
            purpose=header.text(L.PURPOSE), cost=header.amounts.get(L.COST),
            grant=header.amounts.get(L.GRANT), effect=header.optional(L.EFFECT),
            effect_where=header.cells.get(L.EFFECT),
            policy=header.optional(L.POLICY), assessment=header.optional(L.ASSESSMENT),
            cause=header.optional(L.CAUSE), improvement=header.optional(L.IMPROVEMENT),
            policy_reason=header.optional(L.POLICY_REASON),
            grant_kind=header.optional(L.GRANT_KIND),
            actual_cost=header.amounts.get(L.ACTUAL_COST),
        )
        if table is None:
            self.issues.append(Issue("kpi-table-missing", self.loc()))
            return project
        project.kpis, project.older_layout = self.read_kpis(table)
        project.years = self.read_years(table, project.kpis, project.period)
        for kpi in project.kpis:
            if kpi.kind is ValueKind.INCREMENT:
                self.read_increments(project, kpi)
        return project

    def read_increments(self, project: Project, kpi: Kpi) -> None:
        """An 増加分 actual typed as the level reached is read as the year's increase
        (``value_kinds.py``), said at info level; one that cannot be turned into an
        increase stays as typed, with a warning."""
        years = [y for y in project.years if kpi.index - 1 < len(y.observations)]
        observations = [project.observation(kpi, y) for y in years]
        for found in levels_typed_as_increments(kpi.baseline,
                                                [o.target for o in observations],
                                                [o.actual for o in observations]):
            year, obs = years[found.index], observations[found.index]
            params = {"typed": figure(found.typed, kpi.unit), "year": _year_name(year),
                      "target": figure(obs.target.number or 0.0, kpi.unit),
                      "level": figure(found.implied_level, kpi.unit)}
            increase = found.increase
            if increase is None or found.start is None:
                self.issues.append(Issue("actual-level-unconvertible", obs.actual.where,
                                         params))
                continue
            self.issues.append(Issue("actual-level-as-increment", obs.actual.where, {
                **params, "start": figure(found.start, kpi.unit),
                "increase": figure(increase, kpi.unit)}))
            actual = obs.actual
            year.observations[kpi.index - 1] = Observation(obs.target, Value(
                increase, ValueStatus.NUMBER, actual.raw, actual.where, actual.suffix))

    def find_table(self) -> _Table | None:
        starts = sorted(self.labels.get(L.TABLE_START, []))
        if not starts:
            return None
        top, left = starts[0]
        table = _Table(top, left)
        has_kpi_label = any(
            self.label(cell.value) == L.KPI_HEADER
            for c, cell in self.rows.get(top, []) if c > left)
        for row in range(top + 1, top + _HEADER_SEARCH_ROWS + 1):
            targets = [c for c, cell in self.rows.get(row, [])
                       if c > left and self.label(cell.value) == L.TARGET]
            if targets:
                table.header_row = row
                table.target_cols = targets
                break
        if table.header_row is None:
            if has_kpi_label:
                self.issues.append(Issue("kpi-header-missing", self.loc(top, left)))
            # A project without KPIs: an optional 年度/事業内容 row, then the years.
            first = top + 1
            if any(self.label(cell.value) in (L.YEAR, L.ACTIVITIES)
                   for _, cell in self.rows.get(first, [])):
                first += 1
            table.first_year_row = first
            table.year_rows = self.find_year_rows(first, left)
            return table
        table.first_year_row = table.header_row + 1
        table.year_rows = self.find_year_rows(table.first_year_row, left)
        for row in range(top + 1, table.header_row):
            label = self.label_at(row, left) or self.label_at(row, left + 1)
            if label in L.ATTRIBUTE_LABELS:
                table.attribute_rows.setdefault(label, row)
            elif table.name_row is None and any(
                    c in table.target_cols or c - 1 in table.target_cols
                    for c, _ in self.rows.get(row, [])):
                table.name_row = row
        return table

    def pair_cell(self, row: int | None, target_col: int) -> tuple[Cell | None, int]:
        """The cell of a KPI pair in a row: the left one (merged), else the right one."""
        if row is None:
            return None, target_col
        for col in (target_col, target_col + 1):
            cell = self.grid.get(row, col)
            if cell is not None and not cell.is_empty:
                return cell, col
        return None, target_col

    def read_kpis(self, table: _Table) -> tuple[list[Kpi], bool]:
        cols: list[int] = []
        for col in table.target_cols:
            if self.label_at(table.header_row or 0, col + 1) != L.ACTUAL:
                self.issues.append(Issue("kpi-columns-unpaired",
                                         self.loc(table.header_row, col)))
                continue
            cols.append(col)
        if len(cols) > MAX_KPIS:
            self.issues.append(Issue("kpi-too-many", self.loc(table.header_row, cols[0]),
                                     {"count": len(cols)}))
        rows = table.attribute_rows
        older = bool(cols) and L.UNIT not in rows and L.DIRECTION not in rows
        if older:
            self.issues.append(Issue("layout-older", self.loc(table.top, table.left)))
        # A pair left wholly blank (a clerk with two KPIs in the three-KPI template) is
        # not a KPI; a pair with any content is, and must have a name.
        cols = [c for c in cols if not self.pair_is_blank(table, c)]
        kpis: list[Kpi] = []
        for index, col in enumerate(cols, start=1):
            name_cell, name_col = self.pair_cell(table.name_row, col)
            name = _text(name_cell)
            name_row = table.name_row or table.top
            if not name:
                self.issues.append(Issue("kpi-name-missing", self.loc(name_row, col),
                                         {"index": index}))
                name = f"KPI{index}"
            kpi = Kpi(index=index, name=name, unit=None, where=self.loc(name_row, name_col))
            self.read_attributes(kpi, rows, col)
            kpis.append(kpi)
        table.target_cols = cols
        return kpis, older

    def pair_is_blank(self, table: _Table, col: int) -> bool:
        rows = [table.name_row, *table.attribute_rows.values(), *table.year_rows]
        return all(self.pair_cell(row, col)[0] is None for row in rows if row is not None)

    def read_choice(self, rows: dict[str, int], label: str, col: int,
                    choices: tuple[str, ...], code: str) -> str | None:
        """An attribute that must be one of ``choices``; anything else is reported."""
        cell, cell_col = self.pair_cell(rows.get(label), col)
        text = normalize_text(_text(cell))
        if not text:
            return None
        if text in choices:
            return text
        self.issues.append(Issue(code, self.loc(rows[label], cell_col),
                                 {"raw": _text(cell), "choices": "・".join(choices)}))
        return None

    def read_attributes(self, kpi: Kpi, rows: dict[str, int], col: int) -> None:
        unit_cell, _ = self.pair_cell(rows.get(L.UNIT), col)
        kpi.unit = normalize_text(_text(unit_cell)) or None
        direction = self.read_choice(rows, L.DIRECTION, col, L.DIRECTION_CHOICES,
                                     "kpi-direction-invalid")
        if direction is not None:
            kpi.direction = Direction(direction)
        kind = self.read_choice(rows, L.KIND, col, L.KIND_CHOICES, "kpi-kind-invalid")
        if kind is not None:
            kpi.kind = ValueKind(kind)
        kpi.baseline = self.attribute_value(rows, L.BASELINE, col, kpi)
        kpi.final_target = self.attribute_value(rows, L.FINAL_TARGET, col, kpi)
        status = self.read_choice(rows, L.FIGURE_STATUS, col, L.FIGURE_STATUS_CHOICES,
                                  "kpi-status-invalid")
        if status is not None:
            kpi.figure_status = FigureStatus(status)
        kpi.due = self.read_due(rows, col)

    def read_due(self, rows: dict[str, int], col: int) -> DueDate | None:
        """公表予定: a month or a day (``R8.5``, ``2026年5月``, a date cell)."""
        cell, cell_col = self.pair_cell(rows.get(L.DUE), col)
        if cell is None:
            return None
        raw = cell.date_text() or _text(cell)
        due = parse_due_date(raw)
        if due is None:
            self.issues.append(Issue("kpi-due-invalid", self.loc(rows[L.DUE], cell_col),
                                     {"raw": raw}))
        return due

    def attribute_value(self, rows: dict[str, int], label: str, col: int,
                        kpi: Kpi) -> Value | None:
        """A number attribute (基準値, 最終目標値) read as a value is; None when absent."""
        if label not in rows:
            return None
        cell, cell_col = self.pair_cell(rows[label], col)
        return None if cell is None else self.value(cell, rows[label], cell_col, kpi)

    def value(self, cell: Cell | None, row: int, col: int, kpi: Kpi) -> Value:
        value, issues = parse_value(cell, self.loc(row, col), kpi.unit)
        self.issues.extend(issues)
        return value

    def find_year_rows(self, first: int, left: int) -> list[int]:
        rows: list[int] = []
        row = first
        last = max(self.rows, default=0)
        while row <= last:
            cells = [(c, cell) for c, cell in self.rows.get(row, []) if c >= left]
            if not cells:
                break  # the first fully empty row ends the table
            first_label = self.label(cells[0][1].value)
            if first_label is not None and first_label not in (L.YEAR,):
                break  # a header field or another block below the table
            rows.append(row)
            row += 1
        return rows

    def read_years(self, table: _Table, kpis: list[Kpi], period: Period | None,
                   ) -> list[YearRow]:
        rows = table.year_rows
        self.infer_units(table, kpis, rows)
        value_cols = [c for col in table.target_cols for c in (col, col + 1)]
        merged = self.merged_value_cells(rows, value_cols)
        years: list[YearRow] = []
        seen: set[int] = set()
        latest: YearRow | None = None
        for row in rows:
            label = _text(self.grid.get(row, table.left))
            if self.is_note_row(row, label, table.left, value_cols):
                continue
            ordinal, fiscal_year = self.year_of(label, len(years) + 1, period, row,
                                                table.left)
            if fiscal_year is not None:
                if fiscal_year in seen:
                    self.issues.append(Issue("year-duplicate", self.loc(row, table.left),
                                             {"raw": label}))
                elif latest is not None and latest.fiscal_year is not None and (
                        fiscal_year < latest.fiscal_year):
                    self.issues.append(Issue("year-order", self.loc(row, table.left),
                                             {"raw": label, "previous": latest.label}))
                seen.add(fiscal_year)
            year = YearRow(fiscal_year=fiscal_year, ordinal=ordinal, label=label,
                           activities=self.activities(row, table.left + 1),
                           where=self.loc(row, table.left))
            if fiscal_year is not None and (latest is None or latest.fiscal_year is None
                                            or fiscal_year > latest.fiscal_year):
                latest = year
            for kpi, col in zip(kpis, table.target_cols, strict=True):
                target = self.year_value(row, col, kpi, merged)
                actual = self.year_value(row, col + 1, kpi, merged)
                year.observations.append(Observation(target, actual))
            years.append(year)
        if period is not None and len(years) != len(period):
            self.issues.append(Issue(
                "year-rows-mismatch", self.loc(table.first_year_row, table.left),
                {"found": len(years), "expected": len(period), "period": period.label()}))
        if all(y.fiscal_year is not None for y in years):
            # Reported above (year-order); the consolidation lists years in order.
            years.sort(key=lambda y: y.fiscal_year or 0)
        return years

    def is_note_row(self, row: int, label: str, left: int, value_cols: list[int]) -> bool:
        """A row inside the year table that is no year: a note (「※ R6年度は補正予算で…」)
        or a line of text under the activities, with nothing in the value columns.

        Reported once, naming the row and what to do, and skipped, so that it does not
        also count as a year (no year-label-invalid, year-duplicate or year-rows-mismatch
        for it). A short label with a value is a mistyped year instead.
        """
        if parse_year_ordinal(label) is not None or parse_fiscal_year(label) is not None:
            return False
        cells = (self.grid.get(row, c) for c in value_cols)
        if any(cell is not None and not cell.is_empty for cell in cells):
            return False
        compact = normalize_text(label)
        if compact and not compact.startswith(_NOTE_MARKS) and len(compact) <= 8 and (
                _YEAR_LIKE_RE.search(compact)):
            return False  # 「3ねん目」, 「R6見込」: meant as a year, said as unreadable
        texts = [_text(cell) for c, cell in self.rows.get(row, []) if c >= left]
        self.issues.append(Issue("year-row-not-year", self.loc(row, left), {
            "row": row, "raw": " ".join(t for t in texts if t)}))
        return True

    def merged_value_cells(self, rows: list[int], cols: list[int],
                           ) -> dict[tuple[int, int], tuple[str, str]]:
        """Value cells of the year rows hidden under a merged range (not its top-left):
        (row, col) → (the range, its top-left cell)."""
        if not rows or not cols or not self.grid.merged:
            return {}
        row_set, col_set = set(rows), set(cols)
        hidden: dict[tuple[int, int], tuple[str, str]] = {}
        for r1, c1, r2, c2 in self.grid.merged:
            if r2 < rows[0] or r1 > rows[-1] or c2 < cols[0] or c1 > cols[-1]:
                continue
            top = cell_name(r1, c1)
            label = f"{top}:{cell_name(r2, c2)}"
            for r in range(r1, r2 + 1):
                for c in range(c1, c2 + 1):
                    if (r, c) != (r1, c1) and r in row_set and c in col_set:
                        hidden[(r, c)] = (label, top)
        return hidden

    def year_value(self, row: int, col: int, kpi: Kpi,
                   merged: dict[tuple[int, int], tuple[str, str]]) -> Value:
        if (row, col) in merged:
            rng, top = merged[(row, col)]
            where = self.loc(row, col)
            self.issues.append(Issue("value-merged", where, {"range": rng, "top": top}))
            return Value(None, ValueStatus.INVALID, None, where)
        return self.value(self.grid.get(row, col), row, col, kpi)

    def year_of(self, label: str, position: int, period: Period | None, row: int, col: int,
                ) -> tuple[int, int | None]:
        """(ordinal, fiscal year) of a year row from its label and the period."""
        start = period.start if period is not None else None
        ordinal = parse_year_ordinal(label)
        if ordinal is not None:
            fiscal_year = start + ordinal - 1 if start is not None else None
            if period is not None and fiscal_year is not None and fiscal_year > period.end:
                self.issues.append(Issue("year-outside-period", self.loc(row, col),
                                         {"raw": label, "period": period.label()}))
            return ordinal, fiscal_year
        fiscal_year = parse_fiscal_year(label)
        if fiscal_year is not None:
            if period is not None and not period.start <= fiscal_year <= period.end:
                self.issues.append(Issue("year-outside-period", self.loc(row, col),
                                         {"raw": label, "period": period.label()}))
            return (fiscal_year - start + 1 if start is not None else position), fiscal_year
        self.issues.append(Issue("year-label-invalid", self.loc(row, col), {"raw": label}))
        return position, (start + position - 1 if start is not None else None)

    def activities(self, row: int, col: int) -> str:
        text = _text(self.grid.get(row, col))
        if _HTML_TAG_RE.search(text):
            self.issues.append(Issue("html-stripped", self.loc(row, col)))
            return strip_html(text)
        return text

    def infer_units(self, table: _Table, kpis: list[Kpi], rows: list[int]) -> None:
        # Older layout (or an empty 単位 cell): the unit is what the values are written in.
        for kpi, col in zip(kpis, table.target_cols, strict=True):
            if kpi.unit is not None:
                continue
            suffixes = Counter(
                s for row in rows for c in (col, col + 1)
                if (s := value_suffix(self.grid.get(row, c))) is not None)
            name_loc = kpi.where or self.loc(table.top, col)
            if suffixes:
                kpi.unit = suffixes.most_common(1)[0][0]
                self.issues.append(Issue("unit-inferred", name_loc,
                                         {"kpi": kpi.name, "unit": kpi.unit}))
            else:
                self.issues.append(Issue("kpi-unit-missing", name_loc, {"kpi": kpi.name}))

    # --- the header block ------------------------------------------------------------------
    def read_header(self, table: _Table | None) -> _Header:
        header = _Header()
        table_top = table.top if table is not None else 10**9
        required = self.required
        for label in self.header_fields:
            # A label inside the table (a KPI named 事業費, say) is not a header field.
            spots = [rc for rc in self.labels.get(label, []) if rc[0] < table_top] or [
                rc for rc in self.labels.get(label, []) if rc[0] > table_top + 1]
            if not spots:
                if label in required:
                    self.issues.append(Issue("header-field-missing", self.loc(),
                                             {"field": label}))
                continue
            row, col = spots[0]
            right = self.cells_right_of(row, col)
            if not right and label in L.LONG_TEXT_FIELDS:
                below = self.grid.get(row + 1, col)
                if below is not None and not below.is_empty and self.label(
                        below.value) is None:
                    right = [(col, below)]
                    row += 1
            self.read_field(header, label, row, col, right)
        return header

    def read_field(self, header: _Header, label: str, row: int, col: int,
                   right: list[tuple[int, Cell]]) -> None:
        if not right:
            if label in self.required:
                self.issues.append(Issue("header-field-missing", self.loc(row, col + 1),
                                         {"field": label}))
            return
        vcol, cell = right[0]
        where = self.loc(row, vcol)
        header.cells[label] = where
        raw = cell.value
        if label == L.PERIOD:
            header.period = self.read_period(right, row, col)
        elif label == L.PROJECT_NUMBER:
            header.number = _project_number(raw)
            if header.number is None:
                self.issues.append(Issue("header-field-invalid", where, {
                    "field": label, "raw": _text(cell), "expected": "1、①、No.1 など"}))
        elif label == L.SCOPE:
            header.scope = _scope(raw)
            if header.scope is None:
                self.issues.append(Issue("header-field-invalid", where, {
                    "field": label, "raw": _text(cell), "expected": "単市 / 広域"}))
        elif label in L.AMOUNT_FIELDS:
            amount, issues = parse_amount(cell, where)
            self.issues.extend(issues)
            if amount is not None:
                header.amounts[label] = amount
        else:
            text = _text(cell)
            if cell.formula is not None and cell.value is None:
                self.issues.append(Issue("value-formula-no-cache", where,
                                         {"formula": "=" + cell.formula}))
            header.texts[label] = text
            list_name = _CHOICE_LISTS.get(label)
            if list_name is not None and text:
                # the list with the wordings the profile adds ([vocabulary])
                self.check_choice(choice_list(self.profile, list_name), text, label, where)
            if label in self.required and not text:
                self.issues.append(Issue("header-field-missing", where, {"field": label}))

    def check_choice(self, choices: ChoiceList, text: str, label: str,
                     where: Location) -> None:
        """A value of a list: a wording of a choice is read as it (kept as typed, an
        info says which), anything else is a warning."""
        choice = choices.canonical(text)
        if choice is None:
            self.issues.append(Issue("header-field-not-in-list", where, {
                "field": label, "raw": text, "choices": choices.describe()}))
        elif normalize_text(choice) != normalize_text(text):
            self.issues.append(Issue("header-field-variant", where, {
                "field": label, "raw": text, "choice": choice}))

    def read_period(self, right: list[tuple[int, Cell]], row: int, col: int,
                    ) -> Period | None:
        if all(is_separator(cell.value) for _, cell in right):
            # The template's 「～」 alone: both years left blank.
            self.issues.append(Issue("header-field-missing", self.loc(row, col + 1),
                                     {"field": L.PERIOD}))
            return None
        values = [cell.value for _, cell in right]
        where = self.loc(row, right[0][0])
        raw = "".join(_text(cell) for _, cell in right[:3])
        period = parse_period(values[0])
        if period is None and len(values) >= 2:
            rest = [v for v in values[1:] if not is_separator(v)]
            if rest:
                period = parse_period(values[0], rest[0])
        if period is None:
            self.issues.append(Issue("period-invalid", where, {"raw": raw}))
            return None
        if period.end < period.start:
            self.issues.append(Issue("period-reversed", where, {"raw": raw}))
            return None
        return period


@dataclass(slots=True)
class _Header:
    number: int | None = None
    scope: Scope | None = None
    period: Period | None = None
    texts: dict[str, str] = field(default_factory=dict)
    amounts: dict[str, float] = field(default_factory=dict)
    cells: dict[str, Location] = field(default_factory=dict)
    """Where each field's value was read."""

    def text(self, label: str) -> str:
        return self.texts.get(label, "")

    def optional(self, label: str) -> str | None:
        return self.texts.get(label) or None


def _year_name(year: YearRow) -> str:
    """``令和3年度`` (or the label as typed when it is no fiscal year)."""
    return format_fiscal_year(year.fiscal_year) if year.fiscal_year is not None else year.label


def strip_html(text: str) -> str:
    """Web-page leftovers (``<ul><li>…</li></ul>``) → one item per line, tags removed."""
    broken = _HTML_BREAK_RE.sub("\n", text)
    plain = html.unescape(_HTML_TAG_RE.sub("", broken))
    lines = (" ".join(line.split()) for line in plain.splitlines())
    return "\n".join(line for line in lines if line)
