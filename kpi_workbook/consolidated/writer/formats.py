"""Named cell formats of the consolidated workbook, each created once per workbook.

xlsxwriter turns every ``add_format`` into a style record, so formats are cached by what
they mean (a unit and its decimals, a highlight) rather than created per cell.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final, Literal

if TYPE_CHECKING:
    from xlsxwriter.format import Format
    from xlsxwriter.workbook import Workbook

FONT_NAME: Final = "游ゴシック"  # the Office default for Japanese since 2016
FONT_SIZE: Final = 10
DEFAULT_FORMAT: Final = {"font_name": FONT_NAME, "font_size": FONT_SIZE}

PERCENT_UNIT: Final = "%"
NEGATIVE_MARK: Final = "▲"  # Japanese reports write negatives as ▲339

# fills for the 達成率 bands and 判定 (light backgrounds that print in grey on mono printers)
GOOD_FILL: Final = "#C6EFCE"
FAIR_FILL: Final = "#FFEB9C"
POOR_FILL: Final = "#FFC7CE"
ERROR_CELL_FILL: Final = "#FF9999"  # a cell an error issue points at
ERROR_FILE_FILL: Final = "#FCE4D6"  # any value of a file that has errors
HEADER_FILL: Final = "#DDEBF7"
INPUT_FILL: Final = "#FFF2CC"  # light yellow: "type here", as in the template
REFERENCE_FILL: Final = "#EDEDED"  # light grey: shown for reference, locked

Mark = Literal["cell", "file"] | None


def number_format(unit: str | None, decimals: int = 0) -> str:
    """The number format of a KPI value: ``#,##0"人";"▲"#,##0"人"``, ``0.0%;"▲"0.0%``.

    A % KPI holds fractions (0.054 shows as 5.4%); every other unit is shown after the
    number. Negatives read ▲339人, as in the city's own reports.
    """
    if unit == PERCENT_UNIT:
        body = "0." + "0" * max(decimals, 1) + "%"
        return f'{body};"{NEGATIVE_MARK}"{body}'
    body = "#,##0" + ("." + "0" * decimals if decimals else "")
    suffix = f'"{unit.replace(chr(34), "")}"' if unit else ""
    return f'{body}{suffix};"{NEGATIVE_MARK}"{body}{suffix}'


def decimals_needed(numbers: list[float], unit: str | None, limit: int = 3) -> int:
    """How many decimals show every number exactly (up to ``limit``): 5.4% needs 1."""
    scale = 100 if unit == PERCENT_UNIT else 1
    need = 0
    for n in numbers:
        for d in range(limit + 1):
            if abs(round(n * scale, d) - n * scale) < 1e-9:
                need = max(need, d)
                break
        else:
            need = limit
    return need


class Formats:
    """The workbook's formats; ``number()`` and friends cache by meaning."""

    def __init__(self, wb: Workbook) -> None:
        self._wb = wb
        self._cache: dict[tuple[object, ...], Format] = {}
        base = {"font_name": FONT_NAME, "font_size": FONT_SIZE, "valign": "vcenter"}
        self._base = base
        boxed = {**base, "border": 1}
        self.text = self._add(boxed)
        self.wrap = self._add({**boxed, "text_wrap": True, "valign": "top"})
        self.center = self._add({**boxed, "align": "center"})
        self.header = self._add({**boxed, "bold": True, "bg_color": HEADER_FILL,
                                 "align": "center", "text_wrap": True})
        self.title = self._add({**base, "bold": True, "font_size": 14})
        self.title_center = self._add({**base, "bold": True, "font_size": 14,
                                       "align": "center"})
        self.centered = self._add({**base, "align": "center"})
        self.middle = self._add({**boxed, "text_wrap": True})  # wrapped, vertically centred
        self.subtitle = self._add({**base, "bold": True, "font_size": 11})
        self.paragraph = self._add({**base, "text_wrap": True, "valign": "top"})
        self.plain = self._add(base)
        self.integer = self._add({**boxed, "num_format": "0"})
        self.fiscal_year = self._add({**boxed, "num_format": '0"年度"', "align": "center"})
        self.percent = self._add({**boxed, "num_format": "0.0%"})
        self.count = self._add({**boxed, "num_format": "#,##0"})
        self.yen = self._add({**boxed, "num_format": number_format("円")})
        self.datetime = self._add({**boxed, "num_format": "yyyy-mm-dd hh:mm:ss"})
        self.link = self._add({**boxed, "font_color": "blue", "underline": 1,
                               "text_wrap": True, "valign": "top"})
        # 外部評価: the cells the planning division types in, on a protected sheet. Text
        # format ("@"): what a clerk types there (「-特になし」, 「=…」) stays text in Excel
        # instead of becoming a formula or #NAME?.
        self.input_text = self._add({**boxed, "text_wrap": True, "valign": "top",
                                     "bg_color": INPUT_FILL, "locked": False,
                                     "num_format": 49})  # built-in 49 = "@"
        self.reference_text = self._add({**boxed, "text_wrap": True, "valign": "top",
                                         "bg_color": REFERENCE_FILL})
        # conditional-format (dxf) formats: only fill and font apply
        self.band_good = self._add({"bg_color": GOOD_FILL})
        self.band_fair = self._add({"bg_color": FAIR_FILL})
        self.band_poor = self._add({"bg_color": POOR_FILL})
        self.verdict_ok = self._add({"font_color": "#006100", "bold": True})
        self.verdict_ng = self._add({"font_color": "#9C0006", "bold": True})
        self.severity_error = self._add({"bg_color": POOR_FILL})
        self.severity_warning = self._add({"bg_color": FAIR_FILL})

    def number(self, unit: str | None, decimals: int = 0, mark: Mark = None) -> Format:
        """A boxed number format with the unit, optionally highlighted as erroneous."""
        key = ("number", unit, decimals, mark)
        if key not in self._cache:
            props: dict[str, object] = {**self._base, "border": 1,
                                        "num_format": number_format(unit, decimals)}
            props.update(_mark_props(mark))
            self._cache[key] = self._add(props)
        return self._cache[key]

    def marked_text(self, mark: Mark) -> Format:
        """Boxed text, highlighted like ``number()`` (a dash or an unreadable entry)."""
        if mark is None:
            return self.text
        key = ("text", mark)
        if key not in self._cache:
            self._cache[key] = self._add({**self._base, "border": 1, **_mark_props(mark)})
        return self._cache[key]

    def _add(self, props: dict[str, object]) -> Format:
        return self._wb.add_format(props)


def _mark_props(mark: Mark) -> dict[str, object]:
    if mark == "cell":
        return {"bg_color": ERROR_CELL_FILL, "bold": True}
    if mark == "file":
        return {"bg_color": ERROR_FILE_FILL}
    return {}
