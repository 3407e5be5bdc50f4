"""The main window's state kept between runs (QSettings): geometry, the details pane's dock, each
section's column layout. Nothing secret is ever stored here."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings, Qt

if TYPE_CHECKING:
    from .main_window import MainWindow

SETTINGS_GROUP = "main_window"


def settings() -> QSettings:
    return QSettings("token-desk", "desktop-app")


def restore(window: MainWindow) -> None:
    stored = settings()
    stored.beginGroup(SETTINGS_GROUP)
    geometry = stored.value("geometry")
    if isinstance(geometry, QByteArray) and not geometry.isEmpty():
        window.restoreGeometry(geometry)
    else:
        window.resize(1200, 760)
    docks = stored.value("docks")  # the details pane's size and visibility
    if isinstance(docks, QByteArray) and not docks.isEmpty():
        window.restoreState(docks)
    else:  # a first start: the pane as wide as its size hint (a dock opens narrower otherwise)
        pane = window.details_pane
        window.resizeDocks([pane], [pane.sizeHint().width()], Qt.Orientation.Horizontal)
    for kind, section in window.sections.items():
        header = stored.value(f"header/{kind.value}")
        if isinstance(header, QByteArray) and not header.isEmpty():
            section.restore_header(header)
    stored.endGroup()


def save(window: MainWindow) -> None:
    stored = settings()
    stored.beginGroup(SETTINGS_GROUP)
    stored.setValue("geometry", window.saveGeometry())
    stored.setValue("docks", window.saveState())
    for kind, section in window.sections.items():
        stored.setValue(f"header/{kind.value}", section.view.horizontalHeader().saveState())
    stored.endGroup()
    stored.sync()
