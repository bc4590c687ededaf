"""The merge use case over the examples (examples/submissions, examples/faulty)."""

from __future__ import annotations

import datetime as dt
import shutil
import threading
from pathlib import Path

import openpyxl
import pytest

import kpi_workbook.consolidated.writer as writer_module
from kpi_workbook.domain.attainment import Bands, GradeScheme, Grading
from kpi_workbook.usecases.check import Cancelled
from kpi_workbook.usecases.merge import MergeOptions, merge

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
SUBMISSIONS = EXAMPLES / "submissions"
FAULTY = EXAMPLES / "faulty"
OPTIONS = MergeOptions(report_year=2022, created=dt.datetime(2023, 6, 1, 9, 0))

# (KPI, fiscal year, 達成率, 判定): the seed's worked examples (spec §2)
SEED_EXAMPLES = [
    ("ブランド化したガラス商品の販売額", 2022, 0.6975, "未達成"),
    ("ブランド化したガラス商品数", 2021, 6.6, "達成"),
    ("SPC(特定目的会社)の設立", 2022, 1.0, "達成"),
    ("20～39歳の社会動態数(住民基本台帳)", 2020, None, "未達成"),
    ("山口東京理科大学生の市内就職率", 2020, 0.54, "未達成"),
    ("山陽小野田市にずっと住みたいと感じる市民の割合", 2022, None, "－"),
]


def summary_records(path: Path) -> list[dict[str, object]]:
    ws = openpyxl.load_workbook(path, data_only=True)["集計一覧"]
    rows = list(ws.iter_rows(values_only=True))
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


def assert_seed_examples(path: Path) -> None:
    records = summary_records(path)
    for kpi, year, rate, verdict in SEED_EXAMPLES:
        [rec] = [r for r in records if r["指標名"] == kpi and r["年度"] == year]
        if rate is None:
            assert rec["達成率"] in (None, ""), kpi
        else:
            assert rec["達成率"] == pytest.approx(rate, abs=5e-5), kpi
        assert rec["判定"] == verdict, kpi


@pytest.fixture(scope="module")
def merged_examples(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("merge") / "集計.xlsx"
    result = merge([SUBMISSIONS], out, options=OPTIONS)
    assert result.written
    return out


def test_merge_examples_gives_seed_values(merged_examples):
    assert_seed_examples(merged_examples)


def test_merge_examples_rows_and_sheets(merged_examples):
    wb = openpyxl.load_workbook(merged_examples)
    assert len(summary_records(merged_examples)) == 27
    assert [n[0] for n in wb.sheetnames[1:6]] == ["①", "②", "③", "④", "⑤"]
    status = wb["提出状況"]
    assert status.max_row == 1 + len(list(SUBMISSIONS.glob("*.xlsx")))


def test_merge_examples_values_are_numbers(merged_examples):
    records = summary_records(merged_examples)
    [rec] = [r for r in records if r["指標名"].startswith("20～39歳") and r["年度"] == 2020]
    assert rec["目標値"] == 0
    assert rec["実績値"] == -339


def test_merge_result_and_progress(tmp_path):
    seen = []
    result = merge([SUBMISSIONS], tmp_path / "out.xlsx", options=OPTIONS,
                   progress=lambda p: seen.append((p.done, p.total, p.path.name)))
    n = len(list(SUBMISSIONS.glob("*.xlsx")))
    assert [(d, t) for d, t, _ in seen] == [(i, n) for i in range(1, n + 1)]
    assert result.written
    assert not result.has_errors
    assert result.summary()["projects"] == 5
    assert result.out == tmp_path / "out.xlsx"


def test_merge_cancel_writes_nothing(tmp_path):
    out = tmp_path / "out.xlsx"
    out.write_bytes(b"old")
    cancel = threading.Event()

    def stop_after_first(progress):
        cancel.set()

    with pytest.raises(Cancelled):
        merge([SUBMISSIONS], out, options=OPTIONS, progress=stop_after_first, cancel=cancel)
    assert out.read_bytes() == b"old"


def test_merge_with_errors_still_writes_and_highlights(tmp_path):
    out = tmp_path / "out.xlsx"
    result = merge([SUBMISSIONS, FAULTY], out, options=OPTIONS)
    assert result.has_errors
    assert result.written
    wb = openpyxl.load_workbook(out)
    issues = wb["検証結果"]
    assert issues.max_row - 1 == len(result.issues)
    assert any(issues.cell(r, 1).value == "エラー" for r in range(2, issues.max_row + 1))


def test_merge_strict_leaves_existing_out_untouched(tmp_path):
    out = tmp_path / "out.xlsx"
    out.write_bytes(b"old")
    result = merge([SUBMISSIONS, FAULTY], out, options=MergeOptions(report_year=2022,
                                                                    strict=True))
    assert result.has_errors
    assert not result.written
    assert out.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.xlsx"]


def test_merge_strict_without_errors_writes(tmp_path):
    out = tmp_path / "out.xlsx"
    result = merge([SUBMISSIONS], out, options=MergeOptions(report_year=2022, strict=True))
    assert result.written
    assert out.exists()


def test_merge_atomic_write_keeps_old_out_on_failure(tmp_path, monkeypatch):
    out = tmp_path / "out.xlsx"
    out.write_bytes(b"old")

    def broken_writer(submissions, issues, path, options, **hooks):
        Path(path).write_bytes(b"half a workbook")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(writer_module, "write_consolidated", broken_writer)
    with pytest.raises(OSError, match="No space"):
        merge([SUBMISSIONS], out, options=OPTIONS)
    assert out.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.xlsx"]


def test_merge_same_project_twice_is_reported(tmp_path):
    copy = tmp_path / "inputs"
    copy.mkdir()
    shutil.copy(SUBMISSIONS / "商工労働課.xlsx", copy / "商工労働課.xlsx")
    shutil.copy(SUBMISSIONS / "商工労働課.xlsx", copy / "商工労働課_再提出.xlsx")
    result = merge([copy], tmp_path / "out.xlsx", options=OPTIONS)
    codes = [(i.code, i.where.file.name) for i in result.issues if i.code == "project-duplicate"]
    assert codes
    assert all(f == "商工労働課_再提出.xlsx" for _, f in codes)
    assert result.written  # without --strict the council still gets a workbook


def test_merge_options_from_toml_settings(tmp_path):
    settings = tmp_path / "settings.toml"
    settings.write_text('[bands]\ngood = 1.1\nfair = 0.9\n\n[grade]\nscheme = "symbols"\n'
                        "thresholds = [1.0, 0.9, 0.6]\n", encoding="utf-8")
    options = MergeOptions.from_settings(settings, report_year=2022)
    assert options.bands == Bands(1.1, 0.9)
    assert options.grading == Grading(GradeScheme.SYMBOLS, (1.0, 0.9, 0.6))
    assert options.report_year == 2022
    out = tmp_path / "out.xlsx"
    merge([SUBMISSIONS], out, options=options)
    assert "評価" in summary_records(out)[0]


def test_merge_options_from_json_settings(tmp_path):
    settings = tmp_path / "settings.json"
    settings.write_text('{"grade": {"scheme": "letters"}}', encoding="utf-8")
    assert MergeOptions.from_settings(settings).grading.scheme is GradeScheme.LETTERS


def test_merge_options_bad_settings(tmp_path):
    settings = tmp_path / "settings.toml"
    settings.write_text("[grade]\nthresholds = [0.5, 0.8, 1.0]\n", encoding="utf-8")
    from kpi_workbook.domain.errors import KpiWorkbookError

    with pytest.raises(KpiWorkbookError) as caught:
        MergeOptions.from_settings(settings)
    issue = caught.value.issue
    assert issue.code == "settings-unreadable"
    assert "decreasing" in (issue.detail or "")  # the parser's words: detail only
    assert "decreasing" not in issue.message("en")
    assert "しきい値 3 つを大きい順" in issue.message("ja")
