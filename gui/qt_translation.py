"""Qt's own texts (はい/いいえ, キャンセル in message boxes and dialogs) in the UI language."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator

from kpi_workbook.domain.messages import Lang

_qt_translator: QTranslator | None = None


def install_qt_translation(lang: Lang) -> None:
    """Qt's own texts (はい/いいえ, キャンセル in message boxes and dialogs) in ``lang``."""
    global _qt_translator
    app = QCoreApplication.instance()
    if app is None:
        return
    if _qt_translator is not None:
        app.removeTranslator(_qt_translator)
        _qt_translator = None
    if lang == "ja":
        translator = QTranslator(app)
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if translator.load("qtbase_ja", folder):
            app.installTranslator(translator)
            _qt_translator = translator
