"""The start-up and memory floor: a bare PySide6 window with an empty QTableView.

Process start → first paint of the view, then exit 0, the same way the real app does under
DESKTOP_APP_EXIT_AFTER_FIRST_PAINT=1 (an event filter on the viewport sees its first Paint
event, and the app quits from the event loop right after it).
"""

import sys

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView


class _ExitAfterFirstPaint(QObject):
    def __init__(self, app):
        super().__init__()
        self._app = app
        self._done = False

    def eventFilter(self, obj, event):  # noqa: N802 - Qt name
        if event.type() == QEvent.Type.Paint and not self._done:
            self._done = True
            QTimer.singleShot(0, lambda: self._app.exit(0))
        return False


def main() -> int:
    app = QApplication(sys.argv)
    window = QMainWindow()
    window.setWindowTitle("bare")
    view = QTableView()
    window.setCentralWidget(view)
    window.resize(1200, 800)
    watcher = _ExitAfterFirstPaint(app)
    view.viewport().installEventFilter(watcher)
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
