"""A program that never recalculates (pandas) reads the right 達成率 and 判定 (spec §4)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from kpi_workbook.usecases.merge import MergeOptions, merge

ROOT = Path(__file__).resolve().parents[1]


def test_pandas_reads_the_cached_results_of_the_live_formulas(tmp_path: Path) -> None:
    out = tmp_path / "集計.xlsx"
    merge([ROOT / "examples" / "submissions"], out, options=MergeOptions(report_year=2023))
    table = pd.read_excel(out, sheet_name="集計一覧")
    assert len(table) == 27  # 3 単市 projects × 3 KPIs × 3 years; 広域 projects have none
    by = table.set_index(["事業番号", "指標番号", "年度"])
    glass_sales = by.loc[(1, 1, 2022)]
    assert glass_sales["達成率"] == pytest.approx(10_462_414 / 15_000_000)
    assert glass_sales["判定"] == "未達成"
    assert by.loc[(1, 3, 2021)]["達成率"] == pytest.approx(6.6)
    social = by.loc[(3, 1, 2020)]
    assert (social["目標値"], social["実績値"], social["判定"]) == (0, -339, "未達成")
    assert pd.isna(social["達成率"])
    assert by.loc[(3, 2, 2020)]["達成率"] == pytest.approx(0.54)
    assert by.loc[(3, 3, 2022)]["判定"] == "－"
