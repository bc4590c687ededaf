"""Forms of one sheet per project, every value beside its label (no table).

つくば市's 実績評価シート is one: 事業名, 事業の概要・目的, the amounts, 事業始期/終期, then
「KPI 目標値 (単位) 時期」 → 「200 (人) 平成27年10月」 and 「実績値 (単位) 時期」 →
「282 (人) 平成27年10月」, 有効性, 効率性, 総合評価, 実績値の計算方法 and when the figure is
final. A sheet is the form's when it has the labels the profile identifies it by; each
target label found is one KPI, paired in order with the actual labels (and names).
"""

from __future__ import annotations

from pathlib import Path

from kpi_workbook.domain.due_date import parse_due_date
from kpi_workbook.domain.fiscal_year import Period, format_fiscal_year
from kpi_workbook.domain.issues import Issue, Location
from kpi_workbook.domain.model import (
    FigureStatus,
    Kpi,
    Observation,
    Project,
    Value,
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
    find_fields,
    form_header,
)
from kpi_workbook.reading.form_values import (
    fiscal_year_of_month,
    month_text,
    nfkc,
    split_value_unit_time,
)
from kpi_workbook.reading.grid import Cell, Grid
from kpi_workbook.reading.profiles import Profile
from kpi_workbook.reading.profiles.detect import score, sheet_texts
from kpi_workbook.reading.values import parse_value, value_suffix


def _value_text(found: Found) -> str:
    """A value written over several cells of its row (「200」「(人)」「平成27年10月」)."""
    return " ".join(cell_text(c) for _, c in found.cells if cell_text(c))


def _kpis(sheet: FormSheet) -> dict[str, list[Found]]:
    """The KPI labels (``[kpi]``) on the sheet, each with the value right of it."""
    labels = sheet.profile.kpi_labels
    stop = _AnyLabel(sheet.profile)
    out: dict[str, list[Found]] = {}
    for row in sorted(sheet.rows):
        for col, cell in sheet.rows[row]:
            key = labels(cell.value)
            if key is None:
                continue
            cells = sheet.right_of(row, col, stop)
            first = cells[0][1] if cells else None
            out.setdefault(key, []).append(Found(key, cell_text(cell), first, row,
                                                 cells[0][0] if cells else col + 1, cells))
    return out


class _AnyLabel:
    """A cell that is a label of the profile (where a value to its left ends)."""

    def __init__(self, profile: Profile) -> None:
        self.fields, self.kpi = profile.field_labels, profile.kpi_labels

    def __call__(self, value: object) -> str | None:
        return self.fields(value) or self.kpi(value)


class _FieldsReader:
    def __init__(self, grid: Grid, path: Path, profile: Profile, number: int) -> None:
        self.sheet = FormSheet(grid, path, profile)
        self.profile = profile
        self.number = number

    def read(self) -> SheetProjects:
        if score(self.profile, sheet_texts(self.sheet.grid)) is None:
            return SheetProjects()  # a cover, a list of choices: not a project sheet
        found = find_fields(self.sheet)
        fields = ProjectFields()
        for spec in self.profile.fields:
            values = found.get(spec.key, [])
            if spec.join:
                fields.joined[spec.key] = values
            elif values:
                fields.values[spec.key] = values[0]
        project = build_project(self.sheet, fields, where=Location(
            self.sheet.path, self.sheet.grid.name), default_number=self.number)
        self.read_kpis(project)
        return SheetProjects([project], self.sheet.issues, frozenset(found),
                             form_header(found))

    def read_kpis(self, project: Project) -> None:
        found = _kpis(self.sheet)
        targets, actuals = found.get("target", []), found.get("actual", [])
        names, follow_ups = found.get("name", []), found.get("follow_up", [])
        notes = found.get("note", [])
        kpis: list[tuple[Kpi, int | None, Observation]] = []
        for index, target in enumerate(targets, start=1):
            actual = actuals[index - 1] if index <= len(actuals) else None
            name_found = names[index - 1] if index <= len(names) else None
            name = _value_text(name_found) if name_found else ""
            where = self.sheet.loc(target.row, target.col)
            kpi = Kpi(index=index, name=name or project.name, unit=None, where=where)
            t_value, t_year = self.value(target, kpi)
            a_value, a_year = (self.value(actual, kpi) if actual is not None else (
                Value(None, ValueStatus.MISSING, None, where), None))
            follow = follow_ups[index - 1] if index <= len(follow_ups) else None
            if follow is not None:
                self.follow_up(follow, kpi)
            note = notes[index - 1] if index <= len(notes) else None
            if note is not None and _value_text(note):
                extra = f"{note.label}: {_value_text(note)}"
                project.assessment = "\n".join(p for p in (project.assessment, extra) if p)
            kpis.append((kpi, t_year or a_year, Observation(t_value, a_value)))
        project.kpis = [k for k, _, _ in kpis]
        years = sorted({y for _, y, _ in kpis if y is not None})
        if project.period is None and years:
            project.period = Period(years[0], years[-1])
        rows: list[YearRow] = []
        where = Location(self.sheet.path, self.sheet.grid.name,
                         kpis[0][0].where.cell if kpis and kpis[0][0].where else None)
        start = project.period.start if project.period is not None else None
        slots: list[int | None] = list(years) or ([None] if kpis else [])
        for fy in slots:
            row = YearRow(fiscal_year=fy, ordinal=(fy - start + 1) if fy and start else 1,
                          label=format_fiscal_year(fy) if fy else "", activities="",
                          where=where)
            for _, year, obs in kpis:
                row.observations.append(obs if year == fy or fy is None else Observation(
                    Value(None, ValueStatus.NOT_APPLICABLE, None, where),
                    Value(None, ValueStatus.NOT_APPLICABLE, None, where)))
            rows.append(row)
        if any(y is None for _, y, _ in kpis):
            self.sheet.issues.append(Issue("kpi-year-unknown", where,
                                           {"kpi": kpis[0][0].name}))
        project.years = rows

    def value(self, found: Found, kpi: Kpi) -> tuple[Value, int | None]:
        """「200 (人) 平成27年10月」: the value, the KPI's unit from the brackets, and the
        fiscal year of the time after it."""
        where = self.sheet.loc(found.row, found.col)
        text = _value_text(found)
        parts = split_value_unit_time(text) if text else None
        year: int | None = None
        cell: Cell | None = found.cell
        if parts is not None:
            if parts.unit and kpi.unit is None:
                kpi.unit = nfkc(parts.unit)
            if parts.time is not None:
                year = fiscal_year_of_month(*parts.time)
                self.sheet.issues.append(Issue("target-date-read", where, {
                    "raw": parts.time_text or "", "month": month_text(*parts.time),
                    "year": format_fiscal_year(year)}))
            cell = Cell(parts.value)
        if kpi.unit is None:
            kpi.unit = value_suffix(cell)
        value, issues = parse_value(cell, where, kpi.unit)
        self.sheet.issues.extend(issues)
        return value, year

    def follow_up(self, follow: Found, kpi: Kpi) -> None:
        """When the figure is final: 「確定」 (it is), or a month (「H29.5」), the 公表予定 of
        an actual not yet published (「-」): 未公表 until then, as the official layout's
        公表予定 row says (``figure_status.due_year``)."""
        text = _value_text(follow)
        if nfkc(text) == FigureStatus.FINAL.value:
            kpi.figure_status = FigureStatus.FINAL
            return
        due = parse_due_date(text)
        if due is None and text:
            self.sheet.issues.append(Issue("kpi-due-invalid", self.sheet.loc(
                follow.row, follow.col), {"raw": text}))
        kpi.due = due


def read_fields_sheet(grid: Grid, path: Path, profile: Profile, *, first_number: int = 1,
                      ) -> SheetProjects:
    """The project of one sheet of a ``fields`` form (none when the sheet is not one);
    without a 事業番号 of its own it is numbered ``first_number`` (its place in the book)."""
    return _FieldsReader(grid, path, profile, first_number).read()
