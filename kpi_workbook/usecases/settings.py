"""The settings file (TOML or JSON) shared by ``merge --settings`` and the window.

It holds what a planning division decides once a year: the 達成率 colour bands, the
optional 評価 grade, and who reports to the State (the header block of 国への報告,
``domain/national_report.py``). Other tables are ignored, so one file serves both front
ends (and their future keys); within ``[report]`` every key is checked, so a misspelt one
is named instead of leaving a header cell silently empty.

    [bands]
    good = 1.0
    fair = 0.8

    [grade]
    scheme = "letters"        # "letters" | "symbols" | "none"
    thresholds = [1.0, 0.8, 0.5]

    [report]                  # 国への報告の見出し (all optional)
    prefecture = "山口県"      # 都道府県名
    municipality = "山陽小野田市"  # 市町村名
    code = "352161"           # 団体コード: 5 digits, or 6 with the check digit
    section = "総合政策部企画課"  # 担当部局課名
    grant = "地方創生推進交付金"  # the grant named in the title
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from kpi_workbook.domain.attainment import Bands, GradeScheme, Grading
from kpi_workbook.domain.errors import KpiWorkbookError, os_detail, os_reason
from kpi_workbook.domain.issues import Issue, Location, Phrase
from kpi_workbook.domain.national_report import Reporter, code_problem

REPORT_TABLE = "report"
#: The keys of ``[report]``: the Reporter's fields, each a text.
REPORT_KEYS = ("prefecture", "municipality", "code", "section", "grant")


@dataclass(frozen=True, slots=True)
class Settings:
    """The bands, grading and reporter of a settings file (defaults for what it does not
    say)."""

    bands: Bands = field(default_factory=Bands)
    grading: Grading = field(default_factory=Grading)
    reporter: Reporter = field(default_factory=Reporter)
    """The header block of 国への報告 (``[report]``)."""


class _Invalid(ValueError):
    """A value of the file that is not valid, with the reason in words."""

    def __init__(self, reason: Phrase) -> None:
        super().__init__(reason.en)
        self.reason = reason


def load_settings(path: Path) -> Settings:
    """Read a settings file: TOML by default, JSON for ``.json``.

    Raises:
        KpiWorkbookError: ``settings-unreadable``, the reason in words (the file cannot
            be read, is not UTF-8, its TOML/JSON is broken, a value is impossible); the
            OS's or parser's own text is the issue's detail, never the message. The CLI and
            the window show ``issue.message()``.
    """
    try:
        data = read_settings(path)
    except OSError as exc:
        raise _unreadable(path, os_reason(exc), os_detail(exc)) from exc
    except UnicodeDecodeError as exc:
        raise _unreadable(path, Phrase("UTF-8 のテキストではありません",
                                       "it is not UTF-8 text"), str(exc)) from exc
    except ValueError as exc:  # JSONDecodeError, TOMLDecodeError, not a table
        line = getattr(exc, "lineno", None)
        where = (Phrase(f"（{line} 行目）", f" (line {line})") if isinstance(line, int)
                 else Phrase("", ""))
        raise _unreadable(path, Phrase(f"TOML/JSON の書き方が正しくありません{where.ja}",
                                       f"its TOML/JSON text has a mistake{where.en}"),
                          str(exc)) from exc
    try:
        return _settings_from(data)
    except _Invalid as exc:  # [report]: the reason names the key
        raise _unreadable(path, exc.reason, str(exc)) from exc
    except (TypeError, ValueError) as exc:  # good = [1], scheme = 3 …: a bad file too
        raise _unreadable(path, Phrase("値の書き方が正しくありません（数値・評価の種類・"
                                       "しきい値 3 つを大きい順）",
                                       "a value is not valid (numbers; the grade scheme; "
                                       "three thresholds, best first)"),
                          str(exc)) from exc


def _unreadable(path: Path, reason: Phrase, detail: str) -> KpiWorkbookError:
    return KpiWorkbookError(Issue("settings-unreadable", Location(Path(path)),
                                  {"reason": reason}, detail=detail[:300]))


def read_settings(path: Path) -> Mapping[str, object]:
    """A settings file as a mapping: TOML by default, JSON for ``.json``."""
    text = Path(path).read_text(encoding="utf-8")
    try:
        data = json.loads(text) if Path(path).suffix.lower() == ".json" else _load_toml(text)
    except ValueError as exc:  # JSONDecodeError and TOMLDecodeError are ValueErrors
        raise ValueError(f"{path}: {exc}") from exc
    if not isinstance(data, dict):
        raise ValueError(f"{path}: the settings must be a table/object")
    return data


def _load_toml(text: str) -> object:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    return tomllib.loads(text)


def _settings_from(data: Mapping[str, object]) -> Settings:
    settings = Settings()
    bands = data.get("bands")
    if isinstance(bands, Mapping):
        default = Bands()
        settings = Settings(Bands(good=float(bands.get("good", default.good)),
                                  fair=float(bands.get("fair", default.fair))),
                            settings.grading)
    grade = data.get("grade")
    if isinstance(grade, Mapping):
        scheme = GradeScheme(str(grade.get("scheme", GradeScheme.NONE.value)))
        thresholds = grade.get("thresholds", Grading().thresholds)
        if not isinstance(thresholds, (list, tuple)) or len(thresholds) != 3:
            raise ValueError("grade.thresholds must be three numbers, best first")
        a, b, c = (float(x) for x in thresholds)
        settings = Settings(settings.bands, Grading(scheme, (a, b, c)))
    if REPORT_TABLE in data:
        settings = Settings(settings.bands, settings.grading,
                            _reporter_from(data[REPORT_TABLE]))
    return settings


def _reporter_from(table: object) -> Reporter:
    """``[report]``: texts under known keys; a 団体コード of 5 digits or 6 with the check
    digit (a TOML number is taken as its digits: ``code = 352161``)."""
    if not isinstance(table, Mapping):
        raise _Invalid(Phrase("[report] は見出し [report] の下に「項目 = \"文字\"」の形で"
                              "書いてください",
                              "write [report] as a table: key = \"text\" lines under "
                              "the heading [report]"))
    values: dict[str, str] = {}
    for key, value in table.items():
        if key not in REPORT_KEYS:
            raise _Invalid(Phrase(
                f"[report] の「{key}」は設定の項目にありません（使える項目: "
                f"{', '.join(REPORT_KEYS)}）",
                f"[report] has no key '{key}' (the keys: {', '.join(REPORT_KEYS)})"))
        if (key == "code" and isinstance(value, int) and not isinstance(value, bool)
                and len(str(value)) == 6):
            value = str(value)  # a number of 6 digits lost no leading zero (5 may have)
        if not isinstance(value, str):
            raise _Invalid(Phrase(
                f"[report] の {key} は文字として \"\" で囲んで書いてください"
                f"（例: {key} = \"{_EXAMPLES[key]}\"）",
                f"write [report] {key} as text in quotes "
                f"(e.g. {key} = \"{_EXAMPLES[key]}\")"))
        values[key] = value.strip()
    code = values.get("code", "")
    problem = code_problem(code) if code else None
    if problem is not None:
        raise _Invalid(Phrase(f"[report] の code「{code}」を団体コードとして読めません。"
                              f"{problem.ja}",
                              f"[report] code '{code}' is not a local government code: "
                              f"{problem.en}"))
    return Reporter(**values)


_EXAMPLES = {"prefecture": "山口県", "municipality": "山陽小野田市", "code": "352161",
             "section": "総合政策部企画課", "grant": "地方創生推進交付金"}
