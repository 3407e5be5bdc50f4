"""Translation for the UI's Qt-free modules (columns.py and the table data read it without Qt).

`translate(context, text)` is Qt's QCoreApplication.translate once PySide6 is loaded (the app always
is), the text itself otherwise; `QT_TRANSLATE_NOOP` only marks a text for pyside6-lupdate, which
reads both names in any module.
"""

from __future__ import annotations

import sys


def translate(context: str, text: str) -> str:
    """`text` in the interface's language (see desktop_app.ui.translations)."""
    qt_core = sys.modules.get("PySide6.QtCore")
    return text if qt_core is None else qt_core.QCoreApplication.translate(context, text)


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Mark `text` for translation in `context`; translate it where shown, with `translate`."""
    return text
