"""The project-level reading of the KPIs: each KPI's counted year, the State's shares, and
a proposal of the Cabinet Office's four 事業効果 levels with its reason in words
(docs/kpi-layout.md §2.4–2.5).

The levels are defined against the target *and the value before the project*:
「地方創生に非常に効果的であった」 the target was met; 「相当程度効果があった」 about 7–8 割 of the
way; 「効果があった」 better than before; 「効果がなかった」 not better. The proposal reads
them from each KPI's latest judged year: all met → 非常に効果的; otherwise the KPI that got
least far decides, by its 進捗率 (from the 基準値, ``attainment.progress``): at least the
line (default 0.7, a setting) → 相当程度; above 0 → 効果があった; else 効果がなかった. A KPI
not met whose 進捗率 cannot be worked out (no 基準値) leaves the proposal empty: 「基準値なし」.
The experts decide; the tool explains, and the department's own 事業効果 stays beside it.

The State counts 達成 as 実績 ≥ 目標 per KPI, at the KPI's counted year (its latest year
judged 達成 or 未達成), and reports the share of projects with at least one KPI 達成, the
share of KPIs 達成 and (財務省) the share of KPIs with 達成率 under 50 %.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from kpi_workbook.domain import labels
from kpi_workbook.domain.attainment import (
    ACHIEVED,
    NOT_ACHIEVED,
    Judgement,
    judge_observation,
    progress,
    value_number,
)
from kpi_workbook.domain.figure_status import due_year
from kpi_workbook.domain.issue_parts import Phrase
from kpi_workbook.domain.labels import normalize_text
from kpi_workbook.domain.model import Kpi, Project, ValueKind, YearRow

DEFAULT_EFFECT_LINE: Final = 0.7
"""進捗率 from which a KPI not met still counts as 「相当程度効果があった」 (7 割)."""
LOW_RATE: Final = 0.5
"""達成率 under which 財務省 counts a KPI as far from its target."""


class Effect(str, enum.Enum):
    """The Cabinet Office's four levels, as the department's 事業効果 list spells them."""

    VERY = labels.EFFECT_CHOICES[0]
    SUBSTANTIAL = labels.EFFECT_CHOICES[1]
    EFFECTIVE = labels.EFFECT_CHOICES[2]
    NONE = labels.EFFECT_CHOICES[3]


@dataclass(frozen=True, slots=True)
class RowResult:
    """One KPI in one year as 集計一覧 shows it: 達成率/判定/判定根拠, 進捗率, 公表予定."""

    judgement: Judgement
    progress: float | None
    due: str | None
    """The 公表予定 shown on the row (``figure_status.due_year``), or None."""

    @property
    def judged(self) -> bool:
        """達成 or 未達成: the row can be counted."""
        return self.judgement.verdict in (ACHIEVED, NOT_ACHIEVED)


def row_results(project: Project, kpi: Kpi, report_year: int) -> list[RowResult]:
    """Every year row of ``kpi`` (in ``project.years`` order, those it has a value in):
    the one computation of what 集計一覧 caches, the window shows and the proposal uses."""
    due_row = due_year(project, kpi, report_year)
    out: list[RowResult] = []
    for year in kpi_years(project, kpi):
        obs = project.observation(kpi, year)
        due = kpi.due.label() if kpi.due is not None and year is due_row else None
        j = judge_observation(obs.target, obs.actual, kpi.direction, due=due)
        p = progress(value_number(obs.target), value_number(obs.actual),
                     value_number(kpi.baseline), kpi.kind)
        out.append(RowResult(j, p, due))
    return out


def kpi_years(project: Project, kpi: Kpi) -> list[YearRow]:
    """The year rows that hold a value pair of ``kpi``."""
    return [y for y in project.years if kpi.index - 1 < len(y.observations)]


def counted_index(results: Sequence[RowResult]) -> int | None:
    """The position of the KPI's counted year: its latest row judged 達成 or 未達成."""
    judged = [i for i, r in enumerate(results) if r.judged]
    return judged[-1] if judged else None


@dataclass(frozen=True, slots=True)
class KpiStanding:
    """A KPI at its counted year, for the proposal and the shares."""

    name: str
    result: RowResult | None
    """None: no year of the KPI could be judged."""
    has_baseline: bool

    @property
    def achieved(self) -> bool:
        return self.result is not None and self.result.judgement.verdict == ACHIEVED


def standings(project: Project, report_year: int,
              known: Mapping[int, Sequence[RowResult]] | None = None) -> list[KpiStanding]:
    """Each KPI of ``project`` at its counted year (``known``: the rows already worked
    out, by ``id`` of the KPI, as the writer keeps them)."""
    out: list[KpiStanding] = []
    for kpi in project.kpis:
        results = (known[id(kpi)] if known is not None and id(kpi) in known
                   else row_results(project, kpi, report_year))
        i = counted_index(results)
        has_baseline = (kpi.kind is ValueKind.INCREMENT
                        or value_number(kpi.baseline) is not None)
        out.append(KpiStanding(kpi.name, None if i is None else results[i], has_baseline))
    return out


@dataclass(frozen=True, slots=True)
class EffectProposal:
    """事業効果(案) and 判定理由."""

    effect: Effect | None
    """None: no proposal (the reason says why)."""
    reason: Phrase
    """判定理由 in words (``reason.ja`` is what 事業別 shows)."""
    counted: int
    """KPIs with a counted year."""
    achieved: int
    """… of which 達成."""


def propose_effect(kpis: Sequence[KpiStanding],
                   line: float = DEFAULT_EFFECT_LINE) -> EffectProposal:
    """The proposal for one project from its KPIs (see the module docstring)."""
    judged = [k for k in kpis if k.result is not None]
    met = [k for k in judged if k.achieved]
    n, m = len(judged), len(met)

    def proposal(effect: Effect | None, ja: str, en: str) -> EffectProposal:
        unjudged = len(kpis) - n
        if unjudged and n:
            ja += f"（判定できない指標 {unjudged} 件を除く）"
            en += f" ({unjudged} KPI(s) without a judgement left out)"
        return EffectProposal(effect, Phrase(ja, en), n, m)

    if not kpis:
        return proposal(None, "KPIの設定なし", "no KPI")
    if not judged:
        return proposal(None, "判定できる実績値なし", "no actual that can be judged")
    if m == n:
        return proposal(Effect.VERY, f"全指標（{n} 件）が目標を達成",
                        f"every KPI ({n}) met its target")
    missed = [k for k in judged if not k.achieved]
    ja_head, en_head = f"{n} 件中 {m} 件が目標を達成。", f"{m} of {n} KPI(s) met the target; "
    unknown = [k for k in missed if k.result is not None and k.result.progress is None]
    if unknown:
        k = unknown[0]
        if not k.has_baseline:
            return proposal(None, f"{ja_head}未達成の「{k.name}」は基準値なし",
                            f"{en_head}'{k.name}', not met, has no baseline")
        return proposal(None, f"{ja_head}未達成の「{k.name}」は目標値が基準値と同じため"
                        "進捗率なし", f"{en_head}'{k.name}', not met, has its target equal "
                        "to its baseline: no progress")
    weakest = min(missed, key=lambda k: _progress(k))
    p, name = _progress(weakest), weakest.name
    if p >= line:
        return proposal(Effect.SUBSTANTIAL,
                        f"{ja_head}未達成の指標の進捗率はすべて {line:.0%} 以上"
                        f"（最も低い「{name}」{p:.1%}）",
                        f"{en_head}every KPI not met has come {line:.0%} of the way or more "
                        f"(lowest: '{name}', {p:.1%})")
    if p > 0:
        return proposal(Effect.EFFECTIVE,
                        f"{ja_head}進捗率 {line:.0%} 未満の指標あり（「{name}」{p:.1%}）、"
                        "すべて基準値より改善",
                        f"{en_head}a KPI has come less than {line:.0%} of the way ('{name}', "
                        f"{p:.1%}); all are better than their baseline")
    return proposal(Effect.NONE,
                    f"{ja_head}基準値より改善していない指標あり（「{name}」進捗率 {p:.1%}）",
                    f"{en_head}a KPI is not better than its baseline ('{name}', progress "
                    f"{p:.1%})")


def project_effect(project: Project, report_year: int,
                   line: float = DEFAULT_EFFECT_LINE) -> EffectProposal:
    return propose_effect(standings(project, report_year), line)


@dataclass(frozen=True, slots=True)
class Shares:
    """The State's three shares, as counts (a share of 0 counted is no share at all)."""

    projects_achieved: int
    """Projects with at least one KPI 達成 at its counted year."""
    projects_counted: int
    """Projects with at least one KPI counted."""
    kpis_achieved: int
    kpis_low: int
    """Counted KPIs with a 達成率 under :data:`LOW_RATE` (an empty 達成率 is not under)."""
    kpis_counted: int


def state_shares(projects: Sequence[Sequence[KpiStanding]]) -> Shares:
    """The shares over every project's KPI standings."""
    counted = [[k for k in kpis if k.result is not None] for kpis in projects]
    kpis = [k for ks in counted for k in ks]
    low = [k for k in kpis if k.result is not None and k.result.judgement.rate is not None
           and k.result.judgement.rate < LOW_RATE]
    return Shares(projects_achieved=sum(1 for ks in counted if any(k.achieved for k in ks)),
                  projects_counted=sum(1 for ks in counted if ks),
                  kpis_achieved=sum(1 for k in kpis if k.achieved), kpis_low=len(low),
                  kpis_counted=len(kpis))


def share(part: int, whole: int) -> float | None:
    """part / whole, None (an empty cell) when nothing was counted."""
    return part / whole if whole > 0 else None


def differs(submitted: str | None, proposal: EffectProposal) -> bool:
    """The department's own 事業効果 (one of the four) is not the proposal's level."""
    if not submitted or proposal.effect is None:
        return False
    text = normalize_text(submitted)
    if text not in {normalize_text(e.value) for e in Effect}:
        return False  # outside the list: reported as such by the reader
    return text != normalize_text(proposal.effect.value)


def _progress(standing: KpiStanding) -> float:
    assert standing.result is not None
    assert standing.result.progress is not None
    return standing.result.progress
