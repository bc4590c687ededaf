"""Typed access to what the window remembers between runs (QSettings: the registry on Windows)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QSplitter

from kpi_workbook.domain.messages import Lang

ORGANIZATION = "kpi-workbook"
APPLICATION = "kpi-workbook-gui"


class Settings:
    """Last folders, report fiscal year, strict mode, attainment bands, roster and previous
    workbook, language."""

    def __init__(self, qsettings: QSettings | None = None) -> None:
        self._s = qsettings if qsettings is not None else QSettings(ORGANIZATION, APPLICATION)

    def _str(self, key: str, default: str = "") -> str:
        value = self._s.value(key, default)
        return str(value) if value is not None else default

    # QSettings' INI backend returns strings for everything: convert explicitly
    def _int(self, key: str, default: int) -> int:
        try:
            return int(str(self._s.value(key, default)))
        except (TypeError, ValueError):
            return default

    def _float(self, key: str, default: float) -> float:
        try:
            return float(str(self._s.value(key, default)))
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

    def _path(self, key: str) -> Path | None:
        text = self._str(key)
        return Path(text) if text else None

    def _set_path(self, key: str, path: Path | None) -> None:
        if path is None:
            self._s.remove(key)
        else:
            self._s.setValue(key, str(path))

    @property
    def return_dir(self) -> Path | None:
        """The folder the last return copies (差し戻しファイル) went to."""
        return self._path("folders/return")

    @return_dir.setter
    def return_dir(self, path: Path | None) -> None:
        self._set_path("folders/return", path)

    @property
    def next_year_dir(self) -> Path | None:
        """The folder the last pre-filled workbooks for next year went to."""
        return self._path("folders/next_year")

    @next_year_dir.setter
    def next_year_dir(self, path: Path | None) -> None:
        self._set_path("folders/next_year", path)

    @property
    def publish_dir(self) -> Path | None:
        """The folder the last 公表用ページ (index.html, kpi.csv) went to."""
        return self._path("folders/publish")

    @publish_dir.setter
    def publish_dir(self, path: Path | None) -> None:
        self._set_path("folders/publish", path)

    @property
    def publish_attainment(self) -> bool:
        """The published page shows 達成率 and 判定 (``publish --with-attainment``)."""
        return self._bool("publish/with_attainment", False)

    @publish_attainment.setter
    def publish_attainment(self, value: bool) -> None:
        self._s.setValue("publish/with_attainment", bool(value))

    @property
    def report_separate(self) -> bool:
        """国への報告 is written as a workbook of its own beside the consolidated workbook
        (``merge --report-form``), not as its sheet."""
        return self._bool("merge/report_separate", False)

    @report_separate.setter
    def report_separate(self, value: bool) -> None:
        self._s.setValue("merge/report_separate", bool(value))

    @property
    def roster(self) -> Path | None:
        """The roster (提出予定の名簿) checked against loaded files and given to merge."""
        return self._path("merge/roster")

    @roster.setter
    def roster(self, path: Path | None) -> None:
        self._set_path("merge/roster", path)

    @property
    def previous(self) -> Path | None:
        """Last year's consolidated workbook, compared with at merge (前回との差異)."""
        return self._path("merge/previous")

    @previous.setter
    def previous(self, path: Path | None) -> None:
        self._set_path("merge/previous", path)

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
    def settings_file(self) -> Path | None:
        """The TOML/JSON settings file of ``merge --settings`` ([bands], [grade]), shared
        with the command line; None: the bands of this dialog, no 評価 column."""
        return self._path("merge/settings_file")

    @settings_file.setter
    def settings_file(self, path: Path | None) -> None:
        self._set_path("merge/settings_file", path)

    @property
    def grade(self) -> str:
        """The 評価 column as ``merge --grade``: "none", "letters", "symbols", or "" for
        what the settings file says (none without one)."""
        value = self._str("merge/grade")
        return value if value in ("none", "letters", "symbols") else ""

    @grade.setter
    def grade(self, value: str) -> None:
        self._s.setValue("merge/grade", value)

    @property
    def profile(self) -> str:
        """The form the workbooks are in, as ``--profile``: a built-in profile's name,
        ``auto``, ``file`` (the profile file below), or "" for the official layout."""
        return self._str("read/profile")

    @profile.setter
    def profile(self, value: str) -> None:
        self._s.setValue("read/profile", value)

    @property
    def profile_file(self) -> Path | None:
        """A profile file of the user's own (``--profile FILE``)."""
        return self._path("read/profile_file")

    @profile_file.setter
    def profile_file(self, path: Path | None) -> None:
        self._set_path("read/profile_file", path)

    def profile_choice(self) -> str | None:
        """What the use cases are given (``CheckOptions.profile``); None: the official
        layout (also for 様式ファイル with no file chosen)."""
        if self.profile == "file":
            return str(self.profile_file) if self.profile_file is not None else None
        return self.profile or None

    @property
    def lang(self) -> Lang:
        return "en" if self._str("ui/lang", "ja") == "en" else "ja"

    @lang.setter
    def lang(self, lang: Lang) -> None:
        self._s.setValue("ui/lang", lang)

    @property
    def geometry(self) -> bytes | None:
        value = self._s.value("ui/geometry")
        if value is None:
            return None
        return bytes(value.data()) if isinstance(value, QByteArray) else bytes(value)

    @geometry.setter
    def geometry(self, value: bytes) -> None:
        self._s.setValue("ui/geometry", value)

    def restore_splitters(self, *splitters: QSplitter) -> bool:
        """Put the dividers where the clerk left them; False when none was saved (or the
        saved state does not fit these splitters)."""
        states = []
        for i in range(len(splitters)):
            value = self._s.value(f"ui/splitter_{i}")
            state = QByteArray(value) if isinstance(value, bytes) else value
            if not isinstance(state, QByteArray) or state.isEmpty():
                return False
            states.append(state)
        return all([s.restoreState(state) for s, state in zip(splitters, states, strict=True)])

    def save_splitters(self, *splitters: QSplitter) -> None:
        for i, splitter in enumerate(splitters):
            self._s.setValue(f"ui/splitter_{i}", splitter.saveState())

    def sync(self) -> None:
        self._s.sync()
