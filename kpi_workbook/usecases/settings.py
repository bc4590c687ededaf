"""The settings file (TOML or JSON) shared by ``merge --settings`` and the window.

It holds what a planning division decides once a year: the 達成率 colour bands, the
optional 評価 grade and the 進捗率 line of the 事業効果(案). Anything else in the file is
ignored, so one file serves both front ends (and their future keys).

    [bands]
    good = 1.0
    fair = 0.8

    [grade]
    scheme = "letters"        # "letters" | "symbols" | "none"
    thresholds = [1.0, 0.8, 0.5]

    [effect]
    line = 0.7                # 進捗率 from which 「相当程度効果があった」 is proposed
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from kpi_workbook.domain.attainment import Bands, GradeScheme, Grading
from kpi_workbook.domain.effect import DEFAULT_EFFECT_LINE
from kpi_workbook.domain.errors import KpiWorkbookError, os_detail, os_reason
from kpi_workbook.domain.issues import Issue, Location, Phrase


@dataclass(frozen=True, slots=True)
class Settings:
    """The bands and grading of a settings file (defaults for what it does not say)."""

    bands: Bands = field(default_factory=Bands)
    grading: Grading = field(default_factory=Grading)
    effect_line: float = DEFAULT_EFFECT_LINE
    """進捗率 from which a KPI not met still makes 「相当程度効果があった」 (0 < line ≤ 1)."""

    def __post_init__(self) -> None:
        if not 0 < self.effect_line <= 1:
            raise ValueError(f"effect.line must be above 0 and at most 1: {self.effect_line}")


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
    except (TypeError, ValueError) as exc:  # good = [1], scheme = 3 …: a bad file too
        raise _unreadable(path, Phrase("値の書き方が正しくありません（数値・評価の種類・"
                                       "しきい値 3 つを大きい順・事業効果の線は 0 より大きく"
                                       "1 以下）",
                                       "a value is not valid (numbers; the grade scheme; "
                                       "three thresholds, best first; the effect line above 0 "
                                       "and at most 1)"),
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
    effect = data.get("effect")
    if isinstance(effect, Mapping):
        line = effect.get("line", DEFAULT_EFFECT_LINE)
        if isinstance(line, bool) or not isinstance(line, (int, float)):
            raise TypeError("effect.line must be a number")
        settings = Settings(settings.bands, settings.grading, float(line))
    return settings
