"""設定 → 様式: the window reads other forms as ``--profile`` does (issue 21.1)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from gui.main_window import MainWindow
from gui.settings_dialog import SettingsDialog
from tests.other_forms import write_national

TIMEOUT = 60000


def _shown_codes(window: MainWindow) -> list[str]:
    model = window.issues.model
    return [model.issue(r).code for r in range(model.rowCount())]


def test_auto_chosen_in_settings_reads_the_national_form_and_names_it(
        qtbot: Any, window: MainWindow, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The default reads the national form as no project sheet; 自動判別 in 設定 re-reads
    the file loaded, finds its five projects and says which form it took it for."""
    national = write_national(tmp_path / "玉東町_様式2.xlsx")
    with qtbot.waitSignal(window.task_finished, timeout=TIMEOUT):
        window.add_paths([national])
    assert "no-project-sheet" in _shown_codes(window)

    def choose_auto(dialog: SettingsDialog) -> int:
        dialog.profile.setCurrentIndex(dialog.profile.findData("auto"))
        assert not dialog.profile_file.isEnabled()
        return SettingsDialog.DialogCode.Accepted

    monkeypatch.setattr(SettingsDialog, "exec", choose_auto)
    with qtbot.waitSignal(window.task_finished, timeout=TIMEOUT):
        window.action_bar.action("settings").trigger()
    assert window.settings.profile_choice() == "auto"
    codes = _shown_codes(window)
    assert "no-project-sheet" not in codes
    detected = [i for i in window.session.issues() if i.code == "profile-detected"]
    assert len(detected) == 1
    assert "国の事業実施結果報告" in detected[0].message("ja")
    assert [len(s.projects) for s in window.session.submissions.values()] == [5]


def test_profile_file_mistake_is_said_in_the_dialog_with_its_line(
        qtbot: Any, settings: Any, tmp_path: Path) -> None:
    bad = tmp_path / "うちの様式.toml"
    bad.write_text('[profile]\nname = "ours"\ntitle = "当町の様式"\nlayout = "grid"\n'
                   'detect = ["事業名"]\n', encoding="utf-8")
    settings.profile, settings.profile_file = "file", bad
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    assert dialog.profile.currentData() == "file"
    assert dialog.profile_file.isEnabled()
    assert "4 行目" in dialog.profile_note.text()
    assert "layout" in dialog.profile_note.text()
    good = tmp_path / "ok.toml"
    good.write_text(bad.read_text(encoding="utf-8").replace('"grid"', '"fields"')
                    + '[fields]\nname = ["事業名"]\n[kpi]\ntarget = ["目標"]\n'
                      'actual = ["実績"]\n', encoding="utf-8")
    dialog.profile_file.set_path(good)
    assert "当町の様式" in dialog.profile_note.text()
    dialog.save()
    assert settings.profile_choice() == str(good)
