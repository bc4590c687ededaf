"""Fuzzing the reader with mutated workbooks: no crash escapes as a traceback.

Bounded for CI: a fixed number of generated cases over byte-level and XML-level mutations
of a real submission. Every case must give a Submission (with issues), never an exception.
"""

from __future__ import annotations

import re
import tempfile
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kpi_workbook.domain.model import Submission
from kpi_workbook.usecases import read_submission
from tests.hostile.conftest import EXAMPLES

SOURCE = EXAMPLES / "商工労働課.xlsx"
DATA = SOURCE.read_bytes()
with zipfile.ZipFile(SOURCE) as _zf:
    PARTS = {name: _zf.read(name) for name in _zf.namelist()}
XML_PARTS = sorted(n for n in PARTS if n.endswith((".xml", ".rels")))

FUZZ = settings(max_examples=120, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow])


def read_bytes(data: bytes) -> Submission:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "fuzz.xlsx"
        path.write_bytes(data)
        return read_submission(path)


def repack(parts: dict[str, bytes]) -> bytes:
    with tempfile.TemporaryFile() as fh:
        with zipfile.ZipFile(fh, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, data in parts.items():
                zf.writestr(name, data)
        fh.seek(0)
        return fh.read()


@FUZZ
@given(st.lists(st.tuples(st.integers(0, len(DATA) - 1), st.integers(0, 255)),
                min_size=1, max_size=20))
def test_byte_mutations_never_crash(flips: list[tuple[int, int]]) -> None:
    data = bytearray(DATA)
    for pos, byte in flips:
        data[pos] = byte
    sub = read_bytes(bytes(data))
    assert isinstance(sub, Submission)
    assert sub.projects or sub.issues


_ATTR_VALUES = st.sampled_from(["", "0", "-1", "99999999", "ZZZZ1", "A0", "s", "e", "str",
                                "inlineStr", "b", "n", "d", "1:1", "XFD1048577", "&amp;"])


@st.composite
def xml_mutation(draw: st.DrawFn) -> dict[str, bytes]:
    parts = dict(PARTS)
    name = draw(st.sampled_from(XML_PARTS))
    text = parts[name].decode("utf-8")
    kind = draw(st.sampled_from(["attr", "cut", "dup", "drop_part", "text"]))
    if kind == "attr":
        attrs = [m for m in re.finditer(r'(\w+)="([^"]*)"', text)]
        if attrs:
            m = draw(st.sampled_from(attrs))
            text = text[:m.start(2)] + draw(_ATTR_VALUES) + text[m.end(2):]
    elif kind == "cut" and len(text) > 2:
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start, min(len(text), start + 200)))
        text = text[:start] + text[end:]
    elif kind == "dup" and len(text) > 2:
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start, min(len(text), start + 300)))
        text = text[:end] + text[start:end] * draw(st.integers(1, 5)) + text[end:]
    elif kind == "text":
        texts = list(re.finditer(r">([^<]+)<", text))
        if texts:
            m = draw(st.sampled_from(texts))
            text = text[:m.start(1)] + draw(st.sampled_from(
                ["", "-", "1e309", "NaN", "99999999", "令和", "=1/0", "#REF!", "事業名"]
            )) + text[m.end(1):]
    elif kind == "drop_part":
        parts.pop(name)
        return parts
    parts[name] = text.encode("utf-8")
    return parts


@FUZZ
@given(xml_mutation())
def test_xml_mutations_never_crash(parts: dict[str, bytes]) -> None:
    sub = read_bytes(repack(parts))
    assert isinstance(sub, Submission)
    assert sub.projects or sub.issues
