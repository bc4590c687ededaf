"""index.html: the page the city publishes, in the layout of its own page (the seed).

One self-contained UTF-8 file (inline CSS, no script, no external resource), built as
text with every piece of data passed through :func:`html.escape`: nothing from a
submission or from the edited workbook is ever markup (spec §5.2). The structure is what
JIS X 8341-3 / WCAG 2.1 AA ask of a municipal page: ``lang``, a ``<title>``, headings in
order (h1 page, h2 実施区分, h3 project, h4 evaluation), a ``<caption>`` per table,
header cells as ``<th>`` with ``scope``, and ``headers``/``id`` for the two-level KPI
header; 判定 is a word, never a colour. The print style sheet gives A4 landscape pages,
never splits a table row and keeps a heading with its table.

The text between the tags is laid out so that the page's text, tags stripped and white
space collapsed, reads as the seed's does (``tests/test_publish_seed.py``).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from html import escape
from typing import Final

from kpi_workbook.domain.evaluation import H_COUNCIL, H_EXPERTS, H_RATING
from kpi_workbook.domain.fiscal_year import format_fiscal_year
from kpi_workbook.domain.labels import (
    ACTUAL,
    CAUSE,
    IMPROVEMENT,
    KPI_HEADER,
    POLICY,
    TABLE_START,
    TARGET,
)
from kpi_workbook.domain.model import Scope
from kpi_workbook.domain.sheet_names import circled
from kpi_workbook.domain.version import __version__
from kpi_workbook.publication.display import activity_items, format_rate, format_value
from kpi_workbook.publication.source import PubKpi, Publication, PubProject, ordered

DEFAULT_TITLE: Final = "地方創生推進交付金事業の効果検証"
RATE: Final = "達成率"
VERDICT: Final = "判定"
SECTION_HEADINGS: Final = {Scope.CITY: "単市で実施事業", Scope.REGIONAL: "広域で実施事業",
                           None: "実施区分が読めない事業"}
SECTION_MARK: Final = "●"

STYLE: Final = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 84rem; padding: 1rem 1.5rem 3rem; color: #1a1a1a;
  background: #ffffff; line-height: 1.7; font-size: 1rem;
  font-family: "Noto Sans JP", "Noto Sans CJK JP", "Hiragino Sans", "Yu Gothic UI",
    "Yu Gothic", Meiryo, sans-serif; }
h1 { font-size: 1.6rem; margin: .5rem 0 1rem; padding-bottom: .25rem;
  border-bottom: 3px solid #1d4f91; }
h2 { font-size: 1.35rem; margin: 2.5rem 0 1rem; }
h3 { font-size: 1.15rem; margin: 2rem 0 .5rem; padding-left: .5rem;
  border-left: 6px solid #1d4f91; }
h4 { font-size: 1rem; margin: 1rem 0 .25rem; }
p { margin: .25rem 0 .75rem; }
.lead, footer { color: #3d3d3d; }
.table-wrap { overflow-x: auto; margin: .5rem 0 1.25rem; }
.table-wrap:focus { outline: 3px solid #1d4f91; outline-offset: 2px; }
table { border-collapse: collapse; width: 100%; font-size: .95rem; }
caption { text-align: left; font-weight: bold; padding: .25rem 0; }
th, td { border: 1px solid #595959; padding: .35rem .5rem; vertical-align: top; }
thead th { background: #e8eef7; font-weight: bold; text-align: center;
  vertical-align: middle; }
thead th[scope="col"] { white-space: nowrap; }
tbody th { background: #f2f2f2; font-weight: bold; white-space: nowrap; }
td.value { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td.verdict { text-align: center; white-space: nowrap; }
ul.activities { list-style: none; margin: 0; padding: 0; }
.evaluation { margin: 0 0 1.5rem; padding: .5rem 1rem; border: 1px solid #595959; }
footer { margin-top: 3rem; font-size: .9rem; border-top: 1px solid #595959; }
@media print {
  @page { size: A4 landscape; margin: 12mm; }
  body { max-width: none; padding: 0; font-size: 10pt; }
  .table-wrap { overflow: visible; }
  table { font-size: 9pt; }
  thead { display: table-header-group; }
  tr, th, td, li { break-inside: avoid; page-break-inside: avoid; }
  h2, h3, h4, p.purpose, caption { break-after: avoid; page-break-after: avoid; }
  table, p.purpose, .evaluation { break-inside: avoid; page-break-inside: avoid; }
}
"""


def render_page(pub: Publication, *, title: str | None = None,
                with_attainment: bool = False) -> str:
    """The whole page as text (see the module docstring)."""
    heading = title or DEFAULT_TITLE
    out: list[str] = [
        "<!DOCTYPE html>",
        '<html lang="ja">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="kpi-workbook {escape(__version__)}">',
        f"<title>{escape(heading)}</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{escape(heading)}</h1>",
    ]
    if pub.report_year is not None:
        out.append(f'<p class="lead">対象年度: {escape(format_fiscal_year(pub.report_year))}'
                   "</p>")
    out += ["</header>", "<main>"]
    projects = ordered(pub.projects)
    position = 0
    for scope in (Scope.CITY, Scope.REGIONAL, None):
        members = [p for p in projects if p.scope is scope]
        if not members:
            continue  # spec §5.2: a section without projects is left out
        section_id = {Scope.CITY: "city", Scope.REGIONAL: "regional", None: "other"}[scope]
        out += [f'<section class="scope" aria-labelledby="{section_id}">',
                f'<h2 id="{section_id}"><span aria-hidden="true">{SECTION_MARK}</span>'
                f"{escape(SECTION_HEADINGS[scope])}</h2>"]
        for project in members:
            position += 1
            out += list(_project(project, f"p{position}", with_attainment))
        out.append("</section>")
    out += ["</main>", "<footer>",
            f"<p>このページは集計ブック「{escape(pub.path.name)}」から kpi-workbook "
            f"{escape(__version__)} で作成しました。</p>",
            "</footer>", "</body>", "</html>", ""]
    return "\n".join(out)


def project_heading(project: PubProject) -> str:
    """``① 小野田ガラスのブランド化推進事業(令和2年度～令和4年度)``, as the seed writes it."""
    number = circled(project.number)
    text = f"{number} {project.name}" if number else project.name
    return f"{text}({project.period.label()})" if project.period else text


def _project(p: PubProject, pid: str, with_attainment: bool) -> Iterator[str]:
    yield f'<section class="project" aria-labelledby="{pid}">'
    yield f'<h3 id="{pid}">{escape(project_heading(p))}</h3>'
    if p.purpose:
        yield f'<p class="purpose">{_lines(p.purpose)}</p>'
    yield from _table(p, pid, with_attainment)
    yield from _evaluation(p, pid)
    yield "</section>"


def _value_columns(with_attainment: bool) -> tuple[str, ...]:
    return (TARGET, ACTUAL, RATE, VERDICT) if with_attainment else (TARGET, ACTUAL)


def _table(p: PubProject, pid: str, with_attainment: bool) -> Iterator[str]:
    cols = _value_columns(with_attainment) if p.kpis else ()
    caption_id = f"{pid}-caption"
    caption = (f"{p.name}の事業概要と{KPI_HEADER}" if p.kpis else f"{p.name}の事業概要")
    outline, kpi_head = f"{pid}-outline", f"{pid}-kpi"
    yield (f'<div class="table-wrap" role="region" aria-labelledby="{caption_id}" '
           'tabindex="0">')
    yield "<table>"
    yield f'<caption id="{caption_id}">{escape(caption)}</caption>'
    yield '<colgroup span="2"></colgroup>'
    for _ in p.kpis:
        yield f'<colgroup span="{len(cols)}"></colgroup>'
    yield "<thead>"
    if p.kpis:
        yield (f'<tr><th id="{outline}" scope="colgroup" colspan="2" rowspan="3">'
               f"{TABLE_START}</th>")
        yield (f'<th id="{kpi_head}" scope="colgroup" colspan="{len(cols) * len(p.kpis)}">'
               f"{escape(KPI_HEADER)}</th></tr>")
        yield "<tr>"
        for k in p.kpis:
            name = k.name or f"指標{k.index}（指標名なし）"  # a header cell is never empty
            yield (f'<th id="{pid}-k{k.index}" scope="colgroup" colspan="{len(cols)}" '
                   f'headers="{kpi_head}">{escape(name)}</th>')
        yield "</tr>"
        yield "<tr>"
        for k in p.kpis:
            for c, label in enumerate(cols):
                yield (f'<th id="{pid}-k{k.index}-c{c}" scope="col" '
                       f'headers="{kpi_head} {pid}-k{k.index}">{label}</th>')
        yield "</tr>"
    else:
        yield f'<tr><th id="{outline}" scope="colgroup" colspan="2">{TABLE_START}</th></tr>'
    yield "</thead>"
    yield "<tbody>"
    for y, year in enumerate(p.years, start=1):
        row_head = f"{pid}-y{y}"
        yield "<tr>"
        yield (f'<th id="{row_head}" scope="row" headers="{outline}">'
               f"{escape(year.label)}</th>")
        yield f'<td headers="{outline} {row_head}">{_activities(year.activities)}</td>'
        for k in p.kpis:
            yield from _kpi_cells(k, year.key, f"{pid}-k{k.index}", row_head, kpi_head,
                                  with_attainment)
        yield "</tr>"
    yield "</tbody>"
    yield "</table>"
    yield "</div>"


def _kpi_cells(k: PubKpi, year: int | str, kid: str, row_head: str, kpi_head: str,
               with_attainment: bool) -> Iterator[str]:
    target, actual = k.values.get(year, (None, None))
    texts = [format_value(target, k.unit), format_value(actual, k.unit)]
    classes = ["value", "value"]
    if with_attainment:
        j = k.judgement(year)
        texts += [format_rate(j.rate) if j else "", j.verdict if j else ""]
        classes += ["value", "verdict"]
    for c, (text, cls) in enumerate(zip(texts, classes, strict=True)):
        yield (f'<td class="{cls}" headers="{row_head} {kpi_head} {kid} {kid}-c{c}">'
               f"{escape(text)}</td>")


def _activities(text: str) -> str:
    items = activity_items(text)
    if not items:
        return ""
    lis = "\n".join(f"<li>{escape(item)}</li>" for item in items)
    return f'<ul class="activities">\n{lis}\n</ul>'


def record_entries(p: PubProject) -> list[tuple[str, str]]:
    """What the page shows of a project's verification record, in the order the 2025
    grant's publication reads (issue 20): the department's 要因分析 and 改善方策, the
    experts' evaluation (with the vote counts as typed) and opinion, the council's
    opinion, and the final 今後の方針 with its 理由. A stage left empty is left out."""
    ev = p.evaluation
    rating = ev.rating
    if ev.votes:
        rating = f"{rating}（{ev.votes}）" if rating else ev.votes
    policy = ev.final_policy
    if ev.final_reason:
        policy = f"{policy}\n{ev.final_reason}" if policy else ev.final_reason
    pairs = ((CAUSE, p.cause), (IMPROVEMENT, p.improvement), (H_RATING, rating),
             (H_EXPERTS, ev.experts), (H_COUNCIL, ev.council), (POLICY, policy))
    return [(heading, text) for heading, text in pairs if text]


def _evaluation(p: PubProject, pid: str) -> Iterator[str]:
    entries = record_entries(p)
    if not entries:
        return
    yield f'<div class="evaluation" id="{pid}-evaluation">'
    for heading, text in entries:
        yield f"<h4>{escape(heading)}</h4>"
        yield f"<p>{_lines(text)}</p>"
    yield "</div>"


def _lines(text: str) -> str:
    """Text with its line breaks kept (``<br>``), every line escaped."""
    return "<br>\n".join(escape(line) for line in _split_lines(text))


def _split_lines(text: str) -> Sequence[str]:
    return [line.strip() for line in text.replace("\r\n", "\n").replace("\r", "\n")
            .split("\n") if line.strip()] or [""]
