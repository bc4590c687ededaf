"""The KPI semantics through the command line on workbooks typed into the official template
(docs/kpi-layout.md §2.1–2.5): what 集計一覧 holds, and that every formula's cached value is
what LibreOffice and Gnumeric compute from it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest

from kpi_workbook.cli import main
from kpi_workbook.departments.template import layout_for
from kpi_workbook.domain import labels
from tests.conftest import fill_template
from tests.gnumeric import ssconvert
from tests.recalc import convert, error_cells

pytestmark = pytest.mark.filterwarnings("ignore:Workbook contains no default style")

SOCIAL = "20～39歳の社会動態数(住民基本台帳)"

#: 定住促進: 社会動態数 with the value before the project (基準値 -500人); target 0 each year.
SETTLEMENT: dict[str, Any] = {
    "number": 1, "name": "若者定住促進事業", "scope": "単市", "period_start": 2020,
    "period_end": 2022, "department": "企画課", "purpose": "若い世代の定住を促す。",
    "kpis": [
        {"name": SOCIAL, "unit": "人", "direction": "増加", "baseline": -500,
         "kind": "単年度"},
    ],
    "years": [
        {"label": "初年度", "activities": "・移住相談会", "values": [[0, -339]]},
        {"label": "2年目", "activities": "・空き家バンク", "values": [[0, -120]]},
        {"label": "3年目", "activities": "・定住奨励金", "values": [[0, 15]]},
    ],
}

NATORI = "市内の観光客数"
#: 名取市 (2023): 11,861人 → 13,220人, "5年間の増加分の累計 1,339人" (13,200 ≠ 13,220); year 1's
#: actual typed as the level reached (12,100) instead of the year's increase (239).
INCREMENTS: dict[str, Any] = {
    "number": 2, "name": "観光交流推進事業", "scope": "単市", "period_start": 2023,
    "period_end": 2027, "department": "観光振興課", "purpose": "交流人口を増やす。",
    "kpis": [
        {"name": NATORI, "unit": "人", "direction": "増加", "baseline": 11_861,
         "kind": "増加分", "final_target": 13_220},
    ],
    "years": [
        {"label": "初年度", "values": [[200, 12_100]]},
        {"label": "2年目", "values": [[250, 260]]},
        {"label": "3年目", "values": [[280, None]]},
        {"label": "4年目", "values": [[300, None]]},
        {"label": "5年目", "values": [[309, None]]},
    ],
}

CUMULATIVE = "移住者数（累計）"
#: A 累計 KPI whose actual falls in year 3 (90 → 85): a running total never does.
MIGRATION: dict[str, Any] = {
    "number": 3, "name": "移住定住促進事業", "scope": "単市", "period_start": 2021,
    "period_end": 2023, "department": "企画課", "purpose": "移住を促す。",
    "effect": "地方創生に非常に効果的であった",
    "kpis": [
        {"name": CUMULATIVE, "unit": "人", "direction": "増加", "baseline": 0,
         "kind": "累計"},
    ],
    "years": [
        {"label": "初年度", "values": [[50, 40]]},
        {"label": "2年目", "values": [[100, 90]]},
        {"label": "3年目", "values": [[150, 85]]},
    ],
}

VISITORS, SATISFACTION, STAYS = "観光入込客数", "市民満足度", "宿泊者数"
#: Figures that arrive late: 入込客数 due in 令和20年5月 (not yet), 満足度 due in 平成29年5月
#: (long passed), 宿泊者数 reported with its latest figure as 速報.
LATE: dict[str, Any] = {
    "number": 4, "name": "観光統計整備事業", "scope": "単市", "period_start": 2022,
    "period_end": 2024, "department": "観光振興課", "purpose": "観光の実態をつかむ。",
    "kpis": [
        {"name": VISITORS, "unit": "人", "direction": "増加", "due": "R20.5"},
        {"name": SATISFACTION, "unit": "%", "direction": "増加", "due": "H29.5"},
        {"name": STAYS, "unit": "人", "direction": "増加", "status": "速報"},
    ],
    "years": [
        {"label": "初年度", "values": [[1000, 1100], [0.5, 0.52], [300, 310]]},
        {"label": "2年目", "values": [[1100, 1150], [0.55, 0.5], [320, 335]]},
        {"label": "3年目", "values": [[1200, None], [0.6, "-"], [340, 350]]},
    ],
}

PROJECTS = [SETTLEMENT, INCREMENTS, MIGRATION, LATE]
REPORT_YEAR = "2024"


def records(book: Path, *, data_only: bool = True) -> list[dict[str, object]]:
    rows = list(openpyxl.load_workbook(book, data_only=data_only)["集計一覧"]
                .iter_rows(values_only=True))
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


def row(recs: list[dict[str, object]], kpi: str, year: int) -> dict[str, object]:
    [rec] = [r for r in recs if r["指標名"] == kpi and r["年度"] == year]
    return rec


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("semantics") / "提出"
    folder.mkdir()
    for project in PROJECTS:
        fill_template(folder / f"{project['department']}_{project['number']}.xlsx", project)
    return folder


@pytest.fixture(scope="module")
def merged(inputs: Path) -> Path:
    out = inputs.parent / "集計ブック.xlsx"
    assert main(["merge", str(inputs), "-o", str(out), "--year", REPORT_YEAR]) == 0
    return out


@pytest.fixture(scope="module")
def checked(inputs: Path) -> list[dict[str, Any]]:
    """The issues ``check --format json`` prints for the inputs."""
    import contextlib
    import io
    import json

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["check", str(inputs), "--format", "json", "--year", REPORT_YEAR]) == 0
    issues: list[dict[str, Any]] = json.loads(out.getvalue())["issues"]
    return issues


def issue(checked: list[dict[str, Any]], code: str) -> dict[str, Any]:
    [found] = [i for i in checked if i["code"] == code]
    return found


# --- §2.1 進捗率 ----------------------------------------------------------------------------


def test_merge_progress_of_social_change_is_32_2_percent(merged):
    rec = row(records(merged), SOCIAL, 2020)
    assert rec["進捗率"] == pytest.approx(0.322)
    assert rec["達成率"] in (None, "")  # spec §2: no ratio of a target of 0
    assert rec["判定"] == "未達成"
    assert row(records(merged), SOCIAL, 2022)["進捗率"] == pytest.approx(1.03)


def test_merge_progress_is_a_live_formula_over_the_row(merged):
    formula = row(records(merged, data_only=False), SOCIAL, 2020)["進捗率"]
    assert isinstance(formula, str)
    assert formula.startswith("=IFERROR(")


# --- §2.2 値の種類 ------------------------------------------------------------------------


def test_check_cumulative_actual_that_falls_is_a_warning_with_both_figures(checked):
    found = issue(checked, "cumulative-falls")
    lay = layout_for(MIGRATION)
    cell = lay.cell(lay.year_row(3), lay.actual_col(1))
    assert (found["severity"], Path(found["file"]).name, found["cell"]) == (
        "warning", "企画課_3.xlsx", cell)
    assert found["message"].startswith(f"{cell} の実績値 85 は前年度（令和4年度）の 90 "
                                       "より小さくなっています。")


def test_check_natori_increments_do_not_add_up_to_the_final_target(checked):
    found = issue(checked, "increment-sum-mismatch")
    lay = layout_for(INCREMENTS)
    final = lay.cell(lay.attribute_row(labels.FINAL_TARGET), lay.kpi_col(1))
    assert (found["severity"], found["cell"]) == ("warning", final)
    assert ("基準値 11,861 + 増加分の累計 1,339 = 13,200 が最終年度の目標値 13,220 と"
            "一致しません") in found["message"]
    assert found["message"].startswith(f"{found['cell']}: ")


def test_check_increment_typed_as_a_level_is_said_at_info_level(checked):
    found = issue(checked, "actual-level-as-increment")
    assert found["severity"] == "info"
    assert "実績値 12,100" in found["message"]
    assert "11,861 からの増加分 239" in found["message"]


def test_merge_judges_the_increment_the_level_stands_for(merged):
    recs = records(merged)
    first = row(recs, NATORI, 2023)
    assert first["実績値"] == 239  # the increase 12,100 stands for, not the level
    assert first["達成率"] == pytest.approx(239 / 200)
    assert first["判定"] == "達成"
    assert first["最終目標値"] == 13_220
    assert row(recs, NATORI, 2024)["実績値"] == 260  # typed as an increase: as typed


def test_merge_cumulative_is_judged_as_the_running_totals_typed(merged):
    third = row(records(merged), CUMULATIVE, 2023)
    assert (third["実績値"], third["判定"]) == (85, "未達成")
    assert third["達成率"] == pytest.approx(85 / 150)


# --- §2.3 未公表, 速報・確定 -----------------------------------------------------------------


def late_file(found: dict[str, Any]) -> bool:
    return Path(found["file"]).name == "観光振興課_4.xlsx"


def test_check_unpublished_actual_is_no_missing_value_until_its_date(checked):
    lay = layout_for(LATE)
    visitors = lay.cell(lay.year_row(3), lay.actual_col(1))
    found = [i for i in checked if i["cell"] == visitors and late_file(i)]
    assert [(i["code"], i["severity"]) for i in found] == [("actual-unpublished", "info")]
    assert "公表予定（2038年5月）" in found[0]["message"]


def test_check_unpublished_actual_past_its_date_is_a_warning_saying_so(checked):
    lay = layout_for(LATE)
    satisfaction = lay.cell(lay.year_row(3), lay.actual_col(2))
    [found] = [i for i in checked if i["cell"] == satisfaction and late_file(i)]
    assert (found["code"], found["severity"]) == ("actual-unpublished-overdue", "warning")
    assert "公表予定（2017年5月）を過ぎています" in found["message"]


def test_merge_unpublished_rows_are_judged_unpublished_with_their_date(merged):
    recs = records(merged)
    visitors = row(recs, VISITORS, 2024)
    assert (visitors["判定"], visitors["公表予定"]) == ("未公表", "2038年5月")
    assert visitors["達成率"] in (None, "")
    assert visitors["判定根拠"] == "実績値の公表前のため判定なし（公表予定の列）"
    assert row(recs, SATISFACTION, 2024)["判定"] == "未公表"
    # the date applies to the latest ended year only
    assert (row(recs, VISITORS, 2023)["公表予定"], row(recs, VISITORS, 2023)["判定"]) == (
        None, "達成")


def test_merge_figure_status_latest_as_declared_earlier_final(merged):
    recs = records(merged)
    assert [row(recs, STAYS, y)["速報・確定"] for y in (2022, 2023, 2024)] == [
        "確定", "確定", "速報"]
    assert row(recs, VISITORS, 2022)["速報・確定"] is None  # not declared: not stated


def test_merge_previous_lists_preliminary_to_final_apart_from_other_changes(tmp_path):
    """Last year 宿泊者数 2023 was 335 (速報); now it is 338 and final (2024 is the new 速報).
    入込客数 2022 was 1,090 last year: an ordinary change."""
    import copy

    before = copy.deepcopy(LATE)
    before["years"][0]["values"][0] = [1000, 1090]
    before["years"][1]["values"][2] = [320, 335]
    before["years"][2]["values"][2] = [340, None]
    now = copy.deepcopy(LATE)
    now["years"][1]["values"][2] = [320, 338]
    for name, project in (("前回", before), ("今回", now)):
        (tmp_path / name).mkdir()
        fill_template(tmp_path / name / "観光振興課.xlsx", project)
    previous, out = tmp_path / "前回.xlsx", tmp_path / "今回.xlsx"
    assert main(["merge", str(tmp_path / "前回"), "-o", str(previous), "--year", "2023"]) == 0
    assert row(records(previous), STAYS, 2023)["速報・確定"] == "速報"
    assert main(["merge", str(tmp_path / "今回"), "-o", str(out), "--year", "2024",
                 "--previous", str(previous)]) == 0
    sheet = openpyxl.load_workbook(out)["前回との差異"]
    listed = [(r[0], r[3], r[4], r[5], r[6], r[7]) for r in
              sheet.iter_rows(min_row=2, values_only=True)]
    assert listed == [
        ("値の変更", VISITORS, 2022, "実績値", "1,090", "1,100"),
        ("速報→確定", STAYS, 2023, "実績値", "335", "338"),
    ]
    issues = openpyxl.load_workbook(out)["検証結果"]
    finalised = [r for r in issues.iter_rows(values_only=True)
                 if r[1] == "previous-value-finalised"]
    assert len(finalised) == 1
    assert "前回の速報値 335 から確定値 338 になりました" in str(finalised[0])


# --- §2.4 事業効果(案), §2.5 the State's shares -------------------------------------------------


def effects(book: Path) -> dict[str, dict[str, object]]:
    rows = list(openpyxl.load_workbook(book, data_only=True)["事業別"]
                .iter_rows(values_only=True))
    return {str(r[1]): dict(zip(rows[0], r, strict=True)) for r in rows[1:]}


def test_merge_effect_proposals_with_their_reasons(merged):
    found = effects(merged)
    assert found[SETTLEMENT["name"]]["事業効果(案)"] == "地方創生に非常に効果的であった"
    migration = found[MIGRATION["name"]]
    # 累計 85 of 150 from 0: 56.7 % of the way, under the line 70 %, better than before
    assert migration["事業効果(案)"] == "地方創生に効果があった"
    assert migration["判定理由"] == ("1 件中 0 件が目標を達成。進捗率 70% 未満の指標あり"
                                    f"（「{CUMULATIVE}」56.7%）、すべて基準値より改善")
    assert (migration["事業効果(担当課)"], migration["案との比較"]) == (
        "地方創生に非常に効果的であった", "異なる")
    late = found[LATE["name"]]  # 満足度 not met, no 基準値
    assert late["事業効果(案)"] is None
    assert late["判定理由"] == f"3 件中 2 件が目標を達成。未達成の「{SATISFACTION}」は基準値なし"
    assert (late["集計した指標数"], late["達成した指標数"]) == (3, 2)


def test_check_says_when_the_departments_effect_differs(checked):
    found = issue(checked, "effect-differs")
    assert found["severity"] == "info"
    assert ("「地方創生に非常に効果的であった」は、KPI の結果から出した案「地方創生に効果があった」"
            in found["message"])


def test_merge_counted_rows_and_shares(merged):
    recs = records(merged)
    assert [row(recs, VISITORS, y)["集計対象"] for y in (2022, 2023, 2024)] == [None, 1, None]
    ws = openpyxl.load_workbook(merged, data_only=True)["達成状況"]
    shares = {r[0]: r[1:4] for r in ws.iter_rows(min_row=2, values_only=True)}
    # counted by hand: 定住 met, 観光交流 met (260 ≥ 250), 移住 not, 統計 2 of 3
    assert shares["KPIを1つ以上達成した事業の割合"] == (0.75, 3, 4)
    assert shares["目標を達成したKPIの割合"][1:] == (4, 6)
    assert shares["達成率が50%未満のKPIの割合"][1:] == (0, 6)


def test_merge_effect_line_from_the_settings_file(inputs, tmp_path):
    settings = tmp_path / "設定.toml"
    settings.write_text("[effect]\nline = 0.5\n", encoding="utf-8")
    out = tmp_path / "集計.xlsx"
    assert main(["merge", str(inputs), "-o", str(out), "--year", REPORT_YEAR,
                 "--settings", str(settings)]) == 0
    assert effects(out)[MIGRATION["name"]]["事業効果(案)"] == "地方創生に相当程度効果があった"


def test_settings_effect_line_out_of_range_is_refused(inputs, tmp_path, capsys):
    settings = tmp_path / "設定.toml"
    settings.write_text("[effect]\nline = 7\n", encoding="utf-8")
    assert main(["check", str(inputs), "--settings", str(settings)]) == 2
    assert "事業効果の線は 0 より大きく1 以下" in capsys.readouterr().err


def _formula_cells(book: Path) -> dict[tuple[str, str], object]:
    """(sheet, cell) → cached value of every formula cell of ``book``."""
    formulas = openpyxl.load_workbook(book)
    values = openpyxl.load_workbook(book, data_only=True)
    found: dict[tuple[str, str], object] = {}
    for ws in formulas.worksheets:
        for line in ws.iter_rows():
            for cell in line:
                if cell.data_type == "f":
                    found[(ws.title, cell.coordinate)] = values[ws.title][cell.coordinate].value
    return found


def _same(cached: object, computed: object) -> bool:
    if cached in (None, "") or computed in (None, ""):
        return cached in (None, "") and computed in (None, "")
    if isinstance(cached, (int, float)) and isinstance(computed, (int, float)):
        return computed == pytest.approx(cached, rel=1e-12, abs=1e-15)
    return cached == computed


def assert_cache_is_what_engines_compute(book: Path, recalculated: Path) -> None:
    cached = _formula_cells(book)
    assert cached, "no formula found"
    wb = openpyxl.load_workbook(recalculated, data_only=True)
    wrong = {where: (value, wb[where[0]][where[1]].value) for where, value in cached.items()
             if not _same(value, wb[where[0]][where[1]].value)}
    assert wrong == {}
    assert error_cells(recalculated) == []


@pytest.mark.libreoffice
def test_merge_semantics_cache_equals_libreoffice(merged, tmp_path):
    [recalculated] = convert([merged], tmp_path / "lo")
    assert_cache_is_what_engines_compute(merged, recalculated)


def test_merge_semantics_cache_equals_gnumeric(merged, tmp_path):
    recalculated = tmp_path / "gnumeric.xlsx"
    assert ssconvert(merged, recalculated, recalc=True) == ""
    assert_cache_is_what_engines_compute(merged, recalculated)


@pytest.fixture(scope="module")
def seed_graded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The examples with the faulty file, graded (評価 shifts the columns after 判定根拠)."""
    from tests.test_merge import FAULTY, SUBMISSIONS

    out = tmp_path_factory.mktemp("seed") / "集計.xlsx"
    main(["merge", str(SUBMISSIONS), str(FAULTY), "-o", str(out), "--year", "2022",
          "--grade", "letters"])
    return out


@pytest.mark.libreoffice
def test_merge_seed_graded_cache_equals_libreoffice(seed_graded, tmp_path):
    [recalculated] = convert([seed_graded], tmp_path / "lo")
    assert_cache_is_what_engines_compute(seed_graded, recalculated)


def test_merge_seed_graded_cache_equals_gnumeric(seed_graded, tmp_path):
    recalculated = tmp_path / "gnumeric.xlsx"
    assert ssconvert(seed_graded, recalculated, recalc=True) == ""
    assert_cache_is_what_engines_compute(seed_graded, recalculated)


def test_publish_csv_has_the_new_columns_recomputed_as_cached(merged, tmp_path):
    """kpi.csv: the columns of 集計一覧, 進捗率 and 判定 (未公表 too) recomputed from the
    row, equal to what the workbook caches; --with-attainment shows 未公表 on the page."""
    import csv

    assert main(["publish", str(merged), "-o", str(tmp_path), "--with-attainment"]) == 0
    with (tmp_path / "kpi.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    cached = records(merged)
    # 集計一覧's columns, NO first, with the open-data columns of issue 20 beside them
    assert set(cached[0]) <= set(rows[0])
    assert next(iter(rows[0])) == "NO"
    for got, want in zip(rows, cached, strict=True):
        for header in ("進捗率", "達成率", "判定", "判定根拠", "公表予定", "速報・確定",
                       "集計対象"):
            value = want[header]
            if isinstance(value, (int, float)):
                assert float(got[header]) == pytest.approx(value), (header, want["指標名"])
            else:
                assert got[header] == (value or ""), (header, want["指標名"])
    page = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "未公表" in page
