"""事業効果(案) and the State's shares (docs/kpi-layout.md §2.4–2.5): the rules on
in-memory KPI standings, and the seed's shares counted by hand."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from kpi_workbook.domain.attainment import judge, progress
from kpi_workbook.domain.effect import (
    Effect,
    EffectProposal,
    KpiStanding,
    RowResult,
    differs,
    propose_effect,
    state_shares,
)
from kpi_workbook.domain.issue_parts import Phrase
from kpi_workbook.usecases.merge import MergeOptions, merge

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "submissions"


def kpi(name: str, target: float, actual: float, baseline: float | None = None) -> KpiStanding:
    """A KPI at its counted year (increase direction, single-year figures)."""
    result = RowResult(judge(target, actual), progress(target, actual, baseline), None)
    return KpiStanding(name, result, baseline is not None)


def unjudged(name: str) -> KpiStanding:
    return KpiStanding(name, None, False)


def test_all_met_is_very_effective():
    p = propose_effect([kpi("来館者数", 100, 120), kpi("販売額", 10, 10)])
    assert (p.effect, p.reason.ja, p.counted, p.achieved) == (
        Effect.VERY, "全指標（2 件）が目標を達成", 2, 2)


def test_not_met_but_seven_tenths_of_the_way_is_substantial():
    # 基準値 40, target 100, actual 85: 75 % of the way
    p = propose_effect([kpi("来館者数", 100, 120), kpi("販売額", 100, 85, baseline=40)])
    assert p.effect is Effect.SUBSTANTIAL
    assert p.reason.ja == ("2 件中 1 件が目標を達成。未達成の指標の進捗率はすべて 70% 以上"
                           "（最も低い「販売額」75.0%）")


def test_better_than_before_is_effective_and_the_weakest_kpi_decides():
    p = propose_effect([kpi("来館者数", 100, 85, baseline=40),  # 75 %
                        kpi("社会動態数", 0, -339, baseline=-500)])  # 32.2 %
    assert p.effect is Effect.EFFECTIVE
    assert "（「社会動態数」32.2%）、すべて基準値より改善" in p.reason.ja


def test_not_better_than_before_is_no_effect():
    p = propose_effect([kpi("来館者数", 100, 35, baseline=40)])
    assert p.effect is Effect.NONE
    assert "基準値より改善していない指標あり（「来館者数」進捗率 -8.3%）" in p.reason.ja


def test_not_met_without_baseline_is_no_proposal():
    p = propose_effect([kpi("来館者数", 100, 120), kpi("販売額", 100, 85)])
    assert p.effect is None
    assert p.reason.ja == "2 件中 1 件が目標を達成。未達成の「販売額」は基準値なし"
    assert p.reason.en == "1 of 2 KPI(s) met the target; '販売額', not met, has no baseline"


def test_the_line_is_a_setting():
    kpis = [kpi("販売額", 100, 85, baseline=40)]  # 75 %
    assert propose_effect(kpis, 0.7).effect is Effect.SUBSTANTIAL
    assert propose_effect(kpis, 0.8).effect is Effect.EFFECTIVE
    assert "80% 未満" in propose_effect(kpis, 0.8).reason.ja


def test_kpis_without_a_judged_year_are_left_out_and_said():
    p = propose_effect([kpi("来館者数", 100, 120), unjudged("満足度")])
    assert p.effect is Effect.VERY
    assert p.reason.ja == "全指標（1 件）が目標を達成（判定できない指標 1 件を除く）"
    assert propose_effect([unjudged("満足度")]).reason.ja == "判定できる実績値なし"
    assert propose_effect([]).reason.ja == "KPIの設定なし"


def test_differs_compares_the_four_levels_only():
    proposal = EffectProposal(Effect.EFFECTIVE, Phrase("", ""), 1, 0)
    assert differs("地方創生に非常に効果的であった", proposal)
    assert not differs("地方創生に効果があった", proposal)
    assert not differs("とても効果があった", proposal)  # outside the list: said elsewhere
    assert not differs(None, proposal)
    assert not differs("地方創生に非常に効果的であった",
                       EffectProposal(None, Phrase("", ""), 1, 0))


def test_state_shares_count_kpis_and_projects():
    shares = state_shares([
        [kpi("a", 10, 12), kpi("b", 10, 4)],  # one met; b at 40 %: under 50 %
        [kpi("c", 10, 9), unjudged("d")],  # none met
        [],  # a project without KPIs
    ])
    assert (shares.projects_achieved, shares.projects_counted) == (1, 2)
    assert (shares.kpis_achieved, shares.kpis_low, shares.kpis_counted) == (1, 1, 3)


# --- the seed, counted by hand ---------------------------------------------------------------
#
# Report year 令和4年度 (2022); each KPI at its latest year judged 達成/未達成:
#   ① 販売額 10,462,414 / 15,000,000 未達成 69.7 %; 来客数 12,682 / 15,672 未達成 80.9 %;
#      商品数 170 / 10 達成                                        → a KPI 達成
#   ② 実施箇所数 141 / 70 達成; 観光客数 571,011 / 1,149,438 未達成 49.7 % (< 50 %);
#      SPC 1 / 1 達成                                              → a KPI 達成
#   ③ 社会動態数 -16 / 0 未達成 (no 達成率); 就職率 5.2 % / 10 % 未達成 52 %;
#      住みたい割合 2022 「-」 → 2021: 77 % / 80 % 未達成 96.3 %     → none
#   ④ ⑤ 広域, no KPIs: not counted
# Projects with a KPI 達成: 2 of 3; KPIs 達成: 3 of 9; KPIs under 50 %: 1 of 9.
SEED_HAND_COUNT = {"KPIを1つ以上達成した事業の割合": (2, 3),
                   "目標を達成したKPIの割合": (3, 9),
                   "達成率が50%未満のKPIの割合": (1, 9)}


@pytest.fixture(scope="module")
def seed_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("seed") / "集計.xlsx"
    merge([EXAMPLES], out, options=MergeOptions(report_year=2022,
                                                created=dt.datetime(2023, 5, 1)))
    return out


def statistics(book: Path, data_only: bool = True) -> dict[str, tuple[object, ...]]:
    ws = openpyxl.load_workbook(book, data_only=data_only)["達成状況"]
    return {r[0]: r[1:4] for r in ws.iter_rows(min_row=2, values_only=True)}


def test_seed_shares_equal_the_hand_count(seed_book):
    found = statistics(seed_book)
    for item, (part, whole) in SEED_HAND_COUNT.items():
        share, got_part, got_whole = found[item]
        assert (got_part, got_whole) == (part, whole), item
        assert share == pytest.approx(part / whole), item


def test_seed_shares_are_live_formulas(seed_book):
    for share, part, whole in statistics(seed_book, data_only=False).values():
        assert str(share).startswith("=IFERROR(IF(")
        assert "COUNTIFS(" in str(part)
        assert "COUNTIFS(" in str(whole)


def test_seed_effect_proposals_are_empty_without_baselines(seed_book):
    ws = openpyxl.load_workbook(seed_book, data_only=True)["事業別"]
    rows = list(ws.iter_rows(values_only=True))
    col = {h: i for i, h in enumerate(rows[0])}
    by_number = {r[col["事業番号"]]: r for r in rows[1:]}
    assert [by_number[n][col["達成した指標数"]] for n in (1, 2, 3, 4, 5)] == [1, 2, 0, 0, 0]
    assert by_number[1][col["事業効果(案)"]] is None
    assert by_number[1][col["判定理由"]] == ("3 件中 1 件が目標を達成。未達成の"
                                           "「ブランド化したガラス商品の販売額」は基準値なし")
    assert by_number[4][col["判定理由"]] == "KPIの設定なし"
