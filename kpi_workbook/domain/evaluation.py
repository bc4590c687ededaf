"""外部評価: the verification record of a project, stage by stage.

The grant rules ask the city to verify every project each year and then publish the
result (spec §5.1); from the 2025 grant on, publishing the evaluation *with* its cause
analysis (要因分析) and improvement measures (改善方策) is mandatory. The record runs in
stages: the department's own (事業効果, 今後の方針 as submitted, with 要因分析, 改善方策
and 今後の方針の理由 from the submission), then the planning division's first evaluation
(企画課の一次評価), the outside experts' (外部有識者: a rating from the list, optional vote
counts, an opinion), the council's (議会の意見) and the final decision (最終の今後の方針 and
its 理由). Each stage the planning division types may carry its 記入日 and 記入者, all
optional.

The planning division types the stages into the 外部評価 sheet of the consolidated
workbook; every command that reads that workbook carries them on: a re-merge keeps them,
``publish`` shows them, ``merge --previous`` shows them beside next year's empty cells,
``template --from`` shows them to the department. :data:`FIELDS` is the one list of the
typed cells, in sheet order: the writer, every reader and the page go by it, so a stage
added here reaches all of them. The sheet's name and other columns are
``consolidated/columns/evaluation.py``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

#: The headings of the three entries the record started with (the page, the sheet).
H_RATING: Final = "外部有識者の評価"
H_EXPERTS: Final = "外部有識者の意見"
H_COUNCIL: Final = "議会の意見"

H_PLANNING: Final = "企画課の一次評価"
H_PLANNING_DATE: Final = "企画課の記入日"
H_PLANNING_BY: Final = "企画課の記入者"
H_VOTES: Final = "外部有識者の賛否"
H_EXPERTS_DATE: Final = "外部有識者の記入日"
H_EXPERTS_BY: Final = "外部有識者の記入者"
H_COUNCIL_DATE: Final = "議会の記入日"
H_COUNCIL_BY: Final = "議会の記入者"
H_FINAL_POLICY: Final = "最終の今後の方針"
H_FINAL_REASON: Final = "最終の今後の方針の理由"
H_FINAL_DATE: Final = "最終の記入日"
H_FINAL_BY: Final = "最終の記入者"

RATING_CHOICES: Final = (
    "総合戦略のKPI達成に有効であった",
    "総合戦略のKPI達成に有効とは言えない",
)


@dataclass(frozen=True, slots=True)
class Field:
    """One typed cell of a project's record: its column heading and attribute."""

    header: str
    attr: str
    stage: str
    """企画課, 外部有識者, 議会 or 最終: the stage it belongs to."""


#: Every cell the planning division types, in sheet order (stage by stage). The first
#: three are the record's original columns: a workbook written before the stages existed
#: has only those, and reads as a record with the others empty.
FIELDS: Final = (
    Field(H_RATING, "rating", "外部有識者"),
    Field(H_EXPERTS, "experts", "外部有識者"),
    Field(H_COUNCIL, "council", "議会"),
    Field(H_PLANNING, "planning", "企画課"),
    Field(H_PLANNING_DATE, "planning_date", "企画課"),
    Field(H_PLANNING_BY, "planning_by", "企画課"),
    Field(H_VOTES, "votes", "外部有識者"),
    Field(H_EXPERTS_DATE, "experts_date", "外部有識者"),
    Field(H_EXPERTS_BY, "experts_by", "外部有識者"),
    Field(H_COUNCIL_DATE, "council_date", "議会"),
    Field(H_COUNCIL_BY, "council_by", "議会"),
    Field(H_FINAL_POLICY, "final_policy", "最終"),
    Field(H_FINAL_REASON, "final_reason", "最終"),
    Field(H_FINAL_DATE, "final_date", "最終"),
    Field(H_FINAL_BY, "final_by", "最終"),
)
#: The columns every workbook with a 外部評価 sheet has.
ORIGINAL_HEADERS: Final = (H_RATING, H_EXPERTS, H_COUNCIL)
#: The order a typed cell is shown in where it is read (the page, next year's workbook):
#: the stages in the order they happen, the record's sheet order aside.
SHOWN_ORDER: Final = (H_PLANNING, H_PLANNING_DATE, H_PLANNING_BY, H_RATING, H_VOTES,
                      H_EXPERTS, H_EXPERTS_DATE, H_EXPERTS_BY, H_COUNCIL, H_COUNCIL_DATE,
                      H_COUNCIL_BY, H_FINAL_POLICY, H_FINAL_REASON, H_FINAL_DATE,
                      H_FINAL_BY)


@dataclass(frozen=True, slots=True)
class Evaluation:
    """One project's typed record; '' where nothing was typed. Text is kept as typed (a
    rating outside the list too: the checks say so)."""

    rating: str = ""
    """外部有識者の評価: one of :data:`RATING_CHOICES` (other text is kept as typed)."""
    experts: str = ""
    """外部有識者の意見 (free text)."""
    council: str = ""
    """議会の意見 (free text)."""
    planning: str = ""
    """企画課の一次評価 (free text)."""
    planning_date: str = ""
    planning_by: str = ""
    votes: str = ""
    """外部有識者の賛否 as typed, e.g. 「有効 5 / 有効とは言えない 1」."""
    experts_date: str = ""
    experts_by: str = ""
    council_date: str = ""
    council_by: str = ""
    final_policy: str = ""
    """最終の今後の方針: the decision after the council (a choice of spec §1.1)."""
    final_reason: str = ""
    final_date: str = ""
    final_by: str = ""

    @classmethod
    def from_headers(cls, texts: Mapping[str, str]) -> Evaluation:
        """The record from a sheet row's cells by heading (missing headings: empty)."""
        return cls(**{f.attr: texts.get(f.header, "") for f in FIELDS})

    def text(self, header: str) -> str:
        """The typed text under ``header`` (one of :data:`FIELDS`)."""
        return str(getattr(self, _ATTR[header]))

    def texts(self) -> tuple[str, ...]:
        """Every cell's text in sheet order (:data:`FIELDS`)."""
        return tuple(self.text(f.header) for f in FIELDS)

    @property
    def is_empty(self) -> bool:
        return not any(self.texts())

    def entries(self) -> list[tuple[str, str]]:
        """(heading, text) of each non-empty cell, in the order the stages happen."""
        return [(h, t) for h in SHOWN_ORDER if (t := self.text(h))]

    def replace(self, **changes: str) -> Evaluation:
        return dataclasses.replace(self, **changes)


_ATTR: Final = {f.header: f.attr for f in FIELDS}


def cell_text(value: object) -> str:
    """A typed cell of the record as text, the way a clerk reads it in Excel: a date as
    ``2023/05/01`` (a 記入日 Excel turned into a date), a whole number without ``.0``."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        shown = value.strftime("%Y/%m/%d")
        return shown if value.time() == dt.time() else f"{shown} {value:%H:%M}"
    if isinstance(value, dt.date):
        return value.strftime("%Y/%m/%d")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
