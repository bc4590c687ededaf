"""Every action of the window: its menu entry, shortcut, button (for the main ones) and
whether it can run now. What an action does is the window's handler of the same name."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QMainWindow, QPushButton, QStyle

from gui.strings import current_lang, tr

Key = QKeySequence.StandardKey
SP = QStyle.StandardPixmap

# name: (label key, shortcut, button icon or None for menu-only)
_ACTIONS: dict[str, tuple[str, QKeySequence.StandardKey | str | None, SP | None]] = {
    "add_files": ("add-files", Key.Open, SP.SP_FileIcon),
    "add_folder": ("add-folder", "Ctrl+Shift+O", SP.SP_DirIcon),
    "recheck": ("recheck", Key.Refresh, SP.SP_BrowserReload),
    "return_copies": ("return-copies", "Ctrl+Shift+R", SP.SP_FileDialogDetailedView),
    "merge": ("merge", "Ctrl+M", SP.SP_DialogSaveButton),
    "publish": ("publish", "Ctrl+Shift+P", SP.SP_ComputerIcon),
    # menu only: at 1024 px the button row has room for the tasks, not for this one
    "open_output": ("open-output", "Ctrl+Shift+E", None),
    "next_year": ("next-year", "Ctrl+Shift+N", None),
    "template": ("template", "Ctrl+Shift+B", None),
    "roster_template": ("roster-template", "Ctrl+Shift+T", None),
    "clear": ("remove-all", None, None),
    "quit": ("quit", "Ctrl+Q", None),
    "settings": ("settings", "Ctrl+,", None),
    "about": ("about", Key.HelpContents, None),
}
_LEFT_BUTTONS = ("add_files", "add_folder", "recheck")
_RIGHT_BUTTONS = ("return_copies", "merge", "publish")
_FILE_MENU = ("add_files", "add_folder", "recheck", None, "merge", "publish", "open_output", None,
              "return_copies", "next_year", None, "template", "roster_template", None,
              "clear", None, "quit")
_IDLE_ONLY = ("add_files", "add_folder", "clear", "settings", "next_year", "template",
              "roster_template", "publish")
_NEED_INPUTS = ("recheck", "merge")
_NEED_SUBMISSIONS = ("return_copies",)


class WindowActions:
    """Builds the actions, buttons and menus of ``window``; ``handlers[name]`` runs action
    ``name`` (and "cancel", "lang_ja", "lang_en")."""

    def __init__(self, window: QMainWindow, handlers: dict[str, Callable[[], Any]]) -> None:
        self.actions: dict[str, QAction] = {}
        self.buttons: dict[str, QPushButton] = {}
        style = window.style()
        for name, (_key, shortcut, icon) in _ACTIONS.items():
            action = QAction(window)
            if shortcut is not None:
                action.setShortcut(QKeySequence(shortcut))
            action.triggered.connect(handlers[name])
            self.actions[name] = action
            if icon is not None:
                button = QPushButton(window)
                button.setIcon(style.standardIcon(icon))
                button.clicked.connect(handlers[name])
                self.buttons[name] = button
        self.cancel = QAction(window)
        self.cancel.setShortcut(QKeySequence("Esc"))
        self.cancel.triggered.connect(handlers["cancel"])
        window.addAction(self.cancel)

        self.lang_group = QActionGroup(window)
        self.lang_ja = QAction("日本語", window, checkable=True)
        self.lang_en = QAction("English", window, checkable=True)
        for action in (self.lang_ja, self.lang_en):
            self.lang_group.addAction(action)
        self.lang_ja.triggered.connect(handlers["lang_ja"])
        self.lang_en.triggered.connect(handlers["lang_en"])
        self.check_lang()

        bar = window.menuBar()
        self.file_menu = bar.addMenu("")
        for entry in _FILE_MENU:
            if entry is None:
                self.file_menu.addSeparator()
            else:
                self.file_menu.addAction(self.actions[entry])
        self.tools_menu = bar.addMenu("")
        self.tools_menu.addAction(self.actions["settings"])
        self.lang_menu = self.tools_menu.addMenu("")
        self.lang_menu.addAction(self.lang_ja)
        self.lang_menu.addAction(self.lang_en)
        self.help_menu = bar.addMenu("")
        self.help_menu.addAction(self.actions["about"])

    def button_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        for name in _LEFT_BUTTONS:
            row.addWidget(self.buttons[name])
        row.addStretch(1)
        for name in _RIGHT_BUTTONS:
            row.addWidget(self.buttons[name])
        return row

    def action(self, name: str) -> QAction:
        """The action ``name`` (a key of the table above: "merge", "template", ...)."""
        return self.actions[name]

    def button(self, name: str) -> QPushButton:
        return self.buttons[name]

    def check_lang(self) -> None:
        (self.lang_en if current_lang() == "en" else self.lang_ja).setChecked(True)

    def retranslate(self) -> None:
        for name, (key, _shortcut, _icon) in _ACTIONS.items():
            text = tr(key)
            action = self.actions[name]
            action.setText(text)
            button = self.buttons.get(name)
            if button is not None:
                button.setText(text)
                shortcut = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
                button.setToolTip(f"{text} ({shortcut})" if shortcut else text)
        self.file_menu.setTitle(tr("menu-file"))
        self.tools_menu.setTitle(tr("menu-tools"))
        self.lang_menu.setTitle(tr("menu-language"))
        self.help_menu.setTitle(tr("menu-help"))

    def update_enabled(self, *, idle: bool, has_inputs: bool, has_submissions: bool) -> None:
        def enable(names: tuple[str, ...], on: bool) -> None:
            for name in names:
                self.actions[name].setEnabled(on)
                if name in self.buttons:
                    self.buttons[name].setEnabled(on)

        enable(_IDLE_ONLY, idle)
        enable(_NEED_INPUTS, idle and has_inputs)
        enable(_NEED_SUBMISSIONS, idle and has_submissions)
