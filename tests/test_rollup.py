"""``kpi-workbook rollup`` (issue 21.4): municipalities' reports into one book keyed by
全国地方公共団体コード, the State's shares counted by hand, a wrong code refused by name,
each row's NO kept with ``--previous``."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from kpi_workbook.domain.national_report import check_digit
from kpi_workbook.domain.rollup import municipality_code
from tests.other_forms import write_national

ROOT = Path(__file__).resolve().parents[1]
CODE_B = "43367" + check_digit("43367")


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kpi_workbook", *args], capture_output=True,
                          text=True, encoding="utf-8", check=False, timeout=300)


def _report(path: Path, prefecture: str, town: str, code: str,
            projects: list[dict[str, Any]]) -> Path:
    return write_national(path, projects=projects, header_block=(
        ("都道府県名", prefecture), ("市町村名", town), ("都道府県・市町村コード(5桁)", code),
        ("担当部局課名", "企画課")))


def _p(no: int, name: str, *lines: tuple[str, Any, Any]) -> dict[str, Any]:
    """A project whose KPI lines are (name, target, actual), all in 人 for H28.3."""
    return {"No": no, "名称": name, "種類": "基礎交付", "実績額": 1000000,
            "lines": [(n, t, "人", "H28.3", a, None) for n, t, a in lines]}


TOWN_A = [  # 5-digit code: the check digit is added (433641)
    _p(1, "移住促進事業", ("移住者数", 10, 12), ("相談件数", 10, 4)),  # met / 40 %
    _p(2, "雇用創出事業", ("雇用者数", 5, 3)),  # 60 %: not met, not under half
    _p(3, "計画策定事業"),  # no KPI: in no count
    _p(4, "観光事業", ("観光客数", 8, None)),  # no actual: not judged
]
TOWN_B = [
    _p(1, "子育て支援事業", ("出生数", 100, 150)),  # met
    _p(2, "定住促進事業", ("社会動態数", 0, -5)),  # target 0: not met, no 達成率
]
TOWN_BAD = [_p(1, "何かの事業", ("参加者数", 1, 1))]


@pytest.fixture
def reports(tmp_path: Path) -> Path:
    folder = tmp_path / "報告"
    folder.mkdir()
    _report(folder / "玉東町.xlsx", "熊本県", "玉東町", "43364", TOWN_A)
    _report(folder / "南関町.xlsx", "熊本県", "南関町", CODE_B, TOWN_B)
    _report(folder / "誤り町.xlsx", "熊本県", "誤り町", "433690", TOWN_BAD)
    return folder


def test_municipality_code_is_checked() -> None:
    assert municipality_code("43364") == ("433641", None)
    assert municipality_code("352161") == ("352161", None)  # 山陽小野田市
    assert municipality_code("131016")[0] == "131016"  # 千代田区
    code, problem = municipality_code("433690")
    assert code is None
    assert problem is not None
    assert "検査数字" in problem.ja
    assert municipality_code("4336")[0] is None


def _sheet(path: Path, name: str) -> list[dict[str, Any]]:
    table = list(openpyxl.load_workbook(path)[name].iter_rows(values_only=True))
    return [dict(zip(table[0], r, strict=False)) for r in table[1:] if any(r)]


def test_rollup_counts_the_states_shares_by_hand(tmp_path: Path, reports: Path) -> None:
    out = tmp_path / "熊本県_取りまとめ.xlsx"
    run = _run("rollup", str(reports), "-o", str(out), "--format", "json")
    assert "Traceback" not in run.stderr
    assert run.returncode == 1  # the wrong code is an error
    document = json.loads(run.stdout)
    bad = [i for i in document["issues"] if i["code"] == "rollup-code-invalid"]
    assert len(bad) == 1
    assert bad[0]["file"].endswith("誤り町.xlsx")
    assert "433690" in bad[0]["message"]
    assert "433691" in bad[0]["message"] or check_digit("43369") in bad[0]["message"]
    completed = [i for i in document["issues"] if i["code"] == "rollup-code-completed"]
    assert [i["message"] for i in completed] == [
        "5 桁の団体コード「43364」に検査数字を付けて 433641 として取りまとめました。"]
    summary = document["summary"]
    assert summary["municipalities"] == 2
    # by hand: projects judged 4 (A: 1, 2; B: 1, 2), met 2; KPIs judged 5, met 2, under 1
    assert summary["share_projects_met"] == pytest.approx(2 / 4)
    assert summary["share_kpis_met"] == pytest.approx(2 / 5)
    assert summary["share_under_half"] == pytest.approx(1 / 5)
    stats = _sheet(out, "統計")
    by_code = {r["全国地方公共団体コード"]: r for r in stats}
    a, b, total = by_code["433641"], by_code[CODE_B], by_code["合計"]
    assert (a["事業数（判定あり）"], a["KPIを1つ以上達成した事業"], a["KPI数（判定あり）"],
            a["達成したKPI"], a["達成率50%未満のKPI"]) == (2, 1, 3, 1, 1)
    assert a["KPIの達成割合"] == pytest.approx(1 / 3)
    assert (b["事業数（判定あり）"], b["KPIを1つ以上達成した事業"], b["KPI数（判定あり）"],
            b["達成したKPI"], b["達成率50%未満のKPI"]) == (2, 1, 2, 1, 0)
    assert total["KPIを1つ以上達成した事業の割合"] == pytest.approx(0.5)
    assert total["達成率50%未満のKPIの割合"] == pytest.approx(0.2)
    assert "433690" not in by_code  # left out, said why
    assert len(openpyxl.load_workbook(out)["統計"]._charts) == 3  # a chart per share
    rows = _sheet(out, "集計一覧")
    # one row per municipality × project × KPI × year (a KPI without an actual too), the
    # files in the order found (南関町.xlsx before 玉東町.xlsx)
    assert [(r["全国地方公共団体コード"], r["事業名"], r["指標名"], r["年度"], r["判定"])
            for r in rows] == [
        (CODE_B, "子育て支援事業", "出生数", 2015, "達成"),
        (CODE_B, "定住促進事業", "社会動態数", 2015, "未達成"),
        ("433641", "移住促進事業", "移住者数", 2015, "達成"),
        ("433641", "移住促進事業", "相談件数", 2015, "未達成"),
        ("433641", "雇用創出事業", "雇用者数", 2015, "未達成"),
        ("433641", "観光事業", "観光客数", 2015, "－")]
    assert [r["NO"] for r in rows] == [1, 2, 3, 4, 5, 6]
    assert rows[2]["出典"] == "玉東町.xlsx!様式2!G12,J12"


def test_rollup_csv_has_the_open_data_prefix_columns(tmp_path: Path, reports: Path) -> None:
    out = tmp_path / "取りまとめ.xlsx"
    _run("rollup", str(reports), "-o", str(out))
    data = (tmp_path / "取りまとめ.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in data
    table = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert table[0][:4] == ["全国地方公共団体コード", "NO", "都道府県名", "市区町村名"]
    assert table[3][:8] == ["433641", "3", "熊本県", "玉東町", "1", "移住促進事業", "1",
                            "移住者数"]
    assert len(table) == 7


def test_previous_keeps_each_rows_no(tmp_path: Path, reports: Path) -> None:
    first = tmp_path / "令和6年度.xlsx"
    _run("rollup", str(reports), "-o", str(first))
    # next year 玉東町 adds a project before the others; 南関町 drops its second
    _report(reports / "玉東町.xlsx", "熊本県", "玉東町", "43364",
            [_p(1, "新規事業", ("新しい指標", 3, 3)), *[dict(p, No=p["No"] + 1) for p in TOWN_A]])
    _report(reports / "南関町.xlsx", "熊本県", "南関町", CODE_B, TOWN_B[:1])
    second = tmp_path / "令和7年度.xlsx"
    run = _run("rollup", str(reports), "-o", str(second), "--previous", str(first))
    assert "Traceback" not in run.stderr
    rows = {(r["事業名"], r["指標名"]): r["NO"] for r in _sheet(second, "集計一覧")}
    assert rows == {("新規事業", "新しい指標"): 7,  # new: after every NO ever given
                    ("子育て支援事業", "出生数"): 1,
                    ("移住促進事業", "移住者数"): 3, ("移住促進事業", "相談件数"): 4,
                    ("雇用創出事業", "雇用者数"): 5, ("観光事業", "観光客数"): 6}
    assert _run("rollup", str(reports), "-o", str(first), "--previous",
                str(first)).returncode == 2  # never over last year's book


def test_a_consolidated_workbooks_report_sheet_is_rolled_up(tmp_path: Path) -> None:
    settings = tmp_path / "設定.toml"
    settings.write_text('[report]\nprefecture = "山口県"\nmunicipality = "山陽小野田市"\n'
                        'code = "352161"\nsection = "企画課"\n', encoding="utf-8")
    folder = tmp_path / "集計"
    folder.mkdir()
    merged = folder / "集計ブック_令和4年度.xlsx"
    run = _run("merge", str(ROOT / "examples" / "submissions"), "--year", "2022",
               "--settings", str(settings), "-o", str(merged))
    assert merged.exists(), run.stdout + run.stderr
    out = tmp_path / "山口県.xlsx"
    run = _run("rollup", str(folder), "-o", str(out), "--format", "json")
    assert "Traceback" not in run.stderr
    document = json.loads(run.stdout)
    assert document["summary"]["municipalities"] == 1
    rows = _sheet(out, "集計一覧")
    assert rows
    assert {r["全国地方公共団体コード"] for r in rows} == {"352161"}
    assert {r["市区町村名"] for r in rows} == {"山陽小野田市"}
    assert all(r["出典"].startswith("集計ブック_令和4年度.xlsx!国への報告!") for r in rows)


def test_bad_previous_is_a_usage_error(tmp_path: Path, reports: Path) -> None:
    other = tmp_path / "他.xlsx"
    openpyxl.Workbook().save(other)
    run = _run("rollup", str(reports), "-o", str(tmp_path / "o.xlsx"), "--previous",
               str(other))
    assert run.returncode == 2
    assert "前回の取りまとめブックとして読めません" in run.stderr


def test_benchmark_reports_read_without_errors_and_are_deterministic(tmp_path: Path) -> None:
    """The roll-up benchmark's generated 様式2 (benchmarks/rollup.py) are reports the
    roll-up reads whole: every municipality, no error; no timing is asserted here."""
    from benchmarks.rollup import corpus, measure

    first, projects = corpus(tmp_path / "a", 3, 1)
    again, _ = corpus(tmp_path / "b", 3, 1)
    files = sorted(first.glob("*.xlsx"))
    assert [p.read_bytes() for p in files] == [
        p.read_bytes() for p in sorted(again.glob("*.xlsx"))]
    data = measure(first, workers=1)
    assert (data["municipalities"], data["errors"]) == (3, 0)
    assert projects >= 12
