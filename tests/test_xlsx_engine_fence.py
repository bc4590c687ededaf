"""xlsxwriter's private parts are used in one folder only, and its README names each one."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ENGINE = ROOT / "kpi_workbook" / "consolidated" / "writer" / "xlsx_engine"
README = (ENGINE / "README.md").read_text(encoding="utf-8")
XLSXWRITER_CLASSES = {"Worksheet", "Workbook", "Packager", "ChartColumn", "Chart", "XMLwriter",
                      "xlsxwriter.Workbook", "KpiWorksheet"}


def engine_private_names() -> set[str]:
    """Private methods overridden in our subclasses of xlsxwriter's classes, and private
    names called through ``super()`` or on xlsxwriter's classes."""
    names: set[str] = set()
    for path in ENGINE.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef) and {ast.unparse(b) for b in node.bases} & \
                    XLSXWRITER_CLASSES:
                names |= {f.name for f in node.body if isinstance(f, ast.FunctionDef)
                          and f.name.startswith("_") and not f.name.startswith("__")
                          and not _ours(f.name)}
            if isinstance(node, ast.Attribute) and node.attr.startswith("_") \
                    and not node.attr.startswith("__"):
                owner = ast.unparse(node.value)
                if owner == "super()" or owner in XLSXWRITER_CLASSES:
                    names.add(node.attr)
    return names


def _ours(name: str) -> bool:
    # helpers we added to our subclasses (not xlsxwriter's): they need no listing
    return name in {"_direct", "_put", "_quoted", "_seal", "_xml_parts", "_range",
                    "_category_xml", "_category_labels"}


def test_every_private_name_the_engine_uses_is_in_its_readme() -> None:
    names = engine_private_names()
    assert {"_prepare_formula", "_write_cell", "_store_workbook", "_create_package"} <= names
    missing = sorted(n for n in names if f"`{n}`" not in README and f" {n}," not in README
                     and f"{n}`" not in README)
    assert missing == []


def test_no_module_outside_the_engine_touches_xlsxwriter_privately() -> None:
    offenders = []
    for path in (ROOT / "kpi_workbook").rglob("*.py"):
        if ENGINE in path.parents:
            continue
        text = path.read_text(encoding="utf-8")
        tree = ast.parse(text)
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef) and {ast.unparse(b) for b in node.bases} & \
                    XLSXWRITER_CLASSES:
                offenders.append(f"{path.name}: subclasses {node.name}")
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("xlsxwriter"):
                private = [a.name for a in node.names if a.name.startswith("_")]
                if private or node.module in ("xlsxwriter.packager", "xlsxwriter.xmlwriter"):
                    offenders.append(f"{path.name}: imports {node.module} {private}")
        for m in re.finditer(r"\b(ws|wb|worksheet|workbook|chart|book)\.(_[a-z]\w*)", text):
            offenders.append(f"{path.name}: {m.group(0)}")
    assert offenders == []
