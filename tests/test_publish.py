"""kpi-workbook publish (spec §5.2): kpi.csv read back, 達成率, refusals, escaping, and the
accessibility rules of a municipal page asserted on the parsed page."""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import re
import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from kpi_workbook.cli import main
from kpi_workbook.consolidated.writer import summary as S
from kpi_workbook.domain.errors import KpiWorkbookError
from kpi_workbook.publication import CSV_NAME, PAGE_NAME
from kpi_workbook.publication.display import activity_items, format_rate, format_value
from kpi_workbook.publication.page import STYLE
from kpi_workbook.usecases.merge import MergeOptions, merge
from kpi_workbook.usecases.publish import PublishOptions, publish
from tests.conftest import fill_template, seed_projects
from tests.html_tree import Element, parse
from tests.test_writer import SUMMARY_HEADERS, column_letter

SUMMARY_LAST = column_letter(SUMMARY_HEADERS[-1])

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "submissions"
FAULTY = Path(__file__).resolve().parents[1] / "examples" / "faulty"


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("publish") / "集計ブック.xlsx"
    merge([EXAMPLES], out, options=MergeOptions(report_year=2022,
                                                created=dt.datetime(2023, 5, 1)))
    return out


def page_of(folder: Path) -> Element:
    return parse((folder / PAGE_NAME).read_text(encoding="utf-8"))[0]


def rows_of(table: Element) -> list[list[str]]:
    return [[c.words() for c in tr.children if isinstance(c, Element)]
            for tr in table.find("tbody").iter("tr")]


# --- values as the seed writes them -----------------------------------------------------

@pytest.mark.parametrize(("value", "unit", "text"), [
    (10_000_000.0, "円", "10,000,000円"), (12672.0, "人", "12,672人"), (5.0, "個", "5個"),
    (1.0, "事業体", "1事業体"), (0.1, "%", "10.0%"), (0.054, "%", "5.4%"),
    (-339.0, "人", "-339人"), (0.0, "人", "0人"), (None, "人", "-"), ("-", "円", "-"),
    (2.5, "件", "2.5件"), ("集計中", "人", "集計中"), (1234.0, "", "1,234"),
])
def test_format_value_as_the_seed(value: float | str | None, unit: str, text: str) -> None:
    assert format_value(value, unit) == text


def test_format_rate_one_decimal_or_empty() -> None:
    assert format_rate(10_462_414 / 15_000_000) == "69.7%"
    assert format_rate(33 / 5) == "660.0%"
    assert format_rate(None) == ""


def test_activity_items_split_on_lines_and_spaced_bullets() -> None:
    assert activity_items("・制定・作成 ・拠点 事業") == ["・制定・作成", "・拠点 事業"]
    assert activity_items("・a\n・b\r\n\n・c") == ["・a", "・b", "・c"]
    assert activity_items("") == []


# --- kpi.csv ------------------------------------------------------------------------------

def test_publish_csv_bom_crlf_and_the_same_values_as_the_summary(book: Path,
                                                                  tmp_path: Path) -> None:
    publish(PublishOptions(book, tmp_path))
    raw = (tmp_path / CSV_NAME).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.count(b"\r\n") == raw.count(b"\n") == 28  # header + 27 rows, CRLF only
    summary = pd.read_excel(book, sheet_name=S.SHEET_NAME, engine="openpyxl")
    by_pandas = pd.read_csv(tmp_path / CSV_NAME, encoding="utf-8-sig")
    # 集計一覧's columns with NO first and 年度（和暦） beside 年度, then the canonical
    # record columns (issue 20)
    own = [c for c in summary.columns if c != "NO"]
    year = own.index("年度") + 1
    assert list(by_pandas.columns) == ["NO", *own[:year], "年度（和暦）", *own[year:],
                                       "事業効果", "今後の方針", "外部有識者の評価"]
    assert _cells(by_pandas[list(summary.columns)]) == _cells(summary)
    assert set(by_pandas["年度（和暦）"]) == {"令和2年度", "令和3年度", "令和4年度"}

    with (tmp_path / CSV_NAME).open(encoding="utf-8-sig", newline="") as f:
        records = list(csv.reader(f))
    ws = openpyxl.load_workbook(book, data_only=True)[S.SHEET_NAME]
    sheet = [list(r) for r in ws.iter_rows(values_only=True)]
    keep = [records[0].index(h) for h in sheet[0]]  # the CSV's columns in the sheet's order
    records = [[r[i] for i in keep] for r in records]
    assert records[0] == sheet[0]
    for got, want in zip(records[1:], sheet[1:], strict=True):
        assert [(_num(g) if isinstance(w, (int, float)) else g) for g, w in zip(got, want,
                strict=True)] == [w if w is not None else "" for w in want]
    col = {h: i for i, h in enumerate(records[0])}
    glass_y3 = next(r for r in records if r[1] == "小野田ガラスのブランド化推進事業"
                    and r[col["指標番号"]] == "1" and r[col["年度"]] == "2022")
    assert glass_y3[col["目標値"]] == "15000000"  # a plain number: no separators, no unit
    assert float(glass_y3[col["達成率"]]) == pytest.approx(10_462_414 / 15_000_000)
    assert glass_y3[col["判定"]] == "未達成"


def _cells(frame: pd.DataFrame) -> list[list[object]]:
    """A frame's values, comparable whatever dtype pandas chose for a column that mixes
    numbers and dashes (object from Excel, str from the CSV)."""
    def one(v: object) -> object:
        if v is None or (isinstance(v, float) and v != v):
            return None
        if isinstance(v, (int, float)):
            return float(v)
        try:
            return float(str(v))
        except ValueError:
            return str(v)
    return [[one(v) for v in row] for row in frame.itertuples(index=False)]


def _num(text: str) -> float | str:
    return float(text) if text else ""


def test_publish_csv_recomputes_results_a_non_recalculating_save_dropped(
        book: Path, tmp_path: Path) -> None:
    """openpyxl keeps the formulas but not their results: the CSV and page stay right."""
    edited = tmp_path / "saved_by_script.xlsx"
    wb = openpyxl.load_workbook(book)
    wb.save(edited)
    rate = f"{column_letter('達成率')}4"
    assert openpyxl.load_workbook(edited, data_only=True)[S.SHEET_NAME][rate].value is None
    publish(PublishOptions(edited, tmp_path / "out", with_attainment=True))
    table = pd.read_csv(tmp_path / "out" / CSV_NAME, encoding="utf-8-sig")
    expected = pd.read_csv(io.BytesIO(_published_csv(book, tmp_path / "ref")),
                           encoding="utf-8-sig")
    pd.testing.assert_frame_equal(table, expected)
    assert table["達成率"].notna().sum() > 10


def _published_csv(book: Path, folder: Path) -> bytes:
    publish(PublishOptions(book, folder))
    return (folder / CSV_NAME).read_bytes()


def test_publish_csv_formula_looking_text_never_a_formula_in_excel(tmp_path: Path) -> None:
    project = dict(seed_projects()[1], name="=HYPERLINK(\"http://x\")事業",
                   department="@課")
    (tmp_path / "in").mkdir()
    sub = tmp_path / "in" / "a.xlsx"
    layout = fill_template(sub, project)
    wb = openpyxl.load_workbook(sub)  # typed as Excel keeps it: text ('=…), not a formula
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"
    wb.save(sub)
    assert layout is not None
    out = tmp_path / "book.xlsx"
    merge([tmp_path / "in"], out, options=MergeOptions(report_year=2022))
    publish(PublishOptions(out, tmp_path / "web"))
    records = list(csv.reader(io.StringIO(
        (tmp_path / "web" / CSV_NAME).read_text(encoding="utf-8-sig"), newline="")))
    head = records[0]
    assert {r[head.index("事業名")] for r in records[1:]} == {"'=HYPERLINK(\"http://x\")事業"}
    assert {r[head.index("担当課")] for r in records[1:]} == {"'@課"}
    target = records[0].index("目標値")
    assert "-" in {r[target] for r in records[1:]}  # the dash stays a dash


# --- 達成率 and 判定 ----------------------------------------------------------------------

def test_publish_with_attainment_adds_rate_and_verdict(book: Path, tmp_path: Path) -> None:
    assert main(["publish", str(book), "-o", str(tmp_path), "--with-attainment"]) == 0
    tables = list(page_of(tmp_path).iter("table"))
    glass = rows_of(tables[0])
    # per KPI: 目標値, 実績値, 達成率, 判定
    assert glass[2][2:6] == ["15,000,000円", "10,462,414円", "69.7%", "未達成"]
    assert glass[1][10:14] == ["5個", "33個", "660.0%", "達成"]
    assert glass[0][2:6] == ["-", "-", "", "－"]
    ppp = rows_of(tables[1])
    assert ppp[2][10:14] == ["1事業体", "1事業体", "100.0%", "達成"]
    kyoso = rows_of(tables[2])
    assert kyoso[0][2:6] == ["0人", "-339人", "", "未達成"]
    assert kyoso[0][6:10] == ["10.0%", "5.4%", "54.0%", "未達成"]
    assert kyoso[2][10:14] == ["80.0%", "-", "", "－"]
    heads = [th.words() for th in tables[0].find("thead").iter("th")]
    assert heads[-4:] == ["目標値", "実績値", "達成率", "判定"]


def test_publish_without_attainment_has_no_rate_column(book: Path, tmp_path: Path) -> None:
    publish(PublishOptions(book, tmp_path))
    heads = [th.words() for th in page_of(tmp_path).iter("th")]
    assert "達成率" not in heads
    assert "判定" not in heads


def test_publish_title_option_and_default(book: Path, tmp_path: Path) -> None:
    assert main(["publish", str(book), "-o", str(tmp_path / "a"), "--title",
                 "令和4年度 <効果検証>"]) == 0
    root = page_of(tmp_path / "a")
    assert root.find("title").words() == "令和4年度 <効果検証>"
    assert root.find("h1").words() == "令和4年度 <効果検証>"
    publish(PublishOptions(book, tmp_path / "b"))
    assert page_of(tmp_path / "b").find("title").words() == "地方創生推進交付金事業の効果検証"


def test_publish_writes_even_when_the_workbook_lists_errors(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    shutil.copytree(EXAMPLES, inputs)
    for f in sorted(FAULTY.glob("*.xlsx"))[:3]:
        shutil.copy(f, inputs / f.name)
    out = tmp_path / "book.xlsx"
    result = merge([inputs], out, options=MergeOptions(report_year=2022))
    assert result.has_errors
    assert main(["publish", str(out), "-o", str(tmp_path / "web")]) == 0
    assert (tmp_path / "web" / PAGE_NAME).is_file()


# --- refusals: nothing written, the sheet and cell named ----------------------------------

def edited_copy(book: Path, target: Path, sheet: str, cell: str, value: object) -> Path:
    wb = openpyxl.load_workbook(book)
    wb[sheet][cell] = value
    wb.save(target)
    return target


@pytest.mark.parametrize(("sheet", "cell", "value", "where", "words"), [
    ("集計一覧", f"{column_letter('目標値')}3", dt.datetime(2022, 4, 1),
     f"集計一覧」のセル {column_letter('目標値')}3", "目標値"),
    ("集計一覧", "A3", "一", "集計一覧」のセル A3", "事業番号"),
    ("集計一覧", "E5", "第一", "集計一覧」のセル E5", "指標番号"),
    ("集計一覧", "H2", "上昇", "集計一覧」のセル H2", "目標の方向"),
    ("集計一覧", f"{column_letter('目標値')}1", "目標",
     f"集計一覧」の見出し行（A1:{SUMMARY_LAST}1）", "目標値"),
    ("事業データ", "E3", "令和二年", "事業データ」のセル E3", "開始年度"),
    ("事業データ", "C2", "県", "事業データ」のセル C2", "実施区分"),
    ("事業内容", "B4", "別の事業", "事業内容」のセル B4", "別の事業"),
    ("外部評価", "B2", "改名した事業", "外部評価」のセル B2", "改名した事業"),
    ("集計一覧", f"{column_letter('実績値')}6", "#REF!",
     f"集計一覧」のセル {column_letter('実績値')}6", "#REF!"),
])
def test_publish_edited_beyond_reading_names_sheet_and_cell(
        book: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], sheet: str,
        cell: str, value: object, where: str, words: str) -> None:
    edited = edited_copy(book, tmp_path / "edited.xlsx", sheet, cell, value)
    outdir = tmp_path / "web"
    assert main(["publish", str(edited), "-o", str(outdir)]) == 2
    err = capsys.readouterr().err
    assert where in err, err
    assert words in err, err
    assert "Traceback" not in err
    assert "Error" not in err
    assert not outdir.exists()  # nothing written, not even the folder


def test_publish_not_ours_exit_2_in_both_languages(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    submission = EXAMPLES / "企画課.xlsx"
    assert main(["publish", str(submission), "-o", str(tmp_path / "w")]) == 2
    assert "シート「集計一覧」がありません" in capsys.readouterr().err
    assert main(["publish", str(submission), "-o", str(tmp_path / "w"), "--lang", "en"]) == 2
    assert "has no sheet '集計一覧'" in capsys.readouterr().err
    not_xlsx = tmp_path / "page.xlsx"
    not_xlsx.write_text("<html></html>", encoding="utf-8")
    assert main(["publish", str(not_xlsx), "-o", str(tmp_path / "w")]) == 2
    err = capsys.readouterr().err
    assert "page.xlsx を集計ブックとして開けません" in err
    assert "Exception" not in err
    assert not (tmp_path / "w").exists()


def test_publish_refusal_leaves_the_previous_page(book: Path, tmp_path: Path) -> None:
    outdir = tmp_path / "web"
    publish(PublishOptions(book, outdir))
    before = {p.name: p.read_bytes() for p in outdir.iterdir()}
    broken = edited_copy(book, tmp_path / "b.xlsx", "集計一覧", "A2", "x")
    with pytest.raises(KpiWorkbookError) as info:
        publish(PublishOptions(broken, outdir))
    assert (info.value.issue.code, info.value.issue.where.sheet,
            info.value.issue.where.cell) == ("publish-cell-invalid", "集計一覧", "A2")
    assert {p.name: p.read_bytes() for p in outdir.iterdir()} == before


def test_publish_creates_missing_folders_and_replaces_files(book: Path, tmp_path: Path) -> None:
    outdir = tmp_path / "a" / "b" / "公開"
    publish(PublishOptions(book, outdir))
    (outdir / PAGE_NAME).write_text("old", encoding="utf-8")
    publish(PublishOptions(book, outdir, title="新"))
    assert "<title>新</title>" in (outdir / PAGE_NAME).read_text(encoding="utf-8")
    assert sorted(p.name for p in outdir.iterdir()) == sorted([PAGE_NAME, CSV_NAME])  # no temp left


def test_publish_replaces_page_and_csv_as_a_pair(book: Path, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """A failure while the second file is written (here: the disk fills up) leaves the old
    page AND the old kpi.csv: never a new page beside last time's open data."""
    import errno

    outdir = tmp_path / "web"
    publish(PublishOptions(book, outdir, title="前回"))
    before = {p.name: p.read_bytes() for p in outdir.iterdir()}
    real_write = Path.write_bytes

    def disk_full_on_csv(self: Path, data: bytes) -> int:
        if self.name.startswith(f".{Path(CSV_NAME).stem}."):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(self, data)

    monkeypatch.setattr(Path, "write_bytes", disk_full_on_csv)
    with pytest.raises(OSError, match="No space left"):
        publish(PublishOptions(book, outdir, title="今回"))
    assert {p.name: p.read_bytes() for p in outdir.iterdir()} == before  # no temp left


def test_publish_into_the_source_itself_is_refused_with_its_own_words(
        book: Path, tmp_path: Path) -> None:
    """A workbook named like an output file in OUTDIR is never overwritten, and the
    message says it is the workbook being read (not 「入力の提出ブック」)."""
    outdir = tmp_path / "web"
    outdir.mkdir()
    source = outdir / CSV_NAME
    source.write_bytes(book.read_bytes())
    with pytest.raises(KpiWorkbookError) as info:
        publish(PublishOptions(source, outdir))
    assert info.value.issue.code == "output-is-source"
    assert "読み込む集計ブック" in info.value.issue.message("ja")
    assert source.read_bytes() == book.read_bytes()


# --- safety: everything escaped -----------------------------------------------------------

HOSTILE_NAME = '<script>alert("name")</script>事業'
HOSTILE_PURPOSE = '"><img src=x onerror=alert(1)>目的'
HOSTILE_KPI = "<b onmouseover=alert(2)>来客数</b>"
HOSTILE_ACTIVITY = "・<script>document.write(1)</script>\n・'\"><svg onload=alert(3)>"


def test_publish_hostile_submission_text_is_text(tmp_path: Path) -> None:
    seed = seed_projects()[1]
    kpis = [dict(seed["kpis"][0]), dict(seed["kpis"][1], name=HOSTILE_KPI),
            dict(seed["kpis"][2])]
    years = [dict(y) for y in seed["years"]]
    years[0]["activities"] = HOSTILE_ACTIVITY
    project = dict(seed, name=HOSTILE_NAME, purpose=HOSTILE_PURPOSE, kpis=kpis, years=years,
                   department="<i>課</i>")
    (tmp_path / "in").mkdir()
    fill_template(tmp_path / "in" / "hostile.xlsx", project)
    out = tmp_path / "book.xlsx"
    merge([tmp_path / "in"], out, options=MergeOptions(report_year=2022))
    assert main(["publish", str(out), "-o", str(tmp_path / "web"), "--with-attainment",
                 "--title", "<script>t</script>"]) == 0
    html = (tmp_path / "web" / PAGE_NAME).read_text(encoding="utf-8")
    root, _ = parse(html)
    tags = {e.tag for e in root.iter()}
    assert not tags & {"script", "img", "svg", "b", "i", "iframe", "object"}
    assert not any(k.startswith("on") for e in root.iter() for k in e.attrs)
    assert "<script" not in html
    assert "<img" not in html
    assert root.find("h3").words() == f"① {HOSTILE_NAME}(令和2年度～令和4年度)"
    assert next(p for p in root.iter("p") if p.attrs.get("class") == "purpose").words() \
        == HOSTILE_PURPOSE
    assert HOSTILE_KPI in [th.words() for th in root.iter("th")]
    # 事業内容 loses its tags when read (spec §1.3, html-stripped); what is left is text
    kept = openpyxl.load_workbook(out)["事業内容"]["E2"].value
    items = [li.text() for li in next(root.find("tbody").iter("tr")).iter("li")]
    assert items == activity_items(kept)
    assert "document.write(1)" in items[0]
    assert root.find("title").words() == "<script>t</script>"


# --- accessibility (JIS X 8341-3 / WCAG 2.1 AA), rule by rule on the parsed page ----------

@pytest.fixture(scope="module")
def a11y_page(book: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Element, str]:
    folder = tmp_path_factory.mktemp("a11y")
    publish(PublishOptions(book, folder, with_attainment=True))
    html = (folder / PAGE_NAME).read_text(encoding="utf-8")
    return parse(html)[0], html


def test_page_language_title_and_charset(a11y_page: tuple[Element, str]) -> None:
    root, html = a11y_page
    assert html.startswith("<!DOCTYPE html>")
    assert root.find("html").attrs["lang"] == "ja"
    assert root.find("title").words()
    assert root.find("meta").attrs.get("charset") == "utf-8"


def test_page_headings_in_order(a11y_page: tuple[Element, str]) -> None:
    root, _ = a11y_page
    levels = [int(e.tag[1]) for e in root.iter() if re.fullmatch(r"h[1-6]", e.tag)]
    assert levels[0] == 1
    assert levels.count(1) == 1
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels))
    assert all(e.words() for e in root.iter() if re.fullmatch(r"h[1-6]", e.tag))


def test_page_tables_have_captions_and_header_cells(a11y_page: tuple[Element, str]) -> None:
    root, _ = a11y_page
    tables = list(root.iter("table"))
    assert len(tables) == 5
    for table in tables:
        caption = next(c for c in table.children if isinstance(c, Element))
        assert caption.tag == "caption"
        assert caption.words()
        ids = {e.attrs["id"] for e in table.iter() if "id" in e.attrs}
        for th in table.iter("th"):
            assert th.attrs.get("scope") in {"col", "colgroup", "row", "rowgroup"}
            assert th.words()
        for cell in [*table.iter("td"), *table.iter("th")]:
            refs = cell.attrs.get("headers", "").split()
            assert set(refs) <= ids, refs
        for td in table.iter("td"):
            assert td.attrs.get("headers"), "every data cell names its headers"
        for tr in table.find("tbody").iter("tr"):
            first = next(c for c in tr.children if isinstance(c, Element))
            assert first.tag == "th"
            assert first.attrs["scope"] == "row"


def test_page_is_self_contained_without_script(a11y_page: tuple[Element, str]) -> None:
    root, html = a11y_page
    assert not list(root.iter("script"))
    assert not list(root.iter("link"))
    assert not any(k in ("src", "href") for e in root.iter() for k in e.attrs)
    assert "url(" not in html
    assert "@import" not in html
    assert "http" not in STYLE


def test_page_meaning_never_by_colour_alone(a11y_page: tuple[Element, str]) -> None:
    root, _ = a11y_page
    verdicts = {td.words() for td in root.iter("td") if td.attrs.get("class") == "verdict"}
    assert verdicts == {"達成", "未達成", "－"}  # words, not colours
    assert "verdict" not in re.sub(r"td\.verdict \{[^}]*\}", "", STYLE)  # no colour rule


def _luminance(hex_colour: str) -> float:
    rgb = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_page_text_contrast_at_least_4_5(a11y_page: tuple[Element, str]) -> None:
    """Every text colour of the style sheet against every background it declares (and
    white): the worst pair, whatever sits on what, passes 1.4.3 (4.5:1)."""
    texts = re.findall(r"(?<![-\w])color:\s*(#[0-9a-fA-F]{6})", STYLE)
    backgrounds = [*re.findall(r"background:\s*(#[0-9a-fA-F]{6})", STYLE), "#ffffff"]
    assert texts
    assert len(backgrounds) > 1
    worst = min(contrast(t, b) for t in texts for b in backgrounds)
    assert worst >= 4.5, worst


def test_page_print_style_a4_landscape_rows_unbroken(a11y_page: tuple[Element, str]) -> None:
    _, html = a11y_page
    print_css = html.split("@media print", 1)[1]
    assert re.search(r"@page\s*\{[^}]*size:\s*A4 landscape", print_css)
    assert re.search(r"tr, th, td, li \{[^}]*break-inside: avoid", print_css)
    assert re.search(r"h2, h3, h4, p\.purpose, caption \{[^}]*break-after: avoid", print_css)
    assert "display: table-header-group" in print_css


def test_publish_keeps_a_column_a_clerk_added(book: Path, tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(book)
    ws = wb[S.SHEET_NAME]
    col = ws.max_column + 1
    ws.cell(1, col, "確認日")
    ws.cell(2, col, dt.datetime(2023, 6, 30))
    wb.save(tmp_path / "added.xlsx")
    publish(PublishOptions(tmp_path / "added.xlsx", tmp_path / "web"))
    with (tmp_path / "web" / CSV_NAME).open(encoding="utf-8-sig", newline="") as f:
        records = list(csv.reader(f))
    added = records[0].index("確認日")  # kept, before the record columns of issue 20
    assert records[0][added + 1:] == ["事業効果", "今後の方針", "外部有識者の評価"]
    assert records[1][added] == "2023-06-30T00:00:00"


def test_publish_use_case_progress_and_cancel(book: Path, tmp_path: Path) -> None:
    import threading

    from kpi_workbook.domain.errors import Cancelled

    seen: list[tuple[int, int, str]] = []
    result = publish(PublishOptions(book, tmp_path / "a"),
                     progress=lambda p: seen.append((p.done, p.total, p.path.name)))
    assert seen == [(1, 2, PAGE_NAME), (2, 2, CSV_NAME)]
    assert (result.projects, result.rows) == (5, 27)
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled):
        publish(PublishOptions(book, tmp_path / "b"), cancel=cancel)
    assert not (tmp_path / "b").exists()


def test_publish_leaves_out_a_section_without_projects(tmp_path: Path) -> None:
    out = tmp_path / "book.xlsx"
    merge([EXAMPLES / "企画課.xlsx"], out, options=MergeOptions(report_year=2022))
    publish(PublishOptions(out, tmp_path / "web"))
    root = page_of(tmp_path / "web")
    assert [h.words() for h in root.iter("h2")] == ["●単市で実施事業"]
    assert [h.words() for h in root.iter("h3")] == [
        "② PPPを活用した交流・にぎわい創出事業(令和2年度～令和4年度)"]


def test_publish_split_workbook_gives_the_same_page_and_refuses_a_part(
        book: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A consolidated workbook split into parts (project sheets in files beside it) keeps
    its flat sheets whole: published, it gives the same page and CSV; a part is refused
    with the main file's name, and nothing is written."""
    split = tmp_path / "分割" / "集計ブック.xlsx"
    split.parent.mkdir()
    result = merge([EXAMPLES], split, options=MergeOptions(
        report_year=2022, created=dt.datetime(2023, 5, 1), max_project_sheets=2))
    assert result.parts  # the five project sheets went to part workbooks
    publish(PublishOptions(split, tmp_path / "split_web"))
    publish(PublishOptions(book, tmp_path / "whole_web"))
    assert page_of(tmp_path / "split_web").find("main").words() == page_of(
        tmp_path / "whole_web").find("main").words()
    assert (tmp_path / "split_web" / CSV_NAME).read_bytes() == (
        tmp_path / "whole_web" / CSV_NAME).read_bytes()
    part = Path(result.parts[0])
    assert main(["publish", str(part), "-o", str(tmp_path / "part_web")]) == 2
    err = capsys.readouterr().err
    assert "集計ブック「集計ブック.xlsx」の事業シートのブックです" in err
    assert not (tmp_path / "part_web").exists()


def test_publish_damaged_cell_names_sheet_and_cell(book: Path, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """A cell whose XML no program could have written (a number that is none, as a broken
    copy or a hand edit leaves it): exit 2, the sheet and cell named, nothing written."""
    import zipfile

    damaged = tmp_path / "damaged.xlsx"
    with zipfile.ZipFile(book) as src, zipfile.ZipFile(damaged, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":  # 集計一覧
                data, n = re.subn(rb'<c r="K3"( s="\d+")?><v>\d+</v>', rb'<c r="K3"\1><v>20x</v>',
                                  data)
                assert n == 1
            dst.writestr(info, data)
    outdir = tmp_path / "web"
    assert main(["publish", str(damaged), "-o", str(outdir)]) == 2
    err = capsys.readouterr().err
    assert "damaged.xlsx を集計ブックとして開けません" in err
    assert "シート「集計一覧」のセル K3 を読めません" in err
    assert "Traceback" not in err
    assert not outdir.exists()
