"""The start-up and memory floor: a bare PySide6 window with an empty QTableView.

Process start → first paint of the view, then exit 0, the way the real app does under
DESKTOP_APP_EXIT_AFTER_FIRST_PAINT=1: the view's paintEvent, once it has painted, marks the moment
(stderr: "first paint at <time.time()>", read by bench_startup like the app's log line) and asks
the event loop to exit.
"""

import sys
import time

from PySide6.QtWidgets import QApplication, QMainWindow, QTableView


class _View(QTableView):
    _painted = False

    def paintEvent(self, event):
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            print(f"first paint at {time.time():.6f}", file=sys.stderr, flush=True)
            QApplication.exit(0)


def main() -> int:
    app = QApplication(sys.argv)
    window = QMainWindow()
    window.setWindowTitle("bare")
    window.setCentralWidget(_View())
    window.resize(1200, 800)
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
