"""Layout profiles: a form described as data, so that a new form needs a file, not code.

Every form the reader knows is a :class:`Profile`: where its labelled fields are, whether
its projects, KPIs and years run in rows or columns, which label texts name which field,
how a value cell is split and which wordings of the choice lists it uses. The city's
official layout is one of them (``official.toml``, the default), and so are the national
事業実施結果報告 form, the per-project sheet and the column table shipped beside it. A user's
own file has the same shape (``docs/layout-profiles.md``); :func:`parse_profile` checks it
and says at which line it is wrong.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from functools import cached_property
from importlib import resources
from typing import Final, Literal

from kpi_workbook.domain import labels as L
from kpi_workbook.domain.labels import normalize_label, normalize_text

Layout = Literal["rows", "fields", "table"]
LAYOUTS: Final[tuple[Layout, ...]] = ("rows", "fields", "table")

DEFAULT: Final = "official"
"""The profile read when none is named: the city's official layout."""
AUTO: Final = "auto"
"""``--profile auto``: the profile is chosen per workbook by the labels found in it."""

#: The labelled fields of a project (keys of ``[fields]`` and ``[columns]``) and the label
#: of the layout each stands for in the reader and the model.
FIELD_LABELS: Final[Mapping[str, str]] = {
    "number": L.PROJECT_NUMBER, "name": L.PROJECT_NAME, "scope": L.SCOPE,
    "period": L.PERIOD, "department": L.DEPARTMENT, "purpose": L.PURPOSE, "cost": L.COST,
    "grant": L.GRANT, "effect": L.EFFECT, "policy": L.POLICY, "assessment": L.ASSESSMENT,
    "cause": L.CAUSE, "improvement": L.IMPROVEMENT, "policy_reason": L.POLICY_REASON,
    "grant_kind": L.GRANT_KIND, "actual_cost": L.ACTUAL_COST,
    "template_version": L.TEMPLATE_VERSION,
}
#: Fields only a form other than the official one has (kept in the project's text, or
#: of the whole form: :data:`HEADER_KEYS`).
EXTRA_FIELDS: Final[Mapping[str, str]] = {
    "period_start": "事業始期", "period_end": "事業終期", "rating": "外部有識者の評価",
    "opinion": "外部有識者の意見", "prefecture": "都道府県名", "municipality": "市町村名",
    "municipality_code": "団体コード",
}
#: Fields of who reports (above a table), kept on the submission (``form_header``).
HEADER_KEYS: Final = ("prefecture", "municipality", "municipality_code")
#: The parts of the official layout's KPI table (``[table]`` of a ``rows`` profile).
TABLE_PARTS: Final[Mapping[str, str]] = {
    "start": L.TABLE_START, "kpi_header": L.KPI_HEADER, "unit": L.UNIT,
    "direction": L.DIRECTION, "baseline": L.BASELINE, "kind": L.KIND,
    "final_target": L.FINAL_TARGET, "due": L.DUE, "figure_status": L.FIGURE_STATUS,
    "year": L.YEAR,
    "activities": L.ACTIVITIES, "target": L.TARGET, "actual": L.ACTUAL,
}
#: The columns a ``table`` profile may name, besides the project's fields.
KPI_COLUMNS: Final[Mapping[str, str]] = {
    "kpi_name": "指標", "target": "目標値", "actual": "実績値", "unit": "単位",
    "target_date": "目標年月", "baseline": "基準値", "kpi_line": "指標番号",
    "year": "年度",
}
#: Group headers of year columns (``[years]`` of a ``table`` profile).
YEAR_GROUPS: Final = ("target", "actual")
#: The KPI of a ``fields`` profile (``[kpi]``).
KPI_FIELDS: Final[Mapping[str, str]] = {
    "name": "指標名", "target": "目標値", "actual": "実績値", "follow_up": "確定の時期",
    "note": "実績値の計算方法",
}
VOCABULARIES: Final = ("effect", "policy", "rating")


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One labelled field or column: the labels that name it, and where its value is."""

    key: str
    labels: tuple[str, ...]
    below: bool = False
    """The value is in the cell below the label (a row of labels over a row of values)."""
    join: bool = False
    """Several labels of this field may be found: their values are kept together, each
    after its label (「有効性: 高…」), instead of the first one only."""


@dataclass(frozen=True, slots=True)
class ValueRules:
    """How a value cell is split (``[values]``)."""

    split: str | None = None
    """A cell may hold two values joined by this mark (「200・4,000」 with unit 「回・人」):
    one KPI each. Without it such a cell is an error, never one number."""
    stacked: bool = False
    """A cell may hold one KPI per line (two KPIs stacked in one cell)."""
    named: bool = False
    """A value cell holds the KPI's name before its number (「インターン受入30人」)."""


class Labels:
    """Label text → the key it stands for, compared as labels are (spec §1: NFKC, no white
    space, trailing colons dropped). ``*`` in a declared label matches any text."""

    def __init__(self, table: Mapping[str, str]) -> None:
        self._exact: dict[str, str] = {}
        self._patterns: list[tuple[re.Pattern[str], str]] = []
        for text, key in table.items():
            if "*" in text:  # (normalize_label would take a leading * for a decoration)
                pattern = fnmatch.translate(normalize_text(text))
                self._patterns.append((re.compile(pattern, re.DOTALL), key))
            else:
                self._exact.setdefault(normalize_label(text), key)
        self._cache: dict[str, str | None] = {}

    def __call__(self, value: object) -> str | None:
        if not isinstance(value, str):
            return None
        try:
            return self._cache[value]
        except KeyError:
            pass
        key = normalize_label(value)
        found = self._exact.get(key) if key else None
        if found is None and key:
            found = next((k for p, k in self._patterns if p.fullmatch(key)), None)
        if len(self._cache) < 8192:
            self._cache[value] = found
        return found

    @property
    def exact(self) -> Mapping[str, str]:
        """The exact label texts (normalised) and their keys."""
        return self._exact


@dataclass(frozen=True)
class Profile:
    """A form, as its profile file declares it. Immutable and picklable: it goes to the
    worker processes with the files to read."""

    name: str
    title: str
    title_en: str
    layout: Layout
    detect: tuple[str, ...]
    """Labels that, all found on one sheet, identify the form (``--profile auto``)."""
    required: tuple[str, ...] = ()
    """Fields a project must have (an error names the one missing)."""
    fields: tuple[FieldSpec, ...] = ()
    table: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    columns: tuple[FieldSpec, ...] = ()
    years: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    kpi: tuple[FieldSpec, ...] = ()
    values: ValueRules = field(default_factory=ValueRules)
    vocabulary: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    """List name (``effect``, ``policy``, ``rating``) → wording on this form → choice."""
    source: str = ""
    """Where it was declared: ``built-in`` or the file's path."""
    consolidated_sheets: tuple[str, ...] = ()
    """The sheets read in a consolidated workbook of this tool (the roll-up reads its
    国への報告); none: such a workbook is skipped, as ``check`` and ``merge`` must."""

    def __getstate__(self) -> dict[str, object]:
        # Sent to a worker process with every file: the declaration only, not the
        # lookups built from it (each process builds its own, once).
        return {k: v for k, v in self.__dict__.items() if k in _DECLARED}

    def display(self, lang: str = "ja") -> str:
        return self.title_en if lang == "en" and self.title_en else self.title

    # --- lookups built once per profile (a profile is shared by every sheet read) -------
    @cached_property
    def layout_labels(self) -> Labels:
        """Label → the layout's label (``L.*``) for a ``rows`` profile: the header fields
        and the parts of the KPI table."""
        table: dict[str, str] = {}
        for spec in self.fields:
            for text in spec.labels:
                table.setdefault(text, FIELD_LABELS.get(spec.key, spec.key))
        for part, texts in self.table.items():
            for text in texts:
                table.setdefault(text, TABLE_PARTS[part])
        return Labels(table)

    @cached_property
    def field_labels(self) -> Labels:
        """Label → field key, over ``[fields]`` (every layout)."""
        return Labels({t: s.key for s in self.fields for t in s.labels})

    @cached_property
    def column_labels(self) -> Labels:
        """Header → column key, over ``[columns]`` (a ``table`` profile)."""
        return Labels({t: s.key for s in self.columns for t in s.labels})

    @cached_property
    def year_group_labels(self) -> Labels:
        return Labels({t: g for g, texts in self.years.items() for t in texts})

    @cached_property
    def kpi_labels(self) -> Labels:
        return Labels({t: s.key for s in self.kpi for t in s.labels})

    @cached_property
    def detect_labels(self) -> tuple[Labels, ...]:
        """One matcher per label of ``detect`` (each may be a pattern)."""
        return tuple(Labels({t: t}) for t in self.detect)

    @cached_property
    def every_label(self) -> Labels:
        """Every label this profile declares (detection counts how many a sheet has)."""
        table = {t: "field" for s in (*self.fields, *self.columns, *self.kpi)
                 for t in s.labels}
        table.update({t: "table" for texts in self.table.values() for t in texts})
        table.update({t: "years" for texts in self.years.values() for t in texts})
        return Labels(table)


_DECLARED: Final = frozenset(f.name for f in fields(Profile))


def strip_numbering(text: str) -> str:
    """A header without its numbering (「①交付対象事業の名称」, 「1.事業名」) or brackets
    (「実績額(単位:円)」 keeps 「実績額」): what a column header is compared by."""
    # the circled numbers first: NFKC would turn ① into a bare 1
    s = normalize_text(re.sub(r"^\s*[①-⑳㉑-㉟]", "", text))
    return re.sub(r"^(?:\d{1,2}[.)、]|\(\d{1,2}\))", "", s)


_BUILTIN_NAMES: Final = ("official", "national", "per-project", "column-table")


def builtin_names() -> tuple[str, ...]:
    """The names of the profiles that ship with the tool, the default first."""
    return _BUILTIN_NAMES


def builtin_text(name: str) -> str:
    """The TOML text of a built-in profile (a package resource, beside this module)."""
    return resources.files(__package__).joinpath(f"{name}.toml").read_text(encoding="utf-8")
