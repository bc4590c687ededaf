"""Generate N synthetic KPI submissions in the official layout, fast and deterministically.

Why this shape: building thousands of workbooks with openpyxl would take longer than the
benchmark itself, and the reader only cares about the layout by labels. So each layout
*variant* is built once with the project's own template code (``template.py``: merged
cells, formats, lists, the hidden 様式バージョン), its inline strings are moved to a shared
string table as Excel stores them, and every submission is then that package with a few
cells rewritten: project numbers, names, department, and every 目標値/実績値 (numbers,
text with units such as ``12,672人``, dashes, blanks and errors such as ``集計中``).

Usage::

    python -m benchmarks.generate OUT_DIR -n 500 [--seed 7]
"""

from __future__ import annotations

import argparse
import html
import io
import json
import random
import re
import tempfile
import time
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final
from xml.sax.saxutils import escape

from openpyxl import Workbook

from kpi_workbook.departments.template import (
    GUIDE_SHEET_TITLE,
    build_guide_sheet,
    build_project_sheet,
    fill_project_sheet,
    layout_for,
    save_workbook,
    stamp_workbook,
)

ROOT: Final = Path(__file__).resolve().parent.parent
SEED_JSON: Final = ROOT / "examples" / "seed_projects.json"
#: Bump when the generated files change, so that cached corpora are rebuilt.
GENERATOR_VERSION: Final = 3
MANIFEST: Final = "manifest.json"
# Fixed zip entry times: the same seed gives the same bytes, whenever it runs.
_ZIP_TIME: Final = (2024, 4, 1, 9, 0, 0)

# Placeholders typed into the base workbooks, replaced per submission.
_VALUE_BASE: Final = 7_700_000
_NUMBER_BASE: Final = 9_100_000
_ID_TOKEN: Final = "§ID§"
_DEPT_TOKEN: Final = "§DEPT§"
_PLACEHOLDER_RE: Final = re.compile(
    r'<c r="([A-Z]+[0-9]+)"((?: s="[0-9]+")?)(?: t="n")?><v>((?:77|91)[0-9]{5})</v></c>')
_INLINE_RE: Final = re.compile(
    r'<c r="([A-Z]+[0-9]+)"((?: s="[0-9]+")?) t="inlineStr"><is><t>([^<]*)</t></is></c>')
_MAIN_NS: Final = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_SST_TYPE: Final = ("http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
                    "sharedStrings")
_SST_CONTENT: Final = ("application/vnd.openxmlformats-officedocument.spreadsheetml."
                       "sharedStrings+xml")

DEPARTMENTS: Final = ("企画課", "商工労働課", "観光振興課", "市民活動推進課", "農林水産課",
                      "健康増進課", "子育て支援課", "都市計画課", "教育総務課", "環境課")
# Municipalities of a prefecture: a prefecture collects from each of them.
CITIES: Final = ("山口市", "下関市", "宇部市", "萩市", "防府市", "下松市", "岩国市", "光市",
                 "長門市", "柳井市", "美祢市", "周南市", "山陽小野田市", "周防大島町",
                 "和木町", "上関町", "田布施町", "平生町", "阿武町")


@dataclass(frozen=True, slots=True)
class Slot:
    """One 目標値/実績値 cell of the base workbook, and what its seed value was."""

    unit: str | None
    seed: int | float | str | None


@dataclass(slots=True)
class Variant:
    """A base package (one layout variant) ready to be stamped into submissions."""

    name: str
    parts: dict[str, bytes] = field(default_factory=dict)
    """Unchanged parts, by name, in package order (sheets and sst are rebuilt)."""
    sheets: dict[str, str] = field(default_factory=dict)
    """Worksheet XML with placeholders, by part name."""
    strings: list[str] = field(default_factory=list)
    """Base shared strings (escaped XML text), some holding tokens."""
    slots: dict[int, Slot] = field(default_factory=dict)
    """Value placeholders → what they stand for."""
    order: list[str] = field(default_factory=list)
    text_share: float = 0.07
    """How many values are typed as text with a unit (older files: copied from the web)."""


def seed_projects() -> list[dict[str, Any]]:
    """The seed's five projects: three 単市 with KPIs, two 広域 without."""
    return json.loads(SEED_JSON.read_text(encoding="utf-8"))["projects"]


def _placeholder_projects(slots: dict[int, Slot]) -> list[dict[str, Any]]:
    # Every value and project number becomes a unique number the stamper can find again.
    projects = []
    counter = 0
    for k, seed in enumerate(seed_projects()):
        p = dict(seed)
        p["number"] = _NUMBER_BASE + k
        p["name"] = f"{seed['name']}（{_ID_TOKEN}）"
        p["department"] = _DEPT_TOKEN
        units = [kpi.get("unit") for kpi in p.get("kpis") or []]
        years = []
        for year in p.get("years") or []:
            pairs = []
            for j, pair in enumerate(year.get("values") or []):
                new = []
                for value in pair:
                    slots[_VALUE_BASE + counter] = Slot(units[j], value)
                    new.append(_VALUE_BASE + counter)
                    counter += 1
                pairs.append(new)
            years.append({**year, "values": pairs})
        p["years"] = years
        projects.append(p)
    return projects


def build_variant(name: str, text_share: float, **layout_options: Any) -> Variant:
    """Build one base workbook of five project sheets with template.py, then index it."""
    variant = Variant(name, text_share=text_share)
    wb = Workbook()
    first = wb.active
    assert first is not None
    wb.remove(first)
    for project in _placeholder_projects(variant.slots):
        ws = wb.create_sheet(project["sheet"])
        layout = layout_for(project, **layout_options)
        build_project_sheet(ws, layout)
        fill_project_sheet(ws, layout, project)
    build_guide_sheet(wb.create_sheet(GUIDE_SHEET_TITLE))
    stamp_workbook(wb)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "base.xlsx"
        save_workbook(wb, path)
        with zipfile.ZipFile(path) as zf:
            raw = {info.filename: zf.read(info.filename) for info in zf.infolist()}
    _to_shared_strings(variant, raw)
    return variant


def _to_shared_strings(variant: Variant, raw: dict[str, bytes]) -> None:
    # openpyxl writes inline strings; Excel, which departments use, writes a shared string
    # table. Moving the strings there makes the reader pay what it pays on real files.
    index: dict[str, int] = {}

    def shared(match: re.Match[str]) -> str:
        ref, style, text = match.groups()
        # One spelling of each text: openpyxl with lxml 6 writes what is not ASCII as
        # character references (&#167;ID&#167;), where stamp() looks for the tokens.
        text = escape(html.unescape(text))
        if text not in index:
            index[text] = len(variant.strings)
            variant.strings.append(text)
        return f'<c r="{ref}"{style} t="s"><v>{index[text]}</v></c>'

    for name, data in raw.items():
        variant.order.append(name)
        if name.startswith("xl/worksheets/"):
            variant.sheets[name] = _INLINE_RE.sub(shared, data.decode("utf-8"))
        elif name == "xl/_rels/workbook.xml.rels":
            rel = (f'<Relationship Type="{_SST_TYPE}" Target="sharedStrings.xml" '
                   'Id="rIdSst" /></Relationships>')
            variant.parts[name] = data.decode("utf-8").replace(
                "</Relationships>", rel).encode("utf-8")
        elif name == "[Content_Types].xml":
            override = (f'<Override PartName="/xl/sharedStrings.xml" '
                        f'ContentType="{_SST_CONTENT}" /></Types>')
            variant.parts[name] = data.decode("utf-8").replace("</Types>", override).encode(
                "utf-8")
        else:
            variant.parts[name] = data
    variant.order.append("xl/sharedStrings.xml")


def variants() -> list[Variant]:
    """The layouts departments actually send: the current template, and the older layout
    of the seed (no 単位/目標の方向 rows, no 年度/事業内容 labels)."""
    return [build_variant("current", 0.07),
            build_variant("older", 0.5, attribute_rows=False, column_labels=False)]


def _typed_value(rng: random.Random, slot: Slot, text_share: float,
                 ) -> int | float | str | None:
    """What a clerk typed in one cell: mostly numbers, sometimes text copied from last
    year's report (``12,672人``, a share ``text_share`` of the cells), a dash, a blank, or
    an unreadable ``集計中``."""
    r = rng.random()
    if isinstance(slot.seed, str) and r < 0.7:
        return slot.seed  # the seed's deliberate dash
    if r < 0.02:
        return "集計中"
    if r < 0.05:
        return None
    base = slot.seed if isinstance(slot.seed, (int, float)) else rng.randint(1, 100)
    if slot.unit == "%":
        number: int | float = round(min(max(base * rng.uniform(0.6, 1.3), 0.001), 0.999), 3)
    else:
        number = round(base * rng.uniform(0.6, 1.4))
    if r < 0.05 + text_share and slot.unit is not None:
        text = f"{number * 100:.1f}%" if slot.unit == "%" else f"{number:,}{slot.unit}"
        return text
    return number


def _cell(ref: str, style: str, value: int | float | str | None, sst: list[str]) -> str:
    if value is None:
        return f'<c r="{ref}"{style}/>'
    if isinstance(value, str):
        sst.append(escape(value))
        return f'<c r="{ref}"{style} t="s"><v>{len(sst) - 1}</v></c>'
    return f'<c r="{ref}"{style}><v>{value}</v></c>'


def stamp(variant: Variant, index: int, rng: random.Random) -> tuple[str, bytes]:
    """One submission: (file name, xlsx bytes)."""
    department = DEPARTMENTS[rng.randrange(len(DEPARTMENTS))]
    city = CITIES[index % len(CITIES)]
    ident = f"{city}{index + 1:05d}"
    sst = [s.replace(_ID_TOKEN, ident).replace(_DEPT_TOKEN, department)
           for s in variant.strings]

    def replace(match: re.Match[str]) -> str:
        ref, style, placeholder = match.group(1), match.group(2), int(match.group(3))
        if placeholder >= _NUMBER_BASE:  # 事業番号: unique across the corpus
            return _cell(ref, style, index * 5 + placeholder - _NUMBER_BASE + 1, sst)
        typed = _typed_value(rng, variant.slots[placeholder], variant.text_share)
        return _cell(ref, style, typed, sst)

    sheets = {name: _PLACEHOLDER_RE.sub(replace, xml) for name, xml in variant.sheets.items()}
    items = "".join(f"<si><t>{s}</t></si>" for s in sst)
    sst_xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns='
               f'"{_MAIN_NS}" count="{len(sst)}" uniqueCount="{len(sst)}">{items}</sst>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in variant.order:
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            if name in sheets:
                zf.writestr(info, sheets[name].encode("utf-8"))
            elif name == "xl/sharedStrings.xml":
                zf.writestr(info, sst_xml.encode("utf-8"))
            else:
                zf.writestr(info, variant.parts[name])
    return f"{index + 1:05d}_{city}_{department}.xlsx", buffer.getvalue()


def generate(out_dir: Path, n: int, *, seed: int = 7) -> list[Path]:
    """Write ``n`` submissions into ``out_dir`` (reusing them when already there).

    The same (n, seed, generator version) always gives the same bytes, so the figures of
    two runs are measured on the same files.
    """
    out_dir = Path(out_dir)
    manifest = out_dir / MANIFEST
    expected = {"n": n, "seed": seed, "version": GENERATOR_VERSION}
    if manifest.exists():
        data = json.loads(manifest.read_text(encoding="utf-8"))
        if {k: data.get(k) for k in expected} == expected:
            return [out_dir / name for name in data["files"]]
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob("*.xlsx"):
        old.unlink()
    bases = variants()
    paths: list[Path] = []
    for i in range(n):
        rng = random.Random(seed * 1_000_003 + i)
        name, data = stamp(bases[i % len(bases)], i, rng)
        path = out_dir / name
        path.write_bytes(data)
        paths.append(path)
    manifest.write_text(json.dumps({**expected, "files": [p.name for p in paths]},
                                   ensure_ascii=False), encoding="utf-8")
    return paths


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("-n", type=int, default=50, help="number of submissions")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    start = time.perf_counter()
    paths = generate(args.out_dir, args.n, seed=args.seed)
    print(f"{len(paths)} submissions in {args.out_dir} "
          f"({time.perf_counter() - start:.1f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
