"""Nothing dropped silently (spec §4): every header field, KPI attribute and 事業内容 a
submission gives reaches the flat sheets of the consolidated workbook (集計一覧, and the
hidden 事業データ and 事業内容), from which ``previous.py`` reads it back."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pytest

from kpi_workbook.consolidated.previous import read_consolidated
from kpi_workbook.domain.model import Submission, ValueStatus
from kpi_workbook.usecases import read_submission
from kpi_workbook.usecases.merge import MergeOptions, merge

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "submissions"
CREATED = dt.datetime(2023, 5, 1, 9, 0)

#: What a department types into the optional fields, per 事業番号 (all valid entries).
HEADER_FIELDS = {
    1: {"事業費": 45_000_000, "交付金額": 22_500_000, "事業効果": "地方創生に相当程度効果があった",
        "今後の方針": "事業の継続", "評価・課題": "販路拡大が課題。",
        "要因分析": "展示会への出展で販路が広がった。", "改善方策": "-EC販売を強化する",
        "今後の方針の理由": "目標の7割に達したため", "交付金の種類": "地方創生推進交付金",
        "実績額": 12_345_678},
    2: {"事業費": 30_000_000, "事業効果": "地方創生に効果があった", "今後の方針": "事業の見直し",
        "評価・課題": "=SPCの運営体制を見直す"},
    3: {"交付金額": 1_234_567, "評価・課題": "転出超過が続く。"},
    4: {"事業費": 8_000_000, "今後の方針": "事業の発展"},
    5: {"事業効果": "地方創生に非常に効果的であった"},
}
#: 基準値 and 値の種類 per 事業番号 and KPI position (sheets with attribute rows only).
KPI_ATTRIBUTES = {
    1: {1: ("-", "単年度"), 2: (8016, "累計"), 3: (0, "増加分")},
    2: {1: (3, "水準"), 2: (120_000, "単年度")},
}


def enrich_examples(folder: Path) -> Path:
    """The examples with the optional header fields, baselines and value kinds typed in
    next to their labels, as a clerk fills them."""
    folder.mkdir()
    for source in sorted(EXAMPLES.glob("*.xlsx")):
        path = folder / source.name
        shutil.copy(source, path)
        wb = openpyxl.load_workbook(path)
        for project in read_submission(path).projects:
            ws = wb[project.sheet]
            rows = {c.value: c.row for row in ws.iter_rows(max_col=1) for c in row
                    if isinstance(c.value, str)}
            for label, value in HEADER_FIELDS.get(project.number, {}).items():
                cell = ws.cell(rows[label], 2, value)
                if isinstance(value, str):
                    cell.data_type = "s"  # typed text, even when it starts with "="
            for kpi in project.kpis:
                baseline, kind = KPI_ATTRIBUTES.get(project.number, {}).get(kpi.index,
                                                                            (None, None))
                col = ws[kpi.where.cell].column
                if baseline is not None:
                    ws.cell(rows["基準値"], col, baseline)
                if kind is not None:
                    ws.cell(rows["値の種類"], col, kind)
        wb.save(path)
    return folder


@pytest.fixture(scope="module")
def enriched(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return enrich_examples(tmp_path_factory.mktemp("data") / "in")


def records(path: Path, sheet: str) -> list[dict[str, object]]:
    rows = list(openpyxl.load_workbook(path, data_only=True)[sheet].iter_rows(values_only=True))
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


def _shown(value: object) -> object:
    return None if value == "" else value


def assert_nothing_dropped(submissions: list[Submission], out: Path) -> int:
    """Every field of every project of ``submissions`` is in ``out``; returns the count."""
    projects = {r["出典"]: r for r in records(out, "事業データ")}
    activities = {r["出典"]: r for r in records(out, "事業内容")}
    summary = {(r["出典"], r["指標番号"]): r for r in records(out, "集計一覧")}
    checked = 0
    for sub in submissions:
        for p in sub.projects:
            row = dict(projects[p.where.describe()])
            assert row.pop("シート")  # where its print sheet is (consolidated/parts.py)
            assert row.pop("ファイル") is None  # in this workbook
            assert row == {
                "事業番号": p.number, "事業名": p.name, "実施区分": p.scope.value,
                "担当課": p.department, "開始年度": p.period.start, "終了年度": p.period.end,
                "事業目的": _shown(p.purpose), "事業費": p.cost, "交付金額": p.grant,
                "事業効果": p.effect, "今後の方針": p.policy, "評価・課題": p.assessment,
                "出典": p.where.describe(), "要因分析": p.cause, "改善方策": p.improvement,
                "今後の方針の理由": p.policy_reason, "交付金の種類": p.grant_kind,
                "実績額": p.actual_cost}, p.sheet
            checked += 1
            for year in p.years:
                act = activities[year.where.describe()]
                assert (act["事業番号"], act["事業名"], act["年度"], act["年度ラベル"],
                        act["事業内容"]) == (p.number, p.name, year.fiscal_year, year.label,
                                           _shown(year.activities)), year.where
                for kpi in p.kpis:
                    obs = p.observation(kpi, year)
                    source = f"{obs.target.where.describe()},{obs.actual.where.cell}"
                    rec = summary[(source, kpi.index)]
                    baseline = kpi.baseline
                    shown = (None if baseline is None or baseline.status is ValueStatus.MISSING
                             else baseline.number if baseline.is_number else baseline.raw_text)
                    assert (rec["指標名"], rec["単位"], rec["目標の方向"], rec["値の種類"],
                            rec["基準値"], rec["年度"]) == (
                        kpi.name, kpi.unit, kpi.direction.value, kpi.kind.value, shown,
                        year.fiscal_year), source
    return checked


@pytest.mark.parametrize("which", ["examples", "enriched"])
def test_every_header_field_of_the_examples_reaches_the_output(which, enriched, tmp_path):
    folder = EXAMPLES if which == "examples" else enriched
    subs = [read_submission(f, report_year=2022) for f in sorted(folder.glob("*.xlsx"))]
    out = tmp_path / "集計.xlsx"
    merge([folder], out, options=MergeOptions(report_year=2022, created=CREATED))
    assert assert_nothing_dropped(subs, out) == 5
    if which == "enriched":  # the fixture really sets every optional field somewhere
        projects = [p for s in subs for p in s.projects]
        for attr in ("cost", "grant", "effect", "policy", "assessment", "cause",
                     "improvement", "policy_reason", "grant_kind", "actual_cost"):
            assert any(getattr(p, attr) for p in projects), attr
        kpis = [k for p in projects for k in p.kpis]
        assert {k.kind.value for k in kpis} == {"単年度", "累計", "増加分", "水準"}
        assert {k.baseline.status for k in kpis if k.baseline} >= {
            ValueStatus.NUMBER, ValueStatus.NOT_APPLICABLE}


def test_read_consolidated_reads_the_data_sheets(enriched, tmp_path):
    out = tmp_path / "集計.xlsx"
    merge([enriched], out, options=MergeOptions(report_year=2022, created=CREATED))
    cons = {p.number: p for p in read_consolidated(out).projects}
    glass, ppp, regional = cons[1], cons[2], cons[4]
    assert (glass.cost, glass.grant, glass.effect, glass.policy, glass.assessment) == (
        45_000_000, 22_500_000, "地方創生に相当程度効果があった", "事業の継続", "販路拡大が課題。")
    assert ppp.assessment == "=SPCの運営体制を見直す"
    assert [(k.index, k.kind.value, k.baseline.show()) for k in glass.kpis] == [
        (1, "単年度", "-"), (2, "累計", "8,016"), (3, "増加分", "0")]
    assert [k.baseline.is_missing for k in ppp.kpis] == [False, False, True]
    # a project without KPIs comes from 事業データ and 事業内容 alone
    assert (regional.cost, regional.policy, regional.kpis) == (8_000_000, "事業の発展", [])
    assert (regional.period.start, regional.period.end) == (2021, 2023)
    assert regional.activities[2021].startswith("・若者等向け")


def test_read_consolidated_needs_the_data_sheets(tmp_path):
    out = tmp_path / "集計.xlsx"
    merge([EXAMPLES], out, options=MergeOptions(report_year=2022, created=CREATED))
    wb = openpyxl.load_workbook(out)
    del wb["事業データ"]
    older = tmp_path / "older.xlsx"
    wb.save(older)
    from kpi_workbook.domain.errors import KpiWorkbookError

    with pytest.raises(KpiWorkbookError) as info:
        read_consolidated(older)
    assert info.value.issue.code == "previous-unreadable"
    assert "事業データ" in info.value.issue.message()
