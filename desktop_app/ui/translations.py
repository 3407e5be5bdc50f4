"""The user interface's language: our German (or other) .qm plus Qt's own, installed once per app.

The language is the system's (QLocale.system()) unless `--language` names one; `--language en`
(the language the code is written in) installs nothing. Our catalogue is resources/translations/
token-desk_<lang>.qm (compiled from the .ts beside it, see packaging/update_translations.sh); Qt's
own strings (dialog buttons, context menus) come from PySide6's qtbase_<lang>.qm.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from ..resource_files import resource_path

log = logging.getLogger(__name__)

CATALOGUE = "token-desk"
SOURCE_LANGUAGE = "en"
_INSTALLED = "_token_desk_translators"  # attribute on the app: the translators it holds


def chosen_language(language: str | None) -> str:
    """The language code to use: `--language` if given, else the system locale's (e.g. "de")."""
    if language:
        return language.replace("-", "_").split("_")[0].lower()
    return QLocale.system().name().split("_")[0].lower()


def install_translators(language: str | None = None) -> list[QTranslator]:
    """Load and install the translators for `language` (see `chosen_language`) on the running app.

    Once per app: a second call (launch.py and app.main both call it) returns what is installed.
    Missing catalogues are not an error: the app shows English.
    """
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("install_translators needs the QApplication first")
    installed: list[QTranslator] | None = getattr(app, _INSTALLED, None)
    if installed is not None:
        return installed
    installed = []
    code = chosen_language(language)
    if code != SOURCE_LANGUAGE:
        ours = resource_path("translations", f"{CATALOGUE}_{code}.qm")
        qt_folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        for directory, name in ((str(ours.parent) if ours else None, CATALOGUE), (qt_folder, "qtbase")):
            if directory is None:
                continue
            translator = QTranslator(app)
            if translator.load(f"{name}_{code}", directory) and QCoreApplication.installTranslator(
                translator
            ):
                installed.append(translator)
        if not installed:
            log.debug("no translation for language %r; showing English", code)
    setattr(app, _INSTALLED, installed)
    return installed


def remove_translators() -> None:
    """Undo `install_translators` (tests switch languages within one app)."""
    app = QCoreApplication.instance()
    for translator in getattr(app, _INSTALLED, None) or []:
        QCoreApplication.removeTranslator(translator)
    if app is not None and hasattr(app, _INSTALLED):
        delattr(app, _INSTALLED)
