"""国への報告: the State's 事業実施結果報告 (様式2), filled from what the city already has.

Every city reports its grant projects' results to the State in one national form: one
block per project (交付対象事業の名称, 交付金の種類, 実績額) with a line per KPI beneath it,
指標① to 指標⑤ (指標, 指標値, 単位, 目標年月, 実績値), and the verdicts (事業効果, the
outside experts' 事業の評価 and 意見, 今後の方針 and its 理由). Clerks used to retype the
consolidated workbook into it; merge now writes it (``consolidated/writer/national.py``).

What goes in each cell, decided here so that every writer of the form says the same:

- the KPI line reports the last year of the period that has a target (the project's
  goal): its 目標値 as 指標値, the end of that fiscal year as 目標年月 (``R5.3``), and that
  year's 実績値, empty while the year is still to come. A KPI whose targets are all
  dashes reports its last year as typed;
- values are numbers with the unit in its own column; a % KPI, held as a fraction
  (0.054), is written in points (5.4) beside 「%」, as the form writes it;
- 事業効果 is the department's, and 事業の評価 the experts' rating, as the canonical choice
  the State counts (``choices.py``; a text outside the list as typed); 外部有識者からの意見
  is the experts' opinion; 今後の方針 and its 理由 are the final stage's once it is typed
  (``evaluation.py``), the department's until then;
- the header block (都道府県名, 市町村名, 団体コード, 担当部局課名) comes from the settings
  file (:class:`Reporter`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Final

from kpi_workbook.domain.choices import EFFECT, POLICY, RATING, ChoiceList
from kpi_workbook.domain.evaluation import Evaluation
from kpi_workbook.domain.fiscal_year import target_month
from kpi_workbook.domain.issue_parts import Phrase
from kpi_workbook.domain.labels import NATIONAL_REPORT_SHEET, project_key
from kpi_workbook.domain.model import Kpi, Project, Value, YearRow
from kpi_workbook.domain.sheet_names import circled

SHEET_NAME: Final = NATIONAL_REPORT_SHEET
FORM_NUMBER: Final = "様式2"
TITLE: Final = "事業実施結果報告"
SUBTITLE: Final = "（各交付対象事業の重要業績評価指標(KPI)の実績値等）"
#: KPI lines per project block: the form has five, labelled 指標① … 指標⑤.
KPI_LINES: Final = 5
PERCENT_UNIT: Final = "%"

H_NO: Final = "No"
H_NAME: Final = "交付対象事業の名称"
H_GRANT_KIND: Final = "交付金の種類"
H_ACTUAL_COST: Final = "実績額(単位:円)"
H_KPI: Final = "指標"
H_TARGET: Final = "指標値"
H_UNIT: Final = "単位"
H_MONTH: Final = "目標年月"
H_ACTUAL: Final = "実績値"
H_EFFECT: Final = "事業効果"
H_RATING: Final = "事業の評価"
H_EXPERTS: Final = "外部有識者からの意見"
H_POLICY: Final = "今後の方針"
H_POLICY_REASON: Final = "今後の方針の理由"

#: The form's group headers ① … ⑦ over its leaf columns, in order (No stands alone).
GROUPS: Final = (
    (H_NO, (H_NO,)),
    ("① 交付対象事業の名称", (H_NAME,)),
    ("② 交付金の種類", (H_GRANT_KIND,)),
    ("③ 実績額", (H_ACTUAL_COST,)),
    ("④ 本事業における重要業績評価指標(KPI)", (H_KPI, H_TARGET, H_UNIT, H_MONTH)),
    ("⑤ 本事業終了後における実績値", (H_ACTUAL, H_EFFECT)),
    ("⑥ 外部有識者からの評価", (H_RATING, H_EXPERTS)),
    ("⑦ 実績値を踏まえた事業の今後について", (H_POLICY, H_POLICY_REASON)),
)
GROUP_HEADERS: Final = tuple(group for group, _ in GROUPS)
LEAF_HEADERS: Final = tuple(leaf for _, leaves in GROUPS for leaf in leaves)

#: The header block's labels, in the form's order.
H_PREFECTURE: Final = "都道府県名"
H_MUNICIPALITY: Final = "市町村名"
H_CODE: Final = "団体コード"
H_SECTION: Final = "担当部局課名"

_CHECK_WEIGHTS: Final = (6, 5, 4, 3, 2)


@dataclass(frozen=True, slots=True)
class Reporter:
    """Who reports: the form's header block (``[report]`` of the settings file)."""

    prefecture: str = ""
    municipality: str = ""
    code: str = ""
    """団体コード as given: 5 digits, or 6 with the check digit (全国地方公共団体コード)."""
    section: str = ""
    """担当部局課名."""
    grant: str = ""
    """The grant's name for the title (「地方創生推進交付金に係る事業実施結果報告」)."""

    def title(self) -> str:
        return f"{self.grant}に係る{TITLE}" if self.grant else TITLE

    def header_block(self) -> tuple[tuple[str, str], ...]:
        return ((H_PREFECTURE, self.prefecture), (H_MUNICIPALITY, self.municipality),
                (H_CODE, self.code), (H_SECTION, self.section))


def check_digit(code5: str) -> str:
    """The sixth digit of a 全国地方公共団体コード (JIS X 0401/0402): 11 less the weighted sum
    (6, 5, 4, 3, 2) modulo 11, its last digit (山陽小野田市 35216 → 1)."""
    total = sum(int(d) * w for d, w in zip(code5, _CHECK_WEIGHTS, strict=True))
    return str((11 - total % 11) % 10)


def code_problem(code: str) -> Phrase | None:
    """What is wrong with a 団体コード, in words; None when it is one (5 digits, or 6 whose
    last is the check digit of the first five)."""
    if not (code.isascii() and code.isdigit() and len(code) in (5, 6)):
        return Phrase('5 桁の数字か、検査数字を付けた 6 桁の数字を "" で囲んで書いてください'
                      '（例: code = "352161"）',
                      'write 5 digits, or 6 with the check digit, in quotes '
                      '(e.g. code = "352161")')
    if len(code) == 6 and code[5] != check_digit(code[:5]):
        right = code[:5] + check_digit(code[:5])
        return Phrase(f"6 桁目の検査数字が合いません。{code[:5]} なら {right} です",
                      f"its check digit (the 6th) is wrong: {code[:5]} gives {right}")
    return None


@dataclass(frozen=True, slots=True)
class KpiLine:
    """One KPI line of a block: 指標① … 指標⑤ (an empty line where the project has fewer)."""

    label: str
    kpi: Kpi | None = None
    year: YearRow | None = None
    """The year reported (:func:`reported_year`); None: nothing to report."""

    @property
    def target(self) -> Value | None:
        return self._value(target=True)

    @property
    def actual(self) -> Value | None:
        return self._value(target=False)

    @property
    def month(self) -> str:
        """目標年月: ``R5.3``, the end of the reported fiscal year."""
        if self.year is None or self.year.fiscal_year is None:
            return ""
        return target_month(self.year.fiscal_year)

    @property
    def percent(self) -> bool:
        """A % KPI: its fractions are written in points."""
        return self.kpi is not None and self.kpi.unit == PERCENT_UNIT

    def _value(self, *, target: bool) -> Value | None:
        if self.kpi is None or self.year is None:
            return None
        k = self.kpi.index - 1
        if k >= len(self.year.observations):
            return None
        obs = self.year.observations[k]
        return obs.target if target else obs.actual


@dataclass(frozen=True, slots=True)
class ReportBlock:
    """One project's block of the form."""

    no: int
    """The form's No: the project's place in the report, 1, 2, 3 …"""
    project: Project
    lines: tuple[KpiLine, ...]
    effect: str
    rating: str
    experts: str
    policy: str
    policy_reason: str


def reported_year(project: Project, kpi: Kpi) -> YearRow | None:
    """The year a KPI line reports: the last of the period with a number as target (the
    project's goal); without one, the last year as typed; None without a readable year."""
    years = sorted((y for y in project.years if y.fiscal_year is not None),
                   key=lambda y: y.fiscal_year or 0)
    k = kpi.index - 1
    with_target = [y for y in years
                   if k < len(y.observations) and y.observations[k].target.is_number]
    if with_target:
        return with_target[-1]
    return years[-1] if years else None


def in_points(number: float) -> float:
    """A % KPI's fraction in points (0.054 → 5.4), without the float's binary tail."""
    return round(number * 100, 10)


def _canonical_or_typed(choices: ChoiceList, text: str | None) -> str:
    return choices.canonical(text) or (text or "").strip()


def report_block(no: int, project: Project, typed: Evaluation | None = None) -> ReportBlock:
    """The block of ``project`` at place ``no``, with what was typed into its 外部評価."""
    record = typed or Evaluation()
    by_index = {kpi.index: kpi for kpi in project.kpis}
    count = max(KPI_LINES, max(by_index, default=0))
    lines = []
    for i in range(1, count + 1):
        kpi = by_index.get(i)
        year = reported_year(project, kpi) if kpi is not None else None
        lines.append(KpiLine(f"{H_KPI}{circled(i)}", kpi, year))
    final_stage = bool(record.final_policy.strip() or record.final_reason.strip())
    return ReportBlock(
        no=no, project=project, lines=tuple(lines),
        effect=_canonical_or_typed(EFFECT, project.effect),
        rating=_canonical_or_typed(RATING, record.rating),
        experts=record.experts,
        policy=_canonical_or_typed(POLICY, record.final_policy or project.policy),
        policy_reason=(record.final_reason if final_stage
                       else project.policy_reason or ""))


def report_blocks(projects: Iterable[Project],
                  typed: Mapping[str, Evaluation] | None = None) -> list[ReportBlock]:
    """The form's blocks for ``projects`` in report order (単市 then 広域, by 事業番号: the
    caller's order), each with its typed record found by project key."""
    typed = typed or {}
    return [report_block(n, p, typed.get(project_key(p.number, p.name)))
            for n, p in enumerate(projects, start=1)]
