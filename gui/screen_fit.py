"""Open the window at a size that fits the screen it opens on (laptops in city offices
have 1366×768 screens; 1280×720 at 125 % leaves 1024×576)."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

#: The size the window asks for when the screen has room for it.
PREFERRED = QSize(1280, 820)
#: Room left for the title bar and the window frame, which the geometry does not include.
FRAME = QSize(16, 40)


def available_geometry(window: QWidget) -> QRect:
    """The screen area the window may use (without the task bar)."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def fits(geometry: QRect, available: QRect) -> bool:
    """True when ``geometry`` (the client area) lies inside ``available`` with room for
    the frame and title bar around it."""
    return (available.contains(geometry)
            and geometry.width() + FRAME.width() <= available.width()
            and geometry.height() + FRAME.height() <= available.height())


def fit_to_screen(window: QWidget, saved: bytes | None) -> None:
    """Restore the remembered geometry if it still fits this screen; otherwise the
    preferred size, shrunk to the screen and centred on it."""
    available = available_geometry(window)
    if saved and window.restoreGeometry(saved) and (
            window.isMaximized() or fits(window.geometry(), available)):
        return
    size = PREFERRED.boundedTo(available.size() - FRAME)
    size = size.expandedTo(window.minimumSizeHint().boundedTo(available.size()))
    window.resize(size)
    x = available.x() + max((available.width() - size.width()) // 2, 0)
    y = available.y() + max((available.height() - size.height() - FRAME.height()) // 2, 0)
    window.move(x, y)
