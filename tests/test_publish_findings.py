"""publish says what it publishes, before it writes (issue 24), and writes every no-value
mark as the city's page does, `-` (issue 22).

The page is written even when 検証結果 lists errors (spec §5.2): it is the planning
division's record. But the clerk must know, before the page goes out, that it carries
errors, values that are not numbers, projects under 「実施区分が読めない事業」 and
evaluations outside the list: the CLI prints them first, each at its sheet and cell.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import openpyxl
import pytest

from kpi_workbook.consolidated.columns import evaluation as EC
from kpi_workbook.departments.template import TemplateLayout
from kpi_workbook.domain.issues import Issue
from kpi_workbook.publication import CSV_NAME, PAGE_NAME
from kpi_workbook.usecases.merge import MergeOptions, merge
from kpi_workbook.usecases.publish import PublishOptions, preview_publication, publish
from tests.test_publish import page_of, rows_of

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "submissions"
FAULTY = ROOT / "examples" / "faulty"
OPTIONS = MergeOptions(report_year=2022, created=dt.datetime(2023, 5, 1))


def _cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kpi_workbook", *map(str, args)],
                          capture_output=True, text=True, cwd=ROOT, timeout=300, check=False)


@pytest.fixture(scope="module")
def faulty_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The examples and the faulty submissions merged: errors in 検証結果, 「集計中」 and
    「12人」 (in a 円 KPI) in 集計一覧, a project with no 実施区分; then 「有効」 typed as an
    evaluation (not one of the choices)."""
    out = tmp_path_factory.mktemp("findings") / "集計ブック.xlsx"
    merge([EXAMPLES, FAULTY], out, options=OPTIONS)
    wb = openpyxl.load_workbook(out)
    ws = wb[EC.SHEET_NAME]
    header = [c.value for c in ws[1]]
    ws.cell(2, header.index(EC.H_RATING) + 1).value = "有効"
    ws.cell(3, header.index(EC.H_FINAL_POLICY) + 1).value = "様子を見る"  # in no list
    ws.cell(4, header.index(EC.H_FINAL_POLICY) + 1).value = "予定通り事業終了"  # a wording
    wb.save(out)
    return out


def test_cli_says_what_the_page_will_show_then_writes_it(faulty_book: Path,
                                                         tmp_path: Path) -> None:
    done = _cli("publish", faulty_book, "-o", tmp_path / "web")
    assert done.returncode == 0, done.stderr  # written all the same (spec §5.2)
    assert (tmp_path / "web" / PAGE_NAME).is_file()
    err = done.stderr
    assert "「検証結果」にはエラーが 6 件あります" in err
    assert "実績値「集計中」は数値ではないため" in err
    assert "「集計一覧」M" in err
    assert "実績値「12人」は数値ではない" in err
    assert "「道路案内標識多言語化事業」は実施区分が読めない" in err
    assert "「事業データ」C" in err
    assert "外部有識者の評価「有効」は選択肢" in err
    assert "最終の今後の方針「様子を見る」は選択肢" in err
    assert "予定通り事業終了" not in err  # a form's wording of 事業の終了: no warning
    assert "「外部評価」F2" in err
    assert "Traceback" not in err
    english = _cli("publish", faulty_book, "-o", tmp_path / "web-en", "--lang", "en")
    assert "lists 6 error(s)" in english.stderr
    assert "'集計中' of" in english.stderr


def test_findings_come_before_anything_is_written(faulty_book: Path, tmp_path: Path) -> None:
    outdir = tmp_path / "web"
    seen: list[tuple[int, bool]] = []

    def before(findings: Sequence[Issue]) -> None:
        seen.append((len(findings), outdir.exists()))

    result = publish(PublishOptions(faulty_book, outdir), before_writing=before)
    assert seen == [(len(result.findings), False)]  # told first; OUTDIR not even created
    codes = [i.code for i in result.findings]
    assert codes.count("publish-errors-listed") == 1
    assert codes.count("publish-value-not-number") == 2
    assert codes.count("publish-scope-unknown") == 1
    assert codes.count("publish-choice-not-in-list") == 2  # 「有効」, 「様子を見る」
    assert all(i.severity.value == "warning" for i in result.findings)
    preview = preview_publication(PublishOptions(faulty_book, tmp_path / "never"))
    assert [i.code for i in preview.findings] == codes
    assert not (tmp_path / "never").exists()


def test_a_clean_workbook_has_nothing_to_say(tmp_path: Path) -> None:
    book = tmp_path / "book.xlsx"
    merge([EXAMPLES], book, options=OPTIONS)
    done = _cli("publish", book, "-o", tmp_path / "web")
    assert done.returncode == 0
    assert done.stderr == ""
    assert preview_publication(PublishOptions(book, tmp_path / "x")).findings == []


@pytest.mark.parametrize("dash", ["－", "―", "ー", "—", "-"])
def test_every_no_value_mark_publishes_as_the_seed_dash(tmp_path: Path, dash: str) -> None:
    inputs = tmp_path / "提出"
    shutil.copytree(EXAMPLES, inputs)
    glass = inputs / "商工労働課.xlsx"
    wb = openpyxl.load_workbook(glass)
    lay = TemplateLayout()  # 実績値 of 初年度 of the first KPI, as the department typed
    wb["①ガラス"].cell(lay.year_row(1), lay.actual_col(1)).value = dash
    wb.save(glass)
    book = tmp_path / "book.xlsx"
    merge([inputs], book, options=OPTIONS)
    outdir = tmp_path / "web"
    result = publish(PublishOptions(book, outdir))
    assert not any(i.code == "publish-value-not-number" for i in result.findings)

    rows = list(csv.reader(io.StringIO((outdir / CSV_NAME).read_text(encoding="utf-8-sig"))))
    header = rows[0]
    first = next(r for r in rows[1:] if r[header.index("事業番号")] == "1"
                 and r[header.index("指標番号")] == "1")
    assert first[header.index("実績値")] == "-"
    assert all(cell not in {"－", "―", "ー", "—"} for r in rows[1:] for cell in
               (r[header.index("目標値")], r[header.index("実績値")]))

    page = page_of(outdir)
    table = next(t for t in page.iter("table") if "小野田ガラス" in t.find("caption").words())
    year1 = next(r for r in rows_of(table) if r[0] == "初年度")
    assert "-" in year1
    assert not {"－", "―", "ー", "—"} & set(year1)
