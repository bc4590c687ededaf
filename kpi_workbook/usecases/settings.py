"""The settings file (TOML or JSON) shared by ``merge --settings`` and the window.

It holds what a planning division decides once a year: the 達成率 colour bands and the
optional 評価 grade. Anything else in the file is ignored, so one file serves both front
ends (and their future keys).

    [bands]
    good = 1.0
    fair = 0.8

    [grade]
    scheme = "letters"        # "letters" | "symbols" | "none"
    thresholds = [1.0, 0.8, 0.5]
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from kpi_workbook.domain.attainment import Bands, GradeScheme, Grading


@dataclass(frozen=True, slots=True)
class Settings:
    """The bands and grading of a settings file (defaults for what it does not say)."""

    bands: Bands = field(default_factory=Bands)
    grading: Grading = field(default_factory=Grading)


def load_settings(path: Path) -> Settings:
    """Read a settings file: TOML by default, JSON for ``.json``.

    Raises:
        OSError: the file cannot be read.
        ValueError: it cannot be parsed or holds impossible thresholds.
    """
    data = read_settings(path)
    try:
        return _settings_from(data)
    except TypeError as exc:  # good = [1], scheme = 3 …: a wrong type is a bad file too
        raise ValueError(str(exc)) from exc


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
    return settings
