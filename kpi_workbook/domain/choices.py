"""The choice lists of the verification record, and the wordings real forms use for them.

Cities and the national form word the same choice differently: the Cabinet Office's
「地方創生に対して効果がなかった」 is 「地方創生に効果がなかった」 on many forms, 「事業の終了」 is
「予定通り事業終了」 on the national one, and paper forms number their options 「1.」–「5.」
or 「①」–「⑤」. Each is read as the canonical choice (the State counts the canonical
levels; kpi.csv and 国への報告 write them), while what was typed is kept and shown as
typed. A value outside every list is kept too, and stays a warning.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from kpi_workbook.domain import labels as L
from kpi_workbook.domain.evaluation import RATING_CHOICES

_CIRCLED: Final = "①②③④⑤⑥⑦⑧⑨"
_NUMBERED_RE: Final = re.compile(r"^\s*(?:(\d)\s*[.．、:：)）]?|([①-⑨]))\s*(.*)$")
_SPACE_RE: Final = re.compile(r"\s+")
_BRACKETS_RE: Final = re.compile(r"[(（][^)）]*[)）]")


def _key(text: str) -> str:
    return _SPACE_RE.sub("", unicodedata.normalize("NFKC", text))


@dataclass(frozen=True, slots=True)
class ChoiceList:
    """One list: the canonical choices in order, and the variants seen on real forms."""

    name: str
    choices: tuple[str, ...]
    variants: Mapping[str, str]
    """A wording (as typed, compared without spaces and width) → its canonical choice."""

    def canonical(self, text: str | None) -> str | None:
        """The canonical choice ``text`` stands for, or None (empty, or in no list).

        Compared without white space and width differences; a leading number (「2.」,
        「②」) picks the choice by its place in the list, and the text after it, when
        there is any, must agree with that choice (or be one of its wordings).
        """
        if not text or not text.strip():
            return None
        by_key = self._by_key()
        found = by_key.get(_key(text)) or by_key.get(_key(_BRACKETS_RE.sub("", text)))
        if found is not None:
            return found  # 「事業の継続（現状維持）」: a choice with a remark in brackets
        m = _NUMBERED_RE.match(text)
        if m is None:
            return None
        digit, circled, rest = m.groups()
        index = int(digit) if digit else _CIRCLED.index(circled) + 1
        if not 1 <= index <= len(self.choices):
            return None
        choice = self.choices[index - 1]
        if rest.strip() and by_key.get(_key(rest)) != choice:
            return None
        return choice

    def _by_key(self) -> dict[str, str]:
        table = {_key(c): c for c in self.choices}
        table.update({_key(v): c for v, c in self.variants.items()})
        return table

    def describe(self) -> str:
        return "・".join(self.choices)


EFFECT: Final = ChoiceList(L.EFFECT, L.EFFECT_CHOICES, {
    "地方創生に非常に効果があった": "地方創生に非常に効果的であった",
    "地方創生に効果がなかった": "地方創生に対して効果がなかった",
    "地方創生に相当程度効果があった。": "地方創生に相当程度効果があった",
    # expydoc 10933759: a level between 3 and 4, counted as 3 (the text is kept as typed)
    "指標、目標値の設定の見直し等が必要であるが、ある程度の効果があった": "地方創生に効果があった",
})
POLICY: Final = ChoiceList(L.POLICY, L.POLICY_CHOICES, {
    "追加等更に発展させる": "事業の発展",
    "事業内容の見直し": "事業の見直し",
    "現状維持": "事業の継続",
    "事業の中止・廃止": "事業の中止",
    "事業の廃止": "事業の中止",
    "予定通り事業終了": "事業の終了",
    "予定どおり事業終了": "事業の終了",
    "事業終了": "事業の終了",
    # the wordings of other towns' forms (expydoc 10933759)
    "事業拡大": "事業の発展",
    "改善し事業継続": "事業の見直し",
    "現状通り事業継続": "事業の継続",
    "現状どおり事業継続": "事業の継続",
    "事業中止・廃止": "事業の中止",
    "事業・期間の終了": "事業の終了",
})
RATING: Final = ChoiceList("外部有識者の評価", RATING_CHOICES, {
    "有効であった": RATING_CHOICES[0],
    "KPI達成に有効であった": RATING_CHOICES[0],
    "有効とは言えない": RATING_CHOICES[1],
    "KPI達成に有効とは言えない": RATING_CHOICES[1],
})

LISTS: Final[Sequence[ChoiceList]] = (EFFECT, POLICY, RATING)
