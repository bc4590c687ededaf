"""Typed access to what the window remembers between runs (QSettings: the registry on Windows)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from kpi_workbook.messages import Lang

ORGANIZATION = "kpi-workbook"
APPLICATION = "kpi-workbook-gui"


class Settings:
    """Last folders, report fiscal year, strict mode, attainment bands, language."""

    def __init__(self, qsettings: QSettings | None = None) -> None:
        self._s = qsettings if qsettings is not None else QSettings(ORGANIZATION, APPLICATION)

    def _str(self, key: str, default: str = "") -> str:
        value = self._s.value(key, default)
        return str(value) if value is not None else default

    # QSettings' INI backend returns strings for everything: convert explicitly
    def _int(self, key: str, default: int) -> int:
        try:
            return int(self._s.value(key, default))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return default

    def _float(self, key: str, default: float) -> float:
        try:
            return float(self._s.value(key, default))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return default

    def _bool(self, key: str, default: bool) -> bool:
        value = self._s.value(key, default)
        if isinstance(value, str):
            return value.lower() in ("1", "true", "yes")
        return bool(value)

    @property
    def input_dir(self) -> Path | None:
        """The folder the last submissions were added from."""
        text = self._str("folders/input")
        return Path(text) if text else None

    @input_dir.setter
    def input_dir(self, path: Path) -> None:
        self._s.setValue("folders/input", str(path))

    @property
    def output_dir(self) -> Path | None:
        """The folder of the last consolidated workbook."""
        text = self._str("folders/output")
        return Path(text) if text else None

    @output_dir.setter
    def output_dir(self, path: Path) -> None:
        self._s.setValue("folders/output", str(path))

    @property
    def report_year(self) -> int | None:
        """The fiscal year being reported on; None lets the library decide (today's date)."""
        year = self._int("check/report_year", 0)
        return year or None

    @report_year.setter
    def report_year(self, year: int | None) -> None:
        self._s.setValue("check/report_year", int(year or 0))

    @property
    def strict(self) -> bool:
        """Do not write the consolidated workbook when any input has an error."""
        return self._bool("merge/strict", False)

    @strict.setter
    def strict(self, value: bool) -> None:
        self._s.setValue("merge/strict", bool(value))

    @property
    def bands(self) -> tuple[float, float]:
        """達成率 thresholds (good, fair) as fractions; spec §2 default 100 % and 80 %."""
        good = self._float("merge/band_good", 1.0)
        fair = self._float("merge/band_fair", 0.8)
        return (good, fair) if fair <= good else (1.0, 0.8)

    @bands.setter
    def bands(self, value: tuple[float, float]) -> None:
        self._s.setValue("merge/band_good", float(value[0]))
        self._s.setValue("merge/band_fair", float(value[1]))

    @property
    def lang(self) -> Lang:
        return "en" if self._str("ui/lang", "ja") == "en" else "ja"

    @lang.setter
    def lang(self, lang: Lang) -> None:
        self._s.setValue("ui/lang", lang)

    @property
    def geometry(self) -> bytes | None:
        value = self._s.value("ui/geometry")
        return bytes(value) if value is not None else None  # type: ignore[call-overload]

    @geometry.setter
    def geometry(self, value: bytes) -> None:
        self._s.setValue("ui/geometry", value)

    def sync(self) -> None:
        self._s.sync()
