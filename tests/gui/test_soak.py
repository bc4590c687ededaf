"""A clerk's long session on the real window: no crash, no lost reference to None.

PySide6-Essentials 6.12.0 drops a reference to None each time C++ (a view, a proxy model)
calls a Python model's ``data()`` that returns None; on Python 3.10/3.11 the process then
aborts with ``Fatal Python error: none_dealloc`` after a few thousand calls (issue 11).
pyproject.toml keeps that version out; these tests are what a new version must pass
before the cap is lifted (measured: 6.12.0 aborts here within 3 s, 6.11.3 passes).
"""

from __future__ import annotations

import gc
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QIdentityProxyModel, Qt

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]

#: Cycles of browse, 一覧をクリア, add again (and every other one 再チェック): about
#: 5,000 data() calls each, 5 s in all on the CI machine.
CYCLES = 12

#: From Python 3.12 None is immortal (PEP 683): its reference count is a fixed sentinel,
#: so a lost reference can neither crash the process nor be counted. The machine and CI
#: run 3.11, where it can.
NONE_IS_IMMORTAL = sys.version_info >= (3, 12)
IMMORTAL_REASON = ("None is immortal on Python >= 3.12 (PEP 683): a lost reference to it "
                   "cannot be seen; run on 3.10/3.11")


def test_long_session_through_the_entry_point(tmp_path: Path, examples: Path) -> None:
    """Tens of thousands of data() calls, selections, scrolls, clear/add/re-check cycles
    through ``gui.app.main`` in its own process: it must exit 0, having done them all,
    with as many references to None at the end as at the start."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    for path in [*(examples / "submissions").iterdir(), *(examples / "faulty").iterdir()]:
        shutil.copy(path, inputs / path.name)
    result = tmp_path / "soak.json"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path),
               HOME=str(tmp_path))
    proc = subprocess.run([sys.executable, str(HERE / "soak_driver.py"), str(result),
                           str(inputs), str(CYCLES)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    report = json.loads(result.read_text(encoding="utf-8"))
    assert report["problem"] == ""
    assert report["cycles"] == CYCLES
    assert report["rechecks"] >= CYCLES // 2 - 1
    assert report["data_calls"] >= 30_000
    # each finished task is freed, with its arguments (PySide kept every QRunnable)
    assert report["tasks_alive"] <= 1
    if NONE_IS_IMMORTAL:
        pytest.skip(f"the session ran clean; the None count is not checked: {IMMORTAL_REASON}")
    # 6.11.3 even gains references (views keep a few); a fall is the 6.12.0 defect
    assert report["none_at_end"] >= report["none_at_start"], report


@pytest.mark.skipif(NONE_IS_IMMORTAL, reason=IMMORTAL_REASON)
def test_models_behind_a_proxy_keep_none_referenced(qtbot: Any, window: Any,
                                                    examples: Path) -> None:
    """The window's own models, asked from C++ through a proxy for roles they have no
    value for (None): the count of references to None does not move."""
    with qtbot.waitSignal(window.task_finished, timeout=60000):
        window.add_paths([examples])
    probes = []
    for model in (window.issues.model, window.files.model):
        proxy = QIdentityProxyModel()
        proxy.setSourceModel(model)
        assert proxy.rowCount() > 0
        index = proxy.index(0, 0)
        probes.append((proxy, index))
    gc.collect()
    before = sys.getrefcount(None)
    for proxy, index in probes:
        for _ in range(2000):
            assert proxy.data(index, Qt.ItemDataRole.FontRole) is None
    gc.collect()
    assert sys.getrefcount(None) >= before
