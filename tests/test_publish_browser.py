"""The published page checked by real programs (spec §5.2, issue 15 point 5).

- the Nu Html Checker (``vnu.jar`` from the npm package vnu-jar, run with Java): no error
  and no warning;
- axe-core in Debian's Chromium (driven by playwright-core, ``tools/page-check/``) with
  the WCAG 2.0/2.1 A and AA rules and the best practices: no violation, and nothing left
  for review but the two cases axe cannot decide (a bullet ● with no letters in it, the
  rowspan 事業概要 header) whose colours ``test_publish.py`` computes instead;
- the page rendered to PNG at a desktop screen size and at A4 landscape with the print
  style sheet, and printed to PDF: A4 landscape pages, every project's heading on the page
  that holds its table, no request for anything outside the file.

The tools are installed by ``.ci/run`` (``npm ci`` in tools/page-check, Debian's chromium
and a Java runtime); without them the tests skip locally and fail under ``CI=true``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from kpi_workbook.consolidated.columns import evaluation as EC
from kpi_workbook.domain import evaluation as E
from kpi_workbook.publication import PAGE_NAME
from kpi_workbook.usecases.merge import MergeOptions, merge
from kpi_workbook.usecases.publish import PublishOptions, publish
from tests.required import require

REPO = Path(__file__).resolve().parents[1]
TOOLS = REPO / "tools" / "page-check"
VNU = TOOLS / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
EXAMPLES = REPO / "examples" / "submissions"
#: What axe may leave for a person to review: it cannot measure these, test_publish does.
UNDECIDABLE = {
    "Element content contains only non-text characters",
    "Element's background color could not be determined because it is overlapped by "
    "another element",
}


def _require(ok: bool, what: str) -> None:
    require(ok, what, "npm ci --prefix tools/page-check; apt chromium, default-jre-headless")


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The examples merged (①ガラス with the department's 要因分析, 改善方策 and 理由), every
    stage of the record typed in (issue 20), published with 達成率."""
    from tests.test_record_roundtrip import _submissions, _type_stages

    tmp = tmp_path_factory.mktemp("browser")
    book = tmp / "集計ブック.xlsx"
    merge([_submissions(tmp)], book, options=MergeOptions(report_year=2022,
                                                          created=dt.datetime(2023, 5, 1)))
    _type_stages(book)
    wb = openpyxl.load_workbook(book)
    ws = wb[EC.SHEET_NAME]
    ws["F2"] = E.RATING_CHOICES[0]
    ws["G2"] = "販売額は目標の7割に届いた。\nECサイトの伸びを評価する。"
    ws["H4"] = "<script>alert(1)</script> 若者の定着策を拡充すること。"
    wb.save(book)
    out = tmp / "web"
    publish(PublishOptions(book, out, with_attainment=True))
    return out / PAGE_NAME


def test_publish_page_passes_the_nu_html_checker(page: Path) -> None:
    _require(shutil.which("java") is not None, "java")
    _require(VNU.is_file(), "vnu.jar (tools/page-check)")
    proc = subprocess.run(["java", "-jar", str(VNU), "--format", "json", str(page)],
                          capture_output=True, text=True, encoding="utf-8", check=False,
                          timeout=120)
    report = json.loads(proc.stdout or proc.stderr)
    assert report["messages"] == [], report["messages"]


@pytest.fixture(scope="module")
def checked(page: Path) -> dict[str, object]:
    _require(shutil.which("node") is not None, "node")
    _require((TOOLS / "node_modules" / "axe-core").is_dir(), "axe-core (tools/page-check)")
    _require(CHROMIUM.exists(), "chromium")
    shots = page.parent / "shots"
    shots.mkdir()
    proc = subprocess.run(["node", str(TOOLS / "check_page.mjs"), str(page), str(shots)],
                          capture_output=True, text=True, encoding="utf-8", check=False,
                          timeout=180, env={**os.environ, "CHROMIUM": str(CHROMIUM)})
    assert proc.returncode == 0, proc.stderr
    report: dict[str, object] = json.loads(proc.stdout)
    return report


def test_publish_page_has_no_axe_violations(checked: dict[str, object]) -> None:
    assert checked["violations"] == []
    assert int(checked["passes"]) >= 30  # type: ignore[call-overload]
    for item in checked["incomplete"]:  # type: ignore[attr-defined]
        assert item["id"] == "color-contrast", item
        assert all(set(node["why"]) <= UNDECIDABLE for node in item["nodes"]), item
    assert checked["external_requests"] == []


def test_publish_page_renders_at_screen_and_print_size(checked: dict[str, object]) -> None:
    files = checked["files"]
    assert isinstance(files, dict)
    for key in ("screen", "print"):
        png = Path(files[key]).read_bytes()
        assert png.startswith(b"\x89PNG")
        width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
        if key == "screen":
            assert width == 1366
            assert height > 2000
        else:
            assert (width, height) == (1123, 794)  # A4 landscape at 96 dpi


def test_publish_page_prints_on_a4_landscape_headings_with_their_tables(
        checked: dict[str, object]) -> None:
    _require(shutil.which("pdfinfo") is not None, "poppler-utils")
    pdf = Path(checked["files"]["pdf"])  # type: ignore[index]
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                          check=True).stdout
    width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups())
    assert (round(width), round(height)) == (842, 595)  # A4 landscape in points
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    texts = [subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"],
                            capture_output=True, text=True, check=True).stdout
             for n in range(1, pages + 1)]
    # each heading on the page of its table's caption and of its last row (a text only
    # that row has): the table is not split from its heading, nor its rows from each other
    for mark, name, last_row in (("①", "小野田ガラス", "170個"), ("②", "PPPを活用", "571,011人"),
                                 ("③", "多世代", "-16人"), ("④", "デジタルの活用", "若者等向け"),
                                 ("⑤", "山口ゆめ回廊", "キッズサマーパス")):
        page_of_heading = next(i for i, t in enumerate(texts) if mark in t and name in t)
        heading_page = texts[page_of_heading]
        assert "の事業概要" in heading_page, (mark, page_of_heading)
        assert last_row in heading_page, (mark, page_of_heading)
