"""Forms that are one table: a row per project (or per KPI line under its project), the
columns named by their headers.

The national 事業実施結果報告 form (様式2) is one: No, 交付対象事業の名称, 交付金の種類,
実績額, then 指標 · 指標値 · 単位 · 目標年月 · 実績値 · 事業効果 · 事業の評価 · 外部有識者
からの意見 · 今後の方針 · 今後の方針の理由, with 指標①–⑤ on the lines beneath the project.
So are the cities' column tables, where one cell holds a KPI's name, figure and unit
(「インターン受入30人」, two KPIs stacked in one cell) or the years run as columns
(H27 … H31 under 目標 and under 実績). Which header names which column, and how a cell is
split, is the profile's (``[columns]``, ``[years]``, ``[values]``); the header may span
two or three rows (group headers above the columns' own, merged across them).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from kpi_workbook.domain.fiscal_year import Period, format_fiscal_year, parse_fiscal_year
from kpi_workbook.domain.issues import Issue, Location
from kpi_workbook.domain.labels import normalize_text
from kpi_workbook.domain.model import (
    Kpi,
    Observation,
    Project,
    Value,
    ValueKind,
    ValueStatus,
    YearRow,
)
from kpi_workbook.reading.form_sheet import (
    FormSheet,
    Found,
    ProjectFields,
    SheetProjects,
    build_project,
    cell_text,
    check_choice,
    choice_list,
    find_fields,
    form_header,
)
from kpi_workbook.reading.form_values import (
    cell_month,
    fiscal_year_of_month,
    has_two_values,
    month_text,
    split_lines,
    split_named,
    split_year_note,
    two_values,
)
from kpi_workbook.reading.grid import Cell, Grid
from kpi_workbook.reading.profiles import Profile, strip_numbering
from kpi_workbook.reading.values import parse_value, value_suffix

_MAX_HEADER_ROWS: Final = 4
_BRACKETS_RE: Final = re.compile(r"[(（]([^)）]*)[)）]")
_UNIT_SUFFIX_RE: Final = re.compile(r"単位[:：]\S{1,4}$")
_NOTE_MARKS: Final = ("※", "*", "注", "(注", "備考")
_KPI_KEYS: Final = ("kpi_name", "target", "actual", "unit", "target_date", "baseline", "year")
_AMOUNT_UNITS: Final = {"円": 1, "千円": 1000, "万円": 10000}


@dataclass(slots=True)
class Column:
    """One column of the table, as its header says."""

    col: int
    key: str | None
    header: str
    year: int | None = None
    """The fiscal year the header names (「H27」, 「KPI (H27年度)」)."""
    group: str | None = None
    """``target``/``actual``: a year column under the 目標/実績 group header."""
    unit: str | None = None
    """The unit in the header's brackets (「実績額 (単位:円)」, 「交付額 (千円)」)."""


@dataclass(slots=True)
class _Part:
    """One KPI of a line, before its values are read."""

    name: str
    unit: str | None
    target: Cell | None
    actual: Cell | None
    target_invalid: str | None = None
    """The text of a target cell that holds two values (reported; read as invalid)."""
    actual_invalid: str | None = None


@dataclass(slots=True)
class _Header:
    top: int
    bottom: int
    columns: dict[int, Column] = field(default_factory=dict)
    _keys: dict[str, Column] | None = None

    def by_key(self, key: str) -> Column | None:
        """The (first) column of a key; asked for every line, so looked up once."""
        if self._keys is None:
            self._keys = {}
            for column in self.columns.values():
                if column.key is not None:
                    self._keys.setdefault(column.key, column)
        return self._keys.get(key)

    def year_columns(self, group: str) -> list[Column]:
        return [c for c in self.columns.values() if c.group == group and c.year is not None]


@functools.lru_cache(maxsize=4096)
def _header_parts(text: str) -> tuple[str, tuple[str, ...]]:
    """A header without numbering, brackets and a trailing 「単位:円」, and what the
    brackets (and the 単位) said: 「② 実績額 (交付金充当額) 単位:円」 is 実績額."""
    plain = strip_numbering(text)
    inner = _BRACKETS_RE.findall(plain)
    base = _BRACKETS_RE.sub("", plain)
    unit = _UNIT_SUFFIX_RE.search(base)
    if unit:
        inner.append(unit.group(0))
        base = base[:unit.start()]
    return base, tuple(inner)


def _column_key(profile: Profile, text: str) -> str | None:
    labels = profile.column_labels
    base, _ = _header_parts(text)
    return labels(base) or labels(strip_numbering(text)) or labels(text)


def _header_unit(inner: tuple[str, ...]) -> str | None:
    for part in inner:
        s = normalize_text(part).removeprefix("単位:").removeprefix("単位：")
        if s and parse_fiscal_year(s) is None and len(s) <= 4 and not re.search(r"\d", s):
            return s
    return None


def _header_year(base: str, inner: tuple[str, ...]) -> int | None:
    for text in (base, *inner):
        year = parse_fiscal_year(normalize_text(text))
        if year is not None:
            return year
    return None


class _TableReader:
    def __init__(self, grid: Grid, path: Path, profile: Profile, first_number: int) -> None:
        self.sheet = FormSheet(grid, path, profile)
        self.profile = profile
        self.first_number = first_number

    @property
    def issues(self) -> list[Issue]:
        return self.sheet.issues

    # --- the header ----------------------------------------------------------------------
    def row_keys(self, row: int) -> int:
        """How many headers of the profile a row has (column labels, year groups, years)."""
        count = 0
        for _, cell in self.sheet.rows.get(row, []):
            if not isinstance(cell.value, str):
                continue
            base, _ = _header_parts(cell.value)
            is_year = bool(self.profile.years) and parse_fiscal_year(
                normalize_text(base)) is not None
            if is_year or _column_key(self.profile, cell.value) is not None or (
                    self.profile.year_group_labels(base) is not None):
                count += 1
        return count

    def find_header(self) -> _Header | None:
        anchor = None
        for row in sorted(self.sheet.rows):
            if any(_column_key(self.profile, c.value) == "name"
                   for _, c in self.sheet.rows[row] if isinstance(c.value, str)):
                anchor = row
                break
        if anchor is None:
            return None
        top, bottom = anchor, anchor
        if top > 1 and self.row_keys(top - 1):
            top -= 1
        while bottom - top + 1 < _MAX_HEADER_ROWS and self.row_keys(bottom + 1):
            bottom += 1
        header = _Header(top, bottom)
        cols = sorted({c for r in range(top, bottom + 1) for c, _ in self.sheet.rows.get(r, [])}
                      | self.sheet.merged_columns(top, bottom))
        for col in cols:
            texts: list[str] = []
            last: tuple[int, int] | None = None
            for row in range(top, bottom + 1):
                origin = self.sheet.origin(row, col)
                text = self.sheet.text(row, col)
                if text and origin != last:
                    texts.append(text)
                last = origin
            if texts:
                self._column(header, col, texts)
        return header

    def _column(self, header: _Header, col: int, texts: list[str]) -> None:
        """The column's own header is the lowest that names a column of the profile; a
        group header above it (merged across its columns) tells year columns apart."""
        own = texts[-1]
        # a year under a 目標/実績 group header (綾町's H27 … H31): a year column
        year = parse_fiscal_year(normalize_text(_header_parts(own)[0]))
        groups = [self.profile.year_group_labels(_header_parts(t)[0]) for t in texts[:-1]]
        group = next((g for g in groups if g is not None), None)
        if year is not None and group is not None:
            header.columns[col] = Column(col, None, own, year=year, group=group)
            return
        key = None
        for text in reversed(texts):
            key = _column_key(self.profile, text)
            if key is not None:
                own = text
                break
        base, inner = _header_parts(own)
        header.columns[col] = Column(col, key, own, year=_header_year(base, inner),
                                     unit=_header_unit(inner))

    # --- the rows ------------------------------------------------------------------------
    def read(self) -> SheetProjects:
        header = self.find_header()
        if header is None:
            return SheetProjects()
        sheet_fields = find_fields(self.sheet, range(1, header.top))
        name_col = header.by_key("name")
        number_col = header.by_key("number")
        if name_col is None:  # find_header found it: never
            return SheetProjects()
        spans = self.project_spans(header, name_col, number_col)
        projects: list[Project] = []
        for index, (start, end) in enumerate(spans, start=self.first_number):
            projects.append(self.read_project(header, start, end, index, sheet_fields))
        found = {c.key for c in header.columns.values() if c.key} | set(sheet_fields)
        return SheetProjects(projects, self.issues, frozenset(found),
                             form_header(sheet_fields))

    def project_spans(self, header: _Header, name_col: Column, number_col: Column | None,
                      ) -> list[tuple[int, int]]:
        """(first row, last row) of each project: a project starts at a row with a name
        (or a number) and runs to the row before the next; two empty rows, or a note
        (「※…」), end the table."""
        starts: list[int] = []
        last_content = header.bottom
        row = header.bottom + 1
        end = self.sheet.last_row
        while row <= end:
            cells = self.sheet.rows.get(row, [])
            if not cells and row not in self.sheet.covered_rows:
                if row - last_content >= 2 and starts:
                    break
                row += 1
                continue
            first = cell_text(cells[0][1]) if cells else ""
            if normalize_text(first).startswith(_NOTE_MARKS):
                break
            own = self.sheet.grid.get(row, name_col.col)
            number = self.sheet.grid.get(row, number_col.col) if number_col else None
            starts_here = (own is not None and not own.is_empty) or (
                number is not None and not number.is_empty and not self.row_is_kpi_only(
                    header, row))
            if starts_here and _column_key(self.profile, cell_text(own)) != "name":
                starts.append(row)
            last_content = row
            row += 1
        spans: list[tuple[int, int]] = []
        for i, start in enumerate(starts):
            stop = starts[i + 1] - 1 if i + 1 < len(starts) else last_content
            spans.append((start, stop))
        return spans

    def row_is_kpi_only(self, header: _Header, row: int) -> bool:
        # a 指標② line whose number column holds the line label, not a project number
        number_col = header.by_key("number")
        if number_col is None:
            return False
        text = normalize_text(self.sheet.text(row, number_col.col))
        return text.startswith("指標")

    def read_project(self, header: _Header, start: int, end: int, index: int,
                     sheet_fields: dict[str, list[Found]]) -> Project:
        fields = ProjectFields()
        later: list[tuple[Column, Found]] = []
        joined = {s.key for s in self.profile.columns if s.join}
        for column in header.columns.values():
            if column.key is None or column.key in _KPI_KEYS or column.key == "kpi_line":
                continue
            seen: set[tuple[int, int]] = set()
            for row in range(start, end + 1):
                r, c = self.sheet.origin(row, column.col)
                cell = self.sheet.grid.get(r, c)
                if cell is None or cell.is_empty or (r, c) in seen:
                    continue
                seen.add((r, c))
                found = Found(column.key, column.header, self._scaled(column, cell, r, c),
                              r, c, [(c, cell)])
                if column.key in joined:
                    fields.joined.setdefault(column.key, []).append(found)
                elif column.key not in fields.values:
                    fields.values[column.key] = found
                else:
                    later.append((column, found))  # 事業効果 of the second KPI line
        project = build_project(self.sheet, fields, where=Location(
            self.sheet.path, self.sheet.grid.name), default_number=index,
            sheet_fields=sheet_fields)
        kpis: list[tuple[Kpi, dict[int, Observation]]] = []
        names: dict[int, str] = {}
        for row in range(start, end + 1):
            for kpi, observations in self.read_line(header, row, project):
                kpi.index = len(kpis) + 1
                kpis.append((kpi, observations))
                names.setdefault(row, kpi.name)
        self.fill_years(project, kpis, start)
        self.keep_later(project, later, names)
        return project

    def keep_later(self, project: Project, later: list[tuple[Column, Found]],
                   names: dict[int, str]) -> None:
        """A project's column written again on a later KPI line (the national form's
        事業効果 is given per KPI): kept in 評価・課題 after its header and the KPI's name,
        checked against its list like the first."""
        lines: list[str] = []
        for column, found in later:
            text = cell_text(found.cell)
            if column.key in ("effect", "policy", "rating"):
                check_choice(self.sheet, choice_list(self.profile, column.key), text,
                             column.header, self.sheet.loc(found.row, found.col))
            kpi = names.get(found.row)
            label = f"{strip_numbering(column.header)}（{kpi}）" if kpi else column.header
            lines.append(f"{label}: {text}")
        if lines:
            project.assessment = "\n".join(p for p in (project.assessment, *lines) if p)

    def _scaled(self, column: Column, cell: Cell, row: int, col: int) -> Cell:
        """An amount under 「(千円)」 in 円: a plain number ×1000 (text keeps its own unit)."""
        factor = _AMOUNT_UNITS.get(column.unit or "", 1)
        if column.key not in ("cost", "grant", "actual_cost") or factor == 1:
            return cell
        number: float | None = None
        if isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool):
            number = cell.value * factor
        elif isinstance(cell.value, str) and value_suffix(cell) is None:
            # 「2,673」 typed as text under 「(千円)」: the header's unit is its unit
            parsed, _ = parse_value(cell, self.sheet.loc(row, col))
            number = parsed.number * factor if parsed.number is not None else None
        if number is None:
            return cell  # a unit of its own (「2,673,000円」), a dash, or no number
        self.issues.append(Issue("value-header-unit", self.sheet.loc(row, col), {
            "raw": cell_text(cell), "unit": column.unit, "number": f"{number:,.0f}"}))
        return Cell(number, cell.number_format)

    # --- one KPI line --------------------------------------------------------------------
    def read_line(self, header: _Header, row: int, project: Project,
                  ) -> list[tuple[Kpi, dict[int, Observation]]]:
        """The KPIs of one line (one, or several when a cell holds several); each with
        its observations by fiscal year (0: the year is not known)."""
        get = {key: header.by_key(key) for key in _KPI_KEYS}
        cells = {key: (self.sheet.grid.get(row, col.col) if col is not None else None)
                 for key, col in get.items()}
        target_years = header.year_columns("target")
        actual_years = header.year_columns("actual")
        year_cells = [self.sheet.grid.get(row, c.col) for c in (*target_years, *actual_years)]
        content = [c for c in (*cells.values(), *year_cells) if c is not None and not c.is_empty]
        if not content:
            return []
        target_header = get["target"]
        # the 単位 column, else the unit in the target's header (「指標値 (人)」)
        unit_text = cell_text(cells["unit"]) or (
            target_header.unit if target_header is not None else None)
        name_text = cell_text(cells["kpi_name"])
        if target_years or actual_years:
            return [self.year_columns_kpi(header, row, name_text, unit_text, target_years,
                                          actual_years, project)]
        target_col, actual_col = get["target"], get["actual"]
        name_col = (get["kpi_name"] or target_col or Column(1, None, "")).col
        fy = self.line_year(header, row, cells, target_col)
        out: list[tuple[Kpi, dict[int, Observation]]] = []
        for part in self.split_line(row, name_text, unit_text, cells["target"],
                                    cells["actual"], target_col, actual_col):
            kpi = Kpi(index=0, name=part.name, unit=part.unit,
                      where=self.sheet.loc(row, name_col))
            if not part.name:
                self.issues.append(Issue("kpi-name-missing", self.sheet.loc(row, name_col),
                                         {"index": len(out) + 1}))
                kpi.name = "KPI"
            if kpi.unit is None:
                kpi.unit = self.infer_unit(kpi, [part.target, part.actual], row, name_col)
            baseline_cell = cells["baseline"]
            if baseline_cell is not None and not baseline_cell.is_empty:
                kpi.baseline, _ = self.value(baseline_cell, row, get["baseline"], kpi)
            target, noted = self.value(part.target, row, target_col, kpi,
                                       invalid=part.target_invalid)
            actual, _ = self.value(part.actual, row, actual_col, kpi,
                                   invalid=part.actual_invalid)
            year = fy if fy is not None else noted
            if year is None:
                self.issues.append(Issue("kpi-year-unknown", self.sheet.loc(row, name_col),
                                         {"kpi": kpi.name}))
            out.append((kpi, {year or 0: Observation(target, actual)}))
        return out

    def line_year(self, header: _Header, row: int, cells: dict[str, Cell | None],
                  target_col: Column | None) -> int | None:
        """The fiscal year of a line's target: its 目標年月 (「H28.3」 is the end of
        FY2015), its 年度 column, or the year its header names (「KPI (H27年度)」)."""
        date_cell = cells["target_date"]
        if date_cell is not None and not date_cell.is_empty:
            month = cell_month(date_cell)
            col = header.by_key("target_date")
            where = self.sheet.loc(row, col.col if col else 1)
            raw = date_cell.date_text() or cell_text(date_cell)  # a date cell as shown
            if month is None:
                self.issues.append(Issue("target-date-invalid", where, {"raw": raw}))
                return None
            fy = fiscal_year_of_month(*month)
            self.issues.append(Issue("target-date-read", where, {
                "raw": raw, "month": month_text(*month), "year": format_fiscal_year(fy)}))
            return fy
        year_cell = cells["year"]
        if year_cell is not None and not year_cell.is_empty:
            typed = parse_fiscal_year(year_cell.value)
            if typed is None:
                col = header.by_key("year")
                self.issues.append(Issue("year-label-invalid", self.sheet.loc(
                    row, col.col if col else 1), {"raw": cell_text(year_cell)}))
            return typed
        if target_col is not None and target_col.year is not None:
            return target_col.year
        return None

    def split_line(self, row: int, name: str, unit: str | None, target: Cell | None,
                   actual: Cell | None, target_col: Column | None, actual_col: Column | None,
                   ) -> list[_Part]:
        """Each KPI a line holds: one, or one per line of a stacked cell, or one per part
        of 「200・4,000」 when the profile says so (otherwise that cell is an error, never
        one number); the name taken from before the figure when the cells are named."""
        rules = self.profile.values
        t_text = _text_of(target)
        a_text = _text_of(actual)
        t_parts: list[str] | None = None
        a_parts: list[str] = []
        names, units = [name], [unit]
        if rules.stacked and t_text is not None and "\n" in t_text:
            t_parts = split_lines(t_text)
            a_parts = split_lines(a_text) if a_text else []
        elif rules.split and t_text is not None and two_values(t_text, rules.split):
            t_parts = two_values(t_text, rules.split) or []
            a_parts = (two_values(a_text, rules.split) or [a_text]) if a_text else []
            if unit and len(unit.split(rules.split)) == len(t_parts):
                units = [u.strip() for u in unit.split(rules.split)]
            if name and len(name.split(rules.split)) == len(t_parts):
                names = [n.strip() for n in name.split(rules.split)]
        if t_parts is None:
            part = _Part(name, unit, target, actual)
            for text, col, attr in ((t_text, target_col, "target_invalid"),
                                    (a_text, actual_col, "actual_invalid")):
                if text and has_two_values(text):
                    self.issues.append(Issue("value-two-values", self.sheet.loc(
                        row, col.col if col else 1), {"raw": text}))
                    setattr(part, attr, text)
            if rules.named:
                part.name, part.target, part.actual = self.named(name, target, actual)
            return [part]
        if len(a_parts) not in (0, len(t_parts)):
            self.issues.append(Issue("value-parts-mismatch", self.sheet.loc(
                row, actual_col.col if actual_col else 1),
                {"found": len(a_parts), "expected": len(t_parts)}))
        out: list[_Part] = []
        for i, text in enumerate(t_parts):
            part_name = names[i] if len(names) == len(t_parts) else (
                f"{name}（{i + 1}）" if name else "")
            part_unit = units[i] if len(units) == len(t_parts) else unit
            t_cell: Cell | None = Cell(text)
            a_cell: Cell | None = Cell(a_parts[i]) if i < len(a_parts) else None
            if rules.named:
                part_name, t_cell, a_cell = self.named(part_name, t_cell, a_cell)
            out.append(_Part(part_name, part_unit, t_cell, a_cell))
        return out

    def named(self, name: str, target: Cell | None, actual: Cell | None,
              ) -> tuple[str, Cell | None, Cell | None]:
        """「インターン受入30人」: the name before the figure is the KPI's (when no name
        column gave one), the figure is the value; so for the actual."""
        out: list[Cell | None] = []
        for cell in (target, actual):
            text = cell_text(cell) if cell is not None and isinstance(cell.value, str) else None
            split = split_named(text) if text else None
            if split is None:
                out.append(cell)
                continue
            part_name, figure = split
            if not name:
                name = part_name
            out.append(Cell(figure))
        return name, out[0], out[1]

    def infer_unit(self, kpi: Kpi, cells: list[Cell | None], row: int, col: int) -> str | None:
        for cell in cells:
            if cell is not None and isinstance(cell.value, str):
                noted = split_year_note(cell.value)  # 「270件 (2021~2026年度累計)」: 件
                if noted is not None:
                    cell = Cell(noted.value)
            suffix = value_suffix(cell)
            if suffix is not None:
                return suffix
        self.issues.append(Issue("kpi-unit-missing", self.sheet.loc(row, col),
                                 {"kpi": kpi.name}))
        return None

    def value(self, cell: Cell | None, row: int, col: Column | None, kpi: Kpi, *,
              invalid: str | None = None) -> tuple[Value, int | None]:
        """A value, and the fiscal year written after it (「270件 (2021~2026年度累計)」:
        the end of the span; the KPI is then cumulative)."""
        where = self.sheet.loc(row, col.col if col is not None else 1)
        if invalid is not None:  # reported by the caller (two values in one cell)
            return Value(None, ValueStatus.INVALID, invalid, where), None
        year: int | None = None
        if cell is not None and isinstance(cell.value, str):
            found = split_year_note(cell.value)
            if found is not None:
                cell = Cell(found.value)
                year = found.end
                if found.cumulative:
                    kpi.kind = ValueKind.CUMULATIVE
                self.issues.append(Issue("value-year-noted", where, {
                    "raw": found.value, "span": _span(found.start, found.end),
                    "cumulative": "（累計）" if found.cumulative else ""}))
        value, issues = parse_value(cell, where, kpi.unit)
        self.issues.extend(issues)
        return value, year

    def year_columns_kpi(self, header: _Header, row: int, name: str, unit: str | None,
                         target_years: list[Column], actual_years: list[Column],
                         project: Project) -> tuple[Kpi, dict[int, Observation]]:
        """A KPI whose years run as columns (H27 … H31 under 目標 and under 実績)."""
        name_col = next((c.col for c in (header.by_key("kpi_name"), header.by_key("name"))
                         if c is not None), 1)
        name_at = self.sheet.loc(row, name_col)
        if not name:
            # the line's first text names it when there is no 指標 column (綾町's 基本的方向)
            name = project.name
        kpi = Kpi(index=0, name=name, unit=unit, where=name_at)
        cells = [self.sheet.grid.get(row, c.col) for c in (*target_years, *actual_years)]
        if kpi.unit is None:
            kpi.unit = self.infer_unit(kpi, cells, row, name_col)
        observations: dict[int, Observation] = {}
        years = sorted({c.year for c in (*target_years, *actual_years) if c.year is not None})
        targets = {c.year: c for c in target_years}
        actuals = {c.year: c for c in actual_years}
        for fy in years:
            t = targets.get(fy)
            a = actuals.get(fy)
            t_value = (self.value(self.sheet.grid.get(row, t.col), row, t, kpi)[0] if t
                       else _absent(name_at))
            a_value = (self.value(self.sheet.grid.get(row, a.col), row, a, kpi)[0] if a
                       else _absent(name_at))
            observations[fy] = Observation(t_value, a_value)
        return kpi, observations

    def fill_years(self, project: Project, kpis: list[tuple[Kpi, dict[int, Observation]]],
                   start: int) -> None:
        """The project's year rows: every fiscal year a KPI has a value in, in order; a KPI
        without that year is not applicable there (not missing)."""
        years = sorted({fy for _, obs in kpis for fy in obs if fy})
        if project.period is None and years:
            project.period = Period(years[0], years[-1])
        project.kpis = [k for k, _ in kpis]
        period_start = project.period.start if project.period is not None else None
        where = self.sheet.loc(start, 1)
        rows: list[YearRow] = []
        unknown = [obs[0] for _, obs in kpis if 0 in obs]
        for fy in years:
            ordinal = fy - period_start + 1 if period_start is not None else len(rows) + 1
            row = YearRow(fiscal_year=fy, ordinal=ordinal, label=format_fiscal_year(fy),
                          activities="", where=where)
            for _, obs in kpis:
                row.observations.append(obs.get(fy) or Observation(_absent(where),
                                                                   _absent(where)))
            rows.append(row)
        if unknown and not years:
            row = YearRow(fiscal_year=None, ordinal=1, label="", activities="", where=where)
            row.observations = [obs.get(0) or Observation(_absent(where), _absent(where))
                                for _, obs in kpis]
            rows.append(row)
        project.years = rows


def _span(start: int, end: int) -> str:
    if start == end:
        return format_fiscal_year(start)
    return f"{format_fiscal_year(start)}～{format_fiscal_year(end)}"


def _text_of(cell: Cell | None) -> str | None:
    return cell_text(cell) if cell is not None and isinstance(cell.value, str) else None


def _absent(where: Location) -> Value:
    """No value for this KPI in this year: the form has none there (not a blank)."""
    return Value(None, ValueStatus.NOT_APPLICABLE, None, where)


def read_table_sheet(grid: Grid, path: Path, profile: Profile, *, first_number: int = 1,
                     ) -> SheetProjects:
    """The projects of one sheet of a ``table`` form (none when the sheet has no header
    of the profile's: a sheet of notes, a cover); a project without a No of its own is
    numbered by its place, from ``first_number``."""
    return _TableReader(grid, path, profile, first_number).read()

