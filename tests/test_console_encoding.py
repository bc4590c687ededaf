"""Issue 13, point 6: output never fails on the console's encoding.

On Japanese Windows, output redirected to a file or a pipe is encoded in cp932, which has
no 𠮷 (U+20BB7) and no emoji; ``PYTHONIOENCODING=cp932`` gives the same on Linux.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_reader import HEADER, TABLE, make_book

NOT_IN_CP932 = "𠮷野家😀"


def submission_outside_cp932(folder: Path) -> Path:
    """A clerk's book whose project name, activities and one bad value hold 𠮷 and 😀,
    saved under a name that holds them too."""
    header = [row if row[0] != "事業名" else ["事業名", f"{NOT_IN_CP932}の推進"] for row in HEADER]
    table = [list(row) for row in TABLE]
    table[7][1] = "・😀の配布"
    table[7][3] = "集計中😀"  # D15: value-not-number, its raw text in the message
    return make_book(folder / f"{NOT_IN_CP932}課.xlsx", {"事業": [*header, [], *table]})


def run_cp932(*args: str) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONIOENCODING": "cp932"}
    return subprocess.run([sys.executable, "-m", "kpi_workbook", *args], env=env,
                          capture_output=True, timeout=120, check=False)


@pytest.mark.parametrize("extra", [[], ["--verbose"], ["--lang", "en"]])
def test_text_report_replaces_what_cp932_cannot_hold(tmp_path: Path, extra: list[str]) -> None:
    src = submission_outside_cp932(tmp_path)
    proc = run_cp932("check", *extra, str(src))
    assert proc.returncode == 1, proc.stderr.decode("cp932", "replace")
    assert b"Traceback" not in proc.stderr
    assert b"UnicodeEncodeError" not in proc.stderr
    out = proc.stdout.decode("cp932")  # strictly: every byte is cp932
    assert "〓野家〓課.xlsx" in out  # the file name, one mark per character
    assert "集計中〓" in out
    assert out.rstrip().splitlines()[-1].startswith(("合計", "Total"))  # the report ran to its end


def test_json_report_keeps_every_character_as_an_escape(tmp_path: Path) -> None:
    src = submission_outside_cp932(tmp_path)
    proc = run_cp932("check", "--format", "json", str(src))
    assert proc.returncode == 1, proc.stderr.decode("cp932", "replace")
    text = proc.stdout.decode("cp932")
    assert "\\ud842\\udfb7" in text  # 𠮷 as a JSON escape (a surrogate pair)
    doc = json.loads(text)
    issue = next(i for i in doc["issues"] if i["cell"] == "D15")
    assert issue["file"] == str(src)  # lossless: the exact path comes back
    assert "集計中😀" in issue["message"]
    assert "ファイル" in text or "値" in text  # Japanese stays readable, not escaped


def test_a_usage_error_naming_such_a_file_is_printed_too(tmp_path: Path) -> None:
    missing = tmp_path / f"{NOT_IN_CP932}.xlsx"
    proc = run_cp932("merge", str(missing), "-o", str(tmp_path / "o.xlsx"))
    assert proc.returncode in (1, 2)
    assert b"Traceback" not in proc.stderr
    proc.stderr.decode("cp932")
    proc.stdout.decode("cp932")
