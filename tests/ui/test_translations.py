"""The German translation: loaded by --language or the system locale, complete, compiled, with Qt's own."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import PySide6
import pytest
from PySide6.QtWidgets import QDialogButtonBox

from desktop_app.settings import AppSettings, parse_args
from desktop_app.ui.translations import chosen_language, install_translators, remove_translators

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "resources" / "translations"
GERMAN_TS = TRANSLATIONS / "token-desk_de.ts"
GERMAN_QM = TRANSLATIONS / "token-desk_de.qm"
UPDATE_SCRIPT = ROOT / "packaging" / "update_translations.sh"

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def qt_tool(name: str) -> str:
    """PySide6's lupdate/lrelease binary (beside the package), else its pyside6- wrapper on PATH."""
    for candidate in (Path(PySide6.__file__).parent / name, Path(PySide6.__file__).parent / f"{name}.exe"):
        if candidate.is_file():
            return str(candidate)
    wrapper = shutil.which(f"pyside6-{name}")
    assert wrapper, f"PySide6's {name} is missing"
    return wrapper


@pytest.fixture
def language(qapp):
    """Install the translators for a language in this test only (other tests expect English)."""
    remove_translators()

    def install(code: str | None) -> list:
        return install_translators(code)

    yield install
    remove_translators()


@pytest.fixture
def controller(qapp, clock):
    from desktop_app.ui.errors import ErrorChannel
    from desktop_app.ui.session_controller import SessionController

    controller = SessionController(
        None,
        service_url="http://127.0.0.1:1",
        tenant="local",
        username="alice",
        error_channel=ErrorChannel(),
        clock=clock,
    )
    yield controller
    controller.stop()


def german_config(tmp_path, argv):
    return parse_args(argv, settings=AppSettings.load(tmp_path / "settings.json"))


def test_language_option_reaches_the_launch_config(tmp_path) -> None:
    assert german_config(tmp_path, ["--language", "de"]).language == "de"
    assert german_config(tmp_path, []).language is None
    assert (
        chosen_language("de_DE") == "de"
        and chosen_language("de-AT") == "de"
        and chosen_language("EN") == "en"
    )


def test_with_language_de_the_window_and_a_dialog_button_are_german(
    qtbot, tmp_path, language, controller
) -> None:
    from desktop_app.ui.about import AboutDialog
    from desktop_app.ui.main_window import MainWindow
    from desktop_app.ui.revoke_dialog import RevokeConfirmation

    config = german_config(tmp_path, ["--language", "de"])
    assert len(language(config.language)) == 2  # ours and Qt's qtbase

    window = MainWindow(controller)
    qtbot.addWidget(window)
    assert [a.text() for a in window.menuBar().actions()] == ["&Datei", "&Token", "&Ansicht", "&Hilfe"]
    assert window.tabs.tabText(0) == "API-Token"
    assert window.refresh_action.text() == "Akt&ualisieren"
    about = AboutDialog("1.0", None, "http://127.0.0.1:8765", window)
    qtbot.addWidget(about)
    assert about.windowTitle() == "Über Token Desk"
    assert (
        about.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Close).text() == "Schließen"
    )

    from desktop_app.ui.revoke_list import RevokeList

    tokens = RevokeList(ids=["t1"], names=["a"], owners=["alice"])
    dialog = RevokeConfirmation(window, "Token widerrufen", "?", "!", tokens, [(True, "&Widerrufen")])
    qtbot.addWidget(dialog)
    assert dialog.cancel_button.text() == "Abbrechen"  # Qt's own string, from qtbase_de.qm


def test_language_en_leaves_english(qtbot, tmp_path, language, controller) -> None:
    from desktop_app.ui.main_window import MainWindow

    assert language(german_config(tmp_path, ["--language", "en"]).language) == []
    window = MainWindow(controller)
    qtbot.addWidget(window)
    assert [a.text() for a in window.menuBar().actions()] == ["&File", "&Tokens", "&View", "&Help"]
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "Cancel"


def test_the_system_locale_chooses_german_when_no_language_is_given(tmp_path) -> None:
    """A fresh process (the system locale is read once per process) with a German environment."""
    script = (
        "from PySide6.QtWidgets import QApplication, QDialogButtonBox\n"
        "from desktop_app.ui.translations import install_translators\n"
        "from desktop_app.ui.tray import tray_tooltip\n"
        "app = QApplication([])\n"
        "install_translators(None)\n"
        "box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)\n"
        "print(box.button(QDialogButtonBox.StandardButton.Cancel).text())\n"
        "print(tray_tooltip('127.0.0.1:8765'))\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG"))}
    env.update(LANG="de_DE.UTF-8", QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT), HOME=str(tmp_path))
    out = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60, check=True
    ).stdout.splitlines()
    assert out == ["Abbrechen", "Token Desk — lokaler Mandant auf 127.0.0.1:8765"]


def test_every_german_entry_is_translated() -> None:
    messages = list(ET.parse(GERMAN_TS).getroot().iter("message"))
    assert len(messages) > 200
    for message in messages:
        source = message.findtext("source")
        translation = message.find("translation")
        assert translation is not None and translation.get("type") is None, f"unfinished: {source!r}"
        assert (translation.text or "").strip(), f"empty translation: {source!r}"
        for placeholder in ("{count}", "{url}", "{name}", "{time}", "{owner}", "{section}", "{seconds}"):
            if placeholder in source:
                # {Section} (capitalised) is the same value for languages that capitalise nouns
                assert placeholder.lower() in translation.text.lower(), (
                    f"{placeholder} lost: {translation.text!r}"
                )


def test_the_ts_holds_every_string_of_the_code(tmp_path) -> None:
    """lupdate over the code finds nothing new: run packaging/update_translations.sh after adding strings."""
    copy = tmp_path / "token-desk_de.ts"
    shutil.copy(GERMAN_TS, copy)
    files = sorted(str(p) for p in (ROOT / "desktop_app" / "ui").glob("*.py"))
    files += [str(ROOT / "desktop_app" / name) for name in ("workstation.py", "launch.py", "app.py")]
    # the same sources as packaging/update_translations.sh
    assert "desktop_app/ui/*.py desktop_app/workstation.py desktop_app/launch.py desktop_app/app.py" in (
        UPDATE_SCRIPT.read_text()
    )
    subprocess.run(
        [qt_tool("lupdate"), "-no-obsolete", "-locations", "none", *files, "-ts", str(copy)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    assert copy.read_text(encoding="utf-8") == GERMAN_TS.read_text(encoding="utf-8")


def test_the_committed_qm_is_compiled_from_the_ts(tmp_path) -> None:
    fresh = tmp_path / "token-desk_de.qm"
    subprocess.run(
        [qt_tool("lrelease"), str(GERMAN_TS), "-qm", str(fresh)], check=True, capture_output=True, timeout=120
    )
    assert fresh.read_bytes() == GERMAN_QM.read_bytes(), "run packaging/update_translations.sh"
