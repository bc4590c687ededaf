"""What the readers of the other forms share: a sheet's cells as a form shows them, and a
project made from the fields a profile names.

The official layout's reader (``reader.py``) finds its fields one way; a national-form
table and a per-project sheet find them in rows or by label instead, but what a field
holds is read the same way everywhere: 事業番号 as a number, amounts in 円, a choice of a
list in its canonical wording (the typed text kept), required fields said when missing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from kpi_workbook.domain import choices as C
from kpi_workbook.domain.choices import ChoiceList
from kpi_workbook.domain.fiscal_year import Period, parse_period
from kpi_workbook.domain.issues import Issue, Location, cell_name
from kpi_workbook.domain.labels import normalize_text
from kpi_workbook.domain.model import Project, Scope
from kpi_workbook.reading.form_values import cell_month, fiscal_year_of_month
from kpi_workbook.reading.grid import Cell, Grid
from kpi_workbook.reading.header_values import parse_scope, project_number
from kpi_workbook.reading.profiles import EXTRA_FIELDS, FIELD_LABELS, HEADER_KEYS, Profile
from kpi_workbook.reading.values import parse_amount

_BASE_LISTS: Final = {"effect": C.EFFECT, "policy": C.POLICY, "rating": C.RATING}
_AMOUNTS: Final = ("cost", "grant", "actual_cost")
#: Fields kept in the project's 評価・課題 text, each after its label (no field of its own).
_KEPT_IN_ASSESSMENT: Final = ("rating", "opinion")


@dataclass(frozen=True, slots=True)
class SheetProjects:
    """What one sheet gave: its projects and the issues of reading them."""

    projects: list[Project] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    fields: frozenset[str] = frozenset()
    """The fields the sheet has a place for (the columns or labels found on it)."""
    header: dict[str, str] = field(default_factory=dict)
    """Who reports, as the sheet says above its table (``HEADER_KEYS``)."""


def choice_list(profile: Profile, name: str) -> ChoiceList:
    """The list ``name`` with this form's own wordings (``[vocabulary.NAME]``) added."""
    base = _BASE_LISTS[name]
    extra = profile.vocabulary.get(name)
    if not extra:
        return base
    return ChoiceList(base.name, base.choices, {**base.variants, **extra})


def cell_text(cell: Cell | None) -> str:
    """A cell as text, trimmed; numbers as a person reads them."""
    if cell is None or cell.value is None:
        return ""
    value = cell.value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


class FormSheet:
    """One sheet of a form: cells as shown (a merged range is its top-left cell wherever
    it is asked), positions as the issues name them."""

    def __init__(self, grid: Grid, path: Path, profile: Profile) -> None:
        self.grid, self.path, self.profile = grid, path, profile
        self.issues: list[Issue] = []
        self._locations: dict[tuple[int, int], Location] = {}
        self._merged_at: dict[tuple[int, int], tuple[int, int]] = {}
        self.covered_rows: set[int] = set()
        """Rows a merged cell with content reaches into (a project's name over its KPI
        lines): not empty, though no cell of theirs holds anything."""
        for r1, c1, r2, c2 in grid.merged:
            if (r2 - r1 + 1) * (c2 - c1 + 1) > 2000:
                continue  # a whole-row merge is decoration, not a header
            for r in range(r1, r2 + 1):
                for c in range(c1, c2 + 1):
                    self._merged_at[(r, c)] = (r1, c1)
            origin = grid.get(r1, c1)
            if origin is not None and not origin.is_empty:
                self.covered_rows.update(range(r1, r2 + 1))
        self.rows: dict[int, list[tuple[int, Cell]]] = {}
        for row, col, cell in grid.iter_cells():
            self.rows.setdefault(row, []).append((col, cell))

    def loc(self, row: int | None = None, col: int | None = None) -> Location:
        key = (row or 0, col or 0)
        found = self._locations.get(key)
        if found is None:  # every value and issue asks: one Location per cell
            cell = cell_name(row, col) if row is not None and col is not None else None
            found = self._locations[key] = Location(self.path, self.grid.name, cell)
        return found

    def cell(self, row: int, col: int) -> Cell | None:
        """The cell shown at (row, col): a merged range's top-left cell inside it."""
        r, c = self._merged_at.get((row, col), (row, col))
        found = self.grid.get(r, c)
        return None if found is None or found.is_empty else found

    def merged_columns(self, top: int, bottom: int) -> set[int]:
        """Columns a merged range reaches in rows ``top``–``bottom`` (a group header)."""
        return {c for (r, c) in self._merged_at if top <= r <= bottom}

    def origin(self, row: int, col: int) -> tuple[int, int]:
        return self._merged_at.get((row, col), (row, col))

    def text(self, row: int, col: int) -> str:
        return cell_text(self.cell(row, col))

    @property
    def last_row(self) -> int:
        return max(self.rows, default=0)

    def right_of(self, row: int, col: int, stop: object) -> list[tuple[int, Cell]]:
        """Non-empty cells right of a label in its row, up to the next label (``stop``
        tells a label: a callable returning a key or None)."""
        out: list[tuple[int, Cell]] = []
        for c, cell in self.rows.get(row, []):
            if c <= col:
                continue
            if callable(stop) and stop(cell.value) is not None:
                break
            out.append((c, cell))
        return out


@dataclass(slots=True)
class Found:
    """A field's value as found: the cell (None: the label with nothing beside it), and
    the label it was found by."""

    key: str
    label: str
    cell: Cell | None
    row: int
    col: int
    cells: list[tuple[int, Cell]] = field(default_factory=list)
    """Every cell of the value (a value written over several cells of its row)."""


def find_fields(sheet: FormSheet, rows: range | None = None) -> dict[str, list[Found]]:
    """The profile's labelled fields (``[fields]``) on the sheet, by label, in reading
    order; ``rows`` limits where labels are looked for (above a table)."""
    labels = sheet.profile.field_labels
    specs = {s.key: s for s in sheet.profile.fields}
    found: dict[str, list[Found]] = {}
    for row in sorted(sheet.rows):
        if rows is not None and row not in rows:
            continue
        for col, cell in sheet.rows[row]:
            key = labels(cell.value)
            if key is None:
                continue
            spec = specs[key]
            value_cells = [] if spec.below else sheet.right_of(row, col, labels)
            at = (row, value_cells[0][0] if value_cells else col + 1)
            if not value_cells:
                # a row of labels over a row of values (「(交付金額) 国費充当額 …」)
                below = sheet.cell(row + 1, col)
                if below is not None and labels(below.value) is None:
                    value_cells, at = [(col, below)], (row + 1, col)
            first = value_cells[0][1] if value_cells else None
            found.setdefault(key, []).append(
                Found(key, cell_text(cell), first, at[0], at[1], value_cells))
    return found


@dataclass(slots=True)
class ProjectFields:
    """The fields of one project as found (field key → where and what)."""

    values: dict[str, Found] = field(default_factory=dict)
    joined: dict[str, list[Found]] = field(default_factory=dict)
    """Fields kept after their labels (``join = true``, and 事業の評価/意見)."""


def build_project(sheet: FormSheet, fields: ProjectFields, *, where: Location,
                  default_number: int, sheet_fields: dict[str, list[Found]] | None = None,
                  ) -> Project:
    """A project from its fields (KPIs and years are the caller's); every issue of
    reading the fields goes to ``sheet.issues``."""
    profile = sheet.profile
    values = dict(fields.values)
    for key, above in (sheet_fields or {}).items():
        values.setdefault(key, above[0])  # 担当部局課名 above the table: every project's
    texts: dict[str, str] = {}
    amounts: dict[str, float] = {}
    number: int | None = default_number
    scope: Scope | None = None
    period: Period | None = None
    for key, found in values.items():
        if found.cell is None:
            continue
        loc = sheet.loc(found.row, found.col)
        if key == "number":
            number = project_number(found.cell.value)
            if number is None:
                sheet.issues.append(Issue("header-field-invalid", loc, {
                    "field": FIELD_LABELS["number"], "raw": cell_text(found.cell),
                    "expected": "1、①、No.1 など"}))
                number = default_number
        elif key == "scope":
            scope = parse_scope(found.cell.value)
            if scope is None:
                sheet.issues.append(Issue("header-field-invalid", loc, {
                    "field": FIELD_LABELS["scope"], "raw": cell_text(found.cell),
                    "expected": "単市 / 広域"}))
        elif key == "period":
            values_right = [c.value for _, c in found.cells] or [found.cell.value]
            rest = [v for v in values_right[1:] if isinstance(v, str) and v.strip()
                    not in ("～", "~", "〜")]
            period = parse_period(values_right[0], rest[0] if rest else None)
            if period is None:
                sheet.issues.append(Issue("period-invalid", loc,
                                          {"raw": cell_text(found.cell)}))
        elif key in _AMOUNTS:
            amount, issues = parse_amount(found.cell, loc)
            sheet.issues.extend(issues)
            if amount is not None:
                amounts[key] = amount
        else:
            texts[key] = cell_text(found.cell)
            if key in _BASE_LISTS and texts[key]:
                check_choice(sheet, choice_list(profile, key), texts[key],
                             _field_name(key), loc)
    if period is None and "period_start" in values and "period_end" in values:
        period = _period_of_months(sheet, values["period_start"], values["period_end"])
    assessment = _assessment(texts.get("assessment"), fields, values)
    for key in profile.required:
        if not texts.get(key) and key not in amounts and not (
                key == "number" and "number" in values) and not (
                key == "scope" and scope) and not (key == "period" and period):
            spot = values.get(key)
            at = sheet.loc(spot.row, spot.col) if spot is not None else where
            sheet.issues.append(Issue("header-field-missing", at,
                                      {"field": _field_name(key)}))
    return Project(
        number=number, name=texts.get("name", ""), scope=scope, period=period,
        department=texts.get("department", ""), where=where,
        purpose=texts.get("purpose", ""), cost=amounts.get("cost"),
        grant=amounts.get("grant"), effect=texts.get("effect") or None,
        policy=texts.get("policy") or None, assessment=assessment,
        cause=texts.get("cause") or None, improvement=texts.get("improvement") or None,
        policy_reason=texts.get("policy_reason") or None,
        grant_kind=texts.get("grant_kind") or None, actual_cost=amounts.get("actual_cost"))


def _field_name(key: str) -> str:
    return FIELD_LABELS.get(key) or EXTRA_FIELDS.get(key, key)


def _assessment(own: str | None, fields: ProjectFields, values: dict[str, Found],
                ) -> str | None:
    """評価・課題, with what the form says that has no field of its own after it: the
    external rating and opinion, and every field declared ``join = true``."""
    lines = [own] if own else []
    for key in _KEPT_IN_ASSESSMENT:
        found = values.get(key)
        if found is not None and found.cell is not None and cell_text(found.cell):
            lines.append(f"{found.label}: {cell_text(found.cell)}")
    for found_list in fields.joined.values():
        for found in found_list:
            if found.cell is not None and cell_text(found.cell):
                lines.append(f"{found.label}: {cell_text(found.cell)}")
    return "\n".join(lines) or None


def _period_of_months(sheet: FormSheet, start: Found, end: Found) -> Period | None:
    """事業始期 平成27年4月 / 事業終期 平成27年10月 → the fiscal years they fall in."""
    first, last = cell_month(start.cell), cell_month(end.cell)
    if first is None or last is None:
        sheet.issues.append(Issue("period-invalid", sheet.loc(start.row, start.col), {
            "raw": f"{cell_text(start.cell)}～{cell_text(end.cell)}"}))
        return None
    return Period(fiscal_year_of_month(*first), fiscal_year_of_month(*last))


def check_choice(sheet: FormSheet, choices: ChoiceList, text: str, label: str,
                 where: Location) -> None:
    """A wording of a choice is read as it (kept as typed, an info says which); anything
    else is a warning (as in the official layout)."""
    choice = choices.canonical(text)
    if choice is None:
        sheet.issues.append(Issue("header-field-not-in-list", where, {
            "field": label, "raw": text, "choices": choices.describe()}))
    elif normalize_text(choice) != normalize_text(text):
        sheet.issues.append(Issue("header-field-variant", where, {
            "field": label, "raw": text, "choice": choice}))


def form_header(found: dict[str, list[Found]]) -> dict[str, str]:
    """The fields of who reports among those found (``HEADER_KEYS``), as typed."""
    return {key: cell_text(values[0].cell) for key, values in found.items()
            if key in HEADER_KEYS and values and values[0].cell is not None}
