"""外部評価: what the outside experts (外部有識者) and the council said about a project.

The grant rules ask the city to verify every project each year and then publish the
result (spec §5.1). The planning division types the verdict into the 外部評価 sheet of the
consolidated workbook after the meeting; every command that reads that workbook carries
it on: ``publish`` shows it, ``merge --previous`` shows it beside next year's empty
cells, ``template --from`` shows it to the department. What the entries are lives here
(the page shows them too); the sheet's name and columns are
``consolidated/columns/evaluation.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

#: The headings of the three entries (on the page, and the sheet's input columns).
H_RATING: Final = "外部有識者の評価"
H_EXPERTS: Final = "外部有識者の意見"
H_COUNCIL: Final = "議会の意見"

RATING_CHOICES: Final = (
    "総合戦略のKPI達成に有効であった",
    "総合戦略のKPI達成に有効とは言えない",
)


@dataclass(frozen=True, slots=True)
class Evaluation:
    """The three entries of one project's row; '' where nothing was typed."""

    rating: str = ""
    """外部有識者の評価: one of :data:`RATING_CHOICES` (other text is kept as typed)."""
    experts: str = ""
    """外部有識者の意見 (free text)."""
    council: str = ""
    """議会の意見 (free text)."""

    @property
    def is_empty(self) -> bool:
        return not (self.rating or self.experts or self.council)

    def entries(self) -> list[tuple[str, str]]:
        """(heading, text) of each non-empty entry, in sheet order (the page's headings)."""
        pairs = ((H_RATING, self.rating), (H_EXPERTS, self.experts),
                 (H_COUNCIL, self.council))
        return [(h, t) for h, t in pairs if t]
